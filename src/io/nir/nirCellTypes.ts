/**
 * NIR's neuron primitives as Luciole cell types (Pedersen et al. 2024, "Neuromorphic
 * intermediate representation", Nature Communications 15:8122; the NIR documentation's
 * primitives). NIR is unitless and continuous in time, with time constants in seconds; here τ is
 * in ms (×1000), and the input x of a step is the sum of the weights of the spikes arriving in it
 * plus the Affine biases (i_stim), held constant over the step:
 *   NIR_LIF      τ dv/dt = (v_leak − v) + r·x
 *   NIR_CubaLIF  τ_syn dI/dt = −I + w_in·x,  τ_mem dv/dt = (v_leak − v) + r·I  (I first, then v
 *                with the new I held over the step: snnTorch's and Norse's order)
 *   NIR_IF       dv/dt = r·x  (t in seconds)
 * A neuron fires in a step that ends with v > v_threshold, then v ← v_reset (reset to zero by
 * default) or, with `subtract` = 1, v ← v − v_threshold. `euler` = 1 takes one forward-Euler step
 * (decay 1 − dt/τ, what snnTorch and Norse compute); 0, the default, the exact solution for the
 * step's constant input (decay e^(−dt/τ), the NIR paper's reference).
 */
import type { ModelInput } from '../../model/schema';

type UserCellType = NonNullable<ModelInput['cellTypes']>[string];

const common = {
  v_threshold: { unit: 'mV', default: 1, doc: 'NIR v_threshold' },
  v_reset: { unit: 'mV', default: 0, doc: 'NIR v_reset (0 when the graph has none)' },
  subtract: { unit: '1', default: 0, rule: 'non-negative' as const, doc: '1: reset by subtracting v_threshold' },
  euler: { unit: '1', default: 0, rule: 'non-negative' as const, doc: '1: forward Euler; 0: exact for the step' },
};
const reset = 'if (subtract > 0.5) { v = v - v_threshold } else { v = v_reset }';

export const NIR_CELL_TYPES: Record<'NIR_LIF' | 'NIR_CubaLIF' | 'NIR_IF', UserCellType> = {
  NIR_LIF: {
    summary: "NIR's LIF: τ dv/dt = (v_leak − v) + r·x",
    reference: 'Pedersen et al. 2024 (NIR), the LIF primitive',
    integration: 'exact for the step (euler = 0) or forward Euler (euler = 1)',
    parameters: {
      tau: { unit: 'ms', default: 10, rule: 'positive', doc: 'NIR tau (s) × 1000' },
      r: { unit: 'MOhm', default: 1, doc: 'NIR r' },
      v_leak: { unit: 'mV', default: 0, doc: 'NIR v_leak' },
      ...common,
    },
    derived: {
      decay: { unit: '1', value: 'euler * (1 - dt / tau) + (1 - euler) * exp(-dt / tau)' },
      gain: { unit: 'MOhm', value: 'r * (1 - decay)' },
    },
    state: { v: { unit: 'mV', initial: 0 } },
    receptors: { excitatory: 'current', inhibitory: 'current' },
    update: 'v = v_leak + (v - v_leak) * decay + gain * ((in_exc + in_inh) + i_stim)',
    threshold: 'v > v_threshold',
    reset,
  } as UserCellType,
  NIR_CubaLIF: {
    summary: "NIR's CubaLIF: τ_syn dI/dt = −I + w_in·x, τ_mem dv/dt = (v_leak − v) + r·I",
    reference: 'Pedersen et al. 2024 (NIR), the CubaLIF primitive',
    integration: 'I then v, each exact for the step (euler = 0) or forward Euler (euler = 1)',
    parameters: {
      tau_mem: { unit: 'ms', default: 10, rule: 'positive', doc: 'NIR tau_mem (s) × 1000' },
      tau_syn: { unit: 'ms', default: 5, rule: 'positive', doc: 'NIR tau_syn (s) × 1000' },
      r: { unit: 'MOhm', default: 1, doc: 'NIR r' },
      w_in: { unit: '1', default: 1, doc: 'NIR w_in' },
      v_leak: { unit: 'mV', default: 0, doc: 'NIR v_leak' },
      ...common,
    },
    derived: {
      decay_syn: { unit: '1', value: 'euler * (1 - dt / tau_syn) + (1 - euler) * exp(-dt / tau_syn)' },
      gain_syn: { unit: '1', value: 'w_in * (1 - decay_syn)' },
      decay_mem: { unit: '1', value: 'euler * (1 - dt / tau_mem) + (1 - euler) * exp(-dt / tau_mem)' },
      gain_mem: { unit: 'MOhm', value: 'r * (1 - decay_mem)' },
    },
    state: { v: { unit: 'mV', initial: 0 }, i_syn: { unit: 'nA', initial: 0, doc: 'NIR I' } },
    receptors: { excitatory: 'current', inhibitory: 'current' },
    update: 'i_syn = i_syn * decay_syn + gain_syn * ((in_exc + in_inh) + i_stim)\nv = v_leak + (v - v_leak) * decay_mem + gain_mem * i_syn',
    threshold: 'v > v_threshold',
    reset,
  } as UserCellType,
  NIR_IF: {
    summary: "NIR's IF: dv/dt = r·x (t in s)",
    reference: 'Pedersen et al. 2024 (NIR), the IF primitive',
    integration: 'exact for the step',
    parameters: {
      r: { unit: 'MOhm', default: 1, doc: 'NIR r' },
      ...common,
    },
    derived: { gain: { unit: 'MOhm', value: 'r * dt / 1000' } },
    state: { v: { unit: 'mV', initial: 0 } },
    receptors: { excitatory: 'current', inhibitory: 'current' },
    update: 'v = v + gain * ((in_exc + in_inh) + i_stim)',
    threshold: 'v > v_threshold',
    reset,
  } as UserCellType,
};
