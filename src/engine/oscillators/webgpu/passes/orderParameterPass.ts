import kernel from '../../../../../shaders/order_parameter.wgsl?raw';
import { REDUCE_WORKGROUP_SIZE, type OscillatorBuffers } from '../oscillatorBuffers';
import { OscillatorPass } from './oscillatorPass';

/** Group sums and, when recording, this step's row of them (shaders/order_parameter.wgsl). One workgroup per group. */
export class OrderParameterPass extends OscillatorPass {
  constructor(b: OscillatorBuffers, opts: { phiB: boolean; energy: boolean; record: boolean }) {
    super(
      `OrderParameterPass[${opts.record ? 'record' : 'sums'}]`,
      kernel,
      b,
      [
        { kind: 'read-only-storage', buffer: b.state },
        { kind: 'read-only-storage', buffer: b.scratch },
        { kind: 'storage', buffer: b.sums },
        { kind: 'storage', buffer: b.records },
      ],
      { KURAMOTO_PHI_B: Number(opts.phiB), ENERGY: Number(opts.energy), RECORD: Number(opts.record) },
      b.built.groups.length,
      REDUCE_WORKGROUP_SIZE,
    );
  }
}
