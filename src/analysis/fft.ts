/**
 * The discrete Fourier transform of a real signal of any length: an iterative radix-2
 * Cooley–Tukey FFT (Cooley & Tukey 1965) for powers of two, and Bluestein's chirp-z algorithm
 * (Bluestein 1970) on top of it for every other length, so a Welch segment of any length costs
 * O(n log n), as numpy.fft.rfft.
 */

/** In-place radix-2 FFT of (re, im); the length must be a power of two. `inverse` omits the 1/n. */
function fftPow2(re: Float64Array, im: Float64Array, inverse = false): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const angle = ((inverse ? 2 : -2) * Math.PI) / len;
    const half = len >> 1;
    for (let k = 0; k < half; k++) {
      const wr = Math.cos(angle * k);
      const wi = Math.sin(angle * k);
      for (let i = k; i < n; i += len) {
        const j = i + half;
        const xr = re[j] * wr - im[j] * wi;
        const xi = re[j] * wi + im[j] * wr;
        re[j] = re[i] - xr;
        im[j] = im[i] - xi;
        re[i] += xr;
        im[i] += xi;
      }
    }
  }
}

/** The DFT X[k] = Σ x[t]·e^(−2πi·kt/n) for k = 0..⌊n/2⌋ (numpy.fft.rfft). */
export function rfft(x: ArrayLike<number>): { re: Float64Array; im: Float64Array } {
  const n = x.length;
  const bins = Math.floor(n / 2) + 1;
  if ((n & (n - 1)) === 0) {
    const re = Float64Array.from(x);
    const im = new Float64Array(n);
    fftPow2(re, im);
    return { re: re.slice(0, bins), im: im.slice(0, bins) };
  }
  // Bluestein: kt = (k² + t² − (k − t)²)/2 turns the DFT into a convolution with a chirp.
  let m = 1;
  while (m < 2 * n - 1) m <<= 1;
  const cr = new Float64Array(n);
  const ci = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const a = (Math.PI * ((t * t) % (2 * n))) / n; // t² mod 2n keeps the angle exact for large t
    cr[t] = Math.cos(a);
    ci[t] = -Math.sin(a);
  }
  const ar = new Float64Array(m);
  const ai = new Float64Array(m);
  for (let t = 0; t < n; t++) {
    ar[t] = x[t] * cr[t];
    ai[t] = x[t] * ci[t];
  }
  const br = new Float64Array(m);
  const bi = new Float64Array(m);
  br[0] = cr[0];
  bi[0] = -ci[0];
  for (let t = 1; t < n; t++) {
    br[t] = br[m - t] = cr[t];
    bi[t] = bi[m - t] = -ci[t];
  }
  fftPow2(ar, ai);
  fftPow2(br, bi);
  for (let k = 0; k < m; k++) {
    const r = ar[k] * br[k] - ai[k] * bi[k];
    ai[k] = ar[k] * bi[k] + ai[k] * br[k];
    ar[k] = r;
  }
  fftPow2(ar, ai, true);
  const re = new Float64Array(bins);
  const im = new Float64Array(bins);
  for (let k = 0; k < bins; k++) {
    const r = ar[k] / m;
    const i = ai[k] / m;
    re[k] = r * cr[k] - i * ci[k];
    im[k] = r * ci[k] + i * cr[k];
  }
  return { re, im };
}
