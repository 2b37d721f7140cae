/** What every pass shares: an explicit bind-group layout, a pipeline, one bind group, a dispatch. */
import { kernelSource } from '../engine/webgpu/shaderSource';
import { WORKGROUP_SIZE } from '../engine/webgpu/networkBuffers';

export type BindingKind = 'uniform-dynamic' | 'uniform' | 'read-only-storage' | 'storage';

export interface Binding {
  kind: BindingKind;
  buffer: GPUBuffer;
  size?: number; // bytes bound (dynamic uniforms bind one slot)
}

export abstract class ComputePass {
  private readonly pipeline: GPUComputePipeline;
  private readonly bindGroup: GPUBindGroup;

  /** `bindings[i]` is `@binding(i)` of the kernel; `workgroups` is the dispatch size. */
  protected constructor(
    device: GPUDevice,
    label: string,
    kernel: string,
    numPopulations: number,
    bindings: Binding[],
    protected readonly workgroups: number,
    /** Pipeline-overridable constants besides WORKGROUP_SIZE; `source` replaces the default assembly. */
    opts: { constants?: Record<string, number>; source?: string; workgroupSize?: number } = {},
  ) {
    const layout = device.createBindGroupLayout({
      label: `${label}.bindGroupLayout`,
      entries: bindings.map((b, i) => ({
        binding: i,
        visibility: GPUShaderStage.COMPUTE,
        buffer: b.kind === 'uniform-dynamic' ? { type: 'uniform', hasDynamicOffset: true } : { type: b.kind },
      })),
    });
    const module = device.createShaderModule({ label: `${label}.shader`, code: opts.source ?? kernelSource(kernel, numPopulations) });
    this.pipeline = device.createComputePipeline({
      label: `${label}.pipeline`,
      layout: device.createPipelineLayout({ label: `${label}.pipelineLayout`, bindGroupLayouts: [layout] }),
      compute: { module, entryPoint: 'main', constants: { WORKGROUP_SIZE: opts.workgroupSize ?? WORKGROUP_SIZE, ...opts.constants } },
    });
    this.bindGroup = device.createBindGroup({
      label: `${label}.bindGroup`,
      layout,
      entries: bindings.map((b, i) => ({ binding: i, resource: { buffer: b.buffer, size: b.size } })),
    });
  }

  /** Sets the pipeline and bind group only (for passes that choose their dispatch size per use). */
  protected encodeWithoutDispatch(pass: GPUComputePassEncoder): void {
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, this.bindGroup);
  }

  /** Records the dispatch; `clockOffset` selects the step's slot of the clock uniform. */
  encode(pass: GPUComputePassEncoder, clockOffset?: number): void {
    pass.setPipeline(this.pipeline);
    if (clockOffset === undefined) pass.setBindGroup(0, this.bindGroup);
    else pass.setBindGroup(0, this.bindGroup, [clockOffset]);
    pass.dispatchWorkgroups(this.workgroups);
  }
}
