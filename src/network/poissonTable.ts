/**
 * Poisson event counts by table lookup, identical on every backend: the cumulative distribution
 * P(X ≤ k) for λ = rate·dt is computed in double precision on the host and rounded to f32; a
 * draw is the first k with u < cdf[k], for a 24-bit uniform u that f32 holds exactly. The table
 * ends where the cdf rounds to 1 in f32, so no representable u passes its last entry.
 */
export function poissonCdfTable(lambda: number): Float32Array {
  const cdf: number[] = [];
  if (lambda <= 0) return new Float32Array([1]);
  // log-space terms so large λ does not underflow exp(−λ)
  let logTerm = -lambda;
  let sum = 0;
  for (let k = 0; ; k++) {
    if (k > 0) logTerm += Math.log(lambda / k);
    sum += Math.exp(logTerm);
    const c = Math.fround(Math.min(sum, 1));
    cdf.push(c);
    if (c >= 1 || (k > lambda && 1 - sum < 2 ** -26)) break;
  }
  cdf[cdf.length - 1] = 1;
  return new Float32Array(cdf);
}

/** The draw both backends make: the count of events for uniform u in [0,1). */
export function poissonCount(u: number, cdf: Float32Array, offset = 0, length = cdf.length): number {
  let k = 0;
  while (k < length - 1 && u >= cdf[offset + k]) k++;
  return k;
}
