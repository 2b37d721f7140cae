import { readFileSync } from 'node:fs';
const fx = JSON.parse(readFileSync('test/fixtures/izhikevich-brian2.json', 'utf8'));
const f = Math.fround;
const forms = {
  orig: (v, u) => f(f(f(f(f(f(f(0.04) * v) * v) + f(5 * v)) + 140) - u) + 10),
  horner: (v, u) => f(f(f(f(f(f(f(0.04) * v) + 5) * v) + 140) - u) + 10),
  centered: (v, u) => f(f(f(f(f(0.04) * f(f(v + 62.5) * f(v + 62.5))) - 16.25) - u) + 10),
  centered2: (v, u) => f(f(f(f(f(f(0.04) * f(v + 62.5)) * f(v + 62.5)) - f(u + 16.25))) + 10),
};
for (const [fname, dv] of Object.entries(forms)) {
  const row = [];
  for (const [name, s] of Object.entries(fx.sets)) {
    const p = s.params; const a = f(p.a), b = f(p.b), c = f(p.c), d = f(p.d), dt = f(0.1);
    let v = f(-70), u = f(b * -70); const out = [];
    for (let k = 0; k < 3000; k++) {
      const vn = f(v + f(dt * dv(v, u)));
      const un = f(u + f(dt * f(a * f(f(b * v) - u))));
      v = vn; u = un;
      if (v >= 30) { out.push(k); v = c; u = f(u + d); }
    }
    const ref = s.spike_steps;
    const dev = out.length === ref.length ? Math.max(...out.map((x, k) => Math.abs(x - ref[k]))) : 'n' + out.length;
    row.push(`${name}:${dev}`);
  }
  console.log(fname, row.join(' '));
}
