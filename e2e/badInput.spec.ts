import { expect, test } from '@playwright/test';

test('an oversized network shows the device limit it breaks, and the running model goes on', async ({ page }) => {
  await page.goto('/?model=cuba');
  await expect(page.getByTestId('play')).toBeEnabled();
  await page.getByTestId('speed').selectOption('100');
  await page.getByTestId('play').click();
  const huge = {
    format: 'luciole-model',
    version: 1,
    name: 'huge',
    populations: [{ name: 'big', size: 4_000_000, cellType: 'IF_curr_exp' }],
    projections: [{ pre: 'big', post: 'big', connector: { type: 'oneToOne' }, receptor: 'excitatory', weight: 0.1, delay: 50 }],
  };
  await page
    .getByTestId('open-file')
    .setInputFiles({ name: 'huge.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(huge)) });
  await expect(page.getByTestId('error')).toContainText('huge.json: the network does not fit this GPU');
  await expect(page.getByTestId('error')).toContainText('maxStorageBufferBindingSize');
  await expect(page.getByTestId('error')).toContainText('cuba keeps running');
  const t = Number(await page.getByTestId('sim-time').textContent());
  await expect.poll(async () => Number(await page.getByTestId('sim-time').textContent())).toBeGreaterThan(t + 10);
});

test.describe('in a browser without WebGPU', () => {
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined }));
  });

  test('the page says why and runs on the CPU backend', async ({ page }) => {
    await page.goto('/?model=single-neuron');
    await expect(page.getByTestId('backend')).toContainText('CPU (WebAssembly SIMD) — WebGPU is not available here');
    await expect(page.getByTestId('backend')).toContainText('navigator.gpu is missing');
    await page.getByTestId('until').fill('250');
    await page.getByTestId('until').dispatchEvent('change');
    await page.getByTestId('run-until').click();
    await expect(page.getByTestId('sim-time')).toHaveText('250.0');
    await expect(page.getByTestId('spike-total')).toHaveText('4');
  });
});
