import { describe, expect, it } from 'vitest';
import { alphaRiseToVoltagePropagator, currentToVoltagePropagator } from './lifPropagators';

/** ∫₀^dt e^{-(dt-s)/τm} f(s) ds by the midpoint rule (cm = 1). */
function midpoint(dt: number, tm: number, f: (s: number) => number): number {
  let sum = 0;
  const m = 100_000;
  for (let k = 0; k < m; k++) {
    const s = ((k + 0.5) * dt) / m;
    sum += Math.exp(-(dt - s) / tm) * f(s);
  }
  return (sum * dt) / m;
}

const PAIRS = [
  [20, 5],
  [10, 10],
  [20, 19.999999],
  [5, 20],
  [20, 0.5],
];

describe('LIF propagators (Rotter & Diesmann 1999)', () => {
  it('current-to-voltage propagator matches numerical integration', () => {
    for (const [tm, ts] of PAIRS) {
      const dt = 0.1;
      expect(currentToVoltagePropagator(dt, tm, ts, 1)).toBeCloseTo(
        midpoint(dt, tm, (s) => Math.exp(-s / ts)),
        10,
      );
    }
  });

  it('alpha rise-to-voltage propagator matches numerical integration, on both sides of its series switch', () => {
    for (const [tm, ts] of PAIRS)
      for (const dt of [0.1, 1]) {
        const want = midpoint(dt, tm, (s) => s * Math.exp(-s / ts));
        expect(Math.abs(alphaRiseToVoltagePropagator(dt, tm, ts, 1) - want) / want).toBeLessThan(1e-8);
      }
  });
});
