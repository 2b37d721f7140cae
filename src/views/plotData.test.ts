import { describe, expect, it } from 'vitest';
import { example } from '../examples';
import { membraneThresholdMv, membraneTraces, populationRates, recentPopulationRates } from './plotData';
import { Run } from '../engine/run';
import { CPU } from '../engine/backends';

describe('plot data', () => {
  it("the threshold line reads a cell type's `v >= name` or `v >= number`, and nothing else", () => {
    expect(membraneThresholdMv('v >= v_thresh', { v_thresh: -50 })).toBe(-50);
    expect(membraneThresholdMv('v >= 30', {})).toBe(30);
    expect(membraneThresholdMv(' v > -52.5 ', {})).toBe(-52.5);
    expect(membraneThresholdMv('i_stim > 0.5', {})).toBeNull();
    expect(membraneThresholdMv('v >= v_spike && w > 0', { v_spike: -40 })).toBeNull();
    expect(membraneThresholdMv('v >= missing', {})).toBeNull();
  });

  it('binned population rates average to the run mean rate', async () => {
    const sim = await Run.create(example('cuba'), CPU);
    await sim.run(1000);
    const [t, e, i] = populationRates(sim, 1000, 10);
    expect(t.length).toBe(100);
    expect(t[0]).toBeCloseTo(5, 9);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const s = sim.summary();
    expect(mean(e)).toBeCloseTo(s.populations[0].meanRateHz, 6);
    expect(mean(i)).toBeCloseTo(s.populations[1].meanRateHz, 6);
  });

  it('the live rate readout counts the recorded spikes of its window, and a short run over its length', async () => {
    const sim = await Run.create(example('cuba'), CPU);
    await sim.run(200);
    // Shorter than the window: the whole run, so the mean rate exactly.
    const early = recentPopulationRates(sim, 500);
    expect(early.windowMs).toBeCloseTo(200, 9);
    const s = sim.summary();
    expect(early.ratesHz[0]).toBeCloseTo(s.populations[0].meanRateHz, 9);
    expect(early.ratesHz[1]).toBeCloseTo(s.populations[1].meanRateHz, 9);
    await sim.run(600);
    // The last 500 ms: the spikes of steps 3000..7999, counted by hand.
    const late = recentPopulationRates(sim, 500);
    expect(late.windowMs).toBeCloseTo(500, 9);
    const { neurons, steps } = sim.spikeView();
    let e = 0;
    for (let k = 0; k < steps.length; k++) if (steps[k] >= 3000 && steps[k] < 8000 && neurons[k] < 3200) e++;
    expect(late.ratesHz[0]).toBeCloseTo((e / 3200 / 500) * 1000, 9);
  });

  it('membrane traces are the live probe of v, timed at the end of each step', async () => {
    const sim = await Run.create(example('single-neuron'), CPU);
    sim.setLiveProbes([0]);
    await sim.run(60);
    const { neurons, data } = membraneTraces(sim, 1000);
    expect(neurons).toEqual([0]);
    expect(data[0].length).toBe(600);
    expect(data[0][0]).toBeCloseTo(0.1, 9);
    // the spike at 47.9 ms: V at the end of that step is V_reset
    expect(data[1][479]).toBe(-60);
    expect(data[1][478]).toBeGreaterThan(-50.2);
  });
});
