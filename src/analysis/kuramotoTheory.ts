/**
 * Mean-field theory of the all-to-all Kuramoto model for N → ∞ (Kuramoto 1975; Strogatz,
 * Physica D 143, 2000): the onset K_c = 2 / (π g(0)) and the stationary order parameter from the
 * self-consistency r = K r ∫_{−π/2}^{π/2} cos²θ g(K r sin θ) dθ. For a Lorentzian of half-width
 * Δ this gives K_c = 2Δ and r = √(1 − 2Δ/K) exactly.
 */
import type { FrequencyLaw } from '../network/buildOscillators';
import { simpson } from './quadrature';

/** Density of the natural frequencies around their centre (rad/ms)⁻¹. */
export function frequencyDensity(law: FrequencyLaw): (w: number) => number {
  const s = law.spread;
  switch (law.kind) {
    case 'lorentzian':
      return (w) => s / (Math.PI * (w * w + s * s));
    case 'gaussian':
      return (w) => Math.exp(-(w * w) / (2 * s * s)) / (s * Math.sqrt(2 * Math.PI));
    case 'uniform':
      return (w) => (Math.abs(w) <= s ? 1 / (2 * s) : 0);
    case 'values':
      throw new Error('no theoretical curve for a list of frequencies');
  }
}

/** K_c = 2 / (π g(0)): 2Δ (Lorentzian), σ√(8/π) (Gaussian), 4a/π (uniform on [−a, a]). */
export function criticalCoupling(law: FrequencyLaw): number {
  return 2 / (Math.PI * frequencyDensity(law)(0));
}

/** Stationary r(K) for N → ∞ (the stable, partially locked branch; 0 below onset). */
export function stationaryOrderParameter(law: FrequencyLaw, K: number): number {
  if (law.kind === 'lorentzian') return K > 2 * law.spread ? Math.sqrt(1 - (2 * law.spread) / K) : 0;
  const g = frequencyDensity(law);
  // f(r) = K ∫ cos²θ g(K r sinθ) dθ − 1 falls from f(0) = K/K_c − 1 as r grows: bisect its root.
  const f = (r: number) => K * simpson((t) => Math.cos(t) ** 2 * g(K * r * Math.sin(t)), -Math.PI / 2, Math.PI / 2, 2000) - 1;
  if (f(1e-9) <= 0) return 0;
  let lo = 1e-9;
  let hi = 1;
  if (f(hi) > 0) return 1;
  for (let it = 0; it < 60; it++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Two oscillators, K/N with N = 2: they lock iff |Δω| ≤ K, at Δθ = asin(Δω/K); otherwise Δθ drifts at √(Δω² − K²). */
export function twoOscillatorLocking(
  deltaOmega: number,
  K: number,
): { locked: true; phaseDifference: number } | { locked: false; driftFrequency: number } {
  if (Math.abs(deltaOmega) <= K) return { locked: true, phaseDifference: Math.asin(deltaOmega / K) };
  return { locked: false, driftFrequency: Math.sign(deltaOmega) * Math.sqrt(deltaOmega * deltaOmega - K * K) };
}
