import kernel from '../../../../shaders/poisson_input.wgsl?raw';
import type { NetworkBuffers } from '../networkBuffers';
import { WORKGROUP_SIZE } from '../networkBuffers';
import { createComputePipeline } from './computePass';

/** Per step, first: Poisson input for this step (shaders/poisson_input.wgsl). */
export class PoissonInputPass {
  private readonly pipeline: GPUComputePipeline;
  private readonly bindGroup: GPUBindGroup;
  private readonly workgroups: number;

  constructor(device: GPUDevice, b: NetworkBuffers, numPopulations: number) {
    ({ pipeline: this.pipeline, bindGroup: this.bindGroup } = createComputePipeline(device, 'PoissonInputPass', kernel, numPopulations, [
      { kind: 'uniform-dynamic', buffer: b.clock, size: 8 }, // this step
      { kind: 'uniform', buffer: b.sizes },
      { kind: 'read-only-storage', buffer: b.poissonSources },
      { kind: 'read-only-storage', buffer: b.poissonEntryNeuron },
      { kind: 'read-only-storage', buffer: b.poissonCdf },
      { kind: 'storage', buffer: b.ring }, // atomic adds into this step's slot
    ]));
    this.workgroups = Math.ceil(b.numPoissonEntries / WORKGROUP_SIZE);
  }

  get active(): boolean {
    return this.workgroups > 0;
  }

  encode(pass: GPUComputePassEncoder, clockOffset: number): void {
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, this.bindGroup, [clockOffset]);
    pass.dispatchWorkgroups(this.workgroups);
  }
}
