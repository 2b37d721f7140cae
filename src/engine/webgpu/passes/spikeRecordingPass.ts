import kernel from '../../../../shaders/spike_recording.wgsl?raw';
import type { NetworkBuffers } from '../networkBuffers';
import { createComputePipeline } from './computePass';

/** Once per chunk: recorded spikes and per-population counts from the spike log (shaders/spike_recording.wgsl). */
export class SpikeRecordingPass {
  private readonly pipeline: GPUComputePipeline;
  private readonly bindGroup: GPUBindGroup;

  constructor(
    device: GPUDevice,
    b: NetworkBuffers,
    numPopulations: number,
    private readonly workgroups: number,
  ) {
    ({ pipeline: this.pipeline, bindGroup: this.bindGroup } = createComputePipeline(device, 'SpikeRecordingPass', kernel, numPopulations, [
      { kind: 'uniform', buffer: b.sizes },
      { kind: 'read-only-storage', buffer: b.spikeLog },
      { kind: 'read-only-storage', buffer: b.recordMask },
      { kind: 'read-only-storage', buffer: b.populations },
      { kind: 'storage', buffer: b.counters }, // recorded count, spikes per population
      { kind: 'storage', buffer: b.records },
    ]));
  }

  encode(pass: GPUComputePassEncoder): void {
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, this.bindGroup);
    pass.dispatchWorkgroups(this.workgroups);
  }
}
