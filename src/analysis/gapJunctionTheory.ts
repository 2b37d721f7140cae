/**
 * Two identical passive cells joined by a gap junction, with a constant current into the first:
 * the steady state of g_L·v1 + g_c·(v1 − v2) = I and g_L·v2 = g_c·(v1 − v2), with v the
 * depolarisation from rest. The coupling coefficient v2/v1 = g_c / (g_L + g_c) (Bennett 1966,
 * Ann. N.Y. Acad. Sci. 137:509; Bennett & Zukin 2004, Neuron 41:495). g_L = C_m / τ_m.
 * Units: nS, nA, mV (nA / nS = V, hence the factor 1000).
 */

export interface GapPairSteadyState {
  /** The driven cell's depolarisation (mV). */
  drivenMv: number;
  /** The coupled cell's depolarisation (mV). */
  followerMv: number;
  /** The driven cell's depolarisation without the junction (mV): I / g_L. */
  aloneMv: number;
  /** v2 / v1 = g_c / (g_L + g_c). */
  couplingCoefficient: number;
}

/** The leak conductance (nS) of a membrane of capacitance `cmNf` (nF) and time constant `tauMs` (ms). */
export function leakConductanceNs(cmNf: number, tauMs: number): number {
  return (1000 * cmNf) / tauMs;
}

export function gapPairSteadyState(leakNs: number, couplingNs: number, currentNa: number): GapPairSteadyState {
  const det = leakNs * (leakNs + 2 * couplingNs);
  return {
    drivenMv: (1000 * currentNa * (leakNs + couplingNs)) / det,
    followerMv: (1000 * currentNa * couplingNs) / det,
    aloneMv: (1000 * currentNa) / leakNs,
    couplingCoefficient: couplingNs / (leakNs + couplingNs),
  };
}
