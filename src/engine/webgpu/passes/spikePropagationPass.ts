import kernel from '../../../../shaders/spike_propagation.wgsl?raw';
import type { NetworkBuffers } from '../networkBuffers';
import { ComputePass } from '../../../gpu/computePass';
import { kernelSource } from '../shaderSource';

/** Per step, after the neuron update: scatter each spike's CSR row into the delay ring buffer (shaders/spike_propagation.wgsl). */
export class SpikePropagationPass extends ComputePass {
  /** `workgroups` share the spikes of a step (each takes every `workgroups`-th spike). */
  constructor(device: GPUDevice, b: NetworkBuffers, numPopulations: number, workgroups: number) {
    super(
      device,
      'SpikePropagationPass',
      kernelSource(kernel, numPopulations),
      [
        { kind: 'uniform-dynamic', buffer: b.clock, size: 16 }, // StepWindow
        { kind: 'uniform', buffer: b.sizes },
        { kind: 'read-only-storage', buffer: b.spikeLog },
        { kind: 'storage', buffer: b.stepEnds }, // where this step's spikes start; writes the next
        { kind: 'read-only-storage', buffer: b.rowPtr },
        { kind: 'read-only-storage', buffer: b.targets },
        { kind: 'read-only-storage', buffer: b.weights },
        { kind: 'storage', buffer: b.ring }, // atomic adds into future slots
      ],
      workgroups,
    );
  }
}
