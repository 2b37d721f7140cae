/**
 * PyNN's STDPMechanism as descriptors: a timing dependence (SpikePairRule, Vogels2011Rule) with a
 * weight dependence (AdditiveWeightDependence, MultiplicativeWeightDependence), PyNN's names,
 * units and defaults, composed into one WeightUpdateDescriptor.
 *
 * SpikePairRule (Song, Miller & Abbott 2000; NEST stdp_synapse, PyNN's scaling by w_max):
 *   additive:       Δw = +w_max·A_plus·x on a post spike,  −w_max·A_minus·y on a pre spike
 *   multiplicative: Δw = +(w_max − w)·A_plus·x,             −(w − w_min)·A_minus·y
 * with x the presynaptic trace (τ = tau_plus) and y the postsynaptic one (τ = tau_minus). Each
 * spike adds 1 to its trace (all-to-all pairing) or sets it to 1 (nearest-neighbour pairing,
 * Morrison, Diesmann & Gerstner 2008, "symmetric nearest-spike"). For an isolated pair at
 * Δt = t_post − t_pre this gives Δw/w_max = A_plus·e^{−Δt/τ+} (Δt ≥ 0) and −A_minus·e^{Δt/τ−} (Δt < 0).
 *
 * Vogels2011Rule (Vogels et al. 2011, Science 334:1569; NEST vogels_sprekeler_synapse): both
 * traces with τ = tau, Δw = +eta·x on a post spike and +eta·(y − α) on a pre spike,
 * α = 2·rho·tau (rho in Hz, tau in ms), which drives the postsynaptic rate to rho.
 *
 * Sums are written one product at a time (docs/model-format.md, "Bit identity").
 */
import type { ParameterSpec } from '../cellTypes/descriptor';
import type { WeightUpdateDescriptor } from './descriptor';

export const TIMING_DEPENDENCES = ['SpikePairRule', 'Vogels2011Rule'] as const;
export const WEIGHT_DEPENDENCES = ['AdditiveWeightDependence', 'MultiplicativeWeightDependence'] as const;
export const PAIRINGS = ['allToAll', 'nearest'] as const;
export type TimingDependence = (typeof TIMING_DEPENDENCES)[number];
export type WeightDependence = (typeof WEIGHT_DEPENDENCES)[number];
export type Pairing = (typeof PAIRINGS)[number];

/** Parameters of each component, as PyNN names them. */
export const COMPONENT_PARAMETERS: Record<TimingDependence | WeightDependence, Record<string, ParameterSpec>> = {
  SpikePairRule: {
    tau_plus: { unit: 'ms', default: 20, rule: 'positive', doc: 'time constant of the potentiation window (presynaptic trace)' },
    tau_minus: { unit: 'ms', default: 20, rule: 'positive', doc: 'time constant of the depression window (postsynaptic trace)' },
    A_plus: { unit: '1', default: 0.01, rule: 'non-negative', doc: 'amplitude of potentiation (a fraction of w_max)' },
    A_minus: { unit: '1', default: 0.01, rule: 'non-negative', doc: 'amplitude of depression (a fraction of w_max)' },
  },
  Vogels2011Rule: {
    tau: { unit: 'ms', default: 20, rule: 'positive', doc: 'time constant of both traces' },
    eta: { unit: 'weight unit', default: 1e-10, rule: 'non-negative', doc: 'learning rate' },
    rho: { unit: 'Hz', default: 3, rule: 'non-negative', doc: 'target rate of the postsynaptic neuron' },
  },
  AdditiveWeightDependence: {
    w_min: { unit: 'weight unit', default: 0, rule: 'non-negative', doc: 'lower bound of the weight' },
    w_max: { unit: 'weight unit', default: 1, rule: 'non-negative', doc: 'upper bound of the weight' },
  },
  MultiplicativeWeightDependence: {
    w_min: { unit: 'weight unit', default: 0, rule: 'non-negative', doc: 'lower bound of the weight' },
    w_max: { unit: 'weight unit', default: 1, rule: 'non-negative', doc: 'upper bound of the weight' },
  },
};

const cache = new Map<string, WeightUpdateDescriptor>();

/** The descriptor of STDPMechanism(timing, weight) with the given pairing (Vogels2011Rule pairs all-to-all). */
export function stdpMechanism(timing: TimingDependence, weight: WeightDependence, pairing: Pairing = 'allToAll'): WeightUpdateDescriptor {
  const key = `${timing}/${weight}/${pairing}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const onSpike = (t: string) => (pairing === 'nearest' ? `${t} = 1` : `${t} = ${t} + 1`);
  const bounds = { min: 'w_min', max: 'w_max' };
  const constraints = [{ holds: 'w_min <= w_max', on: 'w_min', message: 'expected w_min ≤ w_max ({w_max})' }];
  const parameters = { ...COMPONENT_PARAMETERS[timing], ...COMPONENT_PARAMETERS[weight] };
  let d: WeightUpdateDescriptor;
  if (timing === 'SpikePairRule') {
    const additive = weight === 'AdditiveWeightDependence';
    d = {
      name: `STDPMechanism(SpikePairRule${pairing === 'nearest' ? ', nearest' : ''}, ${weight})`,
      summary: `pair-based STDP, ${pairing === 'nearest' ? 'nearest-neighbour' : 'all-to-all'} pairing, ${additive ? 'additive' : 'multiplicative'} weight dependence`,
      reference: 'Song, Miller & Abbott (2000), Nat. Neurosci. 3:919; PyNN STDPMechanism; NEST stdp_synapse',
      parameters,
      derived: additive
        ? {
            potentiation: { unit: 'weight unit', value: 'w_max * A_plus', doc: 'Δw of a post spike per unit of x' },
            depression: { unit: 'weight unit', value: 'w_max * A_minus', doc: 'Δw of a pre spike per unit of y' },
          }
        : undefined,
      preTraces: { x: { tau: 'tau_plus', onSpike: onSpike('x'), doc: 'presynaptic spikes, decaying with tau_plus' } },
      postTraces: { y: { tau: 'tau_minus', onSpike: onSpike('y'), doc: 'postsynaptic spikes, decaying with tau_minus' } },
      onPre: additive ? 'w = w - depression * y' : 'let dep = A_minus * y\nw = w - dep * (w - w_min)',
      onPost: additive ? 'w = w + potentiation * x' : 'let pot = A_plus * x\nw = w + pot * (w_max - w)',
      bounds,
      constraints,
    };
  } else {
    d = {
      name: `STDPMechanism(Vogels2011Rule, ${weight})`,
      summary: 'inhibitory STDP that drives the postsynaptic rate to rho',
      reference: 'Vogels, Sprekeler, Zenke, Clopath & Gerstner (2011), Science 334:1569; NEST vogels_sprekeler_synapse',
      parameters,
      derived: { alpha: { unit: '1', value: '2 * rho * tau / 1000', doc: 'depression per presynaptic spike, in units of eta' } },
      preTraces: { x: { tau: 'tau', onSpike: 'x = x + 1' } },
      postTraces: { y: { tau: 'tau', onSpike: 'y = y + 1' } },
      onPre: 'let d = y - alpha\nw = w + eta * d',
      onPost: 'w = w + eta * x',
      bounds,
      constraints,
    };
  }
  cache.set(key, d);
  return d;
}
