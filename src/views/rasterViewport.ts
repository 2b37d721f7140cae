/**
 * The spike raster's geometry: which rows its viewport shows (zoom about a point, pan, clamp),
 * where a row sits in pixels and which row is under a point, and round ticks for the time axis.
 * Pure (no DOM). A row is one neuron shown (see rasterRows.ts for which neuron).
 */

/** Rows shown: the plot's top edge is at row `first` (fractional), and it spans `count` rows. */
export interface RowViewport {
  readonly first: number; // rows
  readonly count: number; // rows
}

/** The fewest rows a zoom shows (all of them when there are fewer). */
export const MIN_ROWS_SHOWN = 5;

/** Every row. */
export function fullView(numRows: number): RowViewport {
  return { first: 0, count: numRows };
}

export function isFullView(v: RowViewport, numRows: number): boolean {
  return v.first <= 0 && v.count >= numRows;
}

/** `v` kept within rows [0, numRows): at least MIN_ROWS_SHOWN rows (or all), at most all. */
export function clampView(v: RowViewport, numRows: number): RowViewport {
  const count = clampCount(v.count, numRows);
  return { first: Math.min(Math.max(0, v.first), numRows - count), count };
}

function clampCount(count: number, numRows: number): number {
  return Math.min(numRows, Math.max(Math.min(MIN_ROWS_SHOWN, numRows), count));
}

/**
 * Zoomed by `factor` (> 1 in, < 1 out) about the point at `fraction` of the plot's height (0 top,
 * 1 bottom): the row under that point stays under it unless the clamp at 0 or numRows moves it.
 */
export function zoomAbout(v: RowViewport, numRows: number, factor: number, fraction: number): RowViewport {
  const row = v.first + fraction * v.count;
  const count = clampCount(v.count / factor, numRows);
  return clampView({ first: row - fraction * count, count }, numRows);
}

/** Dragged by `dyPx` on a plot `heightPx` tall: the rows move with the pointer (down shows earlier rows). */
export function panByPixels(v: RowViewport, numRows: number, dyPx: number, heightPx: number): RowViewport {
  return clampView({ first: v.first - (dyPx / heightPx) * v.count, count: v.count }, numRows);
}

/** The row at `fraction` of the plot's height (0 top, 1 bottom), or -1 outside rows [0, numRows). */
export function rowAtFraction(v: RowViewport, numRows: number, fraction: number): number {
  const r = Math.floor(v.first + fraction * v.count);
  return r >= 0 && r < numRows ? r : -1;
}

/**
 * The pixel row where row `r` starts on a plot `heightPx` tall (may lie outside the plot). Row r
 * covers [rowTop(r), max(rowTop(r) + 1, rowTop(r + 1))): the pixel whose centre lies in it, and
 * at least one.
 */
export function rowTop(v: RowViewport, r: number, heightPx: number): number {
  return Math.round(((r - v.first) / v.count) * heightPx);
}

/** The first and last rows with any part in view. */
export function rowsInView(v: RowViewport, numRows: number): [number, number] {
  return [Math.max(0, Math.floor(v.first)), Math.min(numRows, Math.ceil(v.first + v.count)) - 1];
}

/** Round ticks in [t0, t1], a step of 1, 2 or 5 × 10^k apart, at most max(2, maxTicks) of them; and the step. */
export function niceTicks(t0: number, t1: number, maxTicks: number): { ticks: number[]; step: number } {
  const span = t1 - t0;
  if (!(span > 0)) return { ticks: [], step: 0 };
  const raw = span / (Math.max(2, maxTicks) - 1); // n ticks span n − 1 steps
  const decade = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * decade).find((s) => s >= raw * (1 - 1e-9))!;
  const ticks: number[] = [];
  for (let k = Math.ceil(t0 / step - 1e-9); k * step <= t1 + step * 1e-9; k++) ticks.push(Number((k * step).toPrecision(12)));
  return { ticks, step };
}

/** A tick's label: as many decimals as its step needs. */
export function tickLabel(t: number, step: number): string {
  return t.toFixed(Math.max(0, Math.ceil(-Math.log10(step) - 1e-9)));
}
