/**
 * The cortical microcircuit of Potjans & Diesmann (2014), Cereb. Cortex 24:785, as the INM-6
 * reference implementation defines it (INM-6/microcircuit-PD14-model, PyNEST/src/microcircuit:
 * network_params.py, helpers.py, network.py; notes in docs/pd14-reference.md). Eight populations
 * of IF_curr_exp (NEST iaf_psc_exp) in layers 2/3, 4, 5 and 6; every pair is connected by a fixed
 * total number of synapses drawn with replacement (multapses and autapses allowed); weights and
 * delays are normal, redrawn outside their bounds as NEST's `redraw` does.
 *
 * `scale` scales the neuron counts and the in-degrees together (N_scaling = K_scaling); weights
 * then grow by 1/√K_scaling and a DC current makes up the lost mean input
 * (helpers.adjust_weights_and_input_to_synapse_scaling), so the rates stay close to full scale.
 * Units are PyNN's: nA, nF, mV, ms.
 */
import type { ModelInput } from '../model/schema';

export const PD14_POPULATIONS = ['L23E', 'L23I', 'L4E', 'L4I', 'L5E', 'L5I', 'L6E', 'L6I'] as const;

/** network_params.py `full_num_neurons`. */
export const PD14_FULL_NEURONS = [20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948];

/** `conn_probs[target][source]`. */
export const PD14_CONNECTION_PROBABILITY = [
  [0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0, 0.0076, 0.0],
  [0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0, 0.0042, 0.0],
  [0.0077, 0.0059, 0.0497, 0.135, 0.0067, 0.0003, 0.0453, 0.0],
  [0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0, 0.1057, 0.0],
  [0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0],
  [0.0548, 0.0269, 0.0257, 0.0022, 0.06, 0.3158, 0.0086, 0.0],
  [0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252],
  [0.0364, 0.001, 0.0034, 0.0005, 0.0277, 0.008, 0.0658, 0.1443],
];

/** External (cortico-cortical) in-degrees `K_ext` and their rate `bg_rate` (Hz). */
export const PD14_EXTERNAL_INDEGREE = [1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100];
export const PD14_BACKGROUND_RATE_HZ = 8;

/** `full_mean_rates` (Hz): one full-scale NEST run, used only for the scaling compensation. */
export const PD14_FULL_MEAN_RATES_HZ = [0.903, 2.965, 4.414, 5.876, 7.569, 8.633, 1.105, 7.829];

/** "Optimized" initial membrane potentials (`V0_type` default), mV. */
const V0_MEAN = [-68.28, -63.16, -63.33, -63.45, -63.11, -61.66, -66.72, -61.43];
const V0_SD = [5.36, 4.57, 4.74, 4.94, 4.94, 4.55, 5.46, 4.48];

/** iaf_psc_exp as network.py sets it (C_m and tau_m are NEST's defaults, set here explicitly). */
const NEURON = { cm: 0.25, tau_m: 10, tau_refrac: 2, tau_syn_E: 0.5, tau_syn_I: 0.5, v_rest: -65, v_reset: -65, v_thresh: -50 };

const PSP_EXC_MV = 0.15;
const G = -4;
const WEIGHT_REL_SD = 0.1;
const DELAY_EXC_MS = 1.5;
const DELAY_INH_MS = 0.75;
const DELAY_REL_SD = 0.5;
const DT_MS = 0.1;

/** numpy's round: halves go to the even neighbour (1065 × 0.1 → 106, as NEST's population sizes). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** helpers.postsynaptic_potential_to_current: the PSC amplitude (nA) giving a 1 mV PSP peak. */
export function pscOverPsp(cm = NEURON.cm, tauM = NEURON.tau_m, tauSyn = NEURON.tau_syn_E): number {
  const sub = 1 / (tauSyn - tauM);
  const pre = ((tauM * tauSyn) / cm) * sub;
  const frac = (tauM / tauSyn) ** sub;
  return 1 / (pre * (frac ** tauM - frac ** tauSyn));
}

/** Mean PSC amplitude (nA) of source → target at full scale: 87.81 pA, −4× for inhibition, ×2 for L4E→L2/3E. */
export function pd14MeanWeight(target: number, source: number): number {
  const psp = source % 2 === 0 ? PSP_EXC_MV : G * PSP_EXC_MV;
  return (target === 0 && source === 2 ? 2 : 1) * psp * pscOverPsp();
}

/** Total synapses of a pair at full scale, K = ln(1 − C)/ln(1 − 1/(N_pre N_post)) (helpers.num_synapses_from_conn_probs). */
export function pd14FullSynapses(target: number, source: number): number {
  const prod = PD14_FULL_NEURONS[target] * PD14_FULL_NEURONS[source];
  return Math.log(1 - PD14_CONNECTION_PROBABILITY[target][source]) / Math.log((prod - 1) / prod);
}

/** The bundled example's scale: NEST's example default (N_scaling = K_scaling = 0.1). */
export const MICROCIRCUIT_DEFAULT_SCALE = 0.1;

export interface MicrocircuitOptions {
  /** N_scaling = K_scaling, in (0, 1]. */
  scale?: number;
  /** 'poisson': an independent Poisson train of 8·K_ext Hz per neuron (NEST's example); 'dc': its mean as a current (INM-6's default). */
  drive?: 'poisson' | 'dc';
  seed?: number;
  durationMs?: number;
}

/**
 * The microcircuit as a model. Defaults: full scale, Poisson drive, seed 55 and 1,500 ms
 * (sim_params.py: 500 ms warm-up, then the 1 s the statistics are taken over).
 */
export function microcircuitModel(options: MicrocircuitOptions = {}): ModelInput {
  const scale = options.scale ?? 1;
  const drive = options.drive ?? 'poisson';
  if (!(scale > 0 && scale <= 1)) throw new RangeError(`microcircuit: expected a scale in (0, 1], got ${scale}`);
  const nScale = scale;
  const kScale = scale;
  const sqrtK = Math.sqrt(kScale);
  const pscExt = PSP_EXC_MV * pscOverPsp(); // nA, not doubled
  const sizes = PD14_FULL_NEURONS.map((n) => roundHalfEven(n * nScale));

  const populations = PD14_POPULATIONS.map((name, y) => {
    // Mean recurrent input at full scale (nA·Hz), from the full in-degrees and full_mean_rates.
    let inputRec = 0;
    for (let x = 0; x < 8; x++)
      inputRec += pd14MeanWeight(y, x) * (pd14FullSynapses(y, x) / PD14_FULL_NEURONS[y]) * PD14_FULL_MEAN_RATES_HZ[x];
    const inputExt = pscExt * PD14_EXTERNAL_INDEGREE[y] * PD14_BACKGROUND_RATE_HZ;
    const tauSyn = NEURON.tau_syn_E;
    // DC drive: the Poisson input's mean at full scale (dc_input_compensating_poisson); either way,
    // the part of the mean input lost by scaling K (0.001 converts Hz·ms).
    let iOffset = drive === 'dc' ? 0.001 * tauSyn * inputExt : 0;
    if (kScale !== 1) {
      iOffset += 0.001 * tauSyn * (1 - sqrtK) * inputRec;
      if (drive === 'poisson') iOffset += 0.001 * tauSyn * (1 - sqrtK) * inputExt;
    }
    return {
      name,
      size: sizes[y],
      cellType: 'IF_curr_exp',
      params: { ...NEURON, i_offset: iOffset },
      initialV: { distribution: 'normal' as const, mean: V0_MEAN[y], sd: V0_SD[y] },
    };
  });

  const projections: NonNullable<ModelInput['projections']> = [];
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) {
      const n = roundHalfEven(pd14FullSynapses(y, x) * nScale * kScale);
      if (n === 0) continue;
      const w = pd14MeanWeight(y, x) / sqrtK;
      const excitatory = x % 2 === 0;
      const d = excitatory ? DELAY_EXC_MS : DELAY_INH_MS;
      projections.push({
        name: `${PD14_POPULATIONS[x]}→${PD14_POPULATIONS[y]}`,
        pre: PD14_POPULATIONS[x],
        post: PD14_POPULATIONS[y],
        connector: { type: 'fixedTotalNumber', n, withReplacement: true, allowSelfConnections: true },
        receptor: excitatory ? 'excitatory' : 'inhibitory',
        weight: excitatory
          ? { distribution: 'normalClipped', mean: w, sd: Math.abs(w) * WEIGHT_REL_SD, low: 0 }
          : { distribution: 'normalClipped', mean: w, sd: Math.abs(w) * WEIGHT_REL_SD, high: 0 },
        delay: { distribution: 'normalClipped', mean: d, sd: d * DELAY_REL_SD, low: 0.5 * DT_MS },
      });
    }
  }

  const stimuli: NonNullable<ModelInput['stimuli']> =
    drive === 'poisson'
      ? PD14_POPULATIONS.map((name, y) => ({
          type: 'poisson' as const,
          population: name,
          rateHz: roundHalfEven(PD14_EXTERNAL_INDEGREE[y] * kScale) * PD14_BACKGROUND_RATE_HZ,
          weight: pscExt / sqrtK,
          receptor: 'excitatory' as const,
        }))
      : [];

  const scaleText = scale === 1 ? 'full scale' : `scale ${scale} (N and K; weights ×1/√K, DC compensation)`;
  return {
    format: 'luciole-model',
    version: 1,
    name: 'microcircuit',
    description: `Potjans & Diesmann (2014) cortical microcircuit, ${scaleText}: ${sizes.reduce((a, b) => a + b, 0).toLocaleString('en')} IF_curr_exp neurons in 8 populations (L2/3, L4, L5, L6, E and I), fixed-total-number connectivity with multapses, ${drive === 'poisson' ? 'independent Poisson background of 8 Hz × K_ext per neuron' : 'DC background'}; INM-6 reference parameters. Statistics are taken after a 500 ms warm-up.`,
    dt: DT_MS,
    seed: options.seed ?? 55,
    durationMs: options.durationMs ?? 1500,
    populations,
    projections,
    stimuli,
    recorders: PD14_POPULATIONS.map((name) => ({ type: 'spikes' as const, population: name })),
  };
}
