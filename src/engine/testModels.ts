/** Small models shared by the unit and GPU tests (not shipped as examples). */
import type { ModelInput } from '../model/schema';

/** One neuron of each cell type under a DC current, recording v. */
export function constantDrive(opts: {
  cellType?: 'IF_curr_exp' | 'IF_curr_delta';
  tauM?: number;
  tauRefrac?: number;
  amplitude?: number;
  dt?: number;
  durationMs?: number;
}): ModelInput {
  return {
    format: 'luciole-model',
    version: 1,
    name: 'constant-drive',
    dt: opts.dt ?? 0.1,
    durationMs: opts.durationMs ?? 500,
    populations: [
      {
        name: 'n',
        size: 1,
        cellType: opts.cellType ?? 'IF_curr_exp',
        params: { cm: 1, tau_m: opts.tauM ?? 20, tau_refrac: opts.tauRefrac ?? 2, v_rest: -65, v_reset: -65, v_thresh: -50 },
        initialV: -65,
      },
    ],
    stimuli: [{ type: 'dc', population: 'n', amplitude: opts.amplitude ?? 1 }],
    recorders: [
      { type: 'spikes', population: 'n' },
      { type: 'state', population: 'n', neurons: [0], variables: ['v'] },
    ],
  };
}

/**
 * A driver neuron that spikes once (a short DC pulse) into one target through one synapse of
 * weight `weight`, delay `delayMs`; the target's v (and currents) are probed.
 */
export function singlePsp(opts: {
  cellType: 'IF_curr_exp' | 'IF_curr_delta';
  weight: number;
  delayMs: number;
  dt: number;
  tauSynE?: number;
}): ModelInput {
  const expParams = opts.cellType === 'IF_curr_exp' ? { tau_syn_E: opts.tauSynE ?? 5, tau_syn_I: 5 } : {};
  return {
    format: 'luciole-model',
    version: 1,
    name: 'single-psp',
    dt: opts.dt,
    durationMs: 80,
    populations: [
      { name: 'driver', size: 1, cellType: 'IF_curr_exp', params: { tau_refrac: 100, v_thresh: -50 }, initialV: -65 },
      {
        name: 'target',
        size: 1,
        cellType: opts.cellType,
        params: { cm: 1, tau_m: 20, v_rest: -65, v_thresh: 100, ...expParams },
        initialV: -65,
      },
    ],
    projections: [
      { pre: 'driver', post: 'target', connector: { type: 'oneToOne' }, receptor: 'excitatory', weight: opts.weight, delay: opts.delayMs },
    ],
    stimuli: [{ type: 'dc', population: 'driver', amplitude: 20, start: 0, stop: 1 }],
    recorders: [
      { type: 'spikes', population: 'driver' },
      { type: 'state', population: 'target', neurons: [0], variables: opts.cellType === 'IF_curr_exp' ? ['v', 'isyn_exc'] : ['v'] },
    ],
  };
}

/** A random E/I CuBa network of `n` neurons with Poisson drive: exercises every pass. */
export function randomNetwork(n: number, seed: number, durationMs = 100): ModelInput {
  const ne = Math.round(0.8 * n);
  const params = { tau_m: 20, tau_refrac: 2, tau_syn_E: 5, tau_syn_I: 10, v_rest: -65, v_reset: -65, v_thresh: -50 };
  return {
    format: 'luciole-model',
    version: 1,
    name: 'random-network',
    seed,
    dt: 0.1,
    durationMs,
    populations: [
      { name: 'E', size: ne, cellType: 'IF_curr_exp', params, initialV: { distribution: 'uniform', low: -65, high: -50 } },
      { name: 'I', size: n - ne, cellType: 'IF_curr_exp', params, initialV: { distribution: 'uniform', low: -65, high: -50 } },
    ],
    projections: [
      {
        pre: 'E',
        post: 'E',
        connector: { type: 'fixedProbability', p: 0.05 },
        receptor: 'excitatory',
        weight: { distribution: 'uniform', low: 0.05, high: 0.15 },
        delay: { distribution: 'uniform', low: 0.5, high: 3 },
      },
      { pre: 'E', post: 'I', connector: { type: 'fixedInDegree', n: 20 }, receptor: 'excitatory', weight: 0.1, delay: 1 },
      {
        pre: 'I',
        post: 'E',
        connector: { type: 'fixedTotalNumber', n: 10 * ne },
        receptor: 'inhibitory',
        weight: { distribution: 'normal', mean: -0.4, sd: 0.1 },
        delay: 0.8,
      },
      {
        pre: 'I',
        post: 'I',
        connector: { type: 'allToAll', allowSelfConnections: false },
        receptor: 'inhibitory',
        weight: -0.01,
        delay: 0.1,
      },
    ],
    stimuli: [
      { type: 'poisson', population: 'E', rateHz: 8000, weight: 0.12, receptor: 'excitatory' },
      { type: 'poisson', population: 'I', rateHz: 6000, weight: 0.12, receptor: 'excitatory', start: 5 },
      { type: 'dc', population: 'E', neurons: [0, 1, 2], amplitude: 0.3, start: 20, stop: 60 },
    ],
    recorders: [
      { type: 'spikes', population: 'E' },
      { type: 'spikes', population: 'I' },
      { type: 'state', population: 'E', neurons: [0, 5], variables: ['v', 'isyn_exc', 'isyn_inh'] },
    ],
  };
}

/** A quadratic integrate-and-fire cell type written as a user would, in a model's `cellTypes` (Latham et al. 2000). */
export const QIF_CELL_TYPE: NonNullable<ModelInput['cellTypes']>[string] = {
  summary: 'quadratic integrate-and-fire',
  integration: 'forward Euler',
  parameters: {
    tau_m: { unit: 'ms', default: 10, rule: 'positive' },
    tau_refrac: { unit: 'ms', default: 1, rule: 'non-negative' },
    v_rest: { unit: 'mV', default: -65 },
    v_c: { unit: 'mV', default: -50 },
    v_peak: { unit: 'mV', default: 0 },
    v_reset: { unit: 'mV', default: -70 },
    r_m: { unit: 'MOhm', default: 10, rule: 'positive' },
    i_offset: { unit: 'nA', default: 0 },
  },
  derived: {
    k: { unit: '1/mV', value: '1 / (v_c - v_rest)' },
    inv_tau: { unit: '1/ms', value: '1 / tau_m' },
    r_m_i_offset: { unit: 'mV', value: 'r_m * i_offset' },
  },
  state: { v: { unit: 'mV', initial: 'v_rest' } },
  receptors: { excitatory: 'voltage', inhibitory: 'voltage' },
  update: `
    # tau_m dv/dt = (v - v_rest)(v - v_c)/(v_c - v_rest) + r_m I
    v += dt * (((v - v_rest) * (v - v_c) * k + r_m_i_offset) + r_m * i_ext) * inv_tau
    v += in_exc + in_inh`,
  threshold: 'v >= v_peak',
  reset: 'v = v_reset',
  refractory: { period: 'tau_refrac', holds: ['v'] },
  silenced: 'v = v_reset',
  spikeCharge: '(v_peak - v_reset) * tau_m / r_m',
};

const WEIGHTS = {
  current: { exc: 0.1, inh: -0.4, drive: 0.15 },
  voltage: { exc: 0.5, inh: -2, drive: 1 },
  conductance: { exc: 0.004, inh: 0.03, drive: 0.006 },
} as const;

/**
 * A seeded E/I network of one cell type with Poisson drive and recurrent synapses, for CPU = GPU
 * bit-identity checks. `receptors` says how the cell type's input enters (its weight unit).
 */
/** A SpikeSourceArray's times in cellTypeNetwork: neuron i fires every 9.3 ms from a phase of its own. */
function sourceTimes(cellType: string, size: number, first: number): { spikeTimes?: number[][] } {
  if (cellType !== 'SpikeSourceArray') return {};
  return {
    spikeTimes: Array.from({ length: size }, (_, i) => Array.from({ length: 12 }, (_, k) => (((first + i) * 0.7) % 9.3) + 9.3 * k)),
  };
}

export function cellTypeNetwork(
  cellType: string,
  receptors: 'current' | 'voltage' | 'conductance',
  seed: number,
  opts: { initialV: [number, number]; cellTypes?: ModelInput['cellTypes']; n?: number; params?: Record<string, number> } = {
    initialV: [-70, -55],
  },
): ModelInput {
  const n = opts.n ?? 300;
  const ne = Math.round(0.8 * n);
  const w = WEIGHTS[receptors];
  const initialV = { distribution: 'uniform', low: opts.initialV[0], high: opts.initialV[1] } as const;
  return {
    format: 'luciole-model',
    version: 1,
    name: `${cellType}-network`,
    dt: 0.1,
    seed,
    ...(opts.cellTypes ? { cellTypes: opts.cellTypes } : {}),
    populations: [
      { name: 'E', size: ne, cellType, initialV, ...(opts.params ? { params: opts.params } : {}), ...sourceTimes(cellType, ne, 0) },
      {
        name: 'I',
        size: n - ne,
        cellType,
        initialV,
        ...(opts.params ? { params: opts.params } : {}),
        ...sourceTimes(cellType, n - ne, ne),
      },
    ],
    projections: (
      [
        ['E', 'E', 'excitatory', w.exc],
        ['E', 'I', 'excitatory', w.exc],
        ['I', 'E', 'inhibitory', w.inh],
        ['I', 'I', 'inhibitory', w.inh],
      ] as const
    ).map(([pre, post, receptor, weight]) => ({
      pre,
      post,
      connector: { type: 'fixedProbability' as const, p: 0.05 },
      receptor,
      weight: { distribution: 'uniform' as const, low: Math.min(0.5 * weight, 1.5 * weight), high: Math.max(0.5 * weight, 1.5 * weight) },
      delay: { distribution: 'uniform' as const, low: 0.1, high: 2 },
    })),
    stimuli: [
      { type: 'poisson', population: 'E', rateHz: 3000, weight: w.drive, receptor: 'excitatory' },
      { type: 'poisson', population: 'I', rateHz: 3000, weight: w.drive, receptor: 'excitatory' },
    ],
    recorders: [
      { type: 'spikes', population: 'E' },
      { type: 'spikes', population: 'I' },
    ],
  };
}

/** A rule of a model's own: an eligibility per synapse, decaying every step, turned into weight by postsynaptic spikes. */
export const ELIGIBILITY_RULE: NonNullable<ModelInput['plasticityRules']>[string] = {
  summary: 'eligibility trace per synapse, consumed by postsynaptic spikes',
  parameters: {
    eta: { unit: 'nA', default: 0.002, rule: 'non-negative' },
    decay: { unit: '1', default: 0.995 },
    tau: { unit: 'ms', default: 10, rule: 'positive' },
    w_min: { unit: 'nA', default: 0 },
    w_max: { unit: 'nA', default: 0.3 },
  },
  synapse: { e: { unit: '1', initial: 0 } },
  postTraces: { z: { tau: 'tau', onSpike: 'z = z + 1' } },
  onPre: 'e = e + 1\nw = w - eta * z',
  onPost: 'w = w + eta * e',
  perStep: 'e = e * decay',
  bounds: { min: 'w_min', max: 'w_max' },
};

/**
 * A recurrent E/I network of IF_curr_exp with four plastic projections, one of each kind:
 * additive STDP E→E (1.5 ms delay), nearest-neighbour multiplicative STDP E→I, Vogels2011Rule
 * I→E (onto an inhibitory current receptor, so transmitted negative) and a rule of its own with a
 * per-synapse variable and per-step code on I→I.
 */
export function plasticNetwork(seed: number): ModelInput {
  const m = cellTypeNetwork('IF_curr_exp', 'current', seed, { initialV: [-70, -52], n: 250 });
  const stdp = (weight: string, pairing: string, wMax: number) => ({
    type: 'STDPMechanism',
    timingDependence: { type: 'SpikePairRule', pairing, tau_plus: 20, tau_minus: 20, A_plus: 0.02, A_minus: 0.021 },
    weightDependence: { type: weight, w_min: 0, w_max: wMax },
  });
  const [ee, ei, ie, ii] = m.projections!;
  Object.assign(ee, { delay: 1.5, plasticity: stdp('AdditiveWeightDependence', 'allToAll', 0.2) });
  Object.assign(ei, { delay: 0.1, plasticity: stdp('MultiplicativeWeightDependence', 'nearest', 0.2) });
  Object.assign(ie, {
    delay: 0.8,
    plasticity: {
      type: 'STDPMechanism',
      timingDependence: { type: 'Vogels2011Rule', tau: 20, eta: 0.005, rho: 5 },
      weightDependence: { type: 'AdditiveWeightDependence', w_min: 0, w_max: 1 },
    },
  });
  Object.assign(ii, {
    delay: 0.5,
    weight: { distribution: 'uniform', low: -0.2, high: -0.1 },
    receptor: 'inhibitory',
    plasticity: { type: 'Eligibility' },
  });
  // Vogels' rule and the own rule take magnitudes; the model's weights stay PyNN-signed.
  return { ...m, name: 'plastic-network', plasticityRules: { Eligibility: structuredClone(ELIGIBILITY_RULE) } };
}

/** Initial V spread for each built-in, from below rest to near threshold. */
export const CELL_TYPE_INITIAL_V: Record<string, [number, number]> = {
  IF_curr_exp: [-70, -52],
  IF_curr_delta: [-70, -52],
  IF_curr_alpha: [-70, -52],
  IF_cond_exp: [-70, -52],
  EIF_cond_exp_isfa_ista: [-75, -55],
  Izhikevich: [-70, -50],
  SpikeSourcePoisson: [0, 0],
  SpikeSourceArray: [0, 0],
};

/** Parameters that make each built-in active in cellTypeNetwork (PyNN defaults otherwise). */
export const CELL_TYPE_PARAMS: Record<string, Record<string, number>> = {
  IF_curr_alpha: { tau_syn_E: 2, tau_syn_I: 2 }, // PyNN's 0.5 ms barely drives it
  SpikeSourcePoisson: { rate: 50 },
};
