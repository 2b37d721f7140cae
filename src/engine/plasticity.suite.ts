/**
 * Plasticity against closed forms, on any backend (run by cpu/plasticity.test.ts in Node and by
 * webgpu/plasticity.gpu.test.ts in Chromium): the STDP window of isolated pre/post pairs for both
 * weight dependences, and all-to-all against nearest-neighbour pairing; a rule that overflows f32
 * stops the run at the step it does, naming the projection.
 */
import { describe, expect, it } from 'vitest';
import type { ModelInput } from '../model/schema';
import { NonFiniteStateError } from './errors';
import { Run } from './run';
import type { RunTarget } from './backends';

const DT = 0.1; // ms
const PULSE_NA = 400; // one step of this current fires an IF_curr_exp neuron (cm 1 nF: +40 mV)

/** stepCurrent stimuli that fire neuron `neuron` of `population` once at each of `timesMs`. */
function pulses(population: string, neuron: number, timesMs: number[]): NonNullable<ModelInput['stimuli']> {
  return [
    {
      type: 'stepCurrent',
      population,
      neurons: [neuron],
      times: timesMs.flatMap((t) => [t, t + DT]),
      amplitudes: timesMs.flatMap(() => [PULSE_NA, 0]),
    },
  ];
}

/** Pair k: pre neuron k fires at `preTimes[k]`, post neuron k at `postTimes[k]`, through one plastic synapse (one to one). */
export function pairingModel(
  preTimes: number[][],
  postTimes: number[][],
  weightDependence: string,
  pairing: 'allToAll' | 'nearest',
  stdp = { tau_plus: 16.8, tau_minus: 33.7, A_plus: 0.05, A_minus: 0.04 },
): ModelInput {
  const n = preTimes.length;
  return {
    format: 'luciole-model',
    version: 1,
    name: 'stdp-pairs',
    dt: DT,
    populations: [
      { name: 'pre', size: n, cellType: 'IF_curr_exp' },
      { name: 'post', size: n, cellType: 'IF_curr_exp' },
    ],
    projections: [
      {
        name: 'plastic',
        pre: 'pre',
        post: 'post',
        connector: { type: 'oneToOne' },
        receptor: 'excitatory',
        weight: 5e-4, // nA: far too small to move the postsynaptic neuron
        delay: DT,
        plasticity: {
          type: 'STDPMechanism',
          timingDependence: { type: 'SpikePairRule', pairing, ...stdp },
          weightDependence: { type: weightDependence, w_min: 0, w_max: 1e-3 },
        },
      },
    ],
    stimuli: [...preTimes.flatMap((t, k) => pulses('pre', k, t)), ...postTimes.flatMap((t, k) => pulses('post', k, t))],
    recorders: [
      { type: 'spikes', population: 'pre' },
      { type: 'spikes', population: 'post' },
    ],
  };
}

/** Spike times (ms) of each neuron of the run, from its recording. */
function spikeTimes(sim: Run, n: number): { pre: number[][]; post: number[][] } {
  const s = sim.spikes();
  const pre = Array.from({ length: n }, () => [] as number[]);
  const post = Array.from({ length: n }, () => [] as number[]);
  for (let k = 0; k < s.neurons.length; k++) {
    const i = s.neurons[k];
    (i < n ? pre[i] : post[i - n]).push(s.steps[k] * DT);
  }
  return { pre, post };
}

/**
 * One pre and one post neuron through a rule of our own whose synapse variable e grows by the
 * factor g each step (perStep, from e = 1) and whose post trace z adds `kick` at each post spike;
 * either overflows f32 to +Inf when its parameters say so.
 */
function overflowingRuleModel(g: number, kick: number, preTimes: number[], postTimes: number[]): ModelInput {
  const base = pairingModel([preTimes], [postTimes], 'AdditiveWeightDependence', 'allToAll');
  return {
    ...base,
    plasticityRules: {
      Growing: {
        parameters: {
          g: { unit: '1', default: g },
          kick: { unit: '1', default: kick },
          tau: { unit: 'ms', default: 1000 },
          w_min: { unit: 'nA', default: 0 },
          w_max: { unit: 'nA', default: 1e-3 },
        },
        synapse: { e: { unit: '1', initial: 1 } },
        postTraces: { z: { tau: 'tau', onSpike: 'z = z + kick' } },
        onPre: 'w = w',
        onPost: 'w = w',
        perStep: 'e = e * g',
        bounds: { min: 'w_min', max: 'w_max' },
      },
    },
    projections: base.projections!.map((p) => ({ ...p, plasticity: { type: 'Growing' } })),
  };
}

export function plasticitySuite(label: string, factory: () => RunTarget): void {
  describe(`STDP on the ${label} backend`, () => {
    const offsets = [-60, -40, -25, -12, -5, -1, 1, 5, 12, 25, 40, 60]; // Δt = t_post − t_pre, ms
    const stdp = { tau_plus: 16.8, tau_minus: 33.7, A_plus: 0.05, A_minus: 0.04 };
    const w0 = 5e-4;
    const wMax = 1e-3;

    for (const dependence of ['AdditiveWeightDependence', 'MultiplicativeWeightDependence'])
      for (const pairing of ['allToAll', 'nearest'] as const)
        it(`${dependence}, ${pairing}: an isolated pair at Δt changes w by A₊e^(−Δt/τ₊) or −A₋e^(Δt/τ₋) (PyNN scaling) within 1 %`, async () => {
          const pre = offsets.map(() => [100]);
          const post = offsets.map((d) => [100 + d]);
          const sim = await Run.create(pairingModel(pre, post, dependence, pairing, stdp), factory());
          await sim.run(250);
          const times = spikeTimes(sim, offsets.length);
          const { weights } = await sim.readPlasticWeights('plastic');
          sim.destroy();
          offsets.forEach((_, k) => {
            expect(times.pre[k]).toHaveLength(1);
            expect(times.post[k]).toHaveLength(1);
            const dt = times.post[k][0] - times.pre[k][0]; // measured, ms
            const additive = dependence === 'AdditiveWeightDependence';
            const expected =
              dt >= 0
                ? (additive ? wMax : wMax - w0) * stdp.A_plus * Math.exp(-dt / stdp.tau_plus)
                : -(additive ? wMax : w0) * stdp.A_minus * Math.exp(dt / stdp.tau_minus);
            const dw = weights[k] - w0;
            expect(Math.abs(dw - expected) / Math.abs(expected), `Δt = ${dt} ms: Δw ${dw}, expected ${expected}`).toBeLessThan(0.01);
          });
        });

    it('pairing: two pre spikes then a post spike potentiate by both (all-to-all) or by the nearest only', async () => {
      // Pre at 100 and 110 ms, post at 120 ms; then depression is measured too: post at 300, pre at 305 and 320.
      const pre = [
        [100, 110],
        [305, 320],
      ];
      const post = [[120], [300]];
      const wants = (pairing: 'allToAll' | 'nearest', dts: number[], sign: number) => {
        const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
        const kernel = sign > 0 ? (d: number) => Math.exp(-d / stdp.tau_plus) : (d: number) => Math.exp(-d / stdp.tau_minus);
        // Potentiation sees the pre trace at the post spike (all spikes, or the nearest); each
        // later pre spike is depressed by the post trace (one post spike: the same for both pairings).
        return sign > 0
          ? wMax * stdp.A_plus * (pairing === 'nearest' ? kernel(dts[dts.length - 1]) : sum(dts.map(kernel)))
          : -wMax * stdp.A_minus * sum(dts.map(kernel));
      };
      for (const pairing of ['allToAll', 'nearest'] as const) {
        const sim = await Run.create(pairingModel(pre, post, 'AdditiveWeightDependence', pairing, stdp), factory());
        await sim.run(400);
        const t = spikeTimes(sim, 2);
        const { weights } = await sim.readPlasticWeights(0);
        sim.destroy();
        const pot = wants(
          pairing,
          t.pre[0].map((p) => t.post[0][0] - p),
          1,
        );
        const dep = wants(
          pairing,
          t.pre[1].map((p) => p - t.post[1][0]),
          -1,
        );
        expect(Math.abs(weights[0] - w0 - pot) / pot).toBeLessThan(0.01);
        expect(Math.abs(weights[1] - w0 - dep) / Math.abs(dep)).toBeLessThan(0.01);
      }
    });
  });

  describe(`a plasticity rule that overflows on the ${label} backend`, () => {
    it('a synapse variable reaching ±Inf stops the run at that step, naming the projection and keeping the recording', async () => {
      const g = 1.1;
      // The f32 step at which e = g^(s+1) first overflows (perStep runs at the end of step s).
      let e = 1;
      let overflowStep = 0;
      for (; ; overflowStep++) {
        e = Math.fround(e * Math.fround(g));
        if (!Number.isFinite(e)) break;
      }
      expect(overflowStep).toBe(930);
      const sim = await Run.create(overflowingRuleModel(g, 1, [10, 50], [20]), factory());
      await sim.run(50);
      const before = sim.spikes().neurons.length;
      expect(before).toBe(2); // pre at 10 ms, post at 20 ms
      const error = await sim.run(100).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(NonFiniteStateError);
      expect((error as Error).message).toContain(
        `plastic projection "plastic" has a non-finite weight, synapse variable or trace (NaN or ±Inf) at step ${overflowStep} (t = ${(overflowStep * DT).toFixed(3)} ms)`,
      );
      expect(sim.timeMs).toBeCloseTo((overflowStep + 1) * DT, 6);
      expect(sim.spikes().neurons.length).toBe(3); // and the pre spike at 50 ms
      await expect(sim.run(1)).rejects.toThrow(/plastic projection "plastic"/);
      sim.destroy();
    });

    it('a trace reaching ±Inf stops the run at the spike that made it', async () => {
      // z = 3e38 after the first post spike; the second adds 3e38 more, past f32's 3.4e38.
      const sim = await Run.create(overflowingRuleModel(1, 3e38, [], [20, 30]), factory());
      const error = await sim.run(100).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(NonFiniteStateError);
      const spikes = sim.spikes();
      expect(spikes.neurons.length).toBe(2);
      const secondSpikeStep = spikes.steps[1];
      expect((error as Error).message).toContain(
        `plastic projection "plastic" has a non-finite weight, synapse variable or trace (NaN or ±Inf) at step ${secondSpikeStep} `,
      );
      sim.destroy();
    });
  });
}
