import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { colouredPixels, differingFraction, runUntil } from './helpers';

/**
 * Reads the phase circle back from its pixels: `dots`, the coloured (saturated) pixels of the
 * oscillators; `r`, the length of the drawn r e^{iψ} arrow (dark grey pixels inside the ring) over
 * the ring's radius.
 */
function drawnOrderParameter(png: Buffer): { r: number; dots: number } {
  const img = PNG.sync.read(png);
  const c = img.width / 2;
  const R = 0.42 * img.width;
  let dots = 0;
  let reach = 0;
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) {
      const k = 4 * (y * img.width + x);
      const [r, g, b] = [img.data[k], img.data[k + 1], img.data[k + 2]];
      const saturation = Math.max(r, g, b) - Math.min(r, g, b);
      if (saturation >= 80) dots++;
      else if (Math.max(r, g, b) < 90) {
        const d = Math.hypot(x - c, y - c);
        if (d < 0.92 * R) reach = Math.max(reach, d);
      }
    }
  return { r: reach / R, dots };
}

async function setK(page: Page, K: number): Promise<void> {
  const box = page.getByTestId('coupling-K-0-value');
  await box.fill(String(K));
  await box.dispatchEvent('change');
}

test('synchronisation demo: moving K across K_c raises the displayed r, and the phase circle shows it', async ({ page }) => {
  test.setTimeout(660_000); // 1,200 steps of 10⁴ oscillators on a software GPU: about 10 s here, far more on a busy machine
  await page.goto('/?model=kuramoto-lorentzian');
  await expect(page.getByTestId('play')).toBeEnabled();
  await expect(page.getByTestId('order-r')).toBeVisible();

  await page.getByTestId('speed').selectOption('max'); // software GPU: slower than real time
  await setK(page, 0.5); // below K_c = 2Δ = 1
  await runUntil(page, 30);
  const low = Number(await page.getByTestId('order-r').textContent());
  expect(low).toBeLessThan(0.1);
  const incoherent = drawnOrderParameter(await page.getByTestId('phase-circle').screenshot());
  expect(incoherent.dots).toBeGreaterThan(2000); // the dots are drawn
  expect(incoherent.r).toBeLessThan(low + 0.06);

  await setK(page, 3); // above: r → √(1 − 1/3) = 0.816
  await runUntil(page, 60);
  const high = Number(await page.getByTestId('order-r').textContent());
  expect(high).toBeGreaterThan(0.6);
  const synced = drawnOrderParameter(await page.getByTestId('phase-circle').screenshot());
  expect(Math.abs(synced.r - high)).toBeLessThan(0.06);

  // The r(t) plot has its line.
  expect(colouredPixels(await page.getByTestId('order-plot').screenshot()).orange).toBeGreaterThan(200);

  // Exports: r(t) has one row per step from t = 0 and ends at the displayed r; the model keeps K = 3.
  const [order] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-order').click()]);
  const rows = readFileSync(await order.path(), 'utf8')
    .trim()
    .split('\n');
  expect(rows[0]).toBe('time_ms,r,psi');
  expect(rows).toHaveLength(1 + 1201); // 60 ms at dt = 0.05 ms, and t = 0
  expect(Number(rows.at(-1)!.split(',')[0])).toBe(60);
  expect(Number(rows.at(-1)!.split(',')[1])).toBeCloseTo(high, 3);
  const [model] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-model').click()]);
  expect(JSON.parse(readFileSync(await model.path(), 'utf8')).oscillators.couplings[0].K).toBe(3);
});

test('coupling sweep: r against K with the Lorentzian theory curve, batched on the GPU', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/?model=kuramoto-lorentzian');
  await expect(page.getByTestId('play')).toBeEnabled();
  await page.getByTestId('sweep').locator('summary').click();
  for (const [id, v] of [
    ['sweep-from', '0'],
    ['sweep-to', '4'],
    ['sweep-count', '9'],
    ['sweep-n', '1000'],
    ['sweep-ms', '40'],
  ] as const)
    await page.getByTestId(id).fill(v);
  await page.getByTestId('sweep-run').click();
  await expect(page.getByTestId('sweep-summary')).toContainText('K_c = 1.000', { timeout: 200_000 });
  const pixels = colouredPixels(await page.getByTestId('sweep-plot').screenshot());
  expect(pixels.orange).toBeGreaterThan(100); // simulated r
  expect(pixels.blue).toBeGreaterThan(100); // theory
});

test('AKOrN: the energy falls as the oscillators align with their stimuli', async ({ page }) => {
  await page.goto('/?model=akorn-stimulus');
  await expect(page.getByTestId('play')).toBeEnabled();
  const e0 = Number(await page.getByTestId('energy').textContent());
  await runUntil(page, 100);
  const e1 = Number(await page.getByTestId('energy').textContent());
  expect(e1).toBeLessThan(e0 - 100);
  expect(drawnOrderParameter(await page.getByTestId('phase-circle').screenshot()).dots).toBeGreaterThan(500);
});

test('oscillators on the C. elegans wiring: the 3D view is coloured by phase and changes as they run', async ({ page }) => {
  await page.goto('/?model=kuramoto-celegans');
  await expect(page.getByTestId('play')).toBeEnabled();
  const view = page.getByTestId('phase-network');
  await expect(view).toBeVisible();
  const hues = (png: Buffer) => {
    const img = PNG.sync.read(png);
    const seen = new Set<number>();
    let coloured = 0;
    for (let k = 0; k < img.data.length; k += 4) {
      const [r, g, b] = [img.data[k], img.data[k + 1], img.data[k + 2]];
      if (Math.max(r, g, b) - Math.min(r, g, b) < 80) continue;
      coloured++;
      seen.add(Math.round(Math.atan2(Math.sqrt(3) * (g - b), 2 * r - g - b) / (Math.PI / 6))); // 12 hue sectors
    }
    return { coloured, sectors: seen.size };
  };
  // Waits for a frame with the first phases: 303 oscillators drawn.
  await expect.poll(async () => hues(await view.screenshot()).coloured).toBeGreaterThan(300);
  const before = await view.screenshot();
  const h0 = hues(before);
  expect(h0.coloured).toBeGreaterThan(300);
  expect(h0.sectors).toBeGreaterThanOrEqual(8); // random initial phases: most hues present
  await runUntil(page, 20);
  expect(differingFraction(before, await view.screenshot())).toBeGreaterThan(0.001);
});
