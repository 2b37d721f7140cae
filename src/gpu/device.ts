/**
 * Getting a GPUDevice from a `GPU` (navigator.gpu in a page, the `webgpu` package in Node) with
 * the largest buffer limits the adapter offers, and a description for users. The engine itself is
 * only ever handed the device.
 */

export interface AcquiredDevice {
  device: GPUDevice;
  adapter: GPUAdapter;
  /** e.g. "Google SwiftShader (software GPU)" */
  description: string;
  isSoftware: boolean;
}

export class NoGpuAdapterError extends Error {
  constructor(detail: string) {
    super(`no WebGPU adapter is available: ${detail}`);
    this.name = 'NoGpuAdapterError';
  }
}

export function describeAdapter(adapter: GPUAdapter): { description: string; isSoftware: boolean } {
  const info = adapter.info;
  const fallback = (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter;
  const legacyFallback = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter;
  const parts = [info.vendor, info.architecture, info.device, info.description].filter((s) => s && s.length);
  const name = parts.length ? [...new Set(parts)].join(' ') : 'unknown adapter';
  const isSoftware = Boolean(fallback || legacyFallback) || /swiftshader|llvmpipe|lavapipe|software/i.test(name);
  return { description: isSoftware ? `${name} (software GPU)` : name, isSoftware };
}

export async function acquireDevice(gpu: GPU | undefined, label = 'luciole'): Promise<AcquiredDevice> {
  if (!gpu) throw new NoGpuAdapterError('this environment has no WebGPU (navigator.gpu is missing)');
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new NoGpuAdapterError('requestAdapter() returned none (no GPU driver or software adapter found)');
  const l = adapter.limits;
  const device = await adapter.requestDevice({
    label,
    requiredLimits: {
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxStorageBuffersPerShaderStage: Math.min(l.maxStorageBuffersPerShaderStage, 10),
    },
  });
  return { device, adapter, ...describeAdapter(adapter) };
}
