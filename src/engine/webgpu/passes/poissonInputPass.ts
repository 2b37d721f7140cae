import kernel from '../../../../shaders/poisson_input.wgsl?raw';
import poissonEvents from '../../../../shaders/poisson_events.wgsl?raw';
import type { NetworkBuffers } from '../networkBuffers';
import { WORKGROUP_SIZE } from '../networkBuffers';
import { ComputePass } from '../../../gpu/computePass';
import { kernelSource } from '../shaderSource';

/**
 * Per step, first: Poisson input for this step (shaders/poisson_input.wgsl), where the neuron
 * update cannot draw it itself (fewer than 9 storage buffers per stage).
 */
export class PoissonInputPass extends ComputePass {
  constructor(device: GPUDevice, b: NetworkBuffers, numPopulations: number) {
    super(
      device,
      'PoissonInputPass',
      kernelSource(`${kernel}\n${poissonEvents}`, numPopulations),
      [
        { kind: 'uniform-dynamic', buffer: b.clock, size: 8 }, // this step
        { kind: 'uniform', buffer: b.sizes },
        { kind: 'read-only-storage', buffer: b.poissonData },
        { kind: 'storage', buffer: b.ring }, // atomic adds into this step's slot
      ],
      Math.ceil(b.numPoissonEntries / WORKGROUP_SIZE),
    );
  }

  get active(): boolean {
    return this.workgroups > 0;
  }
}
