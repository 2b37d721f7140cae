import { describe, expect, it } from 'vitest';
import { example } from '../../examples';
import { closedFormSuite } from '../closedForms.suite';
import { Run } from '../run';
import { CPU } from '../backends';

closedFormSuite('cpu', () => CPU);

describe('network rates on the CPU backend (published figures)', () => {
  it.each([1, 2, 3])('cuba, seed %d: mean rate inside 4–8 Hz (Brian2: 5.1–6.2 Hz)', async (seed) => {
    const m = example('cuba');
    m.seed = seed;
    const sim = await Run.create(m, CPU);
    await sim.run(1000);
    const rate = sim.summary().meanRateHz;
    expect(rate).toBeGreaterThan(4);
    expect(rate).toBeLessThan(8);
  });

  it('brunel-ai (full 12,500 neurons): rate within 10 % of the Siegert value 37.95 Hz', async () => {
    const sim = await Run.create(example('brunel-ai'), CPU);
    await sim.run(100); // transient
    const before = sim.summary().spikeCount;
    await sim.run(300);
    const rate = (sim.summary().spikeCount - before) / 12_500 / 0.3;
    expect(Math.abs(rate - 37.95) / 37.95).toBeLessThan(0.1);
  });

  it('Poisson input delivers rate × dt events per step on average', async () => {
    // Non-leaky, non-spiking delta neurons integrate their input: V(T) = w × events.
    const sim = await Run.create(
      {
        format: 'luciole-model',
        version: 1,
        name: 'poisson-count',
        populations: [
          { name: 'n', size: 2000, cellType: 'IF_curr_delta', params: { tau_m: 1e9, v_rest: 0, v_reset: -1, v_thresh: 1e9 }, initialV: 0 },
        ],
        stimuli: [{ type: 'poisson', population: 'n', rateHz: 500, weight: 0.01, receptor: 'excitatory' }],
      },
      CPU,
    );
    await sim.run(200);
    const { v } = await sim.readNeuronState();
    const counts = Array.from(v, (x) => x / 0.01);
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    const variance = counts.reduce((a, b) => a + (b - mean) ** 2, 0) / counts.length;
    expect(Math.abs(mean - 100)).toBeLessThan(4 * Math.sqrt(100 / 2000) + 0.5);
    expect(Math.abs(variance - 100) / 100).toBeLessThan(0.15);
  });
});
