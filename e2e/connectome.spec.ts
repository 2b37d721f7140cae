import { expect, test } from '@playwright/test';
import { colouredPixels } from './pixels';
import { PNG } from 'pngjs';

/** Bright (spiking, near-white) points in the 3D view. */
function brightPixels(png: Buffer): number {
  const img = PNG.sync.read(png);
  let n = 0;
  for (let k = 0; k < img.data.length; k += 4) if (img.data[k] > 200 && img.data[k + 1] > 200 && img.data[k + 2] > 200) n++;
  return n;
}

async function runUntil(page: import('@playwright/test').Page, ms: number) {
  await page.getByTestId('until').fill(String(ms));
  await page.getByTestId('until').dispatchEvent('change');
  await page.getByTestId('run-until').click();
  await expect(page.getByTestId('sim-time')).toHaveText(ms.toFixed(1));
}

test('larva: stimulating the olfactory neurons from the UI lights up the raster and the 3D view; PNs respond before output neurons', async ({ page }) => {
  await page.goto('/?model=larva');
  await expect(page.getByTestId('sel-celltype')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('sel-celltype').selectOption('sensory');
  await page.getByTestId('sel-annotation-key').selectOption('annotation');
  await page.getByTestId('sel-annotation-value').selectOption('olfactory');
  await expect(page.getByTestId('sel-count')).toHaveText('42');

  await runUntil(page, 50);
  expect(Number(await page.getByTestId('spike-total').textContent())).toBe(0); // silent without input
  const quiet3d = brightPixels(await page.locator('network-view canvas').screenshot());
  await page.getByTestId('drive').click();
  await runUntil(page, 90);

  expect(colouredPixels(await page.locator('spike-raster canvas').screenshot()).orange).toBeGreaterThan(50);
  expect(brightPixels(await page.locator('network-view canvas').screenshot())).toBeGreaterThan(quiet3d + 20);
  const latency = async (type: string) => {
    const cells = await page.getByTestId(`response-${type}`).locator('td').allTextContents();
    return cells[2] === '–' ? Infinity : Number(cells[2]);
  };
  const pn = await latency('PN');
  expect(pn).toBeGreaterThan(await latency('sensory'));
  for (const out of ['DN-VNC', 'RGN']) expect(await latency(out)).toBeGreaterThan(pn);
  await expect(page.getByTestId('response-DN-SEZ')).toBeVisible();
});
