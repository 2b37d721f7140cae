import { describe, expect, it } from 'vitest';
import { CounterRng, threefry2x32, uniform01 } from './threefry';

describe('threefry2x32-20', () => {
  // Known-answer vectors from Random123's kat_vectors (threefry2x32_20).
  it.each([
    [
      [0, 0],
      [0, 0],
      [0x6b200159, 0x99ba4efe],
    ],
    [
      [0xffffffff, 0xffffffff],
      [0xffffffff, 0xffffffff],
      [0x1cb996fc, 0xbb002be7],
    ],
    [
      [0x243f6a88, 0x85a308d3],
      [0x13198a2e, 0x03707344],
      [0xc4923a9c, 0x483df7a0],
    ],
  ])('counter %j key %j gives %j', (ctr, key, expected) => {
    const out = new Uint32Array(2);
    threefry2x32(key[0], key[1], ctr[0], ctr[1], out);
    expect([out[0], out[1]]).toEqual(expected);
  });

  it('uniform01 is in [0,1) and uses 24 bits', () => {
    expect(uniform01(0)).toBe(0);
    expect(uniform01(0xffffffff)).toBe(1 - 2 ** -24);
    expect(Math.fround(uniform01(0x12345678))).toBe(uniform01(0x12345678));
  });

  it('draws uniform doubles with the right mean and variance', () => {
    const rng = new CounterRng(7, 3);
    let s = 0;
    let s2 = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const x = rng.nextDouble();
      s += x;
      s2 += x * x;
    }
    expect(s / n).toBeCloseTo(0.5, 2);
    expect(s2 / n - (s / n) ** 2).toBeCloseTo(1 / 12, 2);
  });

  it('different streams are different sequences', () => {
    expect(new CounterRng(1, 1).nextDouble()).not.toBe(new CounterRng(1, 2).nextDouble());
  });
});
