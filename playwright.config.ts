import { defineConfig } from '@playwright/test';
import { CANVAS_FLAGS, CHROMIUM_PATH } from './test/chromium';

export default defineConfig({
  testDir: 'e2e',
  timeout: 180_000,
  expect: { timeout: 120_000 },
  workers: 1,
  reporter: [['list']],
  // The oscillator pages run 10⁴ oscillators on SwiftShader: they get their own worker, so a fresh
  // browser (and GPU process) that earlier pages have not loaded, and they run first.
  projects: [
    { name: 'oscillators', testMatch: /oscillators\.spec\.ts/ },
    { name: 'lab', testIgnore: /oscillators\.spec\.ts/ },
  ],
  use: {
    baseURL: 'http://127.0.0.1:4173',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CANVAS_FLAGS },
    viewport: { width: 1000, height: 900 },
    // The app's service worker would answer requests before page.route sees them; the offline test allows it.
    serviceWorkers: 'block',
  },
  webServer: {
    command: 'npx vite preview --host 127.0.0.1 --port 4173 --strictPort',
    url: 'http://127.0.0.1:4173',
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
