// Bundles bench/gpu/gpuBench.ts and the engine into one ES module for a machine without Node's
// registries (bench/gpu/prepare.sh). `x.wgsl?raw` imports become the file's text, as in Vite.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

const raw = {
  name: 'raw',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({
      path: resolve(dirname(args.importer), args.path.replace(/\?raw$/, '')),
      namespace: 'raw',
    }));
    b.onLoad({ filter: /.*/, namespace: 'raw' }, async (args) => ({ contents: await readFile(args.path, 'utf8'), loader: 'text' }));
  },
};

await build({
  entryPoints: ['bench/gpu/gpuBench.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: process.argv[2] ?? '.gpu-bench/gpu-bench.mjs',
  external: ['webgpu'],
  plugins: [raw],
  // wabt (the CPU backend's WebAssembly assembler) is CommonJS and requires Node built-ins.
  banner: {
    js: [
      "import { createRequire } from 'node:module';",
      "import { fileURLToPath } from 'node:url';",
      'const require = createRequire(import.meta.url);',
      'const __filename = fileURLToPath(import.meta.url);',
      "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
    ].join(' '),
  },
  logLevel: 'warning',
});
