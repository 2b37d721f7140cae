import kernel from '../../../../shaders/generated_synapses.wgsl?raw';
import type { NetworkBuffers } from '../networkBuffers';
import type { GeneratedBuffers } from '../generatedBuffers';
import { ComputePass, DEFAULT_WORKGROUP_SIZE } from '../../../gpu/computePass';
import { kernelSource } from '../shaderSource';

/** Once, when the network is made: fills the generated synapse words on the GPU (shaders/generated_synapses.wgsl). */
export class GeneratedSynapseBuildPass extends ComputePass {
  constructor(device: GPUDevice, b: NetworkBuffers, g: GeneratedBuffers, numPopulations: number, numNeurons: number) {
    super(
      device,
      'GeneratedSynapseBuildPass',
      kernelSource(kernel, numPopulations),
      [
        { kind: 'uniform', buffer: b.sizes },
        { kind: 'uniform', buffer: g.sizes },
        { kind: 'read-only-storage', buffer: g.index },
        ...g.words.map((buffer) => ({ kind: 'storage' as const, buffer })),
      ],
      // One invocation per presynaptic neuron (grid-stride beyond the dispatch limit).
      Math.max(1, Math.min(device.limits.maxComputeWorkgroupsPerDimension, Math.ceil(numNeurons / DEFAULT_WORKGROUP_SIZE))),
    );
  }
}
