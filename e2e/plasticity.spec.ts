import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { runUntil } from './helpers';

const BAR = [25, 113, 194]; // the histogram's bar colour (src/views/weightView.ts)

/** Heights in pixels of the 20 bars of a weight histogram, read from a screenshot of its canvas. */
async function barHeights(page: Page): Promise<number[]> {
  const img = PNG.sync.read(await page.getByTestId('weights-histogram-0').screenshot());
  const heights = new Array<number>(20).fill(0);
  for (let x = 0; x < img.width; x++) {
    let h = 0;
    for (let y = 0; y < img.height; y++) {
      const k = (y * img.width + x) * 4;
      if (Math.abs(img.data[k] - BAR[0]) < 30 && Math.abs(img.data[k + 1] - BAR[1]) < 30 && Math.abs(img.data[k + 2] - BAR[2]) < 30) h++;
    }
    const bin = Math.min(19, Math.floor((x / img.width) * 20));
    heights[bin] = Math.max(heights[bin], h);
  }
  return heights;
}

test('STDP (Song et al. 2000) in the lab: the weight histogram is drawn and changes as the network learns, and the learnt weights export', async ({
  page,
}) => {
  await page.goto('/?model=stdp-song2000');
  await expect(page.getByTestId('weights-0')).toBeVisible();
  await expect(page.getByTestId('weights-0')).toContainText('1,000 plastic synapses');
  const meanBefore = Number(await page.getByTestId('weights-mean-0').textContent());
  expect(meanBefore).toBeGreaterThan(0.025); // uniform in [0, 0.06] nA
  expect(meanBefore).toBeLessThan(0.035);
  const before = await barHeights(page);
  expect(before.every((h) => h > 0)).toBe(true); // the initial weights fill every bin
  await expect(page.getByTestId('weights-matrix-0')).toBeVisible(); // 1,000 × 1 pairs: small enough for the matrix

  // The rule's parameters are live: a bad bound is refused at its field and the run goes on.
  await expect(page.getByTestId('proj-0-A_plus')).toHaveValue('0.01');
  await page.getByTestId('proj-0-w_min').fill('1');
  await page.getByTestId('proj-0-w_min').dispatchEvent('change');
  await expect(page.getByTestId('proj-0-w_min-error')).toContainText('expected w_min ≤ w_max');

  await runUntil(page, 3000);
  await expect.poll(async () => Number(await page.getByTestId('weights-mean-0').textContent())).not.toBe(meanBefore);
  const after = await barHeights(page);
  expect(after).not.toEqual(before);
  // Depression wins at first (A− > A+): weights gather at w_min, the lowest bin grows.
  expect(after[0]).toBeGreaterThan(before[0]);

  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-learnt-model').click()]);
  const model = JSON.parse(readFileSync(await file.path(), 'utf8'));
  const rows = model.projections[0].connector.connections as number[][];
  expect(model.projections[0].connector.type).toBe('fromList');
  expect(rows).toHaveLength(1000);
  const mean = rows.reduce((a, r) => a + r[2], 0) / rows.length;
  expect(mean).toBeCloseTo(Number(await page.getByTestId('weights-mean-0').textContent()), 3);
});
