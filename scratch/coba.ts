import { example } from '../src/examples';
import { Run } from '../src/engine/run';
import { CPU } from '../src/engine/backends';
for (const seed of [1, 2, 3]) {
  const m = example('coba'); m.seed = seed;
  const r = await Run.create(m, CPU);
  const t0 = Date.now();
  await r.run(1000);
  const s = r.spikes();
  let c = 0; for (let k = 0; k < s.steps.length; k++) if (s.steps[k] >= 2000 && s.steps[k] < 10000) c++;
  console.log(seed, (c / 4000 / 0.8).toFixed(3), 'Hz', Date.now() - t0, 'ms');
}
