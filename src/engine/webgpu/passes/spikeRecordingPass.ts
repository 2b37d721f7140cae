import kernel from '../../../../shaders/spike_recording.wgsl?raw';
import type { NetworkBuffers } from '../networkBuffers';
import { WORKGROUP_SIZE } from '../networkBuffers';
import { createComputePipeline } from './computePass';

/** Pass 4: recorded spikes, per-population counts and probes of this step (shaders/spike_recording.wgsl). */
export class SpikeRecordingPass {
  private readonly pipeline: GPUComputePipeline;
  private readonly bindGroup: GPUBindGroup;
  private readonly workgroups: number;

  constructor(device: GPUDevice, b: NetworkBuffers, numPopulations: number, numProbes: number, spikeWorkgroups: number) {
    ({ pipeline: this.pipeline, bindGroup: this.bindGroup } = createComputePipeline(device, 'SpikeRecordingPass', kernel, numPopulations, [
      { kind: 'uniform-dynamic', buffer: b.clock, size: 8 },
      { kind: 'uniform', buffer: b.sizes },
      { kind: 'read-only-storage', buffer: b.spikes },
      { kind: 'read-only-storage', buffer: b.recordMask },
      { kind: 'read-only-storage', buffer: b.populations },
      { kind: 'storage', buffer: b.counters }, // recorded count, spikes per population
      { kind: 'storage', buffer: b.records },
      { kind: 'read-only-storage', buffer: b.probeSpec },
      { kind: 'read-only-storage', buffer: b.state },
      { kind: 'storage', buffer: b.probeOut },
    ]));
    this.workgroups = Math.max(spikeWorkgroups, Math.ceil(numProbes / WORKGROUP_SIZE));
  }

  encode(pass: GPUComputePassEncoder, clockOffset: number): void {
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, this.bindGroup, [clockOffset]);
    pass.dispatchWorkgroups(this.workgroups);
  }
}
