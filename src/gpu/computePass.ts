/**
 * The base of every GPU pass (one class per pass, each with its own .wgsl): an explicit
 * bind-group layout, a pipeline, one bind group, a dispatch.
 */

export const DEFAULT_WORKGROUP_SIZE = 64;

export type BindingKind = 'uniform-dynamic' | 'uniform' | 'read-only-storage' | 'storage';

export interface Binding {
  kind: BindingKind;
  buffer: GPUBuffer;
  size?: number; // bytes bound (dynamic uniforms bind one slot)
}

export abstract class ComputePass {
  private readonly pipeline: GPUComputePipeline;
  private readonly bindGroup: GPUBindGroup;

  /**
   * `source` is the whole WGSL module (entry point `main`, `override WORKGROUP_SIZE`);
   * `bindings[i]` is its `@binding(i)`; `workgroups` is the dispatch size.
   */
  protected constructor(
    device: GPUDevice,
    label: string,
    source: string,
    bindings: Binding[],
    protected readonly workgroups: number,
    /** Pipeline-overridable constants besides WORKGROUP_SIZE. */
    opts: { constants?: Record<string, number>; workgroupSize?: number } = {},
  ) {
    const layout = device.createBindGroupLayout({
      label: `${label}.bindGroupLayout`,
      entries: bindings.map((b, i) => ({
        binding: i,
        visibility: GPUShaderStage.COMPUTE,
        buffer: b.kind === 'uniform-dynamic' ? { type: 'uniform', hasDynamicOffset: true } : { type: b.kind },
      })),
    });
    const module = device.createShaderModule({ label: `${label}.shader`, code: source });
    this.pipeline = device.createComputePipeline({
      label: `${label}.pipeline`,
      layout: device.createPipelineLayout({ label: `${label}.pipelineLayout`, bindGroupLayouts: [layout] }),
      compute: {
        module,
        entryPoint: 'main',
        constants: { WORKGROUP_SIZE: opts.workgroupSize ?? DEFAULT_WORKGROUP_SIZE, ...opts.constants },
      },
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

  /** Records the dispatch; `clockOffset` selects the step's slot of a dynamic clock uniform. */
  encode(pass: GPUComputePassEncoder, clockOffset?: number): void {
    pass.setPipeline(this.pipeline);
    if (clockOffset === undefined) pass.setBindGroup(0, this.bindGroup);
    else pass.setBindGroup(0, this.bindGroup, [clockOffset]);
    pass.dispatchWorkgroups(this.workgroups);
  }
}
