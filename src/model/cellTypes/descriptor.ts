/**
 * A cell type is data: parameters, derived constants, state variables, the per-step update, the
 * threshold and the reset, written in the expression language of src/codegen. The engine
 * generates the WGSL neuron-update kernel and the CPU twin from it (docs/model-format.md,
 * "cellTypes"; ARCHITECTURE.md, "Adding a cell type"). Built-ins live beside this file, one
 * descriptor per file; users write the same thing in a model's `cellTypes` section.
 *
 * Units: ms, mV, nA, nF, µS (PyNN's), unless a parameter says otherwise.
 */

/** How a receptor's input enters the cell; it fixes the unit of weights onto it. */
export type ReceptorInput = 'current' | 'voltage' | 'conductance';

export const WEIGHT_UNITS: Record<ReceptorInput, string> = { current: 'nA', voltage: 'mV', conductance: 'µS' };

export type ParameterRule = 'positive' | 'non-negative' | 'any';

export interface ParameterSpec {
  unit: string;
  default: number;
  /** Checked whenever the parameter is set (default 'any': any finite number). */
  rule?: ParameterRule;
  doc?: string;
}

/** Computed on the host in double precision from the parameters and dt, then handed to both backends as f32. */
export type DerivedValue = string | ((p: Readonly<Record<string, number>>, dt: number) => number);

export interface DerivedSpec {
  unit: string;
  /** An expression of parameters, dt and earlier derived constants; or, in TypeScript, a function. */
  value: DerivedValue;
  doc?: string;
}

export interface StateSpec {
  unit: string;
  /** A number, or an expression of parameters, derived constants and the state variables declared before it. */
  initial: number | string;
  doc?: string;
}

/** A condition on the parameters that a population's values must meet (`{name}` in the message is replaced by its value). */
export interface ParameterConstraint {
  holds: string;
  /** The parameter the error is reported on. */
  on: string;
  message: string;
}

export interface CellTypeDescriptor {
  name: string;
  summary: string;
  /** The paper or simulator the equations and conventions come from. */
  reference?: string;
  /** How the update integrates the equations (exact, forward Euler, exponential Euler, ...). */
  integration: string;
  parameters: Record<string, ParameterSpec>;
  derived?: Record<string, DerivedSpec>;
  /** Must include `v`, the membrane potential in mV (gap junctions, views and probes read it). */
  state: Record<string, StateSpec>;
  /** How input arriving on each receptor enters: `in_exc` and `in_inh` in the code, in the weight unit. */
  receptors: { excitatory: ReceptorInput; inhibitory: ReceptorInput };
  /** Statements run every step, for every neuron. */
  update: string;
  /** A condition on the updated state; checked only when not refractory. */
  threshold: string;
  /** Statements run on a spike. */
  reset: string;
  /** While refractory (a period given by a parameter, in ms) the listed state variables keep their values. */
  refractory?: { period: string; holds: string[] };
  /** Statements run every step for a silenced neuron instead of spiking (default: the reset when the threshold is crossed). */
  silenced?: string;
  constraints?: ParameterConstraint[];
  /** Charge (nA·ms) that takes the neuron from rest or reset past threshold, for "stimulate this neuron". */
  spikeCharge?: string;
}

/**
 * The names every cell type's code may read besides its own (inputs of this step and built-ins).
 * i_ext = (i_stim + i_gap) + i_osc.
 */
export const CELL_INPUTS: Record<string, { unit: string; doc: string }> = {
  in_exc: { unit: 'weight unit', doc: 'input arriving on the excitatory receptor this step (sum of weights)' },
  in_inh: { unit: 'weight unit', doc: 'input arriving on the inhibitory receptor this step (sum of weights; negative for currents)' },
  i_stim: { unit: 'nA', doc: 'stimulus current (dc, stepCurrent, live injection)' },
  i_gap: { unit: 'nA', doc: 'gap-junction current, from V at the start of the step' },
  i_osc: { unit: 'nA', doc: 'oscillator drive (phase drive)' },
  i_ext: { unit: 'nA', doc: 'i_stim + i_gap + i_osc' },
  t: { unit: 'ms', doc: 'the time at the start of this step (f32: step × dt)' },
  uniform: {
    unit: '1',
    doc: 'a random number in [0, 1), 24 bits, drawn for this neuron and step (Threefry-2x32-20; the same on both backends)',
  },
};

export const CELL_BUILT_INS: Record<string, { unit: string; doc: string }> = {
  dt: { unit: 'ms', doc: 'the time step' },
};
