/**
 * Hebbian learning based orthogonal projection (HLOP; Xiao et al., "Hebbian Learning based
 * Orthogonal Projection for Continual Learning of Spiking Neural Networks", ICLR 2024), written
 * from the paper's equations. A layer with presynaptic dimension n has lateral subspace neurons
 * with weights H (m × n). For a batch X (B × n): Y = X Hᵀ, X̂ = Y H, and the rows of the current
 * task learn ΔH = clip(Yᵀ(X − X̂)/B, −10, 10) (Oja's subspace rule: they converge to an
 * orthonormal basis of the principal subspace of what the old rows leave unexplained), with
 * momentum 0.9. Rows of finished tasks are frozen; a later task's weight gradient G (out × n) is
 * projected to G(I − H_oldᵀ H_old), which leaves the layer's response to old inputs unchanged.
 */
import { CounterRng } from '../random/threefry';
import { accumulateAtB, multiplyABt, subtractProduct } from './dense';

export interface SubspaceOptions {
  learningRate: number; // η (0.001 for a high-dimensional input layer, 0.01 otherwise in the paper)
  iterations: number; // updates per batch (5)
  momentum: number; // 0.9
  /** Spiking lateral neurons: responses quantised to signed spike counts over this many steps (0: analog). */
  lateralSteps: number;
}

export const DEFAULT_SUBSPACE_OPTIONS: SubspaceOptions = { learningRate: 0.01, iterations: 5, momentum: 0.9, lateralSteps: 0 };

export class Subspace {
  /** m × n, row-major; rows [0, frozen) belong to finished tasks. */
  rows = new Float64Array(0);
  m = 0;
  frozen = 0;
  private velocity = new Float64Array(0);

  constructor(
    readonly n: number,
    readonly opts: SubspaceOptions = DEFAULT_SUBSPACE_OPTIONS,
  ) {}

  /** Appends k rows for a new task, orthonormal among themselves and to the rows so far (Gram–Schmidt on Gaussian draws). */
  addRows(k: number, rng: CounterRng): void {
    const n = this.n;
    k = Math.min(k, n - this.m);
    const rows = new Float64Array((this.m + k) * n);
    rows.set(this.rows);
    for (let r = this.m; r < this.m + k; r++) {
      // Draw again in the rare case the draw lies (numerically) in the span so far.
      do {
        for (let i = 0; i < n; i++) rows[r * n + i] = rng.nextNormal();
      } while (orthonormalizeRow(rows, r, n) < 1e-6);
    }
    this.rows = rows;
    this.m += k;
    const vel = new Float64Array(this.m * n);
    vel.set(this.velocity);
    this.velocity = vel;
  }

  /** An independent copy (rows, frozen count and momentum): what a checkpoint holds. */
  clone(): Subspace {
    const c = new Subspace(this.n, this.opts);
    c.rows = this.rows.slice();
    c.m = this.m;
    c.frozen = this.frozen;
    c.velocity = this.velocity.slice();
    return c;
  }

  /** After a task: every row so far joins the frozen, old-task subspace. */
  freeze(): void {
    this.frozen = this.m;
  }

  /**
   * Hebbian/anti-Hebbian updates of the unfrozen rows on a batch X (B × n). The frozen rows' part
   * of the reconstruction, Σ_old y_r H_r, does not change across the iterations, so it is taken
   * off X once.
   */
  learn(X: Float64Array, B: number): void {
    const { n, m, frozen, opts } = this;
    if (m === frozen) return;
    const fresh = m - frozen;
    const old = this.rows.subarray(0, frozen * n);
    const H = this.rows.subarray(frozen * n, m * n);
    const quantise = (Y: Float64Array) => {
      const steps = opts.lateralSteps;
      if (steps > 0) for (let q = 0; q < Y.length; q++) Y[q] = (Math.sign(Y[q]) * Math.floor(Math.abs(Y[q]) * steps)) / steps;
    };
    const base = X.slice(0, B * n); // X − Y_old H_old
    if (frozen > 0) {
      const Yold = new Float64Array(B * frozen);
      multiplyABt(X, B, old, frozen, n, Yold);
      quantise(Yold);
      subtractProduct(base, Yold, B, frozen, old, n);
    }
    const Y = new Float64Array(B * fresh);
    const R = new Float64Array(B * n);
    const G = new Float64Array(fresh * n);
    const V = this.velocity.subarray(frozen * n, m * n);
    for (let it = 0; it < opts.iterations; it++) {
      multiplyABt(X, B, H, fresh, n, Y);
      quantise(Y);
      R.set(base);
      subtractProduct(R, Y, B, fresh, H, n);
      G.fill(0);
      accumulateAtB(G, Y, B, fresh, R, n);
      for (let q = 0; q < G.length; q++) {
        const g = Math.max(-10, Math.min(10, G[q] / B));
        const v = (V[q] = opts.momentum * V[q] + g);
        H[q] += opts.learningRate * v;
      }
    }
  }

  /** G ← G (I − H_oldᵀ H_old) for a gradient G of `out` rows over this presynaptic space. */
  projectGradient(G: Float64Array, out: number): void {
    this.removeFrozenComponents(G, out);
  }

  /**
   * The rows of X (B × n) less their components along the frozen rows, x − H_oldᵀ H_old x: a new
   * array. Δᵀ of these rows is the projected gradient Δᵀ X (I − H_oldᵀ H_old).
   */
  projectRows(X: Float64Array, B: number): Float64Array {
    const out = X.slice(0, B * this.n);
    this.removeFrozenComponents(out, B);
    return out;
  }

  private removeFrozenComponents(V: Float64Array, rows: number): void {
    const { n, frozen } = this;
    if (frozen === 0) return;
    const old = this.rows.subarray(0, frozen * n);
    const C = new Float64Array(rows * frozen);
    multiplyABt(V, rows, old, frozen, n, C);
    subtractProduct(V, C, rows, frozen, old, n);
  }

  /**
   * Fraction of the energy of X (B × n) inside the span of the frozen rows: Σ‖Q x‖² / Σ‖x‖², Q an
   * orthonormal basis of that span (learned rows are only nearly orthonormal).
   */
  capturedEnergy(X: Float64Array | Float32Array, B: number): number {
    const { n, frozen } = this;
    const Q = orthonormalBasis(this.rows.subarray(0, frozen * n), frozen, n);
    let total = 0;
    for (let q = 0; q < B * n; q++) total += X[q] ** 2;
    const D = new Float64Array(B * frozen);
    multiplyABt(X, B, Q, frozen, n, D);
    let inside = 0;
    for (const d of D) inside += d * d;
    return total > 0 ? inside / total : 0;
  }
}

/** Modified Gram–Schmidt on m rows of length n (a row in the span of earlier ones becomes 0). */
export function orthonormalBasis(rows: Float64Array, m: number, n: number): Float64Array {
  const out = rows.slice();
  for (let r = 0; r < m; r++) orthonormalizeRow(out, r, n);
  return out;
}

/**
 * Makes row r orthogonal to rows 0 … r−1 (assumed orthonormal) and unit length; returns its norm
 * before normalising (a row whose norm is ≤ 1e-9 is set to 0).
 */
function orthonormalizeRow(rows: Float64Array, r: number, n: number): number {
  const v = rows.subarray(r * n, (r + 1) * n);
  for (let q = 0; q < r; q++) {
    const u = rows.subarray(q * n, (q + 1) * n);
    let d = 0;
    for (let i = 0; i < n; i++) d += u[i] * v[i];
    for (let i = 0; i < n; i++) v[i] -= d * u[i];
  }
  let norm = 0;
  for (let i = 0; i < n; i++) norm += v[i] * v[i];
  norm = Math.sqrt(norm);
  for (let i = 0; i < n; i++) v[i] = norm > 1e-9 ? v[i] / norm : 0;
  return norm;
}
