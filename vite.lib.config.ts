import { defineConfig } from 'vite';

// The library build: the embeddable elements as one ES module, dist/lib/luciole.js, that a page
// loads with one script tag (docs/embedding.md). It runs after the app's build, into its dist/.
export default defineConfig({
  base: './',
  publicDir: false,
  build: {
    target: 'es2022',
    outDir: 'dist/lib',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    lib: { entry: 'src/ui/embed/index.ts', formats: ['es'], fileName: () => 'luciole.js' },
  },
});
