/** The parameters every PyNN LIF cell type shares (PyNN 0.10 standardmodels.cells), and its checks. */
import type { CellTypeDescriptor, ParameterConstraint, ParameterSpec } from './descriptor';

export const LIF_PARAMETERS: Record<string, ParameterSpec> = {
  cm: { unit: 'nF', default: 1.0, rule: 'positive', doc: 'membrane capacitance' },
  tau_m: { unit: 'ms', default: 20.0, rule: 'positive', doc: 'membrane time constant' },
  tau_refrac: { unit: 'ms', default: 0.1, rule: 'non-negative', doc: 'refractory period' },
  v_rest: { unit: 'mV', default: -65.0, doc: 'resting potential' },
  v_reset: { unit: 'mV', default: -65.0, doc: 'potential after a spike' },
  v_thresh: { unit: 'mV', default: -50.0, doc: 'spike threshold' },
  i_offset: { unit: 'nA', default: 0.0, doc: 'constant injected current' },
};

export const RESET_BELOW_THRESHOLD: ParameterConstraint = {
  holds: 'v_reset < v_thresh',
  on: 'v_reset',
  message: 'expected v_reset below v_thresh ({v_thresh} mV)',
};

/** Charge (nA·ms) that lifts a LIF from rest or reset 10 mV past threshold. */
export const LIF_SPIKE_CHARGE = 'cm * (v_thresh - min(v_reset, v_rest) + 10)';

/** Threshold, reset, refractoriness (V held), silencing and checks shared by the LIF types. */
export const LIF_SPIKING: Pick<CellTypeDescriptor, 'threshold' | 'reset' | 'refractory' | 'silenced' | 'constraints' | 'spikeCharge'> = {
  threshold: 'v >= v_thresh',
  reset: 'v = v_reset',
  refractory: { period: 'tau_refrac', holds: ['v'] },
  silenced: 'v = v_reset',
  constraints: [RESET_BELOW_THRESHOLD],
  spikeCharge: LIF_SPIKE_CHARGE,
};
