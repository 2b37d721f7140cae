import { describe, expect, it } from 'vitest';
import { poissonCdfTable, poissonCount } from './poissonTable';
import { threefry2x32, uniform01 } from '../random/threefry';

describe('Poisson draws by table lookup', () => {
  it.each([0.001, 0.5, 2, 30, 200])('λ = %d: mean and variance ≈ λ', (lambda) => {
    const cdf = poissonCdfTable(lambda);
    expect(cdf[cdf.length - 1]).toBe(1);
    const out = new Uint32Array(2);
    const n = 100_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      threefry2x32(9, 9, i, 0, out);
      const k = poissonCount(uniform01(out[0]), cdf);
      s += k;
      s2 += k * k;
    }
    const mean = s / n;
    const variance = s2 / n - mean * mean;
    expect(Math.abs(mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / n) + 1e-9);
    expect(Math.abs(variance - lambda) / lambda).toBeLessThan(0.05 + 5 / Math.sqrt(n * lambda));
  });

  it('rate 0 never gives an event', () => {
    expect(poissonCount(0.999999, poissonCdfTable(0))).toBe(0);
  });
});
