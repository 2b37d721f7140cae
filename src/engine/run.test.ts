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

  it('stops recording state at the same budget in bytes, says so, and keeps the values up to there', async () => {
    const model = example('cuba');
    model.recorders = [{ type: 'state', population: 'E', neurons: [0, 1, 2], variables: ['v'] }];
    const sim = await Run.create(structuredClone(model), CPU, { maxRecordedSpikes: 1000 }); // 2,000 values: 666 steps of 3 probes
    await sim.run(100);
    const s = sim.summary();
    expect(s.stateRecordingFull).toBe(true);
    expect(s.recordedStateSteps).toBe(666);
    const full = await Run.create(structuredClone(model), CPU);
    await full.run(100);
    expect(full.summary().stateRecordingFull).toBe(false);
    expect(full.recordedStateSteps).toBe(1000);
    for (let k = 0; k < 3; k++) expect(Array.from(sim.probe(k))).toEqual(Array.from(full.probe(k).slice(0, 666)));
    sim.destroy();
    full.destroy();
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
      [5, 'v'],
      [5, 'isyn_exc'],
      [5, 'isyn_inh'],
      [3300, 'v'],
      [3300, 'isyn_exc'],
      [3300, 'isyn_inh'],
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
    expect(() => sim.setLiveProbes(Array.from({ length: 14 }, (_, i) => i))).toThrow('at most 40 live probes'); // 14 × 3 variables
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

  it('one run holds oscillators and neurons in lockstep; its replay repeats every live edit of both at the same step', async () => {
    const run = await Run.create(example('kuramoto-spiking'), CPU);
    expect(run.spiking).not.toBeNull();
    expect(run.oscillators).not.toBeNull();
    await run.run(40);
    run.setCouplingStrength(0, 2 * run.oscillators!.couplingStrength(0));
    run.setNoise(2e-4);
    run.setParameter(run.network.populations[0].name, 'tau_m', 15);
    await run.run(30);
    run.setFrequencySpread(0, 0.5 * run.oscillators!.frequencySpread(0));
    run.stimulateNeuron(7);
    await run.run(30);
    // Both components advanced together, one row of r per step.
    expect(run.step).toBe(1000);
    expect(run.orderSeries().r.length).toBe(1001);
    const replay = await run.replayOnto(CPU);
    expect(replay.step).toBe(run.step);
    expect(replay.spikes().steps).toEqual(run.spikes().steps);
    expect(replay.spikes().neurons).toEqual(run.spikes().neurons);
    expect(replay.orderSeries().r).toEqual(run.orderSeries().r);
    expect(await replay.readOscillatorState()).toEqual(await run.readOscillatorState());
    expect((await replay.readNeuronState()).v).toEqual((await run.readNeuronState()).v);
    expect(replay.exportModel()).toEqual(run.exportModel());
    // Without the edits the run differs: the replay did apply them.
    const plain = await Run.create(example('kuramoto-spiking'), CPU);
    await plain.run(100);
    expect(plain.orderSeries().r).not.toEqual(run.orderSeries().r);
  });

  it('a reset starts again from the edited model: the same run again, and the edits are its new start', async () => {
    const run = await Run.create(example('kuramoto-two'), CPU);
    run.setCouplingStrength(0, 0.9);
    await run.run(50);
    const first = run.orderSeries().r;
    run.reset();
    expect(run.step).toBe(0);
    expect(run.orderSeries().r.length).toBe(1);
    await run.run(50);
    expect(run.orderSeries().r).toEqual(first);
    expect(run.exportModel().oscillators!.couplings[0].K).toBe(0.9);
    const replay = await run.replayOnto(CPU);
    expect(replay.orderSeries().r).toEqual(first);
  });

  it('chunks are as long as the policy allows and end at stimulus breakpoints', async () => {
    const m = example('single-neuron');
    m.stimuli = [{ type: 'dc', population: 'neuron', amplitude: 0.55, start: 30, stop: 170 }];
    const run = await Run.create(m, CPU);
    await run.run(250);
    // Steps 0–300, 300–1700 (one stimulus on), 1700–2500: cut at 300 and 1700 and at 1,000 steps.
    expect(run.recentChunkSteps).toEqual([300, 1000, 400, 800]);
    expect(run.summary().spikeCount).toBeGreaterThan(0);
  });

  it('names what a model lacks rather than failing later', async () => {
    const osc = await Run.create(example('kuramoto-two'), CPU);
    expect(() => osc.spikes()).toThrow('the model has no spiking populations');
    expect(() => osc.setParameter('E', 'tau_m', 10)).toThrow('the model has no spiking populations');
    const spiking = await Run.create(example('cuba'), CPU);
    expect(() => spiking.setCouplingStrength(0, 1)).toThrow('the model has no oscillators');
    expect(() => osc.setCouplingStrength(3, 1)).toThrow('coupling 3: the model has 1 coupling(s)');
    expect(() => osc.setNoise(-1)).toThrow(ParameterError);
  });

  it('the live model carries oscillator edits once, not compounded: a list of frequencies scaled twice by 2 is scaled by 2', async () => {
    const run = await Run.create(example('kuramoto-two'), CPU);
    const model = run.model;
    run.setFrequencySpread(0, 2);
    run.setFrequencySpread(0, 2);
    run.setCouplingStrength(0, 0.7);
    expect(run.model).toBe(model); // one live object, not a copy per read
    expect(run.model.oscillators!.groups[0].frequencies).toEqual([-0.5, 0.5]);
    expect(run.exportModel().oscillators!.couplings[0].K).toBe(0.7);
    expect(run.exportModel()).not.toBe(run.model);
  });

  it('a non-finite state in one component stops every component at the same step: recordings stay in step with the clock', async () => {
    const run = await Run.create(example('kuramoto-spiking'), CPU);
    await run.run(20);
    // V∞ = i_offset·R overflows f32: V becomes +Inf within a few steps, inside a chunk.
    run.setParameter('neurons', 'v_thresh', 3.4e38);
    run.setParameter('neurons', 'i_offset', 3e38);
    await expect(run.run(50)).rejects.toThrow(/population "neurons" has a non-finite state/);
    expect(run.step).toBeGreaterThan(200);
    expect(run.step).toBeLessThan(700);
    expect(run.orderSeries().r.length).toBe(run.step + 1); // the oscillators stopped there too
    const { steps } = run.spikes();
    expect(steps.at(-1)!).toBeLessThan(run.step);
    expect(run.summary().simulatedMs).toBeCloseTo(run.timeMs, 9);
  });
});
