/** What the weight view draws, as plain numbers (tested without a canvas). */

/** Counts of `weights` in `bins` equal bins over [lo, hi] (the last bin includes hi; values outside are clamped in). */
export function weightHistogram(weights: ArrayLike<number>, lo: number, hi: number, bins: number): Uint32Array {
  const counts = new Uint32Array(bins);
  const width = hi > lo ? (hi - lo) / bins : 1;
  for (let k = 0; k < weights.length; k++) {
    const b = Math.floor((weights[k] - lo) / width);
    counts[Math.min(bins - 1, Math.max(0, b))]++;
  }
  return counts;
}

/** Projections drawn as a matrix too: at most this many pre × post neurons. */
export const MAX_MATRIX_CELLS = 200 * 200;

/**
 * The weight matrix, [post][pre], as w/w_max in [0, 1], NaN where there is no synapse (repeated
 * pairs add, as their inputs do).
 */
export function weightMatrix(w: {
  preSize: number;
  postSize: number;
  pre: Uint32Array;
  post: Uint32Array;
  weights: Float32Array;
  wMax: number;
}): Float32Array {
  const m = new Float32Array(w.preSize * w.postSize).fill(NaN);
  for (let s = 0; s < w.weights.length; s++) {
    const at = w.post[s] * w.preSize + w.pre[s];
    m[at] = (Number.isNaN(m[at]) ? 0 : m[at]) + w.weights[s] / (w.wMax || 1);
  }
  return m;
}
