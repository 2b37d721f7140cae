import kernel from '../../../../shaders/spike_sources.wgsl?raw';
import type { NetworkBuffers } from '../networkBuffers';
import { WORKGROUP_SIZE } from '../networkBuffers';
import { ComputePass } from '../../../gpu/computePass';
import { kernelSource } from '../shaderSource';

/**
 * Per step, first (only with SpikeSourceArray populations): each source's i_stim for this step,
 * 1 where it fires, from the chunk's bit plane (shaders/spike_sources.wgsl).
 */
export class SpikeSourcePass extends ComputePass {
  constructor(device: GPUDevice, b: NetworkBuffers, numPopulations: number) {
    const { count, wordsPerStep } = b.spikeSources;
    super(
      device,
      'SpikeSourcePass',
      kernelSource(kernel, numPopulations),
      [
        { kind: 'uniform-dynamic', buffer: b.clock, size: 8 }, // this step
        { kind: 'uniform', buffer: b.sizes },
        { kind: 'read-only-storage', buffer: b.sourceNeurons },
        { kind: 'read-only-storage', buffer: b.sourcePlane },
        { kind: 'storage', buffer: b.state },
      ],
      Math.ceil(count / WORKGROUP_SIZE),
      { constants: { NUM_SOURCES: count, WORDS_PER_STEP: wordsPerStep } },
    );
  }

  get active(): boolean {
    return this.workgroups > 0;
  }
}
