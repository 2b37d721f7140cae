/**
 * EIF_cond_exp_isfa_ista: the adaptive exponential integrate-and-fire neuron (AdEx) with
 * exponentially decaying conductances, PyNN's names and defaults. Brette & Gerstner (2005),
 * J. Neurophysiol. 94:3637:
 *   cm dV/dt = g_L (E_L − V) + g_L ΔT e^{(V − V_T)/ΔT} − w + I_syn + I,   g_L = cm / tau_m
 *   tau_w dw/dt = a (V − E_L) − w;   V > v_spike: V ← v_reset, w ← w + b.
 * Forward Euler on V and w from the start-of-step values (the exponential term rules out exact
 * integration; Brian2's default for these equations is the same); conductances decay exactly.
 */
import type { CellTypeDescriptor } from './descriptor';
import { exponentialConductance, withSynapses } from './synapses';

export const EIF_cond_exp_isfa_ista: CellTypeDescriptor = withSynapses(
  {
    name: 'EIF_cond_exp_isfa_ista',
    summary:
      'Adaptive exponential integrate-and-fire (AdEx) with exponential conductances (PyNN EIF_cond_exp_isfa_ista, NEST aeif_cond_exp).',
    reference: 'Brette & Gerstner (2005), J. Neurophysiol. 94:3637',
    integration: 'forward Euler on V and w at dt; conductances decay exactly; V is held during the refractory period, w is not',
    parameters: {
      cm: { unit: 'nF', default: 0.281, rule: 'positive', doc: 'membrane capacitance' },
      tau_refrac: { unit: 'ms', default: 0.1, rule: 'non-negative', doc: 'refractory period' },
      v_spike: { unit: 'mV', default: -40.0, doc: 'spike detection threshold' },
      v_reset: { unit: 'mV', default: -70.6, doc: 'potential after a spike' },
      v_rest: { unit: 'mV', default: -70.6, doc: 'resting potential (E_L)' },
      tau_m: { unit: 'ms', default: 9.3667, rule: 'positive', doc: 'membrane time constant' },
      i_offset: { unit: 'nA', default: 0.0, doc: 'constant injected current' },
      a: { unit: 'nS', default: 4.0, doc: 'subthreshold adaptation conductance' },
      b: { unit: 'nA', default: 0.0805, doc: 'spike-triggered adaptation increment' },
      delta_T: { unit: 'mV', default: 2.0, rule: 'positive', doc: 'slope factor' },
      tau_w: { unit: 'ms', default: 144.0, rule: 'positive', doc: 'adaptation time constant' },
      v_thresh: { unit: 'mV', default: -50.4, doc: 'exponential threshold (V_T)' },
      e_rev_E: { unit: 'mV', default: 0.0, doc: 'excitatory reversal potential' },
      e_rev_I: { unit: 'mV', default: -80.0, doc: 'inhibitory reversal potential' },
    },
    derived: {
      g_leak: { unit: 'µS', value: 'cm / tau_m' },
      a_per_mV: { unit: 'nA/mV', value: 'a * 0.001' },
      g_leak_delta_T: { unit: 'nA', value: 'cm / tau_m * delta_T' },
      inv_cm: { unit: '1/nF', value: '1 / cm' },
      inv_delta_T: { unit: '1/mV', value: '1 / delta_T' },
      inv_tau_w: { unit: '1/ms', value: '1 / tau_w' },
    },
    state: {
      v: { unit: 'mV', initial: 'v_rest', doc: 'membrane potential' },
      w: { unit: 'nA', initial: 0, doc: 'adaptation current' },
    },
    update: `
      let v_old = v
      # summed one product at a time (docs/model-format.md, "Bit identity")
      let i_total = ((((i_offset - w) + g_leak * (v_rest - v_old)) + g_leak_delta_T * exp((v_old - v_thresh) * inv_delta_T)) + g_exc * (e_rev_E - v_old)) + g_inh * (e_rev_I - v_old) + i_ext
      v = v + dt * i_total * inv_cm
      w = w + dt * (a_per_mV * (v_old - v_rest) - w) * inv_tau_w`,
    threshold: 'v >= v_spike',
    reset: 'v = v_reset\nw = w + b',
    refractory: { period: 'tau_refrac', holds: ['v'] },
    silenced: 'v = v_reset',
    constraints: [{ holds: 'v_reset < v_spike', on: 'v_reset', message: 'expected v_reset below v_spike ({v_spike} mV)' }],
    spikeCharge: 'cm * (v_spike - min(v_reset, v_rest) + 10)',
  },
  exponentialConductance('excitatory', 5.0),
  exponentialConductance('inhibitory', 5.0),
  [
    'cm',
    'tau_refrac',
    'v_spike',
    'v_reset',
    'v_rest',
    'tau_m',
    'i_offset',
    'a',
    'b',
    'delta_T',
    'tau_w',
    'v_thresh',
    'e_rev_E',
    'tau_syn_E',
    'e_rev_I',
    'tau_syn_I',
  ],
);
