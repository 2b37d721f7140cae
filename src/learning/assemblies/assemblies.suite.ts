/**
 * Facts of the assembly calculus (Papadimitriou et al. 2020, PNAS 117:14464, Fig. 2 and its
 * convergence theorem) on any backend, at n = 10⁴, k = 100, p = 0.01 (the paper: n = 10⁵,
 * k = 317, p = 0.01; the benchmark runs that size on a GPU): with β > 0 the support stops growing
 * and the winners repeat (an assembly forms within about 20 rounds); with β = 0 it keeps growing.
 */
import { describe, expect, it } from 'vitest';
import { buildAssemblyGraph, type AssemblyArea, type AssemblyGraph, type AssemblyOptions } from './assemblyArea';

export const SUITE_AREA: AssemblyOptions = { n: 10_000, k: 100, p: 0.01, beta: 0.1, rule: 'hebbian', seed: 1 };

export function assemblySuite(label: string, make: (g: AssemblyGraph) => AssemblyArea): void {
  describe(`the assembly calculus on the ${label} backend (n = 10⁴, k = 100, p = 0.01)`, () => {
    for (const rule of ['hebbian', 'stdp'] as const)
      it(`${rule}, β = 0.1: the support saturates and the winners repeat within 20 rounds (an assembly)`, async () => {
        const area = make(buildAssemblyGraph({ ...SUITE_AREA, rule }));
        const r = await area.run(40);
        area.destroy();
        expect(r[39].support).toBe(r[19].support); // nothing new after round 20
        expect(r[19].overlap).toBeGreaterThanOrEqual(95); // ≥ 95 % of the winners won the round before
        expect(r[19].support).toBeLessThan(4 * SUITE_AREA.k);
      });

    it('β = 0: the support keeps growing (no assembly forms)', async () => {
      const area = make(buildAssemblyGraph({ ...SUITE_AREA, beta: 0 }));
      const r = await area.run(40);
      area.destroy();
      expect(r[39].support - r[19].support).toBeGreaterThan(SUITE_AREA.k);
      expect(r[39].overlap).toBeLessThan(50);
    });
  });
}
