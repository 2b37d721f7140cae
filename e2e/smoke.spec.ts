import { expect, test } from '@playwright/test';
import { colouredPixels } from './helpers';

test('the built page runs cuba on WebGPU and shows its spike count and mean rate', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/?model=cuba');
  await expect(page.getByTestId('backend')).toContainText('WebGPU');
  await expect(page.getByTestId('backend')).toContainText('software GPU');

  const raster = page.locator('spike-raster canvas');
  const before = colouredPixels(await raster.screenshot());
  expect(before.orange + before.blue).toBe(0);

  await page.getByTestId('until').fill('1000');
  await page.getByTestId('until').dispatchEvent('change');
  await page.getByTestId('run-until').click();
  await expect(page.getByTestId('sim-time')).toHaveText('1000.0');
  await expect(page.getByTestId('state')).toHaveText('paused');

  const spikes = Number(await page.getByTestId('spike-total').textContent());
  const rate = parseFloat((await page.getByTestId('mean-rate').textContent()) ?? '');
  expect(rate).toBeGreaterThan(4);
  expect(rate).toBeLessThan(8);
  expect(Math.abs(spikes / 4000 - rate)).toBeLessThan(0.01);

  // The raster shows the last second: E (orange, upper 80 %) and I (blue, lower 20 %).
  const after = colouredPixels(await raster.screenshot());
  expect(after.orange).toBeGreaterThan(2000);
  expect(after.blue).toBeGreaterThan(300);
  expect(errors).toEqual([]);
});

test('single-neuron shows the four spikes of the closed form within 250 ms', async ({ page }) => {
  await page.goto('/?model=single-neuron');
  await page.getByTestId('until').fill('250');
  await page.getByTestId('until').dispatchEvent('change');
  await page.getByTestId('run-until').click();
  await expect(page.getByTestId('sim-time')).toHaveText('250.0');
  await expect(page.getByTestId('spike-total')).toHaveText('4');
});
