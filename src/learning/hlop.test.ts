import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CounterRng } from '../random/threefry';
import { DEFAULT_CONTINUAL, principalCosines, runContinual, symmetricEigenvalues } from './continual';
import { parseDigitsCsv, parseDigitsGzip } from './digits';
import { Subspace } from './hlop';

/** B samples from a k-dimensional subspace of R^n (orthonormal basis U, k × n) plus `noise` relative Gaussian noise. */
function subspaceData(n: number, k: number, B: number, noise: number, rng: CounterRng): { U: Float64Array; X: Float64Array } {
  const s = new Subspace(n);
  s.addRows(k, rng);
  const U = s.rows;
  const X = new Float64Array(B * n);
  for (let b = 0; b < B; b++) {
    for (let r = 0; r < k; r++) {
      const c = rng.nextNormal();
      for (let i = 0; i < n; i++) X[b * n + i] += c * U[r * n + i];
    }
    for (let i = 0; i < n; i++) X[b * n + i] += noise * rng.nextNormal();
  }
  return { U, X };
}

function gram(H: Float64Array, m: number, n: number): Float64Array {
  const G = new Float64Array(m * m);
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) for (let i = 0; i < n; i++) G[a * m + b] += H[a * n + i] * H[b * n + i];
  return G;
}

describe('HLOP subspace neurons (Hebbian / anti-Hebbian, CPU)', () => {
  it('learn orthonormal rows spanning a k-dimensional input subspace (1 % noise): ‖HHᵀ − I‖ and the principal angles to it small', () => {
    const n = 32;
    const k = 5;
    const rng = new CounterRng(3, 1);
    const { U, X } = subspaceData(n, k, 64, 0.01 / Math.sqrt(n), rng);
    const s = new Subspace(n, { learningRate: 0.01, iterations: 5, momentum: 0.9, lateralSteps: 0 });
    s.addRows(k, new CounterRng(4, 2)); // random start: unrelated to U
    for (let epoch = 0; epoch < 200; epoch++) s.learn(X, 64);
    const G = gram(s.rows, k, n);
    let dev = 0;
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) dev = Math.max(dev, Math.abs(G[a * k + b] - (a === b ? 1 : 0)));
    expect(dev).toBeLessThan(0.01);
    // Singular values of U Hᵀ: all cosines of the principal angles ≈ 1.
    const both = new Subspace(n);
    both.rows = Float64Array.from([...U, ...s.rows]);
    both.m = 2 * k;
    const cos = principalCosines(both, 0, k, 2 * k);
    expect(cos).toHaveLength(k);
    for (const c of cos) expect(c).toBeGreaterThan(0.999);
  });

  it('frozen rows stay bit for bit through a later task; the appended rows become orthogonal to them', () => {
    const n = 24;
    const rng = new CounterRng(5, 1);
    const first = subspaceData(n, 4, 64, 0.001, rng);
    const s = new Subspace(n);
    s.addRows(4, new CounterRng(6, 1));
    for (let e = 0; e < 200; e++) s.learn(first.X, 64);
    s.freeze();
    const frozen = s.rows.slice(0, 4 * n);
    // A second task whose data overlaps the first subspace and adds new directions.
    const second = subspaceData(n, 6, 64, 0.001, new CounterRng(7, 1));
    for (let b = 0; b < 64; b++) for (let i = 0; i < n; i++) second.X[b * n + i] += first.X[b * n + i];
    s.addRows(4, new CounterRng(6, 2));
    for (let e = 0; e < 200; e++) s.learn(second.X, 64);
    expect(Array.from(s.rows.slice(0, 4 * n))).toEqual(Array.from(frozen));
    const cos = principalCosines(s, 0, 4, 8);
    for (const c of cos) expect(c).toBeLessThan(0.02);
  });

  it('the projected update leaves the layer output on old inputs almost unchanged (vs the unprojected update)', () => {
    const n = 32;
    const out = 10;
    const old = subspaceData(n, 6, 128, 0.01 / Math.sqrt(n), new CounterRng(8, 1));
    const s = new Subspace(n);
    s.addRows(8, new CounterRng(9, 1));
    for (let e = 0; e < 200; e++) s.learn(old.X, 128);
    s.freeze();
    const rng = new CounterRng(10, 1);
    const G = Float64Array.from({ length: out * n }, () => rng.nextNormal());
    const P = G.slice();
    s.projectGradient(P, out);
    const response = (D: Float64Array) => {
      let sq = 0;
      for (let b = 0; b < 128; b++)
        for (let o = 0; o < out; o++) {
          let y = 0;
          for (let i = 0; i < n; i++) y += D[o * n + i] * old.X[b * n + i];
          sq += y * y;
        }
      return Math.sqrt(sq);
    };
    const ratio = response(P) / response(G);
    expect(ratio).toBeLessThan(0.02);
    // The projection keeps what is orthogonal: the update is not simply zeroed.
    expect(Math.hypot(...P)).toBeGreaterThan(0.8 * Math.hypot(...G));
  });

  it('with m = n orthonormal rows the projection removes all learning', () => {
    const n = 16;
    const s = new Subspace(n);
    s.addRows(n, new CounterRng(11, 1));
    s.freeze();
    const rng = new CounterRng(12, 1);
    const G = Float64Array.from({ length: 3 * n }, () => rng.nextNormal());
    s.projectGradient(G, 3);
    expect(Math.max(...G.map(Math.abs))).toBeLessThan(1e-12);
  });

  it('the symmetric eigen solver matches a known spectrum', () => {
    // [[2, 1], [1, 2]] has eigenvalues 1 and 3.
    expect(symmetricEigenvalues(Float64Array.from([2, 1, 1, 2]), 2).sort()).toEqual([expect.closeTo(1, 12), expect.closeTo(3, 12)]);
  });
});

describe('digits data', () => {
  it('reads the 1,797 bundled digits and names a bad value by line and column', () => {
    const d = parseDigitsGzip(readFileSync('public/data/digits/digits.csv.gz'));
    expect(d.count).toBe(1797);
    expect(Math.max(...d.x)).toBe(1);
    expect(new Set(d.y).size).toBe(10);
    expect(() => parseDigitsCsv(`${'0,'.repeat(10)}17,${'0,'.repeat(53)}3`)).toThrow(
      'digits.csv:1:21: expected an integer in 0..16, found "17"',
    );
  });
});

describe('continual learning on permuted digits (CPU, 3 tasks, seed 1)', () => {
  it("HLOP's backward transfer beats the baseline's by a clear margin", async () => {
    const d = parseDigitsGzip(readFileSync('public/data/digits/digits.csv.gz'));
    const opts = { ...DEFAULT_CONTINUAL, protocol: 'permuted' as const, tasks: 3, seed: 1 };
    const base = await runContinual(d, { ...opts, method: 'baseline' });
    const hlop = await runContinual(d, { ...opts, method: 'hlop' });
    expect(base.BWT!).toBeLessThan(-0.2); // the baseline forgets
    expect(hlop.BWT!).toBeGreaterThan(-0.1);
    expect(Math.abs(hlop.BWT!)).toBeLessThan(Math.abs(base.BWT!) / 4);
    expect(hlop.R[0][0]).toBeGreaterThan(0.9); // it learned
    // The subspace at work: old-task activity is inside the frozen subspace; successive blocks are orthogonal.
    expect(hlop.subspace!.capturedHidden[2][0]).toBeGreaterThan(0.9);
    for (const cos of hlop.subspace!.principalCosines) expect(Math.max(...cos)).toBeLessThan(0.1);
  });
});

describe('spiking lateral neurons (responses as signed spike counts over T_h steps)', () => {
  it('still learn an orthonormal basis of the subspace (T_h = 16: ‖HHᵀ − I‖ < 0.05, principal cosines > 0.99)', () => {
    const n = 32;
    const k = 4;
    const { U, X } = subspaceData(n, k, 64, 0.01 / Math.sqrt(n), new CounterRng(13, 1));
    const s = new Subspace(n, { learningRate: 0.01, iterations: 5, momentum: 0.9, lateralSteps: 16 });
    s.addRows(k, new CounterRng(14, 1));
    for (let e = 0; e < 300; e++) s.learn(X, 64);
    const G = gram(s.rows, k, n);
    let dev = 0;
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) dev = Math.max(dev, Math.abs(G[a * k + b] - (a === b ? 1 : 0)));
    expect(dev).toBeLessThan(0.05);
    const both = new Subspace(n);
    both.rows = Float64Array.from([...U, ...s.rows]);
    both.m = 2 * k;
    for (const c of principalCosines(both, 0, k, 2 * k)) expect(c).toBeGreaterThan(0.99);
  });
});
