/** Shared by the oscillator passes: bindings 0–3 (params, clock, topology, coefficients) then the pass's own. */
import { ComputePass, type Binding } from '../../../../gpu/computePass';
import { CLOCK_STRIDE } from '../../../webgpu/layouts';
import { OSCILLATOR_WORKGROUP_SIZE, oscillatorKernelSource, type OscillatorBuffers } from '../oscillatorBuffers';

export abstract class OscillatorPass extends ComputePass {
  protected constructor(
    label: string,
    kernel: string,
    b: OscillatorBuffers,
    own: Binding[],
    constants: Record<string, number>,
    workgroups?: number,
    workgroupSize = OSCILLATOR_WORKGROUP_SIZE,
  ) {
    super(
      b.device,
      label,
      oscillatorKernelSource(kernel),
      [
        { kind: 'uniform', buffer: b.params },
        { kind: 'uniform-dynamic', buffer: b.clock, size: 8 },
        { kind: 'read-only-storage', buffer: b.topology },
        { kind: 'read-only-storage', buffer: b.coefficients },
        ...own,
      ],
      workgroups ?? Math.ceil(b.built.n / workgroupSize),
      { constants, workgroupSize },
    );
  }

  /** Records the dispatch for step k of the chunk. */
  encodeStep(pass: GPUComputePassEncoder, k: number): void {
    this.encode(pass, k * CLOCK_STRIDE);
  }
}
