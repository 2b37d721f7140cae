import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { CHROMIUM_PATH, COMPUTE_FLAGS } from './test/chromium.ts';

export default defineConfig({
  server: { host: '127.0.0.1' },
  test: {
    // HDF5's diagnostics for the damaged files the import fuzz opens on purpose
    onConsoleLog: (log) => (/HDF5-DIAG|^\s*(#\d{3}:|major:|minor:)/.test(log) ? false : undefined),
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['src/**/*.gpu.test.ts'],
          testTimeout: 120_000,
          // through Vite, so that vi.resetModules() gives the HDF5 import fuzz a fresh WebAssembly
          // instance after a damaged file crashed one (the test's page reload)
          server: { deps: { inline: ['h5wasm'] } },
        },
      },
      {
        server: { host: '127.0.0.1' },
        test: {
          name: 'gpu',
          include: ['src/**/*.gpu.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          browser: {
            enabled: true,
            headless: true,
            api: { host: '127.0.0.1' },
            provider: playwright({ launchOptions: { executablePath: CHROMIUM_PATH, args: COMPUTE_FLAGS } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
