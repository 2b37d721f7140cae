import { describe, expect, it } from 'vitest';
import {
  MIN_ROWS_SHOWN,
  clampView,
  fullView,
  isFullView,
  niceTicks,
  panByPixels,
  rowAtFraction,
  rowTop,
  rowsInView,
  tickLabel,
  zoomAbout,
} from './rasterViewport';

const N = 12500;

describe('raster viewport', () => {
  it('zooming in and then out by the same factor about the same point returns the full range', () => {
    for (const fraction of [0, 0.3, 0.5, 0.97, 1]) {
      const zoomed = zoomAbout(fullView(N), N, 4, fraction);
      expect(zoomed.count).toBe(N / 4);
      const back = zoomAbout(zoomed, N, 1 / 4, fraction);
      expect(back.first).toBeCloseTo(0, 9);
      expect(back.count).toBeCloseTo(N, 9);
    }
  });

  it('zooming in and out inside the range returns the range it started from', () => {
    const v = { first: 3000, count: 1000 };
    const back = zoomAbout(zoomAbout(v, N, 2.5, 0.2), N, 1 / 2.5, 0.2);
    expect(back.first).toBeCloseTo(3000, 9);
    expect(back.count).toBeCloseTo(1000, 9);
  });

  it('keeps the row under the pointer under the pointer', () => {
    let v = fullView(N);
    const fraction = 0.37;
    const under = v.first + fraction * v.count; // row 4625, fractional
    for (const factor of [2, 3, 1.5, 10]) {
      v = zoomAbout(v, N, factor, fraction);
      expect(v.first + fraction * v.count).toBeCloseTo(under, 6);
      expect(rowAtFraction(v, N, fraction)).toBe(Math.floor(under));
    }
  });

  it('clamps at row 0 and at numRows, and never shows fewer than MIN_ROWS_SHOWN rows or more than all', () => {
    const top = zoomAbout({ first: 0, count: 100 }, N, 1 / 3, 0.9); // zoom out near the top: 300 rows, clamped at 0
    expect(top).toEqual({ first: 0, count: 300 });
    const bottom = zoomAbout({ first: N - 100, count: 100 }, N, 1 / 3, 0.1); // near the end: clamped at numRows
    expect(bottom).toEqual({ first: N - 300, count: 300 });
    expect(zoomAbout(fullView(N), N, 1 / 2, 0.5)).toEqual(fullView(N)); // no further out than all
    expect(zoomAbout({ first: 50, count: 10 }, N, 100, 0.5)).toEqual({ first: 50 + 5 - MIN_ROWS_SHOWN / 2, count: MIN_ROWS_SHOWN });
    expect(clampView({ first: -20, count: 50 }, N)).toEqual({ first: 0, count: 50 });
    expect(clampView({ first: N, count: 50 }, N)).toEqual({ first: N - 50, count: 50 });
    expect(clampView({ first: 0, count: 1 }, 3)).toEqual({ first: 0, count: 3 }); // fewer rows than the minimum: all of them
    expect(isFullView(fullView(N), N)).toBe(true);
    expect(isFullView(top, N)).toBe(false);
  });

  it('drags the rows with the pointer, clamped', () => {
    const v = { first: 1000, count: 500 };
    expect(panByPixels(v, N, 100, 250)).toEqual({ first: 800, count: 500 }); // down by 2/5 of the plot: 200 earlier rows
    expect(panByPixels(v, N, -100, 250)).toEqual({ first: 1200, count: 500 });
    expect(panByPixels(v, N, 1e6, 250)).toEqual({ first: 0, count: 500 });
    expect(panByPixels(v, N, -1e6, 250)).toEqual({ first: N - 500, count: 500 });
  });

  it('maps a pixel to the row drawn there', () => {
    const heightPx = 250;
    for (const v of [
      { first: 1234.5, count: 20 },
      { first: 0, count: 250 },
      { first: 7.25, count: 100 },
    ]) {
      for (let y = 0; y < heightPx; y++) {
        const r = rowAtFraction(v, N, (y + 0.5) / heightPx); // the pixel's centre
        const y0 = rowTop(v, r, heightPx);
        const y1 = Math.max(y0 + 1, rowTop(v, r + 1, heightPx));
        expect(y).toBeGreaterThanOrEqual(y0);
        expect(y).toBeLessThan(y1);
      }
    }
    // zoomed out, 50 rows share a pixel: the row under a pixel is drawn within a pixel of it
    for (let y = 0; y < heightPx; y++)
      expect(Math.abs(rowTop(fullView(N), rowAtFraction(fullView(N), N, (y + 0.5) / heightPx), heightPx) - y)).toBeLessThanOrEqual(1);
    expect(rowAtFraction(fullView(N), N, 0)).toBe(0);
    expect(rowAtFraction(fullView(N), N, 0.99999)).toBe(N - 1);
    expect(rowAtFraction(fullView(N), N, 1)).toBe(-1); // past the last row
    expect(rowAtFraction(fullView(N), N, 0.8)).toBe(10000); // brunel-ai: the first I neuron at 80 %
    expect(rowsInView({ first: 10.5, count: 20 }, N)).toEqual([10, 30]);
    expect(rowsInView(fullView(N), N)).toEqual([0, N - 1]);
  });
});

describe('time axis ticks', () => {
  it('puts round ticks over the window, no more than asked', () => {
    expect(niceTicks(0, 1000, 6)).toEqual({ ticks: [0, 200, 400, 600, 800, 1000], step: 200 });
    expect(niceTicks(1234.5, 2234.5, 6)).toEqual({ ticks: [1400, 1600, 1800, 2000, 2200], step: 200 });
    expect(niceTicks(0, 1, 3).ticks).toEqual([0, 0.5, 1]);
    expect(niceTicks(0.1, 0.4, 4)).toEqual({ ticks: [0.1, 0.2, 0.3, 0.4], step: 0.1 });
    for (const n of [2, 3, 5, 8, 13]) expect(niceTicks(17, 1017, n).ticks.length).toBeLessThanOrEqual(n);
    expect(niceTicks(5, 5, 4).ticks).toEqual([]);
  });

  it('labels ticks with the decimals their step needs', () => {
    expect(tickLabel(400, 200)).toBe('400');
    expect(tickLabel(0.5, 0.5)).toBe('0.5');
    expect(tickLabel(0.3, 0.1)).toBe('0.3');
    expect(tickLabel(0.25, 0.05)).toBe('0.25');
  });
});
