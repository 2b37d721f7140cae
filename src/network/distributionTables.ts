/**
 * Tables that turn one random u32 into a weight or a delay with integer arithmetic only, so the
 * GPU (shaders/generated_synapses.wgsl) and the CPU twin (generatedSynapses.ts) compute the same
 * bits. Built on the host in f64 from a model `Value`:
 * - a weight: knots of its quantile function (the inverse CDF), 2^QUANTILE_BITS linear pieces,
 *   sampled by inversion; a normalClipped's redraw is exactly the truncated normal's quantile;
 * - a delay: P(steps ≤ s) as u32 thresholds, after rounding to the step grid as the host builder
 *   does (round(d/dt), at least 1, at most MAX_DELAY_STEPS).
 */
import type { Value } from '../model/schema';
import { MAX_DELAY_STEPS } from '../model/limits';

/** An unbounded or clipped normal's table has 2^12 = 4096 pieces; a uniform's is exact with 1. */
export const QUANTILE_BITS = 12;

/** erfc(x), to about 1e-15 relative: a positive series below 3, a continued fraction above (Lentz). */
export function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x < 3) {
    // erf(x) = 2/√π e^{−x²} Σ 2ⁿ x^{2n+1} / (1·3·…·(2n+1))
    let term = x;
    let sum = x;
    for (let n = 1; n < 200 && term > 1e-17 * sum; n++) {
      term *= (2 * x * x) / (2 * n + 1);
      sum += term;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
  }
  // erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …))))
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const an = n / 2;
    d = x + an * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = x + an / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** Standard normal CDF Φ. */
export function normalCdf(z: number): number {
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Standard normal density φ. */
function normalPdf(z: number): number {
  return Number.isFinite(z) ? Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) : 0;
}

/** Φ⁻¹(p): Acklam's rational approximation (|rel. error| < 1.2e-9), then one Halley step on erfc. */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
      (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log1p(-p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** A weight's quantile knots (in the model's unit), after `sign` clamps it to its receptor's sign. */
export function weightKnots(v: Value, sign: (w: number) => number): Float64Array {
  if (typeof v === 'number') return Float64Array.of(sign(v));
  if (v.distribution === 'uniform') return Float64Array.of(sign(v.low), sign(v.high));
  const low = v.distribution === 'normalClipped' ? (v.low ?? -Infinity) : -Infinity;
  const high = v.distribution === 'normalClipped' ? (v.high ?? Infinity) : Infinity;
  const { mean, sd } = v;
  if (sd === 0) return Float64Array.of(sign(mean));
  const za = (low - mean) / sd;
  const zb = (high - mean) / sd;
  const pa = normalCdf(za);
  const mass = normalCdf(zb) - pa;
  const pieces = 1 << QUANTILE_BITS;
  const z = new Float64Array(pieces + 1);
  for (let q = 1; q < pieces; q++) z[q] = normalQuantile(pa + (q / pieces) * mass);
  // The end pieces keep the mean of their tail: (k₀ + k₁)/2 = E[Z | Z in that tail], within the bounds.
  const tailMean = (lo: number, hi: number) => (normalPdf(lo) - normalPdf(hi)) / (normalCdf(hi) - normalCdf(lo));
  z[0] = Math.max(za, 2 * tailMean(za, z[1]) - z[1]);
  z[pieces] = Math.min(zb, 2 * tailMean(z[pieces - 1], zb) - z[pieces - 1]);
  return Float64Array.from(z, (x) => sign(mean + sd * x));
}

/** P(delay ≤ x ms) of a delay value. */
function delayCdf(v: Value, x: number): number {
  if (typeof v === 'number') return v <= x ? 1 : 0;
  if (v.distribution === 'uniform')
    return v.high === v.low ? (v.low <= x ? 1 : 0) : Math.min(1, Math.max(0, (x - v.low) / (v.high - v.low)));
  if (v.sd === 0) return v.mean <= x ? 1 : 0;
  const low = v.distribution === 'normalClipped' ? (v.low ?? -Infinity) : -Infinity;
  const high = v.distribution === 'normalClipped' ? (v.high ?? Infinity) : Infinity;
  const pa = normalCdf((low - v.mean) / v.sd);
  const pb = normalCdf((high - v.mean) / v.sd);
  const px = normalCdf((Math.min(Math.max(x, low), high) - v.mean) / v.sd);
  return Math.min(1, Math.max(0, (px - pa) / (pb - pa)));
}

/**
 * The delay in steps of dt as thresholds: thresholds[s − 1] = round(2³² P(steps ≤ s)) for
 * s = 1 … S − 1, where S, the largest step drawn, is thresholds.length + 1. A draw u is the
 * smallest s with u < thresholds[s − 1], else S.
 */
export function delayThresholds(v: Value, dt: number): Uint32Array {
  // A fixed delay rounds as the host builder's toSteps does.
  if (typeof v === 'number') return new Uint32Array(Math.min(MAX_DELAY_STEPS, Math.max(1, Math.round(v / dt))) - 1);
  const out: number[] = [];
  for (let s = 1; s < MAX_DELAY_STEPS; s++) {
    const t = Math.round(delayCdf(v, (s + 0.5) * dt) * 2 ** 32);
    if (t >= 2 ** 32) break;
    out.push(t);
  }
  // A leading run of zero thresholds is fine (those steps are never drawn).
  return Uint32Array.from(out);
}
