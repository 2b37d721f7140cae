import kernel from '../../../../shaders/electrical_coupling.wgsl?raw';
import type { NetworkBuffers } from '../networkBuffers';
import { WORKGROUP_SIZE } from '../networkBuffers';
import { ComputePass } from '../../../gpu/computePass';
import { kernelSource } from '../shaderSource';

/** Per step, before the neuron update (only with gap junctions): coupling currents (shaders/electrical_coupling.wgsl). */
export class ElectricalCouplingPass extends ComputePass {
  constructor(
    device: GPUDevice,
    b: NetworkBuffers,
    numPopulations: number,
    readonly active: boolean,
  ) {
    super(
      device,
      'ElectricalCouplingPass',
      kernelSource(kernel, numPopulations),
      [
        { kind: 'uniform', buffer: b.sizes },
        { kind: 'read-only-storage', buffer: b.gapRowPtr },
        { kind: 'read-only-storage', buffer: b.gapPre },
        { kind: 'read-only-storage', buffer: b.gapConductance },
        { kind: 'storage', buffer: b.state }, // reads V, writes the gap-current plane
      ],
      Math.ceil(b.n / WORKGROUP_SIZE),
    );
  }
}
