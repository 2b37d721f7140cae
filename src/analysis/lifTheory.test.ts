import { describe, expect, it } from 'vitest';
import { lifRateHz, lifRheobaseNa, pspMv, pspPeak } from './lifTheory';
import { Run } from '../engine/run';
import { CPU } from '../engine/backends';
import { example } from '../examples';

const single = { cm: 1, tau_m: 20, tau_refrac: 5, v_rest: -60, v_reset: -60, v_thresh: -50 };

describe('LIF closed forms', () => {
  it('single-neuron: rheobase 0.5 nA, and 0.55 nA gives the documented period t_ref + τ ln 11 = 52.96 ms', () => {
    expect(lifRheobaseNa(single)).toBeCloseTo(0.5, 12);
    expect(lifRateHz(single, 0.5)).toBe(0);
    expect(1000 / lifRateHz(single, 0.55)).toBeCloseTo(5 + 20 * Math.log(11), 9);
    expect(lifRheobaseNa({ ...single, i_offset: 0.2 })).toBeCloseTo(0.3, 12);
  });

  it('the simulated neuron fires at the closed-form rate, within the 0.1 ms grid', async () => {
    const m = example('single-neuron');
    (m.stimuli![0] as { amplitude: number }).amplitude = 0.8;
    m.durationMs = 2000;
    const run = await Run.create(m, CPU);
    await run.run(2000);
    const theory = lifRateHz(single, 0.8); // V∞ = -44 mV: 1000 / (5 + 20 ln(16/6)) = 40.6 Hz
    expect(theory).toBeCloseTo(1000 / (5 + 20 * Math.log(16 / 6)), 9);
    const measured = run.summary().populations[0].meanRateHz;
    expect(Math.abs(measured - theory) / theory).toBeLessThan(0.02);
  });

  it('the PSP peaks where its derivative vanishes, and solves the membrane equation', () => {
    const p = { cm: 0.25, tau_m: 20 };
    const { tMs, mV } = pspPeak(p, 5, 2);
    expect(tMs).toBeCloseTo((Math.log(4) * 100) / 15, 12); // 9.24 ms
    const h = 1e-4;
    expect(Math.abs(pspMv(p, 5, 2, tMs + h) - pspMv(p, 5, 2, tMs - h)) / (2 * h)).toBeLessThan(1e-6);
    expect(mV).toBeCloseTo((2 / 0.25) * (100 / 15) * (Math.pow(4, -1 / 3) - Math.pow(4, -4 / 3)), 12);
    // τ_m dV/dt = −V + R w e^{−t/τ_s}, R = τ_m / C_m, checked by a central difference at 3 ms
    const t = 3;
    const dVdt = (pspMv(p, 5, 2, t + h) - pspMv(p, 5, 2, t - h)) / (2 * h);
    expect(20 * dVdt).toBeCloseTo(-pspMv(p, 5, 2, t) + (20 / 0.25) * 2 * Math.exp(-t / 5), 5);
    expect(pspMv(p, 5, 2, -1)).toBe(0);
    expect(pspMv(p, 5, -2, tMs)).toBeCloseTo(-mV, 12);
  });
});
