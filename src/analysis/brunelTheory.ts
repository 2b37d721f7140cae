/**
 * The stationary rate of Brunel's (2000) sparse E/I network (model A, J. Comput. Neurosci.
 * 8:183, eqs. 4–5 and 21), from the Siegert formula for a LIF neuron under Gaussian input:
 *
 *   μ  = C_E J τ (ν_ext + ν (1 − g γ)),   σ² = C_E J² τ (ν_ext + ν (1 + g² γ)),
 *   1/ν = τ_rp + τ √π ∫_{(V_r − μ)/σ}^{(θ − μ)/σ} e^{u²} (1 + erf u) du,
 *
 * solved for the self-consistent ν. It holds in the asynchronous state; where that state is
 * unstable (Brunel's synchronous regimes) the network's rate departs from it. Reference values:
 * scripts/fixtures/siegert_brunel.py (SciPy).
 */
import { resolvedParams, type Model } from '../model/schema';
import { simpson } from './quadrature';

/** Brunel's model A: delta synapses of J mV, C_E excitatory and γ C_E inhibitory inputs, external Poisson at η ν_thr. */
export interface BrunelConstants {
  tau_ms: number;
  tau_rp_ms: number;
  theta_mV: number;
  v_reset_mV: number;
  J_mV: number;
  C_E: number;
  gamma: number;
}

/** The parameters of Brunel (2000) Figs. 2 and 8 (and of the `brunel-ai` example). */
export const BRUNEL_2000: BrunelConstants = { tau_ms: 20, tau_rp_ms: 2, theta_mV: 20, v_reset_mV: 10, J_mV: 0.1, C_E: 1000, gamma: 0.25 };

/** ν_thr = θ / (J C_E τ): the external rate (per input, Hz) that alone brings the mean input to threshold. */
export function thresholdRateHz(p: BrunelConstants): number {
  return (1000 * p.theta_mV) / (p.J_mV * p.C_E * p.tau_ms);
}

/**
 * e^{x²} erfc(x) for x ≥ 0 without overflow: the Chebyshev fit of Press et al., Numerical Recipes
 * §6.2 (erfcc), fractional error below 1.2 × 10⁻⁷ everywhere.
 */
export function erfcx(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return t * Math.exp(poly);
}

/** ∫₀ˣ e^{u²} du for x ≥ 0: Simpson up to 6, beyond it e^{x²} times the asymptotic series of Dawson's integral (DLMF 7.12.1). */
function integralOfExpSquare(x: number): number {
  if (x <= 6) return x > 0 ? simpson((u) => Math.exp(u * u), 0, x, 2 * Math.ceil(40 * x * (1 + x))) : 0;
  // F(x) = e^{−x²} ∫₀ˣ e^{u²} du ~ (1/2x) Σ (2k − 1)!! / (2x²)^k; the terms fall below 10⁻¹⁰ by k = 12 for x > 6.
  let term = 1;
  let sum = 1;
  for (let k = 1; k <= 12; k++) {
    term *= (2 * k - 1) / (2 * x * x);
    sum += term;
  }
  return (Math.exp(x * x) * sum) / (2 * x);
}

/**
 * ∫_lo^hi e^{u²} (1 + erf u) du, the Siegert integral: e^{u²}(1 + erf u) is erfcx(−u) for u ≤ 0
 * and 2e^{u²} − erfcx(u) for u > 0, so the smooth erfcx parts go to Simpson and e^{u²} is
 * integrated on its own.
 */
function siegertIntegral(lo: number, hi: number): number {
  const smooth = (a: number, b: number, f: (u: number) => number) =>
    b > a ? simpson(f, a, b, 2 * Math.max(50, Math.ceil(20 * (b - a)))) : 0;
  const negative = smooth(lo, Math.min(hi, 0), (u) => erfcx(-u));
  const a = Math.max(lo, 0);
  const positive = hi > a ? 2 * (integralOfExpSquare(hi) - integralOfExpSquare(a)) - smooth(a, hi, erfcx) : 0;
  return negative + positive;
}

/** The Siegert transfer φ(ν): the output rate (1/ms) of a neuron whose inputs fire at ν (1/ms), for g and η. */
export function siegertTransfer(p: BrunelConstants, g: number, eta: number, nuPerMs: number): number {
  const nuExt = (eta * thresholdRateHz(p)) / 1000;
  const mu = p.C_E * p.J_mV * p.tau_ms * (nuExt + nuPerMs * (1 - g * p.gamma));
  const variance = p.C_E * p.J_mV * p.J_mV * p.tau_ms * (nuExt + nuPerMs * (1 + g * g * p.gamma));
  if (!(variance > 0)) return mu >= p.theta_mV ? 1 / p.tau_rp_ms : 0;
  const sigma = Math.sqrt(variance);
  const integral = siegertIntegral((p.v_reset_mV - mu) / sigma, (p.theta_mV - mu) / sigma);
  const rate = 1 / (p.tau_rp_ms + p.tau_ms * Math.sqrt(Math.PI) * integral);
  return Number.isFinite(rate) ? rate : 0;
}

/**
 * The self-consistent stationary rate (Hz) of model A at relative inhibition g and external drive
 * η: where there are several, the highest stable one (φ crossing the diagonal from above), as
 * the fixture script chooses.
 */
export function brunelSiegertRateHz(g: number, eta: number, p: BrunelConstants = BRUNEL_2000, scanPoints = 400): number {
  if (!(g >= 0 && eta >= 0)) throw new RangeError(`Siegert rate: expected g ≥ 0 and η ≥ 0, got g = ${g}, η = ${eta}`);
  const f = (nu: number) => siegertTransfer(p, g, eta, nu) - nu;
  const top = 1 / p.tau_rp_ms;
  // Where inhibition dominates (g γ > 1) φ falls as ν grows: one root, found by bisection alone.
  if (g * p.gamma > 1) return 1000 * bisect(f, 0, top);
  let root = 0;
  let prevNu = 1e-9;
  let prevF = f(prevNu);
  for (let k = 1; k <= scanPoints; k++) {
    const nu = (top * k) / scanPoints;
    const fk = f(nu);
    if (prevF > 0 && fk <= 0) root = bisect(f, prevNu, nu);
    prevNu = nu;
    prevF = fk;
  }
  return 1000 * root;
}

/** The root of f in [lo, hi] where f(lo) > 0 ≥ f(hi) (0 when f ≤ 0 throughout). */
function bisect(f: (x: number) => number, lo: number, hi: number): number {
  if (f(lo) <= 0) return lo;
  for (let it = 0; it < 60; it++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Brunel's (2000) four example networks of Fig. 8, with the state each shows. */
export const BRUNEL_STATES = [
  { id: 'A', g: 3, eta: 2, state: 'synchronous regular (SR)' },
  { id: 'B', g: 5, eta: 2, state: 'asynchronous irregular (AI)' },
  { id: 'C', g: 6, eta: 4, state: 'synchronous irregular, fast (SI)' },
  { id: 'D', g: 4.5, eta: 0.9, state: 'synchronous irregular, slow (SI)' },
] as const;

/** A model read as Brunel's model A, with its g and η, or null where it is not one. */
export interface BrunelNetwork {
  constants: BrunelConstants;
  g: number;
  eta: number;
  /** The Poisson stimuli that carry the external drive (indices into the model's stimuli). */
  driveStimuli: number[];
}

/**
 * Reads `m` as model A: populations E and I of IF_curr_delta neurons with the same constants and
 * no offset current, exactly four fixed in-degree projections EE, EI (excitatory, weight J) and
 * IE, II (inhibitory, weight −gJ), and no stimulus but one Poisson drive of weight J per population.
 */
export function brunelNetworkOf(m: Model): BrunelNetwork | null {
  const E = m.populations.find((p) => p.name === 'E');
  const I = m.populations.find((p) => p.name === 'I');
  if (!E || !I || E.cellType !== 'IF_curr_delta' || I.cellType !== 'IF_curr_delta') return null;
  const pe = resolvedParams(m, E);
  const pi = resolvedParams(m, I);
  // One set of neuron constants for both, with no offset current: the theory's neuron.
  const keys = ['tau_m', 'tau_refrac', 'v_thresh', 'v_rest', 'v_reset', 'cm'];
  if (keys.some((k) => pe[k] !== pi[k]) || (pe.i_offset ?? 0) !== 0 || (pi.i_offset ?? 0) !== 0) return null;
  if (m.projections.length !== 4) return null;
  const proj = (pre: string, post: string) => m.projections.find((p) => p.pre === pre && p.post === post && !p.plasticity);
  const inDegree = (p: ReturnType<typeof proj>) =>
    p?.connector.type === 'fixedInDegree' && typeof p.weight === 'number' ? p.connector.n : null;
  const [EE, EI, IE, II] = [proj('E', 'E'), proj('E', 'I'), proj('I', 'E'), proj('I', 'I')];
  const CE = inDegree(EE);
  const CI = inDegree(IE);
  if (!CE || !CI || inDegree(EI) !== CE || inDegree(II) !== CI) return null;
  const J = EE!.weight as number;
  if (!(J > 0) || EI!.weight !== J || IE!.weight !== II!.weight || !((IE!.weight as number) <= 0)) return null;
  if (EE!.receptor !== 'excitatory' || EI!.receptor !== 'excitatory' || IE!.receptor !== 'inhibitory' || II!.receptor !== 'inhibitory')
    return null;
  const drive = m.stimuli.flatMap((s, k) => (s.type === 'poisson' && (s.population === 'E' || s.population === 'I') ? [k] : []));
  const rates = drive.map((k) => m.stimuli[k]).filter((s) => s.type === 'poisson' && s.weight === J);
  if (
    m.stimuli.length !== 2 ||
    drive.length !== 2 ||
    rates.length !== 2 ||
    rates[0].type !== 'poisson' ||
    rates[1].type !== 'poisson' ||
    rates[0].rateHz !== rates[1].rateHz
  )
    return null;
  const constants: BrunelConstants = {
    tau_ms: pe.tau_m,
    tau_rp_ms: pe.tau_refrac,
    theta_mV: pe.v_thresh - pe.v_rest,
    v_reset_mV: pe.v_reset - pe.v_rest,
    J_mV: J,
    C_E: CE,
    gamma: CI / CE,
  };
  return {
    constants,
    g: Math.abs(IE!.weight as number) / J,
    eta: rates[0].rateHz / (CE * thresholdRateHz(constants)),
    driveStimuli: drive,
  };
}
