/** IF_curr_alpha: current-based LIF with alpha-shaped synaptic currents; NEST iaf_psc_alpha. */
import type { CellTypeDescriptor } from './descriptor';
import { LIF_PARAMETERS, LIF_SPIKING } from './lifMembrane';
import { alphaRiseToVoltagePropagator, constantCurrentPropagator, currentToVoltagePropagator } from './lifPropagators';
import { alphaCurrent, withSynapses } from './synapses';

export const IF_curr_alpha: CellTypeDescriptor = withSynapses(
  {
    name: 'IF_curr_alpha',
    summary: 'Leaky integrate-and-fire with alpha-shaped synaptic currents peaking at the weight after tau_syn (PyNN IF_curr_alpha).',
    reference: 'Rotter & Diesmann (1999), Biol. Cybern. 81:381 — exact integration',
    integration: 'exact (propagators computed on the host in f64); V uses the synaptic state at the start of the step',
    parameters: LIF_PARAMETERS,
    derived: {
      p22: { unit: '1', value: 'exp(-dt / tau_m)' },
      p21e: { unit: 'mV/nA', value: (p, dt) => currentToVoltagePropagator(dt, p.tau_m, p.tau_syn_E, p.cm) },
      p21i: { unit: 'mV/nA', value: (p, dt) => currentToVoltagePropagator(dt, p.tau_m, p.tau_syn_I, p.cm) },
      p31e: { unit: 'mV ms/nA', value: (p, dt) => alphaRiseToVoltagePropagator(dt, p.tau_m, p.tau_syn_E, p.cm) },
      p31i: { unit: 'mV ms/nA', value: (p, dt) => alphaRiseToVoltagePropagator(dt, p.tau_m, p.tau_syn_I, p.cm) },
      p20: { unit: 'mV/nA', value: (p, dt) => constantCurrentPropagator(dt, p.tau_m, p.cm) },
    },
    state: { v: { unit: 'mV', initial: 'v_rest', doc: 'membrane potential' } },
    update: `
      v = v_rest + (v - v_rest) * p22
      v = v + isyn_exc * p21e
      v = v + x_exc * p31e
      v = v + isyn_inh * p21i
      v = v + x_inh * p31i
      v = v + (i_offset + i_stim + i_gap + i_osc) * p20`,
    ...LIF_SPIKING,
  },
  alphaCurrent('excitatory', 0.5),
  alphaCurrent('inhibitory', 0.5),
  ['cm', 'tau_m', 'tau_refrac', 'tau_syn_E', 'tau_syn_I', 'v_rest', 'v_reset', 'v_thresh', 'i_offset'],
);
