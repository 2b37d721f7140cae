/**
 * The multilayer spiking network and its fast kernels against plain reference loops written here:
 * the event-driven forward pass against a step-by-step simulation of every layer, DSR gradients
 * against the formulas, both routes of HLOP's projection against each other, the once-per-batch
 * residual of the Hebbian update against the per-iteration formula, and the paper's subspace schedule.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CounterRng } from '../random/threefry';
import { BatchGradient, DEFAULT_CONTINUAL, HLOP_PAPER_PERMUTED, runContinual, subspaceRowsForTask } from './continual';
import { accumulateAtB, multiplyABt, subtractProduct } from './dense';
import { parseDigitsGzip } from './digits';
import { Subspace } from './hlop';
import { Activations, SpikingMlp, softmaxDelta } from './spikingMlp';

const ALL = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

function randomArray(length: number, rng: CounterRng, scale = 1): Float64Array {
  return Float64Array.from({ length }, () => scale * rng.nextNormal());
}

/** Every layer simulated step by step with dense currents (no events, no transposes): rates and mean currents. */
function referenceForward(net: SpikingMlp, x: ArrayLike<number>) {
  const { steps: T, threshold } = net.shape;
  const L = net.layers;
  const v = net.shape.hidden.map((h) => new Float64Array(h));
  const counts = net.shape.hidden.map((h) => new Float64Array(h));
  const uSum = net.shape.hidden.map((h) => new Float64Array(h));
  for (let t = 0; t < T; t++) {
    let input: ArrayLike<number> = x;
    for (let l = 0; l < L; l++) {
      const W = net.weights[l];
      const n = net.sizes[l];
      const spikes = new Float64Array(v[l].length);
      for (let h = 0; h < v[l].length; h++) {
        let I = 0;
        for (let i = 0; i < n; i++) I += W[h * n + i] * input[i];
        uSum[l][h] += I;
        v[l][h] += I;
        if (v[l][h] >= threshold) {
          v[l][h] -= threshold;
          counts[l][h]++;
          spikes[h] = 1;
        }
      }
      input = spikes;
    }
  }
  const a = counts.map((c) => c.map((k) => k / T));
  const u = uSum.map((s) => s.map((k) => k / T));
  const last = a[L - 1];
  const WL = net.weights[L];
  const logits = Array.from({ length: 10 }, (_, c) => last.reduce((s, ah, h) => s + WL[c * last.length + h] * ah, 0));
  return { a, u, logits };
}

describe('the multilayer spiking network (CPU)', () => {
  it('the event-driven forward pass equals a dense step-by-step simulation of every layer (rates exactly, currents to 1e-9)', () => {
    const net = new SpikingMlp({ hidden: [37, 29, 18], steps: 20, threshold: 1 }, 5, 50);
    // Stronger weights so that every layer fires.
    for (const W of net.weights) for (let q = 0; q < W.length; q++) W[q] *= 3;
    net.weightsEdited();
    const rng = new CounterRng(6, 1);
    const act = new Activations(net.shape);
    let fired = 0;
    for (let s = 0; s < 20; s++) {
      const x = Float64Array.from({ length: 50 }, () => rng.nextDouble());
      net.forward(x, act);
      const ref = referenceForward(net, x);
      for (let l = 0; l < net.layers; l++) {
        expect(Array.from(act.a[l])).toEqual(Array.from(ref.a[l]));
        for (let h = 0; h < ref.u[l].length; h++) expect(act.u[l][h]).toBeCloseTo(ref.u[l][h], 9);
        fired += act.a[l].reduce((p, q) => p + q, 0);
      }
      for (let c = 0; c < 10; c++) expect(act.logits[c]).toBeCloseTo(ref.logits[c], 9);
    }
    expect(fired).toBeGreaterThan(0);
  });

  it('weightsEdited() refreshes the cached transposes: an edited hidden-to-hidden weight changes the next pass', () => {
    const net = new SpikingMlp({ hidden: [10, 10], steps: 20, threshold: 1 }, 7, 8);
    const x = new Float64Array(8).fill(1);
    net.weights[0].fill(0.5); // every first-layer neuron fires every other step
    net.weights[1].fill(0);
    net.weightsEdited();
    const act = new Activations(net.shape);
    net.forward(x, act);
    expect(Math.max(...act.a[1])).toBe(0);
    net.weights[1].fill(0.2);
    net.weightsEdited();
    net.forward(x, act);
    expect(Array.from(act.a[1])).toEqual(Array.from(referenceForward(net, x).a[1]));
    expect(Math.min(...act.a[1])).toBeGreaterThan(0);
  });

  it('batch gradients are the DSR formulas: δ_L = p − y, δ_l = (W_{l+1}ᵀ δ_{l+1})/θ inside 0 < ū < θ, G_k = mean δ_{k+1} ⊗ a_k', () => {
    const net = new SpikingMlp({ hidden: [23, 17], steps: 20, threshold: 0.8 }, 9, 30);
    for (const W of net.weights) for (let q = 0; q < W.length; q++) W[q] *= 2.5;
    net.weightsEdited();
    const rng = new CounterRng(10, 1);
    const B = 7; // not a multiple of the kernels' unroll
    const xs = Array.from({ length: B }, () => Float32Array.from({ length: 30 }, () => rng.nextDouble()));
    const labels = xs.map((_, b) => b % 10);
    const batch = new BatchGradient(net, B);
    xs.forEach((x, b) => batch.sample(b, x, labels[b], ALL));
    const got = batch.gradients(B, null).map((g) => g.slice());
    const want = net.weights.map((W) => new Float64Array(W.length));
    const θ = net.shape.threshold;
    for (let b = 0; b < B; b++) {
      const ref = referenceForward(net, xs[b]);
      const delta = new Float64Array(10);
      softmaxDelta(Float64Array.from(ref.logits), labels[b], ALL, delta);
      let above: Float64Array = delta;
      for (let k = net.layers; k >= 0; k--) {
        const pre = k === 0 ? Float64Array.from(xs[b]) : ref.a[k - 1];
        const n = net.sizes[k];
        for (let o = 0; o < above.length; o++) for (let i = 0; i < n; i++) want[k][o * n + i] += (above[o] * pre[i]) / B;
        if (k === 0) break;
        const below = new Float64Array(n);
        for (let h = 0; h < n; h++) {
          let s = 0;
          for (let o = 0; o < above.length; o++) s += net.weights[k][o * n + h] * above[o];
          const u = ref.u[k - 1][h];
          below[h] = u > 0 && u < θ ? s / θ : 0;
        }
        above = below;
      }
    }
    for (let k = 0; k < want.length; k++) {
      const scale = Math.max(...want[k].map(Math.abs));
      expect(scale).toBeGreaterThan(0);
      for (let q = 0; q < want[k].length; q++) expect(Math.abs(got[k][q] - want[k][q])).toBeLessThan(1e-12 * Math.max(1, scale));
    }
  });

  it("HLOP's projection gives the same gradient whether applied to G (out ≤ B) or to the presynaptic rows (out > B)", () => {
    const net = new SpikingMlp({ hidden: [40], steps: 20, threshold: 1 }, 11, 24);
    for (const W of net.weights) for (let q = 0; q < W.length; q++) W[q] *= 2;
    net.weightsEdited();
    const rng = new CounterRng(12, 1);
    const spaces = net.sizes.slice(0, -1).map((n) => new Subspace(n));
    spaces.forEach((s) => {
      s.addRows(6, rng);
      s.freeze();
    });
    const B = 5; // out = 40 > B for the input layer (rows projected), 10 > B for the readout too
    const batch = new BatchGradient(net, B);
    for (let b = 0; b < B; b++)
      batch.sample(
        b,
        Float32Array.from({ length: 24 }, () => rng.nextDouble()),
        b,
        ALL,
      );
    const viaRows = batch.gradients(B, spaces).map((g) => g.slice());
    const plain = batch.gradients(B, null).map((g) => g.slice());
    plain.forEach((g, k) => spaces[k].projectGradient(g, net.sizes[k + 1]));
    for (let k = 0; k < plain.length; k++) for (let q = 0; q < plain[k].length; q++) expect(viaRows[k][q]).toBeCloseTo(plain[k][q], 12);
    // And the projection did something.
    const unprojected = batch.gradients(B, null);
    expect(Math.abs(unprojected[0].reduce((s, g, q) => s + Math.abs(g - viaRows[0][q]), 0))).toBeGreaterThan(1e-6);
  });

  it.each([0, 16])(
    "the Hebbian update with frozen rows (lateral steps %d) equals the per-iteration formula ΔH = clip(Yᵀ(X − Y H)/B) on all rows' response",
    (lateralSteps) => {
      const n = 21;
      const B = 9;
      const opts = { learningRate: 0.01, iterations: 5, momentum: 0.9, lateralSteps };
      const rng = new CounterRng(13, 1);
      const s = new Subspace(n, opts);
      s.addRows(5, rng);
      s.freeze();
      s.addRows(3, rng);
      const X = randomArray(B * n, rng);
      // The reference: the update as the paper writes it, every row's response each iteration.
      const H = s.rows.slice();
      const V = new Float64Array(H.length);
      const m = 8;
      const q = (y: number) => (lateralSteps > 0 ? (Math.sign(y) * Math.floor(Math.abs(y) * lateralSteps)) / lateralSteps : y);
      for (let it = 0; it < 5; it++) {
        const Y = Array.from({ length: B }, (_, b) =>
          Array.from({ length: m }, (_, r) =>
            q(Array.from({ length: n }, (_, i) => H[r * n + i] * X[b * n + i]).reduce((a, c) => a + c, 0)),
          ),
        );
        const R = Array.from({ length: B }, (_, b) =>
          Array.from({ length: n }, (_, i) => X[b * n + i] - Y[b].reduce((a, y, r) => a + y * H[r * n + i], 0)),
        );
        for (let r = 5; r < m; r++)
          for (let i = 0; i < n; i++) {
            const g = Math.max(-10, Math.min(10, Y.reduce((a, yb, b) => a + yb[r] * R[b][i], 0) / B));
            V[r * n + i] = 0.9 * V[r * n + i] + g;
            H[r * n + i] += 0.01 * V[r * n + i];
          }
      }
      const before = s.rows.slice(0, 5 * n);
      s.learn(X, B);
      expect(Array.from(s.rows.slice(0, 5 * n))).toEqual(Array.from(before)); // frozen rows untouched
      for (let k = 5 * n; k < m * n; k++) expect(s.rows[k]).toBeCloseTo(H[k], 12);
    },
  );

  it('the unrolled dense kernels equal plain loops at sizes that are not multiples of four', () => {
    const rng = new CounterRng(14, 1);
    const [rows, cols, n] = [7, 6, 13];
    const A = randomArray(rows * n, rng);
    const Bm = randomArray(cols * n, rng);
    const C = new Float64Array(rows * cols);
    multiplyABt(A, rows, Bm, cols, n, C);
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < cols; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += A[i * n + k] * Bm[j * n + k];
        expect(C[i * cols + j]).toBeCloseTo(s, 12);
      }
    const R = A.slice();
    subtractProduct(R, C, rows, cols, Bm, n);
    const G = new Float64Array(cols * n);
    accumulateAtB(G, C, rows, cols, A, n);
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < rows; i++) {
        let s = A[i * n + k];
        for (let j = 0; j < cols; j++) s -= C[i * cols + j] * Bm[j * n + k];
        expect(R[i * n + k]).toBeCloseTo(s, 12);
      }
      for (let j = 0; j < cols; j++) {
        let s = 0;
        for (let i = 0; i < rows; i++) s += C[i * cols + j] * A[i * n + k];
        expect(G[j * n + k]).toBeCloseTo(s, 12);
      }
    }
  });
});

describe("the HLOP paper's permuted-MNIST schedule (HLOP-SNN spiking_train_pmnist.py)", () => {
  it('rows per task: 80/200/100 for task 0, then 70, 20 fewer after every 3 tasks: 470, 590, 490 rows after 10 tasks', () => {
    const s = HLOP_PAPER_PERMUTED.subspaceRows;
    const input = Array.from({ length: 10 }, (_, t) => subspaceRowsForTask(s, t, 0));
    expect(input).toEqual([80, 70, 70, 50, 50, 50, 30, 30, 30, 10]);
    expect([0, 1, 2].map((k) => Array.from({ length: 10 }, (_, t) => subspaceRowsForTask(s, t, k)).reduce((a, b) => a + b))).toEqual([
      470, 590, 490,
    ]);
    expect(HLOP_PAPER_PERMUTED.mlp.hidden).toEqual([800, 800]);
    // The digits schedule: the same rows every task.
    expect(Array.from({ length: 5 }, (_, t) => subspaceRowsForTask(DEFAULT_CONTINUAL.subspaceRows, t, 1))).toEqual([30, 30, 30, 30, 30]);
  });
});

describe('continual learning with two hidden layers (permuted digits, 64 → 100 → 100 → 10, 3 tasks, seed 2)', () => {
  it('HLOP with a subspace per layer forgets far less than fine-tuning', async () => {
    const d = parseDigitsGzip(readFileSync('public/data/digits/digits.csv.gz'));
    const opts = {
      ...DEFAULT_CONTINUAL,
      mlp: { hidden: [100, 100], steps: 20, threshold: 1 },
      subspaceRows: { initial: [10, 30, 30], increment: [10, 30, 30], shrinkEvery: 0, shrinkBy: 0 },
      protocol: 'permuted' as const,
      tasks: 3,
      seed: 2,
    };
    const base = await runContinual(d, { ...opts, method: 'baseline' });
    const hlop = await runContinual(d, { ...opts, method: 'hlop' });
    expect(hlop.R[0][0]).toBeGreaterThan(0.85); // it learned
    expect(base.BWT!).toBeLessThan(-0.15); // fine-tuning forgets
    expect(Math.abs(hlop.BWT!)).toBeLessThan(Math.abs(base.BWT!) / 3);
    expect(hlop.R[0][1]).toBeNull(); // untrained tasks are not tested
  }, 300_000);
});
