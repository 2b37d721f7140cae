/**
 * Closed forms of a leaky integrate-and-fire neuron under a constant current: the rheobase and
 * the f–I curve, T = t_ref + τ_m ln((V∞ − V_reset) / (V∞ − V_th)) with V∞ = V_rest + R·I and
 * R = τ_m / C_m (Gerstner, Kistler, Naud & Paninski 2014, Neuronal Dynamics, §1.3.2). Units:
 * nF, ms, mV, nA (so R in MΩ: mV per nA).
 */

export interface LifConstants {
  cm: number; // nF
  tau_m: number; // ms
  tau_refrac: number; // ms
  v_rest: number; // mV
  v_reset: number; // mV
  v_thresh: number; // mV
  i_offset?: number; // nA
}

/** The smallest constant current (nA, besides i_offset) that makes the neuron fire. */
export function lifRheobaseNa(p: LifConstants): number {
  return (p.cm * (p.v_thresh - p.v_rest)) / p.tau_m - (p.i_offset ?? 0);
}

/** The steady firing rate (Hz) under a constant current `iNa` (nA, added to i_offset); 0 at or below rheobase. */
export function lifRateHz(p: LifConstants, iNa: number): number {
  const vInf = p.v_rest + ((iNa + (p.i_offset ?? 0)) * p.tau_m) / p.cm;
  if (vInf <= p.v_thresh) return 0;
  const periodMs = p.tau_refrac + p.tau_m * Math.log((vInf - p.v_reset) / (vInf - p.v_thresh));
  return 1000 / periodMs;
}

/**
 * The postsynaptic potential (mV) of a LIF neuron at rest, `tMs` after an exponential current
 * synapse of weight `wNa` (nA, decaying with `tauSynMs`) opens: the solution of
 * τ_m dV/dt = −V + R w e^{−t/τ_s}: V(t) = (w / C_m) τ_m τ_s / (τ_m − τ_s) (e^{−t/τ_m} − e^{−t/τ_s})
 * (Tuckwell 1988, Introduction to Theoretical Neurobiology, ch. 3).
 */
export function pspMv(p: Pick<LifConstants, 'cm' | 'tau_m'>, tauSynMs: number, wNa: number, tMs: number): number {
  if (tMs < 0) return 0;
  if (Math.abs(p.tau_m - tauSynMs) < 1e-12) return ((wNa * tMs) / p.cm) * Math.exp(-tMs / p.tau_m); // the alpha limit
  return (wNa / p.cm) * ((p.tau_m * tauSynMs) / (p.tau_m - tauSynMs)) * (Math.exp(-tMs / p.tau_m) - Math.exp(-tMs / tauSynMs));
}

/** When the PSP peaks (ms after onset): ln(τ_m / τ_s) τ_m τ_s / (τ_m − τ_s), and its peak (mV). */
export function pspPeak(p: Pick<LifConstants, 'cm' | 'tau_m'>, tauSynMs: number, wNa: number): { tMs: number; mV: number } {
  const tMs = Math.abs(p.tau_m - tauSynMs) < 1e-12 ? p.tau_m : (Math.log(p.tau_m / tauSynMs) * p.tau_m * tauSynMs) / (p.tau_m - tauSynMs);
  return { tMs, mV: pspMv(p, tauSynMs, wNa, tMs) };
}
