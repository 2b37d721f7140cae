/**
 * The built-in cell types on the CPU twin (cellTypes.suite.ts), the COBA example against Brian2,
 * and a user-defined cell type from JSON.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { example } from '../../examples';
import { cellTypeSuite } from '../cellTypes.suite';
import { CPU } from '../backends';
import { Run } from '../run';
import { QIF_CELL_TYPE, cellTypeNetwork } from '../testModels';

cellTypeSuite('cpu', () => CPU);

describe('COBA (Brette et al. 2007) on the CPU twin', () => {
  it('rate over 200–1000 ms within 10 % of Brian2 2.5.1 on the same network (fixture, 3 seeds)', async () => {
    const fx = JSON.parse(readFileSync('test/fixtures/coba-brian2.json', 'utf8'));
    // Brian2's seed 3 falls silent at 42 ms (a regime the fixture records); its sustained seeds are the reference.
    const reference = fx.summary_over_sustained_seeds.rate_all_Hz.mean as number;
    const rates: number[] = [];
    for (const seed of fx.seeds as number[]) {
      const m = example('coba');
      m.seed = seed;
      const sim = await Run.create(m, CPU);
      await sim.run(1000);
      const steps = sim.spikes().steps;
      let count = 0;
      for (let k = 0; k < steps.length; k++) if (steps[k] >= 2000 && steps[k] < 10000) count++;
      rates.push(count / 4000 / 0.8);
      sim.destroy();
    }
    const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
    expect(Math.abs(mean - reference) / reference).toBeLessThan(0.1);
  });
});

describe('a user-defined cell type (quadratic integrate-and-fire, in JSON)', () => {
  it('runs from the model file: it fires, and each spike resets v to v_reset', async () => {
    const m = cellTypeNetwork('QIF', 'voltage', 1, { initialV: [-70, -55], cellTypes: { QIF: structuredClone(QIF_CELL_TYPE) } });
    const json = JSON.stringify(m);
    const sim = await Run.create(JSON.parse(json), CPU);
    await sim.run(100);
    expect(sim.spikes().neurons.length).toBeGreaterThan(50);
    const state = await sim.readNeuronState();
    for (let i = 0; i < state.v.length; i++) expect(state.v[i]).toBeLessThan(0);
    sim.destroy();
  });
});
