import kernel from '../../../../shaders/spike_recording.wgsl?raw';
import type { NetworkBuffers } from '../networkBuffers';
import { ComputePass } from '../../../gpu/computePass';
import { kernelSource } from '../shaderSource';

/** Once per chunk: recorded spikes and per-population counts from the spike log (shaders/spike_recording.wgsl). */
export class SpikeRecordingPass extends ComputePass {
  constructor(device: GPUDevice, b: NetworkBuffers, numPopulations: number, workgroups: number, records: GPUBuffer) {
    super(
      device,
      'SpikeRecordingPass',
      kernelSource(kernel, numPopulations),
      [
        { kind: 'uniform', buffer: b.sizes },
        { kind: 'read-only-storage', buffer: b.spikeLog },
        { kind: 'read-only-storage', buffer: b.recordMask },
        { kind: 'read-only-storage', buffer: b.populations },
        { kind: 'storage', buffer: b.counters }, // recorded count, spikes per population
        { kind: 'storage', buffer: records }, // this chunk's own records buffer
      ],
      workgroups,
    );
  }
}
