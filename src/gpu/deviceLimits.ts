/**
 * Checks planned buffers and dispatches against a device's limits before anything is allocated,
 * and names the limit and the overshoot when they do not fit.
 */
import { DeviceLimitError } from './errors';

export interface BufferPlan {
  label: string;
  bytes: number;
}

export interface DispatchPlan {
  label: string;
  workgroups: number;
}

export function checkDeviceLimits(
  limits: GPUSupportedLimits,
  buffers: BufferPlan[],
  dispatches: DispatchPlan[],
  storageBuffersPerStage?: { needed: number; what: string },
): void {
  for (const b of buffers) {
    if (b.bytes > limits.maxStorageBufferBindingSize)
      throw new DeviceLimitError('maxStorageBufferBindingSize', b.bytes, limits.maxStorageBufferBindingSize, `${b.label} (bytes)`);
    if (b.bytes > limits.maxBufferSize) throw new DeviceLimitError('maxBufferSize', b.bytes, limits.maxBufferSize, `${b.label} (bytes)`);
  }
  for (const d of dispatches) {
    if (d.workgroups > limits.maxComputeWorkgroupsPerDimension)
      throw new DeviceLimitError(
        'maxComputeWorkgroupsPerDimension',
        d.workgroups,
        limits.maxComputeWorkgroupsPerDimension,
        `${d.label} (workgroups)`,
      );
  }
  if (storageBuffersPerStage && limits.maxStorageBuffersPerShaderStage < storageBuffersPerStage.needed)
    throw new DeviceLimitError(
      'maxStorageBuffersPerShaderStage',
      storageBuffersPerStage.needed,
      limits.maxStorageBuffersPerShaderStage,
      `${storageBuffersPerStage.what} (storage buffers)`,
    );
}
