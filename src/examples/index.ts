/**
 * Bundled example models (`npx luciole examples`). Each is a plain model in the JSON format of
 * docs/model-format.md, so it can be exported, edited and opened again.
 */
import type { ModelInput } from '../model/schema';
import { OSCILLATOR_EXAMPLES } from './oscillators';
import { firingPatterns } from './firingPatterns';
import { LAZY_PLASTICITY_EXAMPLES, PLASTICITY_EXAMPLES } from './plasticity';
import { MICROCIRCUIT_DEFAULT_SCALE, microcircuitModel, type MicrocircuitOptions } from './microcircuit';

/** One CuBa LIF neuron with the CUBA benchmark's membrane, driven to V∞ = −49 mV by a DC current. */
const singleNeuron: ModelInput = {
  format: 'luciole-model',
  version: 1,
  name: 'single-neuron',
  description:
    'One IF_curr_exp neuron (tau_m 20 ms, cm 1 nF, V_rest = V_reset = -60 mV, V_th -50 mV, refractory 5 ms) under a constant 0.55 nA: V∞ = -49 mV, interspike interval t_ref + tau_m ln 11 = 52.96 ms; on the 0.1 ms grid it spikes at 47.9, 100.8, 153.7, 206.6 ms.',
  dt: 0.1,
  seed: 1,
  durationMs: 250,
  populations: [
    {
      name: 'neuron',
      size: 1,
      cellType: 'IF_curr_exp',
      params: { cm: 1, tau_m: 20, tau_refrac: 5, v_rest: -60, v_reset: -60, v_thresh: -50 },
      initialV: -60,
    },
  ],
  stimuli: [{ type: 'dc', population: 'neuron', amplitude: 0.55 }],
  recorders: [
    { type: 'spikes', population: 'neuron' },
    { type: 'state', population: 'neuron', neurons: [0], variables: ['v'] },
  ],
};

/**
 * The CUBA benchmark (Brette et al. 2007, after Vogels & Abbott 2005) exactly as Brian2's
 * examples/CUBA.py: Brian's voltage jumps we = 1.62 mV and wi = −9 mV become current jumps
 * w·cm/tau_m (0.081 nA and −0.45 nA) into IF_curr_exp synapses with tau_syn_E 5 ms, tau_syn_I 10 ms.
 */
const cubaParams = { cm: 1, tau_m: 20, tau_refrac: 5, tau_syn_E: 5, tau_syn_I: 10, v_rest: -49, v_reset: -60, v_thresh: -50, i_offset: 0 };
const cuba: ModelInput = {
  format: 'luciole-model',
  version: 1,
  name: 'cuba',
  description:
    'Brette et al. (2007) CUBA benchmark as in Brian2 examples/CUBA.py: 4,000 CuBa LIF neurons (3,200 E, 800 I), p = 0.02, tau_m 20 ms, tau_e 5 ms, tau_i 10 ms, V_t -50 mV, V_r -60 mV, E_l -49 mV, refractory 5 ms, we 1.62 mV, wi -9 mV, dt 0.1 ms. Initial V uniform in [V_r, V_t].',
  dt: 0.1,
  seed: 1,
  durationMs: 1000,
  populations: [
    { name: 'E', size: 3200, cellType: 'IF_curr_exp', params: cubaParams, initialV: { distribution: 'uniform', low: -60, high: -50 } },
    { name: 'I', size: 800, cellType: 'IF_curr_exp', params: cubaParams, initialV: { distribution: 'uniform', low: -60, high: -50 } },
  ],
  projections: [
    {
      name: 'EE',
      pre: 'E',
      post: 'E',
      connector: { type: 'fixedProbability', p: 0.02 },
      receptor: 'excitatory',
      weight: 0.081,
      delay: 0.1,
    },
    {
      name: 'EI',
      pre: 'E',
      post: 'I',
      connector: { type: 'fixedProbability', p: 0.02 },
      receptor: 'excitatory',
      weight: 0.081,
      delay: 0.1,
    },
    {
      name: 'IE',
      pre: 'I',
      post: 'E',
      connector: { type: 'fixedProbability', p: 0.02 },
      receptor: 'inhibitory',
      weight: -0.45,
      delay: 0.1,
    },
    {
      name: 'II',
      pre: 'I',
      post: 'I',
      connector: { type: 'fixedProbability', p: 0.02 },
      receptor: 'inhibitory',
      weight: -0.45,
      delay: 0.1,
    },
  ],
  recorders: [
    { type: 'spikes', population: 'E' },
    { type: 'spikes', population: 'I' },
  ],
};

/**
 * Brunel (2000) model A, asynchronous irregular state (g = 5, η = 2): 10,000 E and 2,500 I
 * delta-synapse LIF neurons, C_E = 1,000 and C_I = 250 inputs each, J = 0.1 mV, D = 1.5 ms,
 * θ = 20 mV, V_r = 10 mV, τ = 20 ms, τ_rp = 2 ms, and independent Poisson input at
 * η·ν_thr·C_E = 20 kHz per neuron (ν_thr = θ/(J C_E τ) = 10 Hz). Siegert mean field: 37.95 Hz.
 */
const brunelParams = { cm: 1, tau_m: 20, tau_refrac: 2, v_rest: 0, v_reset: 10, v_thresh: 20, i_offset: 0 };
const J = 0.1;
const g = 5;
const brunel: ModelInput = {
  format: 'luciole-model',
  version: 1,
  name: 'brunel-ai',
  description:
    'Brunel (2000) sparse E/I network of IF_curr_delta neurons in the asynchronous irregular state (g = 5, eta = 2): 10,000 E + 2,500 I, fixed in-degree C_E = 1,000, C_I = 250, J = 0.1 mV, delay 1.5 ms, V_th 20 mV, V_r 10 mV, tau_m 20 ms, refractory 2 ms, external Poisson 20 kHz per neuron. Siegert mean-field rate 37.95 Hz.',
  dt: 0.1,
  seed: 1,
  durationMs: 500,
  populations: [
    { name: 'E', size: 10000, cellType: 'IF_curr_delta', params: brunelParams, initialV: { distribution: 'uniform', low: 0, high: 20 } },
    { name: 'I', size: 2500, cellType: 'IF_curr_delta', params: brunelParams, initialV: { distribution: 'uniform', low: 0, high: 20 } },
  ],
  projections: [
    { name: 'EE', pre: 'E', post: 'E', connector: { type: 'fixedInDegree', n: 1000 }, receptor: 'excitatory', weight: J, delay: 1.5 },
    { name: 'EI', pre: 'E', post: 'I', connector: { type: 'fixedInDegree', n: 1000 }, receptor: 'excitatory', weight: J, delay: 1.5 },
    { name: 'IE', pre: 'I', post: 'E', connector: { type: 'fixedInDegree', n: 250 }, receptor: 'inhibitory', weight: -g * J, delay: 1.5 },
    { name: 'II', pre: 'I', post: 'I', connector: { type: 'fixedInDegree', n: 250 }, receptor: 'inhibitory', weight: -g * J, delay: 1.5 },
  ],
  stimuli: [
    { type: 'poisson', population: 'E', rateHz: 20000, weight: J, receptor: 'excitatory' },
    { type: 'poisson', population: 'I', rateHz: 20000, weight: J, receptor: 'excitatory' },
  ],
  recorders: [
    { type: 'spikes', population: 'E' },
    { type: 'spikes', population: 'I' },
  ],
};

/**
 * COBA: the conductance-based benchmark of Brette et al. (2007), as Brian2 runs it
 * (scripts/fixtures/brian2_coba.py): IF_cond_exp with g_L 10 nS and C 200 pF (tau_m 20 ms),
 * we 6 nS and wi 67 nS (0.006 and 0.067 µS), E_e 0 mV, E_i −80 mV, tau_e 5 ms, tau_i 10 ms.
 * Initial conditions as Brian2's examples: V uniform in [V_r, V_t], g_e ~ N(40, 15) nS,
 * g_i ~ N(200, 120) nS.
 */
const cobaParams = {
  cm: 0.2,
  tau_m: 20,
  tau_refrac: 5,
  tau_syn_E: 5,
  tau_syn_I: 10,
  e_rev_E: 0,
  e_rev_I: -80,
  v_rest: -60,
  v_reset: -60,
  v_thresh: -50,
  i_offset: 0,
};
const cobaInitial = {
  g_exc: { distribution: 'normal', mean: 0.04, sd: 0.015 },
  g_inh: { distribution: 'normal', mean: 0.2, sd: 0.12 },
} as const;
const coba: ModelInput = {
  format: 'luciole-model',
  version: 1,
  name: 'coba',
  description:
    'Brette et al. (2007) COBA benchmark: 4,000 conductance-based LIF neurons (IF_cond_exp; 3,200 E, 800 I), p = 0.02, g_L 10 nS, C 200 pF, tau_e 5 ms, tau_i 10 ms, E_e 0 mV, E_i -80 mV, V_t -50 mV, V_r = E_L = -60 mV, refractory 5 ms, we 6 nS, wi 67 nS, dt 0.1 ms; exponential Euler as Brian2.',
  dt: 0.1,
  seed: 1,
  durationMs: 1000,
  populations: [
    {
      name: 'E',
      size: 3200,
      cellType: 'IF_cond_exp',
      params: cobaParams,
      initialV: { distribution: 'uniform', low: -60, high: -50 },
      initial: cobaInitial,
    },
    {
      name: 'I',
      size: 800,
      cellType: 'IF_cond_exp',
      params: cobaParams,
      initialV: { distribution: 'uniform', low: -60, high: -50 },
      initial: cobaInitial,
    },
  ],
  projections: (
    [
      ['EE', 'E', 'E', 'excitatory', 0.006],
      ['EI', 'E', 'I', 'excitatory', 0.006],
      ['IE', 'I', 'E', 'inhibitory', 0.067],
      ['II', 'I', 'I', 'inhibitory', 0.067],
    ] as const
  ).map(([name, pre, post, receptor, weight]) => ({
    name,
    pre,
    post,
    connector: { type: 'fixedProbability' as const, p: 0.02 },
    receptor,
    weight,
    delay: 0.1,
  })),
  recorders: [
    { type: 'spikes', population: 'E' },
    { type: 'spikes', population: 'I' },
  ],
};

/**
 * Postsynaptic potentials: one IF_curr_exp neuron (below threshold throughout) receiving an
 * excitatory input spike alone, an inhibitory one alone, then three excitatory ones 5 ms apart,
 * so that the PSP shape and summation in time can be read against the closed form.
 */
const synapsePsp: ModelInput = {
  format: 'luciole-model',
  version: 1,
  name: 'synapse-psp',
  description:
    'Postsynaptic potentials: one IF_curr_exp neuron (C_m 0.25 nF, tau_m 20 ms, tau_syn 5 ms, V_rest -65 mV, threshold -50 mV, out of reach) receives an excitatory spike at 20 ms (0.1 nA), an inhibitory one at 120 ms (-0.1 nA), and excitatory ones at 220, 225 and 230 ms, each through a 1 ms delay.',
  dt: 0.1,
  seed: 1,
  durationMs: 400,
  populations: [
    { name: 'exc', size: 1, cellType: 'SpikeSourceArray', spikeTimes: [[20, 220, 225, 230]] },
    { name: 'inh', size: 1, cellType: 'SpikeSourceArray', spikeTimes: [[120]] },
    {
      name: 'neuron',
      size: 1,
      cellType: 'IF_curr_exp',
      params: { cm: 0.25, tau_m: 20, tau_refrac: 2, tau_syn_E: 5, tau_syn_I: 5, v_rest: -65, v_reset: -65, v_thresh: -50 },
      initialV: -65,
    },
  ],
  projections: [
    { name: 'exc→neuron', pre: 'exc', post: 'neuron', connector: { type: 'allToAll' }, receptor: 'excitatory', weight: 0.1, delay: 1 },
    { name: 'inh→neuron', pre: 'inh', post: 'neuron', connector: { type: 'allToAll' }, receptor: 'inhibitory', weight: -0.1, delay: 1 },
  ],
  recorders: [
    { type: 'spikes', population: 'exc' },
    { type: 'spikes', population: 'inh' },
    { type: 'spikes', population: 'neuron' },
  ],
};

/** Two LIF cells and one gap junction; the closed form of its steady state: analysis/gapJunctionTheory.ts. */
const gapJunctionPair: ModelInput = {
  format: 'luciole-model',
  version: 1,
  name: 'gap-junction-pair',
  description:
    'Two IF_curr_exp cells (C_m 1 nF, tau_m 20 ms: a 50 nS leak; V_rest -65 mV, threshold -50 mV) joined by a 25 nS gap junction; 0.5 nA into the first. At rest it settles 7.5 mV up, the second 2.5 mV: a coupling coefficient of g_c/(g_L + g_c) = 1/3.',
  dt: 0.1,
  seed: 1,
  durationMs: 400,
  populations: [
    {
      name: 'cells',
      size: 2,
      cellType: 'IF_curr_exp',
      params: { cm: 1, tau_m: 20, tau_refrac: 2, v_rest: -65, v_reset: -65, v_thresh: -50 },
      initialV: -65,
      neuronInfo: { names: ['driven', 'follower'] },
    },
  ],
  projections: [
    // both directions, one conductance: the junction is symmetric
    {
      name: 'gap junction',
      pre: 'cells',
      post: 'cells',
      connector: { type: 'allToAll', allowSelfConnections: false },
      receptor: 'electrical',
      weight: 25,
    },
  ],
  stimuli: [{ type: 'dc', population: 'cells', neurons: [0], amplitude: 0.5 }],
  recorders: [
    { type: 'spikes', population: 'cells' },
    { type: 'state', population: 'cells', neurons: [0, 1], variables: ['v'] },
  ],
};

export const EXAMPLES: Record<string, ModelInput> = {
  'single-neuron': singleNeuron,
  'synapse-psp': synapsePsp,
  'gap-junction-pair': gapJunctionPair,
  'firing-patterns': firingPatterns,
  cuba,
  coba,
  'brunel-ai': brunel,
  // At NEST's example default, N_scaling = K_scaling = 0.1 (7,727 neurons, 3.0·10⁶ synapses);
  // `--scale 1` is the full model.
  microcircuit: microcircuitModel({ scale: MICROCIRCUIT_DEFAULT_SCALE }),
  ...OSCILLATOR_EXAMPLES,
  ...PLASTICITY_EXAMPLES,
};
for (const [name, build] of Object.entries(LAZY_PLASTICITY_EXAMPLES)) {
  let built: ModelInput | null = null;
  Object.defineProperty(EXAMPLES, name, { enumerable: true, get: () => (built ??= build()) });
}

/** Examples built at a chosen size (`luciole run microcircuit --scale 0.2 --drive dc`). */
export const SCALABLE_EXAMPLES: Record<string, (o: MicrocircuitOptions) => ModelInput> = {
  microcircuit: (o) => microcircuitModel({ scale: MICROCIRCUIT_DEFAULT_SCALE, ...o }),
};

/** A fresh copy of a bundled example (callers may edit it); `options` only for SCALABLE_EXAMPLES. */
export function example(name: string, options?: MicrocircuitOptions): ModelInput {
  const m = EXAMPLES[name];
  if (!m) throw new Error(`no example named "${name}" (examples: ${Object.keys(EXAMPLES).join(', ')})`);
  if (options && Object.values(options).some((v) => v !== undefined)) {
    const build = SCALABLE_EXAMPLES[name];
    if (!build) throw new Error(`--scale and --drive apply to ${Object.keys(SCALABLE_EXAMPLES).join(', ')}, not to "${name}"`);
    return build(options);
  }
  return structuredClone(m);
}
