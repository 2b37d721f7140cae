/**
 * The embeddable elements, the entry of the library build (vite.lib.config.ts → dist/lib/luciole.js):
 * one script tag gives a page `<luciole-sim>` and `<luciole-lesson>` (docs/embedding.md).
 */
export { LucioleSim } from './lucioleSim';
export { LucioleLesson } from './lucioleLesson';
