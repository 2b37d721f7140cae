/**
 * Izhikevich: the simple model of Izhikevich (2003), IEEE Trans. Neural Netw. 14:1569, with
 * NEST's `izhikevich` conventions:
 *   dv/dt = 0.04 v² + 5 v + 140 − u + I,   du/dt = a (b v − u);   v ≥ 30 mV: v ← c, u ← u + d.
 * The quadratic is evaluated as 0.04 (v + 62.5)² − 16.25, which tracks Brian2's f64 more closely in f32.
 * v in mV, t in ms; I = i_offset in pA, which enters the v equation as mV/ms (external currents
 * in nA are scaled by 1000 to match). An incoming spike makes v jump by the weight in mV. The
 * initial u defaults to b·v_init. Forward Euler at dt, both variables from the start-of-step
 * values (NEST's consistent_integration, Brian2's method='euler'); no refractoriness.
 */
import type { CellTypeDescriptor } from './descriptor';

export const Izhikevich: CellTypeDescriptor = {
  name: 'Izhikevich',
  summary: 'Izhikevich (2003) simple model with NEST izhikevich conventions: voltage-jump synapses, i_offset in pA.',
  reference: 'Izhikevich (2003), IEEE Trans. Neural Netw. 14:1569',
  integration: 'forward Euler at dt from the start-of-step values; no refractoriness',
  parameters: {
    a: { unit: '1/ms', default: 0.02, doc: 'recovery time scale' },
    b: { unit: '1', default: 0.2, doc: 'sensitivity of u to v' },
    c: { unit: 'mV', default: -65.0, doc: 'v after a spike' },
    d: { unit: 'mV/ms', default: 2.0, doc: 'increment of u after a spike' },
    i_offset: { unit: 'pA', default: 0.0, doc: 'constant input current, entering dv/dt as mV/ms (NEST I_e)' },
  },
  state: {
    v: { unit: 'mV', initial: -70, doc: 'membrane potential' },
    u: { unit: 'mV/ms', initial: 'b * v', doc: 'recovery variable' },
  },
  receptors: { excitatory: 'voltage', inhibitory: 'voltage' },
  update: `
    let v_old = v
    let u_old = u
    # 0.04 v² + 5 v + 140 = 0.04 (v + 62.5)² − 16.25: less cancellation in f32, and no sum of two
    # products (docs/model-format.md, "Bit identity")
    let x = v_old + 62.5
    v = v + dt * (0.04 * (x * x) - 16.25 - u_old + i_offset + 1000 * i_ext) + (in_exc + in_inh)
    u = u + dt * (a * (b * v_old - u_old))`,
  threshold: 'v >= 30',
  reset: 'v = c\nu = u + d',
  silenced: 'v = c',
  spikeCharge: '(40 - c) / 1000',
};
