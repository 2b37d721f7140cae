/**
 * Checks that every backend must pass, against closed forms (run by cpu.test.ts in Node and by
 * webgpu.gpu.test.ts in Chromium). Each can fail: they compare numbers, not that a run ended.
 */
import { describe, expect, it } from 'vitest';
import { example } from '../examples';
import { NonFiniteStateError } from './errors';
import { constantDrive, singlePsp } from './testModels';
import { Run } from './run';
import { type RunTarget } from './backends';
import { gapPairSteadyState } from '../analysis/gapJunctionTheory';

export function closedFormSuite(label: string, factory: () => RunTarget): void {
  describe(`closed forms on the ${label} backend`, () => {
    it.each([
      ['IF_curr_exp', 20, 2, 1.0],
      ['IF_curr_exp', 10, 0.1, 2.5],
      ['IF_curr_delta', 20, 5, 0.8],
      ['IF_curr_delta', 30, 1, 1.5],
    ] as const)(
      '%s tau_m=%d t_ref=%d I=%d nA: ISI = t_ref + τm ln((V∞−Vr)/(V∞−Vth)) within one dt',
      async (cellType, tauM, tauRefrac, amplitude) => {
        const dt = 0.1;
        const sim = await Run.create(constantDrive({ cellType, tauM, tauRefrac, amplitude, dt, durationMs: 400 }), factory());
        await sim.run(400);
        const t = sim.spikes().timesMs;
        expect(t.length).toBeGreaterThan(3);
        const vInf = -65 + amplitude * tauM; // R = tau_m / cm with cm = 1 nF
        const expected = tauRefrac + tauM * Math.log((vInf + 65) / (vInf + 50));
        for (let k = 1; k < t.length; k++) expect(Math.abs(t[k] - t[k - 1] - expected)).toBeLessThanOrEqual(dt + 1e-9);
        // first spike from rest: no refractory period before it
        expect(Math.abs(t[0] - (expected - tauRefrac))).toBeLessThanOrEqual(dt + 1e-9);
        sim.destroy();
      },
    );

    it('a SpikeSourceArray fires in the steps of its times; each spike makes an IF_curr_delta target jump by w after the delay', async () => {
      const times = [
        [1, 2.5, 2.5, 7.04],
        [0, 3, 30],
      ];
      const sim = await Run.create(
        {
          format: 'luciole-model',
          version: 1,
          name: 'source-array',
          dt: 0.1,
          durationMs: 40,
          populations: [
            { name: 'src', size: 2, cellType: 'SpikeSourceArray', spikeTimes: times },
            { name: 'post', size: 1, cellType: 'IF_curr_delta', params: { tau_m: 1e9, v_thresh: 100, tau_refrac: 0 } },
          ],
          projections: [{ pre: 'src', post: 'post', connector: { type: 'allToAll' }, receptor: 'excitatory', weight: 0.5, delay: 1.5 }],
          recorders: [
            { type: 'spikes', population: 'src' },
            { type: 'state', population: 'post', neurons: [0], variables: ['v'] },
          ],
        },
        factory(),
      );
      await sim.run(40);
      // Repeated times fire once; 7.04 ms rounds to step 70.
      const { neurons, steps } = sim.spikes();
      expect(Array.from(steps)).toEqual([0, 10, 25, 30, 70, 300]);
      expect(Array.from(neurons)).toEqual([1, 0, 0, 1, 0, 1]);
      // V starts at −65 mV and rises by 0.5 mV in step s + 15 for each spike of step s.
      const v = sim.probe(0);
      for (let k = 0; k < 400; k++) {
        const arrived = Array.from(steps).filter((s) => s + 15 <= k).length;
        expect(v[k]).toBeCloseTo(-65 + 0.5 * arrived, 4);
      }
      sim.destroy();
    });

    it('70 SpikeSourceArray neurons firing in most steps fire exactly at their times, with no chunk boundary at each spike', async () => {
      // Source j fires at every step s < 2000 with (s·(j+3)) mod 7 < 4: three bit-plane words per step.
      const fires = (j: number, s: number) => (s * (j + 3)) % 7 < 4;
      const spikeTimes = Array.from({ length: 70 }, (_, j) =>
        Array.from({ length: 2000 }, (_, s) => s).flatMap((s) => (fires(j, s) ? [s * 0.1] : [])),
      );
      const sim = await Run.create(
        {
          format: 'luciole-model',
          version: 1,
          name: 'dense-sources',
          dt: 0.1,
          durationMs: 200,
          populations: [{ name: 'src', size: 70, cellType: 'SpikeSourceArray', spikeTimes }],
          recorders: [{ type: 'spikes', population: 'src' }],
        },
        factory(),
      );
      await sim.run(200);
      const want: string[] = [];
      for (let s = 0; s < 2000; s++) for (let j = 0; j < 70; j++) if (fires(j, s)) want.push(`${s}:${j}`);
      const { neurons, steps } = sim.spikes();
      expect(Array.from(steps, (s, k) => `${s}:${neurons[k]}`)).toEqual(want);
      expect(sim.recentChunkSteps.length).toBeLessThan(10); // not one chunk per step
      sim.destroy();
    });

    it('the CUBA neuron alone spikes at 47.9, 100.8, 153.7, 206.6 ms (Brian2 stamping)', async () => {
      const sim = await Run.create(example('single-neuron'), factory());
      await sim.run(250);
      expect(Array.from(sim.spikes().steps)).toEqual([479, 1008, 1537, 2066]);
      expect(Array.from(sim.spikes().timesMs)).toEqual([47.9, 100.8, 153.7, 206.6]);
      sim.destroy();
    });

    it('holds V at V_reset for t_ref after a spike (Brian2 convention: from the spike stamp)', async () => {
      const sim = await Run.create(constantDrive({ tauRefrac: 5, amplitude: 2 }), factory());
      await sim.run(100);
      const step = sim.spikes().steps[0];
      const v = sim.probe(0);
      for (let k = step; k < step + 50; k++) expect(v[k]).toBe(-65); // steps step … step+49
      expect(v[step + 50]).toBeGreaterThan(-65);
      sim.destroy();
    });

    it('CuBa LIF PSP: peak time and amplitude within 1 % of the closed form', async () => {
      const dt = 0.01;
      const w = 0.5; // nA
      const tauS = 5;
      const tauM = 20;
      const sim = await Run.create(singlePsp({ cellType: 'IF_curr_exp', weight: w, delayMs: 1, dt, tauSynE: tauS }), factory());
      await sim.run(80);
      const spikeStep = sim.spikes().steps[0];
      const v = sim.probe(0);
      // The current jumps at the end of step spikeStep + delay; v[k] is V at the end of step k.
      const onsetStep = spikeStep + 100;
      let peak = -Infinity;
      let peakStep = 0;
      for (let k = 0; k < v.length; k++) if (v[k] > peak) [peak, peakStep] = [v[k], k];
      const tPeakMeasured = (peakStep - onsetStep) * dt;
      const tPeak = ((tauM * tauS) / (tauM - tauS)) * Math.log(tauM / tauS);
      const amplitude = ((w * tauM * tauS) / (tauS - tauM)) * (Math.exp(-tPeak / tauS) - Math.exp(-tPeak / tauM)); // cm = 1
      expect(Math.abs(tPeakMeasured - tPeak) / tPeak).toBeLessThan(0.01);
      expect(Math.abs(peak + 65 - amplitude) / amplitude).toBeLessThan(0.01);
      sim.destroy();
    });

    it('delta-synapse PSP: V jumps by the weight one delay after the spike, then decays with tau_m', async () => {
      const dt = 0.1;
      const sim = await Run.create(singlePsp({ cellType: 'IF_curr_delta', weight: 2, delayMs: 1.5, dt }), factory());
      await sim.run(40);
      const s = sim.spikes().steps[0];
      const v = sim.probe(0);
      expect(v[s + 14]).toBe(-65);
      expect(v[s + 15]).toBeCloseTo(-63, 5);
      expect(v[s + 15 + 200] + 65).toBeCloseTo(2 * Math.exp(-20 / 20), 4);
      sim.destroy();
    });

    it('a step-current schedule applies each amplitude from its time on', async () => {
      const m = constantDrive({ amplitude: 0 });
      m.populations![0].params!.v_thresh = 100;
      m.stimuli = [{ type: 'stepCurrent', population: 'n', times: [10, 30], amplitudes: [1, 0] }];
      const sim = await Run.create(m, factory());
      await sim.run(50);
      const v = sim.probe(0);
      expect(v[99]).toBe(-65); // step 99 ends at 10.0 ms: no current yet
      expect(v[100]).toBeGreaterThan(-65);
      const atOff = -65 + 20 * (1 - Math.exp(-20 / 20));
      expect(v[299]).toBeCloseTo(atOff, 3);
      expect(v[300]).toBeLessThan(v[299]);
      sim.destroy();
    });

    it('pausing between chunks changes nothing; reset replays the same run', async () => {
      const whole = await Run.create(example('cuba'), factory(), { chunkSteps: 1000 });
      await whole.run(200);
      const pieces = await Run.create(example('cuba'), factory(), { chunkSteps: 137 });
      await pieces.run(50);
      await pieces.run(150);
      expect(pieces.spikes().neurons).toEqual(whole.spikes().neurons);
      expect(pieces.spikes().steps).toEqual(whole.spikes().steps);
      const first = whole.summary().spikeCount;
      whole.reset();
      await whole.run(200);
      expect(whole.summary().spikeCount).toBe(first);
      expect(whole.spikes().steps).toEqual(pieces.spikes().steps);
      whole.destroy();
      pieces.destroy();
    });

    it('a live DC change raises the rate without losing the recording', async () => {
      const sim = await Run.create(constantDrive({ amplitude: 1 }), factory());
      await sim.run(200);
      const before = sim.summary().spikeCount;
      sim.setStimulus(0, { amplitude: 2 });
      await sim.run(200);
      const after = sim.summary().spikeCount - before;
      expect(after).toBeGreaterThan(before * 1.5);
      expect(sim.spikes().neurons.length).toBe(before + after);
      expect(sim.exportModelJson()).toContain('"amplitude": 2');
      sim.destroy();
    });

    it('a live parameter change (threshold) takes effect at once; an invalid one changes nothing', async () => {
      const sim = await Run.create(constantDrive({ amplitude: 1 }), factory());
      await sim.run(100);
      const n1 = sim.summary().spikeCount;
      expect(() => sim.setParameter('n', 'tau_m', -3)).toThrow('populations[0].params.tau_m: expected a positive number of ms, got -3');
      sim.setParameter('n', 'v_thresh', -40); // above V∞ = -45 mV? no: -65 + 20 = -45 < -40: silence
      await sim.run(100);
      expect(sim.summary().spikeCount).toBe(n1);
      sim.destroy();
    });

    it('gap junctions: the mean of two coupled passive neurons decays with τm, their difference with 1/τm + 2g/C', async () => {
      const g = 10; // nS
      const sim = await Run.create(
        {
          format: 'luciole-model',
          version: 1,
          name: 'gap-pair',
          dt: 0.1,
          populations: [
            { name: 'a', size: 1, cellType: 'IF_curr_exp', params: { tau_m: 20, v_rest: -65, v_thresh: 100 }, initialV: -55 },
            { name: 'b', size: 1, cellType: 'IF_curr_exp', params: { tau_m: 20, v_rest: -65, v_thresh: 100 }, initialV: -75 },
          ],
          projections: [
            { pre: 'a', post: 'b', connector: { type: 'oneToOne' }, receptor: 'electrical', weight: g },
            { pre: 'b', post: 'a', connector: { type: 'oneToOne' }, receptor: 'electrical', weight: g },
          ],
          recorders: [
            { type: 'state', population: 'a', neurons: [0], variables: ['v'] },
            { type: 'state', population: 'b', neurons: [0], variables: ['v'] },
          ],
        },
        factory(),
      );
      await sim.run(20);
      const [va, vb] = [sim.probe(0), sim.probe(1)];
      for (const k of [49, 99, 199]) {
        const t = (k + 1) * 0.1;
        expect((va[k] + vb[k]) / 2 + 65).toBeCloseTo(0, 4); // the mean stays at rest: +10 and -10 mV around it
        const d = va[k] - vb[k];
        const expected = 20 * Math.exp(-t * (1 / 20 + (2 * g * 1e-3) / 1)); // C = 1 nF: g/C in 1/ms is 1e-3 g
        expect(Math.abs(d - expected) / expected).toBeLessThan(0.01);
      }
      sim.destroy();
    });

    it('gap junctions: the steady coupling coefficient is g_c/(g_L + g_c), before and after a live change of g_c', async () => {
      const sim = await Run.create(example('gap-junction-pair'), factory());
      const settled = (gc: number) => {
        const [v1, v2] = [sim.probe(0), sim.probe(1)].map((v) => v[v.length - 1] + 65);
        const theory = gapPairSteadyState(50, gc, 0.5); // g_L = C_m/τ_m = 1 nF / 20 ms
        // the f32 steady state of the exact-exponential step: within 2 µV (0.35 µV seen on the CPU)
        expect(Math.abs(v1 - theory.drivenMv)).toBeLessThan(2e-3);
        expect(Math.abs(v2 - theory.followerMv)).toBeLessThan(2e-3);
        expect(Math.abs(v2 / v1 - theory.couplingCoefficient)).toBeLessThan(5e-4);
      };
      await sim.run(400);
      settled(25); // 7.5 and 2.5 mV: a third
      sim.setProjectionWeight('gap junction', 200);
      await sim.run(400);
      settled(200); // 0.8 of the driven cell's 5.56 mV
      expect(sim.spikes().timesMs.length).toBe(0);
      expect(() => sim.setProjectionWeight('gap junction', -1)).toThrow('projections[0].weight');
      sim.destroy();
    });

    it('a silenced neuron is held at V_reset and emits no spikes; it fires again once released', async () => {
      const m = constantDrive({ amplitude: 1.5 });
      m.stimuli!.push({ type: 'silence', population: 'n', start: 20, stop: 60 });
      const sim = await Run.create(m, factory());
      await sim.run(100);
      const t = Array.from(sim.spikes().timesMs);
      expect(t.some((x) => x < 20)).toBe(true);
      expect(t.some((x) => x >= 20 && x < 60)).toBe(false);
      expect(t.some((x) => x >= 60)).toBe(true);
      const v = sim.probe(0);
      for (let k = 200; k < 600; k++) expect(v[k]).toBe(-65);
      // live: silence now, then release
      sim.silenceNeurons([0]);
      await sim.run(50);
      expect(sim.spikes().timesMs.filter((x) => x >= 100).length).toBe(0);
      sim.silenceNeurons([0], false);
      await sim.run(50);
      expect(sim.spikes().timesMs.filter((x) => x >= 150).length).toBeGreaterThan(0);
      expect(sim.model.stimuli.filter((x) => x.type === 'silence').map((x) => [x.start, x.stop])).toEqual([
        [20, 60],
        [100, 150],
      ]);
      sim.destroy();
    });

    it('NaN or Inf in the state stops the run with the population named, keeping the recording', async () => {
      const m = example('cuba');
      const sim = await Run.create(m, factory());
      await sim.run(20);
      const recorded = sim.spikes().neurons.length;
      // V∞ = i_offset·R overflows f32: V becomes +Inf within a few steps.
      sim.setParameter('I', 'v_thresh', 3.4e38);
      sim.setParameter('I', 'i_offset', 3e38);
      await expect(sim.run(20)).rejects.toThrow(NonFiniteStateError);
      await expect(sim.run(1)).rejects.toThrow(/population "I" has a non-finite state \(NaN or ±Inf\) at step 2\d\d/);
      expect(sim.spikes().neurons.length).toBeGreaterThanOrEqual(recorded);
      expect(sim.timeMs).toBeLessThan(40);
      sim.destroy();
    });
  });
}
