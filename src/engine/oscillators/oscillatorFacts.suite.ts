/**
 * Kuramoto and AKOrN facts every oscillator backend must reproduce, and how each stops on a
 * non-finite state (run on the CPU twin by
 * oscillators.test.ts and on WebGPU by oscillators.gpu.test.ts). Each compares numbers with a
 * closed form or a theorem, so each can fail.
 */
import { describe, expect, it } from 'vitest';
import { kuramotoSweep } from '../../analysis/couplingSweep';
import { akornModel, kuramotoAllToAll, kuramotoTwo } from './testModels';
import { criticalCoupling, stationaryOrderParameter, twoOscillatorLocking } from '../../analysis/kuramotoTheory';
import { Run } from '../run';
import { type RunTarget } from '../backends';

const meanOf = (a: Float32Array, from: number) => a.subarray(from).reduce((s, x) => s + x, 0) / (a.length - from);

export function oscillatorFactsSuite(label: string, factory: () => RunTarget): void {
  describe(`Kuramoto facts on the ${label} backend`, () => {
    it('Lorentzian Δ = 0.5, N = 10⁴: r = √(1 − 2Δ/K) above K_c = 2Δ (K = 2 → 0.707) and r ≈ 0 below, within 0.03', async () => {
      // One run, two groups: K = 2 (above K_c = 1) and K = 0.5 (below). Finite-N tolerance: the
      // incoherent state has r ~ 1/√N = 0.01; the sampled half-width deviates by ~1 %.
      const sim = await Run.create(
        kuramotoSweep({ n: 10_000, Ks: [2, 0.5], frequencies: { distribution: 'lorentzian', center: 0, halfWidth: 0.5 }, dt: 0.05 }),
        factory(),
      );
      await sim.run(60);
      const above = meanOf(sim.orderSeries(0).r, 600);
      const below = meanOf(sim.orderSeries(1).r, 600);
      expect(Math.abs(above - Math.sqrt(1 - 1 / 2))).toBeLessThan(0.03);
      expect(below).toBeLessThan(0.03);
      sim.destroy();
    });

    it('Gaussian σ = 1, N = 5000: onset near K_c = σ√(8/π) ≈ 1.596 (r small at 0.8 K_c, theory at 1.5 K_c and 2 K_c within 0.04)', async () => {
      const law = { kind: 'gaussian' as const, center: 0, spread: 1 };
      const Kc = criticalCoupling(law);
      expect(Kc).toBeCloseTo(1.5958, 3);
      const factors = [0.8, 1.5, 2];
      const sim = await Run.create(
        kuramotoSweep({ n: 5000, Ks: factors.map((f) => f * Kc), frequencies: { distribution: 'gaussian', mean: 0, sd: 1 }, dt: 0.05 }),
        factory(),
      );
      await sim.run(80);
      const r = factors.map((_, k) => meanOf(sim.orderSeries(k).r, 1000));
      expect(r[0]).toBeLessThan(0.06);
      expect(Math.abs(r[1] - stationaryOrderParameter(law, 1.5 * Kc))).toBeLessThan(0.04);
      expect(Math.abs(r[2] - stationaryOrderParameter(law, 2 * Kc))).toBeLessThan(0.04);
      sim.destroy();
    });

    it.each([
      [0.8, 1],
      [-0.5, 1],
      [1.2, 1],
    ])('two oscillators, Δω = %d, K = %d: lock at asin(Δω/K) iff |Δω| ≤ K, else drift at √(Δω² − K²)', async (dw, K) => {
      const sim = await Run.create(kuramotoTwo(dw, K, 400), factory());
      const theory = twoOscillatorLocking(dw, K);
      const diff = async () => {
        const th = await sim.readOscillatorState();
        return th[1] - th[0];
      };
      await sim.run(100); // settle
      if (theory.locked) {
        const d = await diff();
        const wrapped = Math.atan2(Math.sin(d), Math.cos(d));
        expect(Math.abs(wrapped - theory.phaseDifference)).toBeLessThan(1e-3);
        await sim.run(100);
        const later = await diff();
        expect(Math.abs(Math.atan2(Math.sin(later - d), Math.cos(later - d)))).toBeLessThan(1e-3);
      } else {
        // Unwrap Δθ sampled every 0.5 ms over 200 ms and fit its mean rate.
        let prev = await diff();
        let unwrapped = 0;
        for (let k = 0; k < 400; k++) {
          await sim.run(0.5);
          const d = await diff();
          unwrapped += Math.atan2(Math.sin(d - prev), Math.cos(d - prev));
          prev = d;
        }
        const rate = unwrapped / 200;
        expect(Math.abs(rate - theory.driftFrequency) / Math.abs(theory.driftFrequency)).toBeLessThan(0.02);
      }
      sim.destroy();
    });

    it('independent uniform phases: E[r²] = 1/N (64 groups of N = 100, K = 0, 12,800 samples), within 5 %', async () => {
      // ω ~ N(0, 1 rad/ms) and dt = 1 ms: the phases decorrelate from one step to the next
      // (RK4 is exact for K = 0), so every row is a fresh sample of the GPU reduction.
      const sim = await Run.create(
        kuramotoSweep({ n: 100, Ks: new Array(64).fill(0), frequencies: { distribution: 'gaussian', mean: 0, sd: 1 }, dt: 1 }),
        factory(),
      );
      await sim.run(200);
      let sum = 0;
      let count = 0;
      for (let g = 0; g < 64; g++) {
        const r = sim.orderSeries(g).r;
        for (let k = 1; k < r.length; k++) {
          sum += r[k] * r[k];
          count++;
        }
      }
      expect(Math.abs(sum / count / 0.01 - 1)).toBeLessThan(0.05);
      sim.destroy();
    });

    it('identical oscillators with K > 0 synchronise: r → 1 (N = 1000, K = 1)', async () => {
      const sim = await Run.create(kuramotoAllToAll({ n: 1000, K: 1, frequencies: 0.3, durationMs: 60 }), factory());
      await sim.run(60);
      expect(sim.orderSeries().r.at(-1)).toBeGreaterThan(0.9999);
      sim.destroy();
    });

    it('Heun and RK4 agree on the two-oscillator locking angle', async () => {
      const m = kuramotoTwo(0.6, 1, 100);
      m.oscillators!.integrator = 'heun';
      const sim = await Run.create(m, factory());
      await sim.run(100);
      const th = await sim.readOscillatorState();
      const d = th[1] - th[0];
      expect(Math.abs(Math.atan2(Math.sin(d), Math.cos(d)) - Math.asin(0.6))).toBeLessThan(1e-3);
      sim.destroy();
    });
  });

  describe(`a state that becomes NaN on the ${label} backend`, () => {
    it('stops the run naming the group and step, keeps the rows before it, and refuses to go on until a reset', async () => {
      const sim = await Run.create(akornModel({ n: 4, dimension: 2, allToAllK: 1e300 }), factory());
      const err = await sim.runSteps(50).then(
        () => null,
        (e: Error) => e,
      );
      expect(err?.message).toMatch(/oscillator group "x" has a non-finite state \(NaN or ±Inf\) at step \d+/);
      const kept = sim.orderSeries().r;
      expect(kept.length).toBeGreaterThanOrEqual(1);
      expect(kept.every(Number.isFinite)).toBe(true);
      await expect(sim.runSteps(1)).rejects.toThrow('non-finite');
      sim.reset();
      sim.setCouplingStrength(0, 1); // on the GPU this also recomputes the AKOrN field the reset left
      await sim.runSteps(5);
      expect(sim.orderSeries().r.length).toBe(6);
      sim.destroy();
    });
  });
}
