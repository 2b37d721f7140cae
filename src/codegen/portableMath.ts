/**
 * exp written with + − × and an exact power of two, emitted identically into WGSL and the CPU
 * twin, so that both compute the same bits (WGSL lets a GPU's own exp be several ulps off, and
 * each GPU is off differently). Cody & Waite range reduction x = k ln 2 + r with ln 2 split in
 * two, then the minimax polynomial of Cephes `expf` (Moshier 1989) on |r| ≤ ln2/2: about 1 ulp.
 * Results below e^−87.3 flush to 0 (GPUs may flush subnormals), above e^88.7 are +Inf.
 */

/**
 * State values smaller than this flush to 0 in both targets after each update, so that products
 * of state with constants stay clear of the subnormal range (which GPUs may flush, the CPU not).
 */
export const FLUSH_BELOW = 2 ** -64;

const LOG2E = 1.4426950408889634;
const LN2_HI = 0.693359375; // few bits: k · LN2_HI is exact
const LN2_LO = -2.1219444e-4;
const P = [1.98756915e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1];
const EXP_MAX = 88.72283;
const EXP_MIN = -87.33654;

const f = Math.fround;
const lit = (x: number) => `${f(x).toPrecision(9)}f`;

/** The WGSL function `lu_exp`, prepended to kernels whose code calls exp. */
export const WGSL_PORTABLE_EXP = `// Portable exp (src/codegen/portableMath.ts): the same bits as the CPU twin.
fn lu_exp(x: f32) -> f32 {
  if (!(x == x)) { return x; }
  if (x > ${lit(EXP_MAX)}) {
    var infinity = 0x7f800000u; // a var: a constant +Inf is a WGSL error
    return bitcast<f32>(infinity);
  }
  if (x < ${lit(EXP_MIN)}) { return 0.0f; }
  let k = floor(x * ${lit(LOG2E)} + 0.5f);
  let r = (x - k * ${lit(LN2_HI)}) - k * ${lit(LN2_LO)};
  var p = ${lit(P[0])};
${P.slice(1)
  .map((c) => `  p = p * r + ${lit(c)};`)
  .join('\n')}
  let y = (p * (r * r) + r) + 1.0f;
  return ldexp(y, i32(k));
}
`;

/** The CPU twin of lu_exp: every operation rounded to f32, in the same order. */
export function portableExp(x: number): number {
  x = f(x);
  if (x !== x) return x;
  if (x > f(EXP_MAX)) return Infinity;
  if (x < f(EXP_MIN)) return 0;
  const k = Math.floor(f(f(x * f(LOG2E)) + 0.5));
  const r = f(f(x - f(k * f(LN2_HI))) - f(k * f(LN2_LO)));
  let p = f(P[0]);
  for (let j = 1; j < P.length; j++) p = f(f(p * r) + f(P[j]));
  const y = f(f(f(p * f(r * r)) + r) + 1);
  return f(y * 2 ** k);
}
