/**
 * A weight-update (plasticity) rule is data, like a cell type: parameters, per-synapse variables,
 * presynaptic and postsynaptic traces with their decay, code run when a presynaptic spike reaches
 * the synapse, code run on a postsynaptic spike, optional per-step code and the bounds of the
 * weight, in the expression language of src/codegen. The engine generates the WGSL passes and
 * the CPU twin from it (src/engine/plasticity/). Built-ins (PyNN's STDPMechanism compositions)
 * live beside this file; users write the same thing in a model's `plasticityRules` section.
 *
 * The weight `w` is the magnitude, in the receptor's unit (nA, mV or µS): onto an inhibitory
 * current or voltage receptor it is transmitted negative, as PyNN's positive weights are.
 */
import type { DerivedSpec, ParameterConstraint, ParameterSpec, StateSpec } from '../cellTypes/descriptor';

/** A trace kept per presynaptic (or postsynaptic) neuron of the projection, decaying as e^{-t/τ}. */
export interface TraceSpec {
  /** The decay time constant: the name of a parameter or derived constant, in ms. */
  tau: string;
  /** Statements run on the neuron's spike, assigning the trace (all-to-all `x = x + 1`; nearest `x = 1`). */
  onSpike: string;
  doc?: string;
}

export interface WeightUpdateDescriptor {
  name: string;
  summary: string;
  /** The paper or simulator the rule and its conventions come from. */
  reference?: string;
  parameters: Record<string, ParameterSpec>;
  derived?: Record<string, DerivedSpec>;
  /** Per-synapse variables besides `w`; initial values are numbers or expressions of the parameters. */
  synapse?: Record<string, StateSpec>;
  preTraces?: Record<string, TraceSpec>;
  postTraces?: Record<string, TraceSpec>;
  /** Per synapse, when a presynaptic spike arrives (after the weight it carries is transmitted). */
  onPre?: string;
  /** Per synapse, on a postsynaptic spike. */
  onPost?: string;
  /** Per synapse, every step (after onPre and onPost). */
  perStep?: string;
  /** w is clamped into [min, max] after each piece of code; both name parameters in the weight unit. */
  bounds: { min: string; max: string };
  constraints?: ParameterConstraint[];
}
