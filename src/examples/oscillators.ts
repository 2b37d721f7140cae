/**
 * Bundled oscillator models: plain models in the JSON format (docs/model-format.md#oscillators).
 * Frequencies in rad/ms, K in rad/ms, time in ms.
 */
import { importConnectome } from '../io/connectome/importConnectome';
import type { ModelInput } from '../model/schema';
import type { DataLoader } from './connectomes';

export const OSCILLATOR_EXAMPLES: Record<string, ModelInput> = {
  'kuramoto-lorentzian': {
    format: 'luciole-model',
    version: 1,
    name: 'kuramoto-lorentzian',
    description:
      'Kuramoto model, all-to-all, N = 10,000, Lorentzian natural frequencies of half-width Δ = 0.5 rad/ms, K = 2 (K_c = 2Δ = 1): r settles at √(1 − 2Δ/K) = 0.707 (RK4, dt = 0.05 ms, 100 ms). Move K across K_c to watch synchrony appear.',
    dt: 0.05,
    seed: 1,
    durationMs: 100,
    oscillators: {
      model: 'kuramoto',
      integrator: 'rk4',
      groups: [{ name: 'oscillators', size: 10_000, frequencies: { distribution: 'lorentzian', center: 0, halfWidth: 0.5 } }],
      couplings: [{ name: 'all-to-all', from: 'oscillators', to: 'oscillators', K: 2, connector: { type: 'allToAll' } }],
    },
  },
  'kuramoto-two': {
    format: 'luciole-model',
    version: 1,
    name: 'kuramoto-two',
    description:
      'Two Kuramoto oscillators, ω = ±0.25 rad/ms (Δω = 0.5), K = 1 with the K/N convention: they lock (|Δω| ≤ K) at Δθ = asin(Δω/K) = π/6. Lower K below 0.5 and they drift apart.',
    dt: 0.05,
    seed: 1,
    durationMs: 100,
    oscillators: {
      model: 'kuramoto',
      groups: [{ name: 'pair', size: 2, frequencies: [-0.25, 0.25], initialPhases: [0, 3] }],
      couplings: [{ from: 'pair', to: 'pair', K: 1, connector: { type: 'allToAll' } }],
    },
  },
  'akorn-stimulus': {
    format: 'luciole-model',
    version: 1,
    name: 'akorn-stimulus',
    description:
      'AKOrN (Miyato et al. 2025): 512 oscillators in R⁴ (two rotation blocks, ω ~ N(0, 0.05)), weak all-to-all coupling K = 0.5, each with a random stimulus c_i of norm 1; γ = 0.1, 300 steps. The vectors align with their stimuli (the summary reports the mean cosine) while the energy falls.',
    dt: 1,
    seed: 1,
    durationMs: 300,
    oscillators: {
      model: 'akorn',
      dimension: 4,
      gamma: 0.1,
      groups: [{ name: 'units', size: 512, frequencies: { distribution: 'gaussian', mean: 0, sd: 0.05 }, stimulus: { random: 1 } }],
      couplings: [{ from: 'units', to: 'units', K: 0.5, connector: { type: 'allToAll' } }],
    },
  },
  'kuramoto-spiking': {
    format: 'luciole-model',
    version: 1,
    name: 'kuramoto-spiking',
    description:
      'Oscillators driving spiking neurons: 200 Kuramoto oscillators near 8 Hz (ω = 0.05 rad/ms, sd 0.005, K = 0.02) pace 200 IF_curr_exp neurons through I = 0.5 + 0.6 cos θ nA, one oscillator per neuron. As the oscillators synchronise, the raster bunches into theta-rhythm volleys.',
    dt: 0.1,
    seed: 1,
    durationMs: 1000,
    populations: [
      {
        name: 'neurons',
        size: 200,
        cellType: 'IF_curr_exp',
        params: { tau_m: 20, cm: 1, v_rest: -65, v_reset: -65, v_thresh: -50, tau_refrac: 2 },
      },
    ],
    recorders: [{ type: 'spikes', population: 'neurons' }],
    oscillators: {
      model: 'kuramoto',
      groups: [{ name: 'theta', size: 200, frequencies: { distribution: 'gaussian', mean: 0.05, sd: 0.005 } }],
      couplings: [{ from: 'theta', to: 'theta', K: 0.02, connector: { type: 'allToAll' } }],
      phaseDrive: [{ group: 'theta', population: 'neurons', amplitude: 0.6, offset: 0.5 }],
    },
  },
};

/** Kuramoto oscillators on the C. elegans wiring (chemical and electrical synapse counts as A_ij). */
export async function kuramotoCelegans(load: DataLoader): Promise<ModelInput> {
  const c = importConnectome('celegans/edges.csv', await load('celegans/edges.csv'), {
    file: 'celegans/neurons.csv',
    text: await load('celegans/neurons.csv'),
  });
  const rows: number[][] = [];
  for (let e = 0; e < c.pre.length; e++) if (c.pre[e] !== c.post[e] && c.weight[e] > 0) rows.push([c.pre[e], c.post[e], c.weight[e]]);
  const nodes = c.nodes;
  return {
    format: 'luciole-model',
    version: 1,
    name: 'kuramoto-celegans',
    description:
      'Kuramoto oscillators on the C. elegans wiring (303 neurons, 4,712 edges; A_ij = chemical + gap-junction synapse counts, K = 5 with the K/N convention), Gaussian frequencies (mean 0.1, sd 0.05 rad/ms). The hubs lock first; colour the 3D view by phase.',
    dt: 0.1,
    seed: 1,
    durationMs: 500,
    oscillators: {
      model: 'kuramoto',
      groups: [
        {
          name: 'neurons',
          size: nodes.length,
          frequencies: { distribution: 'gaussian', mean: 0.1, sd: 0.05 },
          neuronInfo: {
            names: nodes.map((n) => n.name),
            cellTypes: nodes.map((n) => n.cellType),
            ...(nodes.every((n) => n.position) ? { positions: nodes.map((n) => n.position!) } : {}),
          },
        },
      ],
      couplings: [{ name: 'wiring', from: 'neurons', to: 'neurons', K: 5, connector: { type: 'fromList', connections: rows } }],
    },
  };
}
