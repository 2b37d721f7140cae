import { describe, expect, it } from 'vitest';
import { example } from '../examples';
import { cpuBackend } from './cpu';
import { ParameterError } from './errors';
import { Simulation } from './simulation';

describe('Simulation facade', () => {
  it('stops recording at the memory budget, says so, keeps what it has and keeps counting', async () => {
    const sim = await Simulation.create(example('cuba'), cpuBackend, { maxRecordedSpikes: 1000 });
    await sim.run(300);
    const s = sim.summary();
    expect(s.recordingFull).toBe(true);
    expect(s.recordedSpikes).toBe(1000);
    expect(s.spikeCount).toBeGreaterThan(3000);
    const full = await Simulation.create(example('cuba'), cpuBackend);
    await full.run(300);
    expect(sim.spikes().neurons).toEqual(full.spikes().neurons.slice(0, 1000));
  });

  it('refuses structural edits and a second concurrent run', async () => {
    const sim = await Simulation.create(example('cuba'), cpuBackend);
    expect(() => sim.setParameter('E', 'size', 10)).toThrow(ParameterError);
    expect(() => sim.setParameter('X', 'tau_m', 10)).toThrow('no population named "X" (E, I)');
    const first = sim.run(50);
    await expect(sim.run(10)).rejects.toThrow('already running');
    await first;
    expect(sim.timeMs).toBeCloseTo(50, 9);
  });

  it('refuses a weight that would overflow the fixed-point input of one step, and changes nothing', async () => {
    const sim = await Simulation.create(example('cuba'), cpuBackend);
    const before = sim.network.weights.slice();
    expect(() => sim.setProjectionWeight('EE', 1e6)).toThrow(/projections\[0\]\.weight: too large for the fixed-point input range/);
    expect(sim.network.weights).toEqual(before);
    expect(sim.model.projections[0].weight).toBe(0.081);
    sim.setProjectionWeight('EE', 0.1);
    expect(sim.model.projections[0].weight).toBe(0.1);
  });

  it('pause stops after the chunks in flight; run continues from there', async () => {
    const sim = await Simulation.create(example('cuba'), cpuBackend, { chunkSteps: 100 });
    const running = sim.runSteps(5000);
    sim.pause();
    await running;
    expect(sim.step).toBeLessThan(5000);
    expect(sim.step % 100).toBe(0);
  });
});
