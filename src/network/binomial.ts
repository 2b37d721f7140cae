/**
 * Binomial deviates on the host, for row lengths of generated connectivity (a multinomial split
 * as sequential conditional binomials, as GeNN's FixedNumberTotalWithReplacement does).
 * - mean < 10: inversion by waiting times (Devroye 1986, X.4, the "second waiting time method");
 * - otherwise BTRS, transformed rejection with squeeze (Hörmann 1993, "The generation of binomial
 *   random variates", J. Stat. Comput. Simul. 46:101), as PyTorch and TensorFlow use it.
 */
import type { CounterRng } from '../random/threefry';

/** log k! − Stirling's approximation of it, for the BTRS acceptance bound. */
function stirlingTail(k: number): number {
  const table = [
    0.08106146679532726, 0.04134069595540929, 0.02767792568499834, 0.02079067210376509, 0.01664469118982119, 0.01387612882307075,
    0.01189670994589177, 0.01041126526197209, 0.009255462182712733, 0.008330563433362871,
  ];
  if (k <= 9) return table[k];
  const kp1sq = (k + 1) * (k + 1);
  return (1 / 12 - (1 / 360 - 1 / 1260 / kp1sq) / kp1sq) / (k + 1);
}

function btrs(n: number, p: number, rng: CounterRng): number {
  const sd = Math.sqrt(n * p * (1 - p));
  const b = 1.15 + 2.53 * sd;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const r = p / (1 - p);
  const alpha = (2.83 + 5.1 / b) * sd;
  const m = Math.floor((n + 1) * p);
  for (;;) {
    const u = rng.nextDouble() - 0.5;
    let v = rng.nextDouble();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    v = Math.log((v * alpha) / (a / (us * us) + b));
    const bound =
      (m + 0.5) * Math.log((m + 1) / (r * (n - m + 1))) +
      (n + 1) * Math.log((n - m + 1) / (n - k + 1)) +
      (k + 0.5) * Math.log((r * (n - k + 1)) / (k + 1)) +
      stirlingTail(m) +
      stirlingTail(n - m) -
      stirlingTail(k) -
      stirlingTail(n - k);
    if (v <= bound) return k;
  }
}

function inversion(n: number, p: number, rng: CounterRng): number {
  const logQ = Math.log1p(-p);
  let sum = 0;
  let k = 0;
  for (;;) {
    sum += Math.ceil(Math.log(1 - rng.nextDouble()) / logQ);
    if (sum > n) return k;
    k++;
  }
}

/** A Binomial(n, p) deviate (n a whole number, 0 ≤ p ≤ 1). */
export function binomial(n: number, p: number, rng: CounterRng): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(n, 1 - p, rng);
  return n * p < 10 ? inversion(n, p, rng) : btrs(n, p, rng);
}

/** `total` items split uniformly over `bins` (a multinomial with equal probabilities), by sequential binomials. */
export function uniformMultinomial(total: number, bins: number, rng: CounterRng): Uint32Array {
  const out = new Uint32Array(bins);
  let left = total;
  for (let i = 0; i < bins - 1 && left > 0; i++) {
    const k = binomial(left, 1 / (bins - i), rng);
    out[i] = k;
    left -= k;
  }
  if (bins > 0) out[bins - 1] += left;
  return out;
}
