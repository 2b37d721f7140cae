/** Numerical integration shared by the theory modules. */

/** ∫ f over [a, b] by composite Simpson with n (even) intervals. */
export function simpson(f: (x: number) => number, a: number, b: number, n: number): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let k = 1; k < n; k++) s += (k % 2 ? 4 : 2) * f(a + k * h);
  return (s * h) / 3;
}
