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
