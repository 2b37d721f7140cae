/** What every pass shares: an explicit bind-group layout, a pipeline, and one bind group. */
import { kernelSource } from '../shaderSource';
import { WORKGROUP_SIZE } from '../networkBuffers';

export type BindingKind = 'uniform-dynamic' | 'uniform' | 'read-only-storage' | 'storage';

export interface Binding {
  kind: BindingKind;
  buffer: GPUBuffer;
  size?: number; // bytes bound (dynamic uniforms bind one slot)
}

export function createComputePipeline(
  device: GPUDevice,
  label: string,
  kernel: string,
  numPopulations: number,
  bindings: Binding[],
): { pipeline: GPUComputePipeline; bindGroup: GPUBindGroup } {
  const layout = device.createBindGroupLayout({
    label: `${label}.bindGroupLayout`,
    entries: bindings.map((b, i) => ({
      binding: i,
      visibility: GPUShaderStage.COMPUTE,
      buffer:
        b.kind === 'uniform-dynamic'
          ? { type: 'uniform', hasDynamicOffset: true }
          : { type: b.kind === 'uniform' ? 'uniform' : b.kind },
    })),
  });
  const module = device.createShaderModule({ label: `${label}.shader`, code: kernelSource(kernel, numPopulations) });
  const pipeline = device.createComputePipeline({
    label: `${label}.pipeline`,
    layout: device.createPipelineLayout({ label: `${label}.pipelineLayout`, bindGroupLayouts: [layout] }),
    compute: { module, entryPoint: 'main', constants: { WORKGROUP_SIZE } },
  });
  const bindGroup = device.createBindGroup({
    label: `${label}.bindGroup`,
    layout,
    entries: bindings.map((b, i) => ({ binding: i, resource: { buffer: b.buffer, size: b.size } })),
  });
  return { pipeline, bindGroup };
}
