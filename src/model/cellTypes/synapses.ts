/**
 * Synaptic-current models as descriptor pieces: each adds its parameters, derived constants,
 * state and per-step code for one receptor, so that a cell type is a membrane plus two of these.
 * The update runs after the membrane's, so the membrane sees the synaptic state at the start of
 * the step (NEST order). A voltage-jump ("delta") receptor has no state: the membrane code adds
 * `in_exc`/`in_inh` to v itself.
 */
import type { CellTypeDescriptor, DerivedSpec, ParameterSpec, ReceptorInput, StateSpec } from './descriptor';

export type Receptor = 'excitatory' | 'inhibitory';

/** PyNN's suffixes: tau_syn_E, isyn_exc, in_exc. */
const SUFFIX = { excitatory: { param: 'E', state: 'exc' }, inhibitory: { param: 'I', state: 'inh' } } as const;

export interface SynapseModel {
  name: string;
  input: ReceptorInput;
  parameters: Record<string, ParameterSpec>;
  derived: Record<string, DerivedSpec>;
  state: Record<string, StateSpec>;
  update: string;
}

/** Exponentially decaying current: I jumps by the weight (nA), then I' = −I/τ (exact). */
export function exponentialCurrent(r: Receptor, tauDefault: number): SynapseModel {
  const { param: P, state: s } = SUFFIX[r];
  return {
    name: 'exponential current',
    input: 'current',
    parameters: { [`tau_syn_${P}`]: { unit: 'ms', default: tauDefault, rule: 'positive', doc: `${r} synaptic current decay` } },
    derived: { [`decay_${s}`]: { unit: '1', value: `exp(-dt / tau_syn_${P})` } },
    state: { [`isyn_${s}`]: { unit: 'nA', initial: 0, doc: `${r} synaptic current` } },
    update: `isyn_${s} = isyn_${s} * decay_${s} + in_${s}`,
  };
}

/**
 * Alpha-shaped current I(t) = w (t/τ) e^{1 − t/τ}, whose peak at t = τ is the weight w (nA), as
 * PyNN's IF_curr_alpha: x' = −x/τ with x jumping by w·e/τ, I' = x − I/τ,
 * propagated exactly: I ← (I + dt·x) e^{−dt/τ}, x ← x e^{−dt/τ} + jump (input at the end of the step).
 */
export function alphaCurrent(r: Receptor, tauDefault: number): SynapseModel {
  const { param: P, state: s } = SUFFIX[r];
  return {
    name: 'alpha current',
    input: 'current',
    parameters: { [`tau_syn_${P}`]: { unit: 'ms', default: tauDefault, rule: 'positive', doc: `${r} alpha-current time to peak` } },
    derived: {
      [`decay_${s}`]: { unit: '1', value: `exp(-dt / tau_syn_${P})` },
      // the jump e/τ, divided by the decay it then undergoes within the same expression
      [`jump_${s}`]: { unit: '1/ms', value: `exp(1) / tau_syn_${P} / exp(-dt / tau_syn_${P})` },
    },
    state: {
      [`isyn_${s}`]: { unit: 'nA', initial: 0, doc: `${r} synaptic current` },
      [`x_${s}`]: { unit: 'nA/ms', initial: 0, doc: `${r} alpha-current rise term` },
    },
    // Written with no sum of two products (docs/model-format.md, "Bit identity").
    update: `isyn_${s} = (isyn_${s} + x_${s} * dt) * decay_${s}\nx_${s} = (x_${s} + in_${s} * jump_${s}) * decay_${s}`,
  };
}

/** Exponentially decaying conductance: g jumps by the weight (µS), then g' = −g/τ (exact). */
export function exponentialConductance(r: Receptor, tauDefault: number): SynapseModel {
  const { param: P, state: s } = SUFFIX[r];
  return {
    name: 'exponential conductance',
    input: 'conductance',
    parameters: { [`tau_syn_${P}`]: { unit: 'ms', default: tauDefault, rule: 'positive', doc: `${r} synaptic conductance decay` } },
    derived: { [`decay_${s}`]: { unit: '1', value: `exp(-dt / tau_syn_${P})` } },
    state: { [`g_${s}`]: { unit: 'µS', initial: 0, doc: `${r} synaptic conductance` } },
    update: `g_${s} = g_${s} * decay_${s} + in_${s}`,
  };
}

/**
 * A cell type from a membrane and two synapse models. Parameters come in `parameterOrder` (PyNN's
 * listing); the synapses' code runs after the membrane's update.
 */
export function withSynapses(
  membrane: Omit<CellTypeDescriptor, 'receptors'>,
  excitatory: SynapseModel,
  inhibitory: SynapseModel,
  parameterOrder: string[],
): CellTypeDescriptor {
  const parameters = { ...membrane.parameters, ...excitatory.parameters, ...inhibitory.parameters };
  const ordered = Object.fromEntries(parameterOrder.map((n) => [n, parameters[n]]));
  if (Object.keys(ordered).length !== Object.keys(parameters).length || parameterOrder.some((n) => !parameters[n]))
    throw new Error(`internal: ${membrane.name} parameter order does not list its parameters`);
  return {
    ...membrane,
    parameters: ordered,
    // The synapses' decay constants first: the membrane's may use them.
    derived: { ...excitatory.derived, ...inhibitory.derived, ...membrane.derived },
    state: { ...membrane.state, ...excitatory.state, ...inhibitory.state },
    receptors: { excitatory: excitatory.input, inhibitory: inhibitory.input },
    update: [membrane.update, excitatory.update, inhibitory.update].join('\n'),
  };
}
