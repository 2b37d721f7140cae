import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { colouredPixels, differingFraction, runUntil } from './helpers';

/** The raster's plot on its canvas (CSS px; the neuron axis to its left, the time axis below). */
async function plotArea(page: Page): Promise<{ left: number; width: number; height: number }> {
  return page
    .locator('spike-raster')
    .evaluate((el) => (el as HTMLElement & { plotArea(): { left: number; width: number; height: number } }).plotArea());
}

/** Page coordinates of the point at fractions (fx, fy) of the raster's plot. */
async function plotPoint(page: Page, fx: number, fy: number): Promise<{ x: number; y: number }> {
  const raster = page.locator('spike-raster');
  await raster.scrollIntoViewIfNeeded();
  const area = await plotArea(page);
  const canvas = (await raster.locator('canvas').boundingBox())!;
  return { x: canvas.x + 1 + area.left + fx * area.width, y: canvas.y + 1 + fy * area.height }; // + 1: the border
}

/** The neuron the tooltip names after moving the pointer to (fx, fy) of the plot. */
async function hoverAt(page: Page, fx: number, fy: number): Promise<{ neuron: number; population: string; local: number; text: string }> {
  const at = await plotPoint(page, fx, fy);
  await page.mouse.move(at.x, at.y);
  const tip = page.getByTestId('raster-hover');
  await expect(tip).toBeVisible();
  return {
    neuron: Number(await tip.getAttribute('data-neuron')),
    population: (await tip.getAttribute('data-population'))!,
    local: Number(await tip.getAttribute('data-local')),
    text: await tip.innerText(),
  };
}

/** The first and last neuron of the range label ("neurons 3,120–6,245 of 12,500"). */
async function shownRange(label: Locator): Promise<[number, number]> {
  const m = /(\d[\d,]*)–(\d[\d,]*)/.exec((await label.textContent()) ?? '');
  expect(m).not.toBeNull();
  return [Number(m![1].replaceAll(',', '')), Number(m![2].replaceAll(',', ''))];
}

test('brunel-ai raster: the tooltip names the neuron under the pointer; the wheel zooms about it, a drag pans, reset restores', async ({
  page,
}) => {
  await page.goto('/?model=brunel-ai');
  await runUntil(page, 100);
  const plotHeight = (await plotArea(page)).height;
  const rowsPerPx = 12500 / plotHeight;

  // E fills the upper 80 % (neurons 0–9,999), I the lower 20 %
  const e = await hoverAt(page, 0.05, 0.4);
  expect(e.population).toBe('E');
  expect(Math.abs(e.neuron - 0.4 * 12500)).toBeLessThanOrEqual(2 * rowsPerPx);
  expect(e.local).toBe(e.neuron);
  expect(e.text).toContain(`E #${e.neuron.toLocaleString('en')}`);
  expect(e.text).toMatch(/t = [0-9.]+ ms/);
  const i = await hoverAt(page, 0.05, 0.9);
  expect(i.population).toBe('I');
  expect(Math.abs(i.neuron - 0.9 * 12500)).toBeLessThanOrEqual(2 * rowsPerPx);
  expect(i.local).toBe(i.neuron - 10000);

  const range = page.getByTestId('raster-range');
  await expect(range).toHaveText('neurons 0–12,499 of 12,500');
  const reset = page.getByTestId('raster-reset-zoom');
  await expect(reset).toBeDisabled();

  // zoom in about the pointer at 40 %: fewer neurons shown, the one under the pointer stays there
  await hoverAt(page, 0.05, 0.4);
  await page.mouse.wheel(0, -600); // 2^(600/300) = 4 times
  await expect(range).not.toHaveText('neurons 0–12,499 of 12,500');
  const [a, b] = await shownRange(range);
  expect(b - a + 1).toBeLessThan(12500 / 3);
  expect(a).toBeLessThan(e.neuron);
  expect(b).toBeGreaterThan(e.neuron);
  const still = await hoverAt(page, 0.05, 0.4);
  expect(Math.abs(still.neuron - e.neuron)).toBeLessThanOrEqual(2 * rowsPerPx);
  const lower = await hoverAt(page, 0.05, 0.9); // no longer in I: zoomed into E
  expect(lower.population).toBe('E');
  expect(lower.neuron).toBeLessThan(i.neuron - 1000);
  await expect(reset).toBeEnabled();

  // dragging down by a quarter of the plot shows earlier neurons
  const from = await plotPoint(page, 0.5, 0.4);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x, from.y + plotHeight / 4, { steps: 4 });
  await page.mouse.up();
  await expect.poll(async () => (await shownRange(range))[0]).toBeLessThan(a - (b - a) / 8);
  const [a2, b2] = await shownRange(range);
  expect(b2 - a2).toBe(b - a);

  await reset.click();
  await expect(range).toHaveText('neurons 0–12,499 of 12,500');
  await expect(reset).toBeDisabled();
  expect((await hoverAt(page, 0.05, 0.9)).population).toBe('I');

  // the 3D view's legend names the two populations
  const legend = page.getByTestId('network-legend');
  await expect(legend).toContainText('Colours: population');
  await expect(legend.getByTestId('legend-entry')).toHaveText([/E \(10,000\)/, /I \(2,500\)/]);
});

test('brunel-ai raster: showing the first 100 neurons per population draws sparse rows instead of a block', async ({ page }) => {
  await page.goto('/?model=brunel-ai');
  await runUntil(page, 100);
  await page.mouse.move(0, 0); // no tooltip over the plot
  const canvas = page.locator('spike-raster canvas');
  const all = await canvas.screenshot();
  const before = colouredPixels(all);
  expect(before.orange).toBeGreaterThan(1000);
  expect(before.blue).toBeGreaterThan(100);

  await page.getByTestId('raster-subset').selectOption('100');
  await expect(page.getByTestId('raster-range')).toHaveText('rows 0–199 of 200');
  const subset = await canvas.screenshot();
  const after = colouredPixels(subset);
  // each row is one neuron now, not 50: far fewer pixels lit, still both populations
  expect(after.orange).toBeLessThan(0.5 * before.orange);
  expect(after.orange).toBeGreaterThan(20);
  expect(after.blue).toBeGreaterThan(20);
  // I has half the rows now rather than a fifth
  expect(after.blue / after.orange).toBeGreaterThan((2 * before.blue) / before.orange);
  expect(differingFraction(all, subset)).toBeGreaterThan(0.01);

  // the rows map to each population's first 100
  const top = await hoverAt(page, 0.05, 0.25);
  expect(top.population).toBe('E');
  expect(top.neuron).toBeLessThan(100);
  const bottom = await hoverAt(page, 0.05, 0.75);
  expect(bottom.population).toBe('I');
  expect(bottom.local).toBeLessThan(100);
  expect(bottom.neuron).toBe(10000 + bottom.local);

  await page.getByTestId('raster-subset').selectOption('all');
  await expect(page.getByTestId('raster-range')).toHaveText('neurons 0–12,499 of 12,500');
});

test('celegans: the 3D legend lists the cell types in words; the raster tooltip names the neuron', async ({ page }) => {
  // the distinct cell types of the bundled table
  const [header, ...lines] = readFileSync('public/data/celegans/neurons.csv', 'utf8').trim().split('\n');
  const k = header.split(',').indexOf('types');
  const types = new Set(lines.map((l) => l.split(',')[k]));

  await page.goto('/?model=celegans');
  await expect(page.getByTestId('sel-celltype')).toBeVisible({ timeout: 60_000 });
  const legend = page.getByTestId('network-legend');
  await expect(legend).toContainText('Colours: cell type');
  await expect(legend.getByTestId('legend-entry')).toHaveCount(types.size);
  await expect(legend).toContainText('motor neuron (drives muscles)');
  await expect(legend).toContainText('interneuron and motor neuron');
  // clicks pass through the legend's list to the neurons under it
  await legend.scrollIntoViewIfNeeded();
  const hit = await legend.evaluate((el) => {
    const r = el.querySelector('ul')!.getBoundingClientRect();
    return (el.getRootNode() as ShadowRoot).elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)?.tagName;
  });
  expect(hit).toBe('CANVAS');
  await page.getByTestId('colour-by').selectOption('activity');
  await expect(legend).toContainText('grey = quiet');
  await expect(legend.getByTestId('legend-entry')).toHaveCount(types.size + 1);

  const { names, population } = await page.evaluate(() => {
    const app = document.querySelector('luciole-app') as HTMLElement & {
      lab: { run: { model: { populations: { name: string; neuronInfo: { names: string[] } }[] } } };
    };
    const pop = app.lab.run.model.populations[0];
    return { names: pop.neuronInfo.names, population: pop.name };
  });
  expect(names).toHaveLength(303);
  const plotHeight = (await plotArea(page)).height;
  const who = await hoverAt(page, 0.5, 0.5);
  expect(Math.abs(who.neuron - 151)).toBeLessThanOrEqual(2);
  expect(who.population).toBe(population);
  expect(who.text).toContain(names[who.neuron]);
  // zoomed in about the touch receptor ALML: the neuron under the pointer stays there, 5 rows shown
  const alml = names.indexOf('ALML');
  const fy = (alml + 0.5) / 303;
  const near = await hoverAt(page, 0.5, fy);
  expect(Math.abs(near.neuron - alml)).toBeLessThanOrEqual(1);
  await page.mouse.wheel(0, -1800); // 2^6 = 64 times: the fewest rows, 5
  await expect(page.getByTestId('raster-range')).not.toHaveText('neurons 0–302 of 303');
  const [a, b] = await shownRange(page.getByTestId('raster-range'));
  expect(b - a).toBeLessThanOrEqual(5);
  expect(a).toBeLessThanOrEqual(alml);
  expect(b).toBeGreaterThanOrEqual(alml);
  expect((await hoverAt(page, 0.5, fy)).neuron).toBe(near.neuron);
  const rowPx = plotHeight / 5;
  const there = await hoverAt(page, 0.5, fy + ((alml - near.neuron) * rowPx) / plotHeight);
  expect(there.neuron).toBe(alml);
  expect(there.text).toContain('ALML');
});

test('the raster zooms and pans by keyboard: + zooms the neuron axis about its middle, ↓ pans, − and 0 restore', async ({ page }) => {
  await page.goto('/?model=cuba');
  await expect(page.getByTestId('play')).toBeEnabled();
  await expect(page.getByTestId('raster-range')).toHaveText('neurons 0–3,999 of 4,000');
  await page.evaluate(() => {
    const w = window as unknown as { keysSeen: string[] };
    w.keysSeen = [];
    window.addEventListener('keydown', (e) => w.keysSeen.push(e.key));
  });
  await page.locator('spike-raster canvas').focus();
  await page.keyboard.press('+');
  await expect(page.getByTestId('raster-range')).toHaveText('neurons 1,000–2,999 of 4,000');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('raster-range')).toHaveText('neurons 1,500–3,499 of 4,000');
  await page.keyboard.press('-');
  await expect(page.getByTestId('raster-range')).toHaveText('neurons 0–3,999 of 4,000');
  await page.keyboard.press('+');
  await page.keyboard.press('0');
  await expect(page.getByTestId('raster-range')).toHaveText('neurons 0–3,999 of 4,000');
  // The keys stayed with the raster: none reached the window, where the lab's shortcuts listen.
  expect(await page.evaluate(() => (window as unknown as { keysSeen: string[] }).keysSeen)).toEqual([]);
  await page.keyboard.press('Control+0'); // the browser's own zoom keys pass
  expect(await page.evaluate(() => (window as unknown as { keysSeen: string[] }).keysSeen)).toContain('0');
});
