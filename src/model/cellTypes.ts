/**
 * Built-in cell types with PyNN's standard names, parameters, units and defaults
 * (PyNN 0.10 `standardmodels.cells`). Units: ms, mV, nA, nF.
 */

export const CELL_TYPES = ['IF_curr_exp', 'IF_curr_delta'] as const;
export type CellType = (typeof CELL_TYPES)[number];

/** Current-based LIF with exponentially decaying synaptic currents (CuBa LIF). */
export interface IFCurrExpParams {
  cm: number; // nF, membrane capacitance
  tau_m: number; // ms, membrane time constant
  tau_refrac: number; // ms, refractory period
  tau_syn_E: number; // ms, excitatory synaptic current decay
  tau_syn_I: number; // ms, inhibitory synaptic current decay
  v_rest: number; // mV, resting potential
  v_reset: number; // mV, reset potential after a spike
  v_thresh: number; // mV, spike threshold
  i_offset: number; // nA, constant injected current
}

/** LIF whose synapses make the membrane potential jump by the weight (mV). */
export interface IFCurrDeltaParams {
  cm: number; // nF
  tau_m: number; // ms
  tau_refrac: number; // ms
  v_rest: number; // mV
  v_reset: number; // mV
  v_thresh: number; // mV
  i_offset: number; // nA
}

export interface CellParamsByType {
  IF_curr_exp: IFCurrExpParams;
  IF_curr_delta: IFCurrDeltaParams;
}

export const DEFAULT_PARAMS: { [K in CellType]: CellParamsByType[K] } = {
  IF_curr_exp: {
    cm: 1.0,
    tau_m: 20.0,
    tau_refrac: 0.1,
    tau_syn_E: 5.0,
    tau_syn_I: 5.0,
    v_rest: -65.0,
    v_reset: -65.0,
    v_thresh: -50.0,
    i_offset: 0.0,
  },
  IF_curr_delta: {
    cm: 1.0,
    tau_m: 20.0,
    tau_refrac: 0.1,
    v_rest: -65.0,
    v_reset: -65.0,
    v_thresh: -50.0,
    i_offset: 0.0,
  },
};

/** The unit of each parameter, used in error messages and docs. */
export const PARAM_UNITS: Record<string, string> = {
  cm: 'nF',
  tau_m: 'ms',
  tau_refrac: 'ms',
  tau_syn_E: 'ms',
  tau_syn_I: 'ms',
  v_rest: 'mV',
  v_reset: 'mV',
  v_thresh: 'mV',
  i_offset: 'nA',
};

/** Parameters that must be strictly positive; the others are any finite number. */
export const POSITIVE_PARAMS = new Set(['cm', 'tau_m', 'tau_syn_E', 'tau_syn_I']);
export const NON_NEGATIVE_PARAMS = new Set(['tau_refrac']);

/** Unit of a synaptic weight onto this cell type: a current jump (nA) or a voltage jump (mV). */
export function weightUnit(cellType: CellType): 'nA' | 'mV' {
  return cellType === 'IF_curr_exp' ? 'nA' : 'mV';
}

/** The state variables a probe can record for this cell type. */
export function stateVariables(cellType: CellType): readonly StateVariable[] {
  return cellType === 'IF_curr_exp' ? ['v', 'isyn_exc', 'isyn_inh'] : ['v'];
}

export type StateVariable = 'v' | 'isyn_exc' | 'isyn_inh';
