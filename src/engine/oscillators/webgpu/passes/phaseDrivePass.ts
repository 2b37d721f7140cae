import kernel from '../../../../../shaders/phase_drive.wgsl?raw';
import { ComputePass } from '../../../../gpu/computePass';
import { packStructArray } from '../../../webgpu/layouts';
import type { PhaseDriveEntry } from '../../../../network/buildOscillators';
import { OSCILLATOR_WORKGROUP_SIZE, oscillatorKernelSource, type OscillatorBuffers } from '../oscillatorBuffers';

/** Oscillator phase → current of the driven spiking neurons (shaders/phase_drive.wgsl). */
export class PhaseDrivePass extends ComputePass {
  private readonly owned: GPUBuffer[];

  constructor(b: OscillatorBuffers, entries: PhaseDriveEntry[], neuronState: GPUBuffer, targetPlaneAt: number) {
    const device = b.device;
    const sizes = device.createBuffer({ label: 'PhaseDrivePass.sizes', size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(sizes, 0, packStructArray('PhaseDriveSizes', [{ numEntries: entries.length, targetPlaneAt }]));
    const list = device.createBuffer({ label: 'PhaseDrivePass.entries', size: Math.max(16, entries.length * 16), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    if (entries.length) device.queue.writeBuffer(list, 0, packStructArray('PhaseDriveEntry', entries as unknown as Record<string, number>[]));
    super(
      device,
      'PhaseDrivePass',
      kernel,
      0,
      [
        { kind: 'uniform', buffer: b.params },
        { kind: 'uniform', buffer: sizes },
        { kind: 'read-only-storage', buffer: list },
        { kind: 'read-only-storage', buffer: b.state },
        { kind: 'storage', buffer: neuronState }, // writes the oscillator-current plane
      ],
      Math.max(1, Math.ceil(entries.length / OSCILLATOR_WORKGROUP_SIZE)),
      { source: oscillatorKernelSource(kernel, false) },
    );
    this.owned = [sizes, list];
  }

  destroy(): void {
    for (const b of this.owned) b.destroy();
  }
}
