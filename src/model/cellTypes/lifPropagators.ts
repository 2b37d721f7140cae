/**
 * Exact integration of the LIF membrane between steps: the propagators of Rotter & Diesmann
 * (1999), "Exact digital simulation of time-invariant linear systems with applications to
 * neuronal modeling" (the NEST iaf_psc_exp / iaf_psc_alpha / iaf_psc_delta scheme), in double
 * precision on the host. Units: ms, nF; results in mV per nA (or per nA/ms for the alpha term).
 */

/** ∫₀^dt e^{-(dt-s)/τm} e^{-s/τs} ds / cm: voltage at dt from a unit current decaying with τs. */
export function currentToVoltagePropagator(dt: number, tauM: number, tauS: number, cm: number): number {
  // = τm τs/(τs − τm) (e^{-dt/τs} − e^{-dt/τm}) / cm, written as e^{-dt/τm} · dt · expm1(x)/x with
  // x = dt (1/τm − 1/τs): stable as τs → τm, where it tends to dt e^{-dt/τm} / cm.
  const x = dt * (1 / tauM - 1 / tauS);
  const relative = x === 0 ? 1 : Math.expm1(x) / x;
  return (dt / cm) * Math.exp(-dt / tauM) * relative;
}

/**
 * ∫₀^dt e^{-(dt-s)/τm} s e^{-s/τs} ds / cm: voltage at dt from the rise term x of an alpha current
 * (I(s) = s·x·e^{-s/τs}). = e^{-dt/τm} ∫₀^dt s e^{-a s} ds / cm with a = 1/τs − 1/τm, and
 * ∫₀^h s e^{-as} ds = (1 − e^{-ah}(1 + ah))/a², summed as a series near a = 0.
 */
export function alphaRiseToVoltagePropagator(dt: number, tauM: number, tauS: number, cm: number): number {
  const a = 1 / tauS - 1 / tauM;
  const ah = a * dt;
  let integral: number;
  if (Math.abs(ah) < 0.05) {
    // h² Σ (−ah)^k / (k! (k + 2))
    let term = 1;
    let sum = 0;
    for (let k = 0; k < 12; k++) {
      sum += term / (k + 2);
      term *= -ah / (k + 1);
    }
    integral = dt * dt * sum;
  } else integral = (1 - Math.exp(-ah) * (1 + ah)) / (a * a);
  return (Math.exp(-dt / tauM) * integral) / cm;
}

/** (τm/cm)(1 − e^{-dt/τm}): voltage at dt from a constant unit current. */
export function constantCurrentPropagator(dt: number, tauM: number, cm: number): number {
  return (-tauM / cm) * Math.expm1(-dt / tauM);
}
