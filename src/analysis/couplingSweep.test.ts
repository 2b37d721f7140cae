import { describe, expect, it } from 'vitest';
import { couplingSweep } from './couplingSweep';
import { CPU } from '../engine/backends';

describe('coupling sweep (batched K values as groups)', () => {
  it('Lorentzian Δ = 0.5: the swept r(K) follows √(1 − 2Δ/K) above K_c = 1 and ≈ 0 below (N = 4000 per K, within 0.05)', async () => {
    const Ks = [0.5, 0.8, 1.5, 2, 3, 4];
    const res = await couplingSweep(
      { law: { kind: 'lorentzian', center: 0, spread: 0.5 }, Ks, oscillatorsPerK: 4000, dt: 0.1, settleMs: 80 },
      CPU,
    );
    expect(res.criticalK).toBeCloseTo(1, 12);
    expect(res.theory).toEqual(Ks.map((K) => (K > 1 ? Math.sqrt(1 - 1 / K) : 0)));
    res.r.forEach((r, k) => expect(Math.abs(r - res.theory![k])).toBeLessThan(0.05));
  });
});
