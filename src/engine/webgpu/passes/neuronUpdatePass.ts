import kernel from '../../../../shaders/neuron_update.wgsl?raw';
import type { NetworkBuffers } from '../networkBuffers';
import { WORKGROUP_SIZE } from '../networkBuffers';
import { ComputePass } from '../../../gpu/computePass';
import { kernelSource } from '../shaderSource';

/** Per step: integrate, threshold, reset, refractoriness; appends spikes to the log (shaders/neuron_update.wgsl). */
export class NeuronUpdatePass extends ComputePass {
  constructor(device: GPUDevice, b: NetworkBuffers, numPopulations: number) {
    super(
      device,
      'NeuronUpdatePass',
      kernelSource(kernel, numPopulations),
      [
        { kind: 'uniform-dynamic', buffer: b.clock, size: 8 },
        { kind: 'uniform', buffer: b.sizes },
        { kind: 'read-only-storage', buffer: b.populations },
        { kind: 'storage', buffer: b.state },
        { kind: 'storage', buffer: b.refractory },
        { kind: 'storage', buffer: b.ring }, // reads and clears this step's slot
        { kind: 'storage', buffer: b.spikeLog },
        { kind: 'storage', buffer: b.counters }, // first non-finite step per population
        { kind: 'read-only-storage', buffer: b.silenced },
      ],
      Math.ceil(b.n / WORKGROUP_SIZE),
    );
  }
}
