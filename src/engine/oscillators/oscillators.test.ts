import { describe, expect, it } from 'vitest';
import { parseModel } from '../../model/schema';
import { buildOscillators } from '../../network/buildOscillators';
import { CpuOscillators } from './cpu/cpuOscillators';
import { oscillatorFactsSuite } from './oscillatorFacts.suite';
import { akornModel, symmetricCouplings } from './testModels';
import { CPU } from '../backends';

// The Kuramoto facts, on the CPU twin (oscillators.gpu.test.ts runs them on WebGPU).
oscillatorFactsSuite('cpu', () => CPU);

describe('AKOrN on the CPU twin (Miyato et al. 2025, the update as written)', () => {
  it('N = 2 with scalar couplings: one step turns each angle by exactly atan(γ·v_i)', () => {
    // v_i = ω_i + ⟨y_i, t_i⟩ with t_i the unit tangent: Ω x and Proj_x(y) are both along t_i.
    const n = 6;
    const built = buildOscillators(
      parseModel(
        akornModel({
          n,
          dimension: 2,
          gamma: 0.3,
          frequencies: { distribution: 'gaussian', mean: 0.2, sd: 0.5 },
          couplings: [{ K: 3, connections: symmetricCouplings(n, 7) }],
          stimulus: { random: 0.4 },
        }),
      ),
    );
    const osc = new CpuOscillators(built);
    const before = osc.stateView.slice();
    const y = osc.refreshField().slice();
    osc.advance();
    const after = osc.stateView;
    for (let i = 0; i < n; i++) {
      const a = Math.atan2(before[2 * i + 1], before[2 * i]);
      const t = [-Math.sin(a), Math.cos(a)];
      const v = built.omega[i] + y[2 * i] * t[0] + y[2 * i + 1] * t[1];
      const turned = Math.atan2(after[2 * i + 1], after[2 * i]) - a;
      expect(Math.atan2(Math.sin(turned), Math.cos(turned))).toBeCloseTo(Math.atan(0.3 * v), 12);
    }
  });

  it('the update direction is tangent: ⟨x_i, Δx_i⟩ = 0 (dimension 4 and 8)', () => {
    for (const dimension of [4, 8]) {
      const n = 20;
      const osc = new CpuOscillators(
        buildOscillators(
          parseModel(
            akornModel({
              n,
              dimension,
              frequencies: { distribution: 'uniform', low: -1, high: 1 },
              couplings: [{ K: 2, connections: symmetricCouplings(n, 3) }],
              stimulus: { random: 1 },
            }),
          ),
        ),
      );
      osc.refreshField();
      const d = new Float64Array(dimension);
      let worst = 0;
      for (let i = 0; i < n; i++) {
        osc.akornDirection(i, d);
        let dot = 0;
        let norm = 0;
        for (let k = 0; k < dimension; k++) {
          dot += d[k] * osc.stateView[i * dimension + k];
          norm += d[k] * d[k];
        }
        expect(norm).toBeGreaterThan(1e-6); // a real move, not a zero vector
        worst = Math.max(worst, Math.abs(dot) / Math.sqrt(norm));
      }
      expect(worst).toBeLessThan(1e-14);
    }
  });

  it('stimulus only (J = 0, Ω = 0): x_i → c_i/‖c_i‖', () => {
    const n = 50;
    const built = buildOscillators(parseModel(akornModel({ n, dimension: 4, gamma: 0.5, stimulus: { random: 1.5 } })));
    const osc = new CpuOscillators(built);
    for (let s = 0; s < 200; s++) osc.advance();
    const c = built.stimulus!;
    for (let i = 0; i < n; i++) {
      const norm = Math.hypot(c[4 * i], c[4 * i + 1], c[4 * i + 2], c[4 * i + 3]);
      for (let k = 0; k < 4; k++) expect(osc.stateView[4 * i + k]).toBeCloseTo(c[4 * i + k] / norm, 9);
    }
  });

  it('symmetric J, Ω = 0, small γ: the energy never increases (500 steps, 3 seeds)', () => {
    for (const seed of [1, 2, 3]) {
      const n = 40;
      const osc = new CpuOscillators(
        buildOscillators(
          parseModel(
            akornModel({
              n,
              dimension: 4,
              gamma: 0.02,
              seed,
              couplings: [{ K: 5, connections: symmetricCouplings(n, seed) }],
              stimulus: { random: 0.3 },
            }),
          ),
        ),
      );
      let e = osc.measure().energy;
      const first = e;
      for (let s = 0; s < 500; s++) {
        osc.advance();
        const next = osc.measure().energy;
        expect(next).toBeLessThanOrEqual(e + 1e-12);
        e = next;
      }
      expect(e).toBeLessThan(first - 0.1); // it did descend
    }
  });

  it('with natural frequencies (Ω ≠ 0) the energy does rise at times (the check above can fail)', () => {
    const n = 40;
    const osc = new CpuOscillators(
      buildOscillators(
        parseModel(
          akornModel({
            n,
            dimension: 4,
            gamma: 0.02,
            frequencies: { distribution: 'gaussian', mean: 0, sd: 2 },
            couplings: [{ K: 5, connections: symmetricCouplings(n, 5) }],
          }),
        ),
      ),
    );
    let rises = 0;
    let e = osc.measure().energy;
    for (let s = 0; s < 300; s++) {
      osc.advance();
      const next = osc.measure().energy;
      if (next > e + 1e-12) rises++;
      e = next;
    }
    expect(rises).toBeGreaterThan(0);
  });
});
