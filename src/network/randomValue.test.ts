import { describe, expect, it } from 'vitest';
import { drawValue } from './randomValue';
import { CounterRng } from '../random/threefry';

describe('drawn values', () => {
  it('normalClipped redraws outside [low, high]: the truncated normal, not a clamp', () => {
    // X ~ N(1, 1) redrawn below 0: E[X] = μ + σ φ(α)/(1 − Φ(α)) with α = −1, = 1.2876;
    // a clamp would put 15.9 % of the draws at exactly 0 and give a mean of 1.0833.
    const rng = new CounterRng(7, 3);
    const n = 200_000;
    let sum = 0;
    let min = Infinity;
    for (let i = 0; i < n; i++) {
      const x = drawValue({ distribution: 'normalClipped', mean: 1, sd: 1, low: 0 }, rng);
      sum += x;
      min = Math.min(min, x);
    }
    const phi = Math.exp(-0.5) / Math.sqrt(2 * Math.PI);
    const expected = 1 + phi / 0.8413447460685429;
    expect(expected).toBeCloseTo(1.2876, 4);
    // SD of the truncated normal ≈ 0.80, so the standard error is 0.0018; 5 of them.
    expect(Math.abs(sum / n - expected)).toBeLessThan(0.009);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(min).toBeLessThan(0.001);
  });

  it('normalClipped with both bounds stays inside them', () => {
    const rng = new CounterRng(1, 1);
    for (let i = 0; i < 10_000; i++) {
      const x = drawValue({ distribution: 'normalClipped', mean: 0, sd: 3, low: -1, high: 2 }, rng);
      expect(x >= -1 && x <= 2).toBe(true);
    }
  });
});
