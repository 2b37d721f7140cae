import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { PNG } from 'pngjs';

/**
 * Sets "Run until", presses Run, and waits for the page to reach that simulated time: it waits on
 * that state, bounded only by the test's own timeout (sized far above the run's duration here)
 * unless told otherwise, however slow the machine.
 */
export async function runUntil(page: Page, ms: number, timeout = 0): Promise<void> {
  await page.getByTestId('until').fill(String(ms));
  await page.getByTestId('until').dispatchEvent('change');
  await page.getByTestId('run-until').click();
  await expect(page.getByTestId('sim-time')).toHaveText(ms.toFixed(1), { timeout });
  await expect(page.getByTestId('state')).toHaveText('paused');
}

/** The NIR paper's input for lif_norse.nir as a CSV (time_ms,value at dt = 0.1 ms), from public/data/nir/lif_exact.csv. */
export function nirLifInputCsv(): string {
  const exact = readFileSync('public/data/nir/lif_exact.csv', 'utf8').trim().split('\n');
  return ['time_ms,value', ...exact.map((l, k) => `${+(k * 0.1).toFixed(6)},${Number(l.split(',')[0])}`)].join('\n') + '\n';
}

/** Sets a live parameter field as a user would: type the value, then leave the field. */
export async function setField(page: Page, id: string, value: string): Promise<void> {
  await page.getByTestId(id).fill(value);
  await page.getByTestId(id).dispatchEvent('change');
}

/** Population 0's colour (E, orange) at the RGBA pixel starting at byte k. */
export function isOrange(data: Uint8Array, k: number): boolean {
  return data[k] > 150 && data[k + 1] < 120 && data[k + 2] < 80;
}

/** Population 1's colour (I, blue) at the RGBA pixel starting at byte k. */
export function isBlue(data: Uint8Array, k: number): boolean {
  return data[k + 2] > 150 && data[k] < 80 && data[k + 1] < 160;
}

/** Counts the raster's population colours in a screenshot (E orange, I blue). */
export function colouredPixels(png: Buffer): { orange: number; blue: number } {
  const img = PNG.sync.read(png);
  let orange = 0;
  let blue = 0;
  for (let k = 0; k < img.data.length; k += 4) {
    if (isOrange(img.data, k)) orange++;
    if (isBlue(img.data, k)) blue++;
  }
  return { orange, blue };
}

/** Fraction of pixels that differ between two screenshots of the same size. */
export function differingFraction(a: Buffer, b: Buffer): number {
  const x = PNG.sync.read(a);
  const y = PNG.sync.read(b);
  if (x.width !== y.width || x.height !== y.height) return 1;
  let diff = 0;
  for (let k = 0; k < x.data.length; k += 4)
    if (x.data[k] !== y.data[k] || x.data[k + 1] !== y.data[k + 1] || x.data[k + 2] !== y.data[k + 2]) diff++;
  return diff / (x.width * x.height);
}
