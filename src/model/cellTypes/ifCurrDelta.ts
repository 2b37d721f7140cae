/** IF_curr_delta: LIF whose synapses make V jump by the weight (mV); NEST iaf_psc_delta. */
import type { CellTypeDescriptor } from './descriptor';
import { LIF_PARAMETERS, LIF_SPIKING } from './lifMembrane';
import { constantCurrentPropagator } from './lifPropagators';

export const IF_curr_delta: CellTypeDescriptor = {
  name: 'IF_curr_delta',
  summary: 'Leaky integrate-and-fire whose synaptic input is a jump of V by the weight (PyNN IF_curr_delta, NEST iaf_psc_delta).',
  reference: 'Rotter & Diesmann (1999), Biol. Cybern. 81:381 — exact integration',
  integration: 'exact; input arriving while refractory is discarded (NEST iaf_psc_delta)',
  parameters: LIF_PARAMETERS,
  derived: {
    p22: { unit: '1', value: 'exp(-dt / tau_m)' },
    p20: { unit: 'mV/nA', value: (p, dt) => constantCurrentPropagator(dt, p.tau_m, p.cm) },
  },
  state: { v: { unit: 'mV', initial: 'v_rest', doc: 'membrane potential' } },
  receptors: { excitatory: 'voltage', inhibitory: 'voltage' },
  update: `
    v = v_rest + (v - v_rest) * p22
    v = v + (i_offset + i_stim + i_gap + i_osc) * p20
    v = v + (in_exc + in_inh)`,
  ...LIF_SPIKING,
};
