import { defineConfig } from '@playwright/test';
import base from '../../playwright.config';

/** The memory soak (bench/memory/soak.spec.ts) against the built app, as the e2e tests run it. */
export default defineConfig({
  ...base,
  testDir: '.',
  projects: undefined,
  timeout: 4 * 3600_000,
  webServer: { ...(base.webServer as object), cwd: '../..' } as typeof base.webServer,
});
