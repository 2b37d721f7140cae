/** IF_curr_exp: current-based LIF with exponentially decaying synaptic currents (CuBa LIF). */
import type { CellTypeDescriptor } from './descriptor';
import { LIF_PARAMETERS, LIF_SPIKING } from './lifMembrane';
import { constantCurrentPropagator, currentToVoltagePropagator } from './lifPropagators';
import { exponentialCurrent, withSynapses } from './synapses';

export const IF_curr_exp: CellTypeDescriptor = withSynapses(
  {
    name: 'IF_curr_exp',
    summary: 'Leaky integrate-and-fire with exponentially decaying synaptic currents (PyNN IF_curr_exp, NEST iaf_psc_exp).',
    reference: 'Rotter & Diesmann (1999), Biol. Cybern. 81:381 — exact integration',
    integration: 'exact (propagators computed on the host in f64); V uses the synaptic currents at the start of the step',
    parameters: LIF_PARAMETERS,
    derived: {
      p22: { unit: '1', value: 'exp(-dt / tau_m)' },
      p21e: { unit: 'mV/nA', value: (p, dt) => currentToVoltagePropagator(dt, p.tau_m, p.tau_syn_E, p.cm) },
      p21i: { unit: 'mV/nA', value: (p, dt) => currentToVoltagePropagator(dt, p.tau_m, p.tau_syn_I, p.cm) },
      p20: { unit: 'mV/nA', value: (p, dt) => constantCurrentPropagator(dt, p.tau_m, p.cm) },
    },
    state: { v: { unit: 'mV', initial: 'v_rest', doc: 'membrane potential' } },
    update: `
      v = v_rest + (v - v_rest) * p22
      v = v + isyn_exc * p21e
      v = v + isyn_inh * p21i
      v = v + (i_offset + i_stim + i_gap + i_osc) * p20`,
    ...LIF_SPIKING,
  },
  exponentialCurrent('excitatory', 5.0),
  exponentialCurrent('inhibitory', 5.0),
  ['cm', 'tau_m', 'tau_refrac', 'tau_syn_E', 'tau_syn_I', 'v_rest', 'v_reset', 'v_thresh', 'i_offset'],
);
