import { defineConfig } from 'vite';

export default defineConfig({
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  // three.js, zod and uPlot make one ~1 MB bundle; the app loads it once.
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 1600 },
});
