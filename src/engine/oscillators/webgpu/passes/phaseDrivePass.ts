import kernel from '../../../../../shaders/phase_drive.wgsl?raw';
import { ComputePass } from '../../../../gpu/computePass';
import { packStructArray } from '../../../webgpu/layouts';
import type { PhaseDriveEntry } from '../../../../network/buildOscillators';
import { OSCILLATOR_WORKGROUP_SIZE, oscillatorKernelSource, type OscillatorBuffers } from '../oscillatorBuffers';

/** Oscillator phase → current of the driven spiking neurons (shaders/phase_drive.wgsl). */
export class PhaseDrivePass extends ComputePass {
  constructor(b: OscillatorBuffers, entries: PhaseDriveEntry[], neuronState: GPUBuffer, targetPlaneAt: number) {
    const device = b.device;
    const sizes = b.runtime.createBuffer('PhaseDrivePass.sizes', 16, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    device.queue.writeBuffer(sizes, 0, packStructArray('PhaseDriveSizes', [{ numEntries: entries.length, targetPlaneAt }]));
    const list = b.runtime.createBuffer('PhaseDrivePass.entries', entries.length * 16, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST);
    if (entries.length)
      device.queue.writeBuffer(list, 0, packStructArray('PhaseDriveEntry', entries as unknown as Record<string, number>[]));
    super(
      device,
      'PhaseDrivePass',
      oscillatorKernelSource(kernel, false),
      [
        { kind: 'uniform', buffer: b.params },
        { kind: 'uniform', buffer: sizes },
        { kind: 'read-only-storage', buffer: list },
        { kind: 'read-only-storage', buffer: b.state },
        { kind: 'storage', buffer: neuronState }, // writes the oscillator-current plane
      ],
      Math.max(1, Math.ceil(entries.length / OSCILLATOR_WORKGROUP_SIZE)),
    );
  }
}
