/**
 * WebGPU in Node through the `webgpu` package (Dawn). On a machine without a GPU, Dawn finds
 * SwiftShader through Chromium's Vulkan ICD when VK_ICD_FILENAMES points at it (shared design §6).
 */
import { existsSync, readdirSync } from 'node:fs';
import { acquireDevice, NoGpuAdapterError, type AcquiredDevice } from './device';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * The Dawn instance must outlive every device made from it: if it is garbage-collected, Dawn's
 * event processing touches freed memory and the process crashes. Keep it for the process.
 */
let dawnInstance: GPU | null = null;

export async function acquireNodeDevice(): Promise<AcquiredDevice> {
  if (!process.env.VK_ICD_FILENAMES && !process.env.VK_DRIVER_FILES && existsSync(SWIFTSHADER_ICD) && !hasGpuDevice()) {
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  }
  let mod: typeof import('webgpu');
  try {
    mod = await import('webgpu');
  } catch (e) {
    throw new NoGpuAdapterError(`the webgpu package could not be loaded (${(e as Error).message})`);
  }
  Object.assign(globalThis, mod.globals);
  const gpu = (dawnInstance ??= mod.create([]));
  try {
    return await acquireDevice(gpu, 'luciole-cli');
  } catch (e) {
    if (e instanceof NoGpuAdapterError)
      throw new NoGpuAdapterError(
        `${e.message.replace(/^no WebGPU adapter is available: /, '')}. Install a GPU driver with Vulkan, or Debian's chromium and libvulkan1 for SwiftShader, or use --backend cpu`,
      );
    throw e;
  }
}

/** A GPU is present (a DRM render node or an NVIDIA device); otherwise use SwiftShader. */
function hasGpuDevice(): boolean {
  const dri = existsSync('/dev/dri') && readdirSync('/dev/dri').some((f) => f.startsWith('renderD'));
  return dri || existsSync('/dev/nvidiactl');
}
