/**
 * How headless Chromium gets WebGPU on a machine without a GPU (shared design §6): Debian's
 * Chromium with SwiftShader, served from http://127.0.0.1 (a secure context).
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const COMMON = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Compute only (kernel tests). */
export const COMPUTE_FLAGS = [...COMMON, '--enable-unsafe-webgpu'];

/** Canvas presentation and screenshots too (end-to-end tests). */
export const CANVAS_FLAGS = [
  ...COMPUTE_FLAGS,
  '--ignore-gpu-blocklist',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];
