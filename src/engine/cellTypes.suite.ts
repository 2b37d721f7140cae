/**
 * The built-in cell types against their references, on any backend (run by cpu/cellTypes.test.ts
 * in Node and by webgpu/cellTypes.gpu.test.ts in Chromium): Izhikevich and AdEx against Brian2
 * 2.5.1 fixtures made by scripts/fixtures/*.py, IF_curr_alpha and IF_cond_exp against closed forms.
 */
import adexFixture from '../../test/fixtures/adex-brian2.json?raw';
import izhikevichFixture from '../../test/fixtures/izhikevich-brian2.json?raw';
import { describe, expect, it } from 'vitest';
import type { ModelInput } from '../model/schema';
import { Run } from './run';
import type { RunTarget } from './backends';

const FIXTURES: Record<string, string> = { 'adex-brian2.json': adexFixture, 'izhikevich-brian2.json': izhikevichFixture };
const fixture = (name: string) => JSON.parse(FIXTURES[name]);

const base = (name: string, dt: number): Pick<ModelInput, 'format' | 'version' | 'name' | 'dt'> => ({
  format: 'luciole-model',
  version: 1,
  name,
  dt,
});

export function cellTypeSuite(label: string, factory: () => RunTarget): void {
  describe(`built-in cell types on the ${label} backend`, () => {
    // FS is the exception, measured: its Euler orbit at dt = 0.1 ms amplifies rounding, so f32 (any
    // order of the operations) and Brian2's f64 part after ~17 spikes, by up to 14 steps at 300 ms
    // (docs/model-format.md, "Izhikevich"). For FS: every spike of the first 100 ms within one step,
    // then the same spike count and mean ISI within 1 %.
    it('Izhikevich RS, IB, CH, LTS (Izhikevich 2003, Fig. 2) at I = 10 pA: every spike in 300 ms within one step of Brian2; FS: 100 ms, then count and mean ISI', async () => {
      const fx = fixture('izhikevich-brian2.json');
      const sets = Object.entries(fx.sets as Record<string, { params: Record<string, number>; spike_steps: number[] }>);
      const sim = await Run.create(
        {
          ...base('izhikevich', fx.dt_ms),
          populations: sets.map(([name, s]) => ({
            name,
            size: 1,
            cellType: 'Izhikevich',
            params: { a: s.params.a, b: s.params.b, c: s.params.c, d: s.params.d, i_offset: fx.I_mV_per_ms },
            initialV: fx.v_init_mV,
          })),
          recorders: sets.map(([name]) => ({ type: 'spikes' as const, population: name })),
        },
        factory(),
      );
      await sim.run(fx.duration_ms);
      const spikes = sim.spikes();
      for (const [k, [name, s]] of sets.entries()) {
        const ours = Array.from(spikes.steps).filter((_, j) => spikes.neurons[j] === k);
        expect(ours.length, name).toBe(s.spike_steps.length);
        const exact = name === 'FS' ? ours.filter((step) => step < 1000).length : ours.length;
        expect(exact).toBeGreaterThan(name === 'FS' ? 10 : 5);
        for (let j = 0; j < exact; j++) expect(Math.abs(ours[j] - s.spike_steps[j]), `${name} spike ${j}`).toBeLessThanOrEqual(1);
        const meanIsi = (x: number[]) => (x[x.length - 1] - x[0]) / (x.length - 1);
        expect(Math.abs(meanIsi(ours) - meanIsi(s.spike_steps)) / meanIsi(s.spike_steps), name).toBeLessThan(0.01);
      }
      sim.destroy();
    });

    it('EIF_cond_exp_isfa_ista (AdEx, PyNN defaults) at 1 nA: the ISIs lengthen to the steady-state ISI of Brian2 within 1 %', async () => {
      const fx = fixture('adex-brian2.json');
      const sim = await Run.create(
        {
          ...base('adex', fx.dt_ms),
          populations: [{ name: 'n', size: 1, cellType: 'EIF_cond_exp_isfa_ista', params: { i_offset: fx.i_offset_nA } }],
          recorders: [{ type: 'spikes', population: 'n' }],
        },
        factory(),
      );
      await sim.run(fx.duration_ms);
      const t = Array.from(sim.spikes().timesMs);
      const isi = t.slice(1).map((x, k) => x - t[k]);
      const steady = isi.slice(-5).reduce((a, b) => a + b, 0) / 5;
      expect(Math.abs(steady - fx.results.steady_state_isi_ms) / fx.results.steady_state_isi_ms).toBeLessThan(0.01);
      expect(Math.abs(isi[0] - fx.results.first_isi_ms)).toBeLessThanOrEqual(2 * fx.dt_ms + 1e-9);
      expect(isi[0]).toBeLessThan(0.5 * steady); // adaptation
      for (let k = 1; k < isi.length; k++) expect(isi[k]).toBeGreaterThanOrEqual(isi[k - 1] - fx.dt_ms - 1e-9);
      sim.destroy();
    });

    it('IF_curr_alpha PSP: peak time and amplitude within 1 % of the closed form', async () => {
      const dt = 0.01;
      const w = 0.5; // nA: the peak of the synaptic current
      const [tauS, tauM, cm] = [2, 20, 1];
      const sim = await Run.create(
        {
          ...base('alpha-psp', dt),
          populations: [
            { name: 'driver', size: 1, cellType: 'IF_curr_exp', params: { tau_refrac: 100 }, initialV: -65 },
            { name: 'target', size: 1, cellType: 'IF_curr_alpha', params: { cm, tau_m: tauM, tau_syn_E: tauS, v_thresh: 100 } },
          ],
          projections: [{ pre: 'driver', post: 'target', connector: { type: 'oneToOne' }, receptor: 'excitatory', weight: w, delay: 1 }],
          stimuli: [{ type: 'dc', population: 'driver', amplitude: 20, start: 0, stop: 1 }],
          recorders: [
            { type: 'spikes', population: 'driver' },
            { type: 'state', population: 'target', neurons: [0], variables: ['v', 'isyn_exc'] },
          ],
        },
        factory(),
      );
      await sim.run(60);
      const onsetStep = sim.spikes().steps[0] + 100; // the rise term jumps at the end of this step
      const v = sim.probe(0);
      const isyn = sim.probe(1);
      let [peak, peakStep] = [-Infinity, 0];
      for (let k = 0; k < v.length; k++) if (v[k] > peak) [peak, peakStep] = [v[k], k];
      // V(t) = (w e / (τs cm)) e^{−t/τm} ∫₀ᵗ s e^{−as} ds, a = 1/τs − 1/τm; its maximum by a fine scan.
      const a = 1 / tauS - 1 / tauM;
      const closed = (t: number) => ((w * Math.E) / (tauS * cm)) * Math.exp(-t / tauM) * ((1 - Math.exp(-a * t) * (1 + a * t)) / (a * a));
      let [best, tBest] = [-Infinity, 0];
      for (let t = 0; t < 40; t += 1e-4) if (closed(t) > best) [best, tBest] = [closed(t), t];
      expect(Math.abs((peakStep - onsetStep) * dt - tBest) / tBest).toBeLessThan(0.01);
      expect(Math.abs(peak + 65 - best) / best).toBeLessThan(0.01);
      // The current itself peaks at the weight, tau_syn after the onset.
      let [ipeak, ipeakStep] = [-Infinity, 0];
      for (let k = 0; k < isyn.length; k++) if (isyn[k] > ipeak) [ipeak, ipeakStep] = [isyn[k], k];
      expect(Math.abs(ipeak - w) / w).toBeLessThan(1e-3);
      expect(Math.abs((ipeakStep - onsetStep) * dt - tauS)).toBeLessThanOrEqual(dt + 1e-9);
      sim.destroy();
    });

    it('IF_cond_exp under a constant conductance: V relaxes to the steady state (g_L E_L + g E_e)/(g_L + g) as the closed form', async () => {
      const dt = 0.1;
      const [cm, tauM, g, eRev, vRest] = [0.2, 20, 0.01, 0, -60]; // nF, ms, µS, mV, mV
      const sim = await Run.create(
        {
          ...base('conductance-steady-state', dt),
          populations: [
            {
              name: 'n',
              size: 1,
              cellType: 'IF_cond_exp',
              params: { cm, tau_m: tauM, v_rest: vRest, v_reset: vRest, v_thresh: 100, e_rev_E: eRev, tau_syn_E: 1e12 },
              initial: { g_exc: g },
            },
          ],
          recorders: [{ type: 'state', population: 'n', neurons: [0], variables: ['v', 'g_exc'] }],
        },
        factory(),
      );
      await sim.run(200);
      const v = sim.probe(0);
      const gL = cm / tauM; // µS
      const vInf = (gL * vRest + g * eRev) / (gL + g);
      const rate = (gL + g) / cm; // 1/ms
      for (const k of [0, 9, 99, 499, 1999]) {
        const t = (k + 1) * dt;
        expect(Math.abs(v[k] - (vInf + (vRest - vInf) * Math.exp(-rate * t)))).toBeLessThan(2e-4);
      }
      expect(sim.probe(1)[1999]).toBeCloseTo(g, 7);
      sim.destroy();
    });
  });
}
