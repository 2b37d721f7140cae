import { describe, expect, it } from 'vitest';
import { currentToVoltagePropagator } from './propagators';

describe('propagators', () => {
  it('current-to-voltage propagator matches numerical integration', () => {
    for (const [tm, ts] of [
      [20, 5],
      [10, 10],
      [20, 19.999999],
      [5, 20],
    ]) {
      const dt = 0.1;
      // ∫₀^dt e^{-(dt-s)/τm} e^{-s/τs} ds / cm with cm = 1 by the midpoint rule
      let sum = 0;
      const m = 100_000;
      for (let k = 0; k < m; k++) {
        const s = ((k + 0.5) * dt) / m;
        sum += Math.exp(-(dt - s) / tm) * Math.exp(-s / ts);
      }
      expect(currentToVoltagePropagator(dt, tm, ts, 1)).toBeCloseTo((sum * dt) / m, 10);
    }
  });
});
