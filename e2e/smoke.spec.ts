import { expect, test } from '@playwright/test';
import { PNG } from 'pngjs';

/** Counts pixels that are clearly coloured (the raster's E orange and I blue). */
function colouredPixels(png: Buffer): { orange: number; blue: number } {
  const img = PNG.sync.read(png);
  let orange = 0;
  let blue = 0;
  for (let k = 0; k < img.data.length; k += 4) {
    const [r, g, b] = [img.data[k], img.data[k + 1], img.data[k + 2]];
    if (r > 150 && g < 120 && b < 80) orange++;
    if (b > 150 && r < 80 && g < 160) blue++;
  }
  return { orange, blue };
}

test('the built page runs cuba on WebGPU and shows its spike count and mean rate', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/?model=cuba');
  await expect(page.getByTestId('backend')).toContainText('WebGPU');
  await expect(page.getByTestId('backend')).toContainText('software GPU');

  const raster = page.locator('spike-raster canvas');
  const before = colouredPixels(await raster.screenshot());
  expect(before.orange + before.blue).toBe(0);

  await page.getByTestId('duration').fill('1000');
  await page.getByTestId('duration').dispatchEvent('change');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('phase')).toHaveText('done');

  await expect(page.getByTestId('summary-backend')).toContainText('webgpu');
  await expect(page.getByTestId('simulated')).toHaveText('1000.0 ms');
  const spikes = Number(await page.getByTestId('spike-count').textContent());
  const rate = parseFloat((await page.getByTestId('mean-rate').textContent()) ?? '');
  expect(rate).toBeGreaterThan(4);
  expect(rate).toBeLessThan(8);
  expect(Math.abs(spikes / 4000 - rate)).toBeLessThan(0.01);

  // The raster now shows both populations: E (orange, upper 80 %) and I (blue, lower 20 %).
  const after = colouredPixels(await raster.screenshot());
  expect(after.orange).toBeGreaterThan(2000);
  expect(after.blue).toBeGreaterThan(300);
  expect(errors).toEqual([]);
});

test('the same seed gives the same spike count as the CPU reference would (reproducible runs)', async ({ page }) => {
  await page.goto('/?model=single-neuron');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('phase')).toHaveText('done');
  // single-neuron: spikes at 47.9, 100.8, 153.7, 206.6 ms within 250 ms
  await expect(page.getByTestId('spike-count')).toHaveText('4');
});
