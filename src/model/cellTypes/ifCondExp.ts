/**
 * IF_cond_exp: LIF with exponentially decaying synaptic conductances (weights in µS, as PyNN),
 * integrated as Brian2 integrates it by default for this model: exponential Euler. Over a step
 * the conductances are held at their start-of-step values, so dV/dt = A V + B is linear and
 * V ← V∞ + (V − V∞) e^{A dt}, V∞ = −B/A, exactly as Brian2's `exponential_euler` state updater.
 */
import type { CellTypeDescriptor } from './descriptor';
import { LIF_PARAMETERS, LIF_SPIKING } from './lifMembrane';
import { exponentialConductance, withSynapses } from './synapses';

export const IF_cond_exp: CellTypeDescriptor = withSynapses(
  {
    name: 'IF_cond_exp',
    summary: 'Leaky integrate-and-fire with exponentially decaying synaptic conductances (PyNN IF_cond_exp, NEST iaf_cond_exp).',
    reference: 'Brette et al. (2007), J. Comput. Neurosci. 23:349 — COBA benchmark; Brian2 exponential_euler',
    integration: 'exponential Euler on V with the conductances of the start of the step; conductances decay exactly',
    parameters: {
      ...LIF_PARAMETERS,
      e_rev_E: { unit: 'mV', default: 0.0, doc: 'excitatory reversal potential' },
      e_rev_I: { unit: 'mV', default: -70.0, doc: 'inhibitory reversal potential' },
    },
    derived: {
      inv_tau_m: { unit: '1/ms', value: '1 / tau_m' },
      inv_cm: { unit: '1/nF', value: '1 / cm' },
      leak_current_at_rest: { unit: 'nA', value: 'v_rest * cm / tau_m' },
    },
    state: { v: { unit: 'mV', initial: 'v_rest', doc: 'membrane potential' } },
    update: `
      # dV/dt = A V + B, in 1/ms and mV/ms (µS × mV = nA; nA / nF = mV/ms); no sum of two products
      let a = -(inv_tau_m + (g_exc + g_inh) * inv_cm)
      let b = ((leak_current_at_rest + g_exc * e_rev_E) + g_inh * e_rev_I + i_offset + i_ext) * inv_cm
      let v_inf = -b / a
      v = v_inf + (v - v_inf) * exp(a * dt)`,
    ...LIF_SPIKING,
  },
  exponentialConductance('excitatory', 5.0),
  exponentialConductance('inhibitory', 5.0),
  ['cm', 'tau_m', 'tau_refrac', 'tau_syn_E', 'tau_syn_I', 'e_rev_E', 'e_rev_I', 'v_rest', 'v_reset', 'v_thresh', 'i_offset'],
);
