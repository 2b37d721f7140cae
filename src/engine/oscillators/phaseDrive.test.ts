import { Run } from '../run';
import { CPU } from '../backends';
import { describe, expect, it } from 'vitest';
import { parseModel, type ModelInput } from '../../model/schema';

describe('oscillators driving spiking neurons (phase drive, CPU)', () => {
  // Above threshold (I > 0.75 nA) for at most 45 ms of each cycle, refractory for 60: one spike a cycle.
  it('each neuron fires once per cycle of its own oscillator: ISI = 2π/ω_i (K = 0)', async () => {
    const model: ModelInput = {
      format: 'luciole-model',
      version: 1,
      name: 'drive',
      dt: 0.1,
      durationMs: 1500,
      populations: [
        {
          name: 'n',
          size: 20,
          cellType: 'IF_curr_exp',
          params: { tau_m: 20, cm: 1, v_rest: -65, v_reset: -65, v_thresh: -50, tau_refrac: 60 },
        },
      ],
      recorders: [{ type: 'spikes', population: 'n' }],
      oscillators: {
        model: 'kuramoto',
        groups: [{ name: 'o', size: 20, frequencies: { distribution: 'uniform', low: 0.04, high: 0.06 } }],
        phaseDrive: [{ group: 'o', population: 'n', amplitude: 1.2, offset: 0 }],
      },
    };
    const run = await Run.create(parseModel(model), CPU);
    await run.run(1500);
    expect(run.step).toBe(15_000);
    const { neurons, timesMs } = run.spikes();
    for (let i = 0; i < 20; i++) {
      const t = Array.from(timesMs).filter((_, k) => neurons[k] === i);
      expect(t.length).toBeGreaterThanOrEqual(9);
      const period = (2 * Math.PI) / run.builtOscillators.omega[i];
      // After a locking transient of ~3 cycles; spike times sit on the 0.1 ms grid.
      for (let k = 4; k < t.length; k++) expect(Math.abs(t[k] - t[k - 1] - period)).toBeLessThanOrEqual(0.2);
      expect(Math.abs((t.at(-1)! - t[3]) / (t.length - 4) - period)).toBeLessThanOrEqual(0.03);
    }
  });

  it('refuses a neuron driven by two oscillators', async () => {
    const model: ModelInput = {
      format: 'luciole-model',
      version: 1,
      name: 'twice',
      populations: [{ name: 'n', size: 2, cellType: 'IF_curr_exp' }],
      oscillators: {
        model: 'kuramoto',
        groups: [{ name: 'o', size: 2 }],
        phaseDrive: [
          { group: 'o', population: 'n', amplitude: 1 },
          { group: 'o', population: 'n', neurons: [1], amplitude: 1 },
        ],
      },
    };
    await expect(Run.create(parseModel(model), CPU)).rejects.toThrow('neuron 1 of population "n" is driven twice');
  });
});
