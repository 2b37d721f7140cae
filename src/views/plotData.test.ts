import { describe, expect, it } from 'vitest';
import { example } from '../examples';
import { membraneThresholdMv, membraneTraces, populationRates } from './plotData';
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
