import { describe, expect, it } from 'vitest';
import { example } from '../examples';
import { ParameterError } from './errors';
import { Run } from './run';
import { CPU } from './backends';

describe('Run facade', () => {
  it('stops recording at the memory budget, says so, keeps what it has and keeps counting', async () => {
    const sim = await Run.create(example('cuba'), CPU, { maxRecordedSpikes: 1000 });
    await sim.run(300);
    const s = sim.summary();
    expect(s.recordingFull).toBe(true);
    expect(s.recordedSpikes).toBe(1000);
    expect(s.spikeCount).toBeGreaterThan(3000);
    const full = await Run.create(example('cuba'), CPU);
    await full.run(300);
    expect(sim.spikes().neurons).toEqual(full.spikes().neurons.slice(0, 1000));
  });

  it('refuses structural edits and a second concurrent run', async () => {
    const sim = await Run.create(example('cuba'), CPU);
    expect(() => sim.setParameter('E', 'size', 10)).toThrow(ParameterError);
    expect(() => sim.setParameter('X', 'tau_m', 10)).toThrow('no population named "X" (E, I)');
    const first = sim.run(50);
    await expect(sim.run(10)).rejects.toThrow('already running');
    await first;
    expect(sim.timeMs).toBeCloseTo(50, 9);
  });

  it('refuses a weight that would overflow the fixed-point input of one step, and changes nothing', async () => {
    const sim = await Run.create(example('cuba'), CPU);
    const before = sim.network.weights.slice();
    expect(() => sim.setProjectionWeight('EE', 1e6)).toThrow(/projections\[0\]\.weight: too large for the fixed-point input range/);
    expect(sim.network.weights).toEqual(before);
    expect(sim.model.projections[0].weight).toBe(0.081);
    sim.setProjectionWeight('EE', 0.1);
    expect(sim.model.projections[0].weight).toBe(0.1);
  });

  it('pause stops after the chunks in flight; run continues from there', async () => {
    const sim = await Run.create(example('cuba'), CPU, { chunkSteps: 100 });
    const running = sim.runSteps(5000);
    sim.pause();
    await running;
    expect(sim.step).toBeLessThan(5000);
    expect(sim.step % 100).toBe(0);
  });

  it('live probes record every variable of a selected neuron; the pulse of stimulateNeuron makes it fire', async () => {
    const m = example('cuba');
    m.populations![0].params = { ...m.populations![0].params, v_rest: -65 }; // silent network
    m.populations![1].params = { ...m.populations![1].params, v_rest: -65 };
    const sim = await Run.create(m, CPU);
    await sim.run(10);
    sim.setLiveProbes([5, 3300]);
    await sim.run(10);
    const traces = sim.liveTraces();
    expect(traces.map((t) => [t.probe.neuron, t.probe.variable])).toEqual([
      [5, 'v'], [5, 'isyn_exc'], [5, 'isyn_inh'], [3300, 'v'], [3300, 'isyn_exc'], [3300, 'isyn_inh'],
    ]);
    expect(traces[0].firstStep).toBe(100);
    expect(traces[0].values.length).toBe(100);
    const { v } = await sim.readNeuronState();
    expect(traces[0].values[99]).toBe(v[5]);
    expect(sim.summary().spikeCount).toBe(0);
    sim.stimulateNeuron(5);
    await sim.run(5);
    const s = sim.spikes();
    expect(Array.from(s.neurons)).toContain(5);
    expect(s.steps[Array.from(s.neurons).indexOf(5)]).toBeGreaterThanOrEqual(200);
    expect(sim.model.stimuli.at(-1)).toMatchObject({ type: 'dc', population: 'E', neurons: [5], start: 20, stop: 22 });
    expect(() => sim.setLiveProbes([0, 1, 2, 3, 4, 5, 6, 7, 8])).toThrow('at most 24 live probes');
  });

  it('live traces keep the last two seconds', async () => {
    const sim = await Run.create(example('single-neuron'), CPU);
    sim.setLiveProbes([0]);
    await sim.run(6000);
    const [t] = sim.liveTraces();
    expect(t.values.length).toBeGreaterThanOrEqual(20_000); // at least the last 2 s …
    expect(t.values.length).toBeLessThanOrEqual(41_000); // … in bounded memory
    expect(t.firstStep + t.values.length).toBe(60_000);
    const { v } = await sim.readNeuronState();
    expect(t.values.at(-1)).toBe(v[0]);
  });
});
