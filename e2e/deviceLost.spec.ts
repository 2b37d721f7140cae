import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { runUntil } from './helpers';

test('a lost GPU device shows a message and the run continues on the CPU with its state kept', async ({ page }) => {
  await page.goto('/?model=cuba');
  await expect(page.getByTestId('backend')).toContainText('WebGPU');
  await page.getByTestId('until').fill('200');
  await page.getByTestId('until').dispatchEvent('change');
  await page.getByTestId('run-until').click();
  await expect(page.getByTestId('sim-time')).toHaveText('200.0');
  await page.getByTestId('proj-0-weight').fill('0.085'); // a live edit the replay must repeat
  await page.getByTestId('proj-0-weight').dispatchEvent('change');
  await page.getByTestId('until').fill('300');
  await page.getByTestId('until').dispatchEvent('change');
  await page.getByTestId('run-until').click();
  await expect(page.getByTestId('sim-time')).toHaveText('300.0');
  const spikes = await page.getByTestId('spike-total').textContent();

  // what a driver reset does to a page: the device is lost
  await page.evaluate(async () => {
    const app = document.querySelector('luciole-app') as HTMLElement & { lab: { gpuDevice: Promise<{ device: GPUDevice } | null> } };
    (await app.lab.gpuDevice)!.device.destroy();
  });
  await expect(page.getByTestId('error')).toContainText('The GPU device was lost');
  await expect(page.getByTestId('error')).toContainText('t = 300.0 ms is kept');
  await page.getByTestId('continue-on-cpu').click();
  await expect(page.getByTestId('notice')).toContainText('Continued on the CPU from t = 300.0 ms');
  await expect(page.getByTestId('spike-total')).toHaveText(spikes!);
  await expect(page.getByTestId('backend')).toContainText('CPU (WebAssembly SIMD) — the GPU device was lost');
  await page.getByTestId('until').fill('350');
  await page.getByTestId('until').dispatchEvent('change');
  await page.getByTestId('run-until').click();
  await expect(page.getByTestId('sim-time')).toHaveText('350.0');
  expect(Number(await page.getByTestId('spike-total').textContent())).toBeGreaterThan(Number(spikes));
});

test('an oscillator run goes on on the CPU after a lost GPU device, with its live K edit and its r(t) kept', async ({ page }) => {
  await page.goto('/?model=kuramoto-two');
  await expect(page.getByTestId('backend')).toContainText('WebGPU');
  await expect(page.getByTestId('order-r')).toBeVisible();
  const box = page.getByTestId('coupling-K-0-value');
  await box.fill('0.9'); // a live edit the replay must repeat: locks at asin(0.5 / 0.9)
  await box.dispatchEvent('change');
  await runUntil(page, 100);
  const r = Number(await page.getByTestId('order-r').textContent());
  expect(r).toBeCloseTo(Math.cos(Math.asin(0.5 / 0.9) / 2), 2);

  await page.evaluate(async () => {
    const app = document.querySelector('luciole-app') as HTMLElement & { lab: { gpuDevice: Promise<{ device: GPUDevice } | null> } };
    (await app.lab.gpuDevice)!.device.destroy();
  });
  await expect(page.getByTestId('error')).toContainText('The GPU device was lost');
  await page.getByTestId('continue-on-cpu').click();
  await expect(page.getByTestId('notice')).toContainText('Continued on the CPU from t = 100.0 ms');
  await expect(page.getByTestId('backend')).toContainText('CPU (WebAssembly SIMD) — the GPU device was lost');
  expect(Math.abs(Number(await page.getByTestId('order-r').textContent()) - r)).toBeLessThan(2e-3);
  await runUntil(page, 150);
  expect(Math.abs(Number(await page.getByTestId('order-r').textContent()) - r)).toBeLessThan(2e-3); // still locked
  const [model] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-model').click()]);
  expect(JSON.parse(readFileSync(await model.path(), 'utf8')).oscillators.couplings[0].K).toBe(0.9);
});
