const f = Math.fround;
function run(p, mode) {
  let v = -70, u = p.b * -70; const out = [];
  if (mode !== 'f64') { v = f(v); u = f(f(p.b) * v); }
  const a = f(p.a), b = f(p.b), c = f(p.c), d = f(p.d), dt = f(0.1), I = 10;
  for (let k = 0; k < 3000; k++) {
    if (mode === 'f64') {
      const vn = v + 0.1 * (0.04 * v * v + 5 * v + 140 - u + I);
      const un = u + 0.1 * (p.a * (p.b * v - u));
      v = vn; u = un;
      if (v >= 30) { out.push(k); v = p.c; u = u + p.d; }
    } else {
      let dv;
      if (mode === 'f32') dv = f(f(f(f(f(f(f(0.04) * v) * v) + f(5 * v)) + 140) - u) + I);
      else dv = f(f(f(f(f(0.04) * f(f(v + 62.5) * f(v + 62.5))) - 16.25) - u) + I); // 0.04(v+62.5)^2 - 16.25
      const vn = f(v + f(dt * dv));
      const un = f(u + f(dt * f(a * f(f(b * v) - u))));
      v = vn; u = un;
      if (v >= 30) { out.push(k); v = c; u = f(u + d); }
    }
  }
  return out;
}
const FS = { a: 0.1, b: 0.2, c: -65, d: 2 };
const r = run(FS, 'f64'), s = run(FS, 'f32'), t = run(FS, 'f32b');
console.log(r.length, s.length, t.length);
console.log('f32 diffs', s.map((x, k) => x - r[k]).join(','));
console.log('f32b diffs', t.map((x, k) => x - r[k]).join(','));
