import { describe, expect, it } from 'vitest';
import fixture from '../../test/fixtures/siegert-brunel.json';
import { BRUNEL_2000, brunelNetworkOf, brunelSiegertRateHz, erfcx, siegertTransfer, thresholdRateHz } from './brunelTheory';
import { example } from '../examples';
import { parseModel, type ModelInput } from '../model/schema';

describe('Brunel (2000) Siegert rate', () => {
  it('matches the SciPy reference (quad + brentq) to 0.1 % at every g, η of the fixture', () => {
    expect(fixture.params).toEqual({ tau_ms: 20, tau_rp_ms: 2, theta_mV: 20, v_reset_mV: 10, J_mV: 0.1, C_E: 1000, gamma: 0.25 });
    for (const c of fixture.cases) {
      const r = brunelSiegertRateHz(c.g, c.eta);
      expect(Math.abs(r - c.rate_Hz) / c.rate_Hz, `g = ${c.g}, η = ${c.eta}: ${r} Hz against ${c.rate_Hz}`).toBeLessThan(1e-3);
    }
  });

  it('is a fixed point of the transfer, and ν_thr is 10 Hz', () => {
    expect(thresholdRateHz(BRUNEL_2000)).toBeCloseTo(10, 12);
    const nu = brunelSiegertRateHz(5, 2) / 1000;
    expect(siegertTransfer(BRUNEL_2000, 5, 2, nu)).toBeCloseTo(nu, 6);
  });

  it('erfcx agrees with e^{x²} erfc(x) where that can be computed, and with its asymptote 1/(x√π)', () => {
    // erfc(1) = 0.157299207050285, erfc(2) = 0.004677734981047266 (DLMF 7.2)
    expect(erfcx(1)).toBeCloseTo(Math.E * 0.157299207050285, 6);
    expect(erfcx(2)).toBeCloseTo(Math.exp(4) * 0.004677734981047266, 6);
    expect(erfcx(0)).toBeCloseTo(1, 6);
    expect(erfcx(1e4) * 1e4 * Math.sqrt(Math.PI)).toBeCloseTo(1, 6);
  });

  it('reads brunel-ai as model A (g = 5, η = 2), and refuses a network the theory does not describe', () => {
    const m = parseModel(example('brunel-ai'));
    expect(brunelNetworkOf(m)).toMatchObject({ g: 5, eta: 2, constants: BRUNEL_2000, driveStimuli: [0, 1] });
    const edited = (change: (x: ModelInput) => void) => {
      const x = example('brunel-ai');
      change(x);
      return brunelNetworkOf(parseModel(x));
    };
    expect(edited((x) => (x.populations![1].params = { ...x.populations![1].params, tau_m: 10 }))).toBeNull(); // I unlike E
    expect(edited((x) => (x.populations![0].params = { ...x.populations![0].params, i_offset: 0.1 }))).toBeNull(); // an offset current
    expect(edited((x) => x.projections!.pop())).toBeNull(); // no I → I projection
    expect(edited((x) => (x.projections![3].weight = -0.3))).toBeNull(); // two values of g
    expect(edited((x) => x.stimuli!.push({ type: 'dc', population: 'E', amplitude: 1 }))).toBeNull();
    expect(edited((x) => (x.stimuli![1] = { ...x.stimuli![1], rateHz: 10_000 } as never))).toBeNull(); // E and I driven apart
  });

  it('has no drive, no rate; and refuses negative g', () => {
    expect(brunelSiegertRateHz(5, 0)).toBe(0);
    expect(() => brunelSiegertRateHz(-1, 2)).toThrow(/g ≥ 0/);
  });
});
