/**
 * Bundled plasticity examples. `stdp-song2000`: Song, Miller & Abbott (2000) on the protocol and
 * parameters of Brian2's examples/synapses/STDP.py (scripts/fixtures/brian2_stdp_song2000.py):
 * one neuron, 1,000 Poisson inputs at 15 Hz through additive STDP, 100 s. Brian2's neuron,
 * τm dv/dt = E_l − v + g_e (E_e − v_r) with a dimensionless g_e (τe 5 ms), is IF_curr_exp with
 * cm 1 nF and τm 10 ms: a jump of g_e by w is a current jump of w (E_e − v_r) cm/τm = 6w nA, so
 * Brian2's gmax 0.01 is w_max 0.06 nA. dApre = 0.01 gmax is A_plus 0.01 (PyNN scales by w_max),
 * dApost = −1.05 dApre is A_minus 0.0105. v starts at 0 mV, as in Brian2 (it is not set there).
 *
 * `istdp-vogels2011`: inhibitory STDP (Vogels et al. 2011) on one neuron driven by 800
 * excitatory and 200 inhibitory Poisson sources: the inhibitory weights grow until the neuron
 * fires at the target rate rho.
 */
import type { ModelInput } from '../model/schema';
import { CounterRng } from '../random/threefry';

export const SONG_W_MAX_NA = 0.06;

export function song2000(
  weightDependence: 'AdditiveWeightDependence' | 'MultiplicativeWeightDependence' = 'AdditiveWeightDependence',
): ModelInput {
  return {
    format: 'luciole-model',
    version: 1,
    name: 'stdp-song2000',
    description:
      'Song, Miller & Abbott (2000) as Brian2 examples/synapses/STDP.py: 1,000 Poisson inputs at 15 Hz onto one neuron through additive STDP (tau± 20 ms, A+ 0.01, A− 0.0105, w_max 0.06 nA); the weights split towards 0 and w_max and the output rate falls.',
    dt: 0.1,
    seed: 1,
    durationMs: 100_000,
    populations: [
      { name: 'inputs', size: 1000, cellType: 'SpikeSourcePoisson', params: { rate: 15 } },
      {
        name: 'neuron',
        size: 1,
        cellType: 'IF_curr_exp',
        params: { cm: 1, tau_m: 10, v_rest: -74, v_thresh: -54, v_reset: -60, tau_refrac: 0, tau_syn_E: 5, tau_syn_I: 5, i_offset: 0 },
        initialV: 0,
      },
    ],
    projections: [
      {
        name: 'inputs→neuron',
        pre: 'inputs',
        post: 'neuron',
        connector: { type: 'allToAll' },
        receptor: 'excitatory',
        weight: { distribution: 'uniform', low: 0, high: SONG_W_MAX_NA },
        delay: 0.1,
        plasticity: {
          type: 'STDPMechanism',
          timingDependence: { type: 'SpikePairRule', tau_plus: 20, tau_minus: 20, A_plus: 0.01, A_minus: 0.0105 },
          weightDependence: { type: weightDependence, w_min: 0, w_max: SONG_W_MAX_NA },
        },
      },
    ],
    recorders: [{ type: 'spikes', population: 'neuron' }],
  };
}

export const VOGELS_RHO_HZ = 10;

export function vogels2011(): ModelInput {
  return {
    format: 'luciole-model',
    version: 1,
    name: 'istdp-vogels2011',
    description:
      'Vogels et al. (2011) inhibitory STDP: one neuron, 800 excitatory (static) and 200 inhibitory (plastic, Vogels2011Rule, rho 10 Hz) Poisson inputs; inhibition grows until the neuron fires at rho.',
    dt: 0.1,
    seed: 1,
    durationMs: 60_000,
    populations: [
      { name: 'exc', size: 800, cellType: 'SpikeSourcePoisson', params: { rate: 5 } },
      { name: 'inh', size: 200, cellType: 'SpikeSourcePoisson', params: { rate: 10 } },
      {
        name: 'neuron',
        size: 1,
        cellType: 'IF_curr_exp',
        params: { cm: 0.2, tau_m: 20, v_rest: -60, v_thresh: -50, v_reset: -60, tau_refrac: 5, tau_syn_E: 5, tau_syn_I: 10, i_offset: 0 },
        initialV: -60,
      },
    ],
    projections: [
      {
        name: 'exc→neuron',
        pre: 'exc',
        post: 'neuron',
        connector: { type: 'allToAll' },
        receptor: 'excitatory',
        weight: 0.012,
        delay: 0.1,
      },
      {
        name: 'inh→neuron',
        pre: 'inh',
        post: 'neuron',
        connector: { type: 'allToAll' },
        receptor: 'inhibitory',
        weight: -0.001,
        delay: 0.1,
        plasticity: {
          type: 'STDPMechanism',
          timingDependence: { type: 'Vogels2011Rule', tau: 20, eta: 0.0005, rho: VOGELS_RHO_HZ },
          weightDependence: { type: 'AdditiveWeightDependence', w_min: 0, w_max: 0.5 },
        },
      },
    ],
    recorders: [{ type: 'spikes', population: 'neuron' }],
  };
}

/** Correlation of the correlated group (each pair of its inputs shares this fraction of spikes). */
export const SELECTIVITY_CORRELATION = 0.05;
export const SELECTIVITY_DURATION_MS = 20_000;

/**
 * Song, Miller & Abbott (2000) selectivity: Song's neuron with its 1,000 inputs in two halves at
 * 15 Hz, 500 independent Poisson and 500 correlated with c = 0.05 by the multiple interaction
 * process (Kuhn, Aertsen & Rotter 2003): one mother Poisson train at 15/c Hz, each of whose spikes
 * each correlated input keeps with probability c. STDP potentiates the correlated inputs, whose
 * volleys make the output spikes, and depresses the rest.
 */
export function song2000Selectivity(): ModelInput {
  const base = song2000();
  const n = 500;
  const rateHz = 15;
  const c = SELECTIVITY_CORRELATION;
  const rng = new CounterRng(2000, 0);
  const trains: number[][] = Array.from({ length: n }, () => []);
  const motherPerMs = rateHz / c / 1000;
  for (
    let t = -Math.log(1 - rng.nextDouble()) / motherPerMs;
    t < SELECTIVITY_DURATION_MS;
    t += -Math.log(1 - rng.nextDouble()) / motherPerMs
  ) {
    const onGrid = Math.round(t * 10) / 10; // dt 0.1 ms
    for (const train of trains) if (rng.nextDouble() < c) train.push(onGrid);
  }
  const neuron = base.populations![1];
  const stdp = base.projections![0];
  return {
    ...base,
    name: 'stdp-selectivity',
    description: `Song, Miller & Abbott (2000): one neuron, 500 correlated inputs (c = ${c}, multiple interaction process) and 500 independent ones, all at 15 Hz through additive STDP (as stdp-song2000). The correlated inputs' weights rise to w_max and the independent ones' fall: the neuron becomes selective for the correlated group.`,
    durationMs: SELECTIVITY_DURATION_MS,
    populations: [
      { name: 'correlated', size: n, cellType: 'SpikeSourceArray', spikeTimes: trains },
      { name: 'independent', size: n, cellType: 'SpikeSourcePoisson', params: { rate: rateHz } },
      neuron,
    ],
    projections: [
      { ...stdp, name: 'correlated→neuron', pre: 'correlated' },
      { ...stdp, name: 'independent→neuron', pre: 'independent' },
    ],
  };
}

/** Examples built on first use (their spike trains take time and memory to draw). */
export const LAZY_PLASTICITY_EXAMPLES: Record<string, () => ModelInput> = {
  'stdp-selectivity': song2000Selectivity,
};

export const PLASTICITY_EXAMPLES: Record<string, ModelInput> = {
  'stdp-song2000': song2000(),
  'istdp-vogels2011': vogels2011(),
};
