import { describe, expect, it } from 'vitest';
import { example } from '.';
import { Run } from '../engine/run';
import { CPU } from '../engine/backends';

/** Each population's spike times (ms) in 1 s of the firing-patterns example, on the CPU. */
async function spikeTimes(): Promise<Map<string, number[]>> {
  const run = await Run.create(example('firing-patterns'), CPU);
  await run.run(1000);
  const { neurons, steps } = run.spikeView();
  const out = new Map(run.network.populations.map((p) => [p.name, [] as number[]]));
  for (let k = 0; k < neurons.length; k++) {
    const p = run.network.populations.find((q) => neurons[k] === q.start)!;
    out.get(p.name)!.push(steps[k] * run.dt);
  }
  return out;
}

const isis = (t: number[]) => t.slice(1).map((x, i) => x - t[i]);

describe('firing patterns (Izhikevich 2003 Fig. 2; Naud et al. 2008 Fig. 4)', () => {
  it('each neuron fires the pattern its class is published for', async () => {
    const t = await spikeTimes();
    const rs = isis(t.get('RS')!);
    expect(rs.at(-1)! / rs[0]).toBeGreaterThan(1.5); // regular spiking adapts
    const ib = isis(t.get('IB')!);
    expect(ib[0]).toBeLessThan(5); // an initial burst…
    expect(Math.min(...ib.slice(-5))).toBeGreaterThan(20); // …then single spikes
    const ch = isis(t.get('CH')!);
    expect(ch.filter((x) => x < 8).length).toBeGreaterThan(ch.length / 2); // mostly intra-burst intervals…
    expect(Math.max(...ch)).toBeGreaterThan(20); // …between silences
    const fs = isis(t.get('FS')!);
    expect(fs.length).toBeGreaterThan(100); // fast spiking: > 100 Hz
    expect(fs.at(-1)! / fs[1]).toBeLessThan(1.8); // with little adaptation
    const tonic = isis(t.get('AdEx_tonic')!);
    expect(Math.max(...tonic) / Math.min(...tonic)).toBeLessThan(1.2); // tonic: one interval throughout
    const adapting = isis(t.get('AdEx_adapting')!);
    expect(adapting.at(-1)! / adapting[0]).toBeGreaterThan(4); // adapting: intervals lengthen
    const bursting = isis(t.get('AdEx_bursting')!);
    expect(Math.min(...bursting)).toBeLessThan(8);
    expect(Math.max(...bursting)).toBeGreaterThan(80); // regular bursts
  });
});
