import type { CellTypeDescriptor } from './descriptor';

/**
 * PyNN's SpikeSourcePoisson: a spike source, not a neuron. In each step of [start, start +
 * duration) it fires with probability rate·dt (a Bernoulli process, as Brian2's PoissonGroup),
 * from the `uniform` input drawn per neuron and step with Threefry. Synaptic input is ignored.
 */
export const SpikeSourcePoisson: CellTypeDescriptor = {
  name: 'SpikeSourcePoisson',
  summary: 'Poisson spike source (PyNN SpikeSourcePoisson): fires with probability rate·dt each step',
  reference: 'PyNN SpikeSourcePoisson; Brian2 PoissonGroup (one Bernoulli draw per step)',
  integration: 'none: one Bernoulli draw per step',
  parameters: {
    rate: { unit: 'Hz', default: 1, rule: 'non-negative', doc: 'mean firing rate' },
    start: { unit: 'ms', default: 0, rule: 'non-negative', doc: 'time of the first step that may fire' },
    duration: { unit: 'ms', default: 1e10, rule: 'non-negative', doc: 'how long it fires' },
  },
  derived: {
    p_spike: { unit: '1', value: 'rate * dt / 1000', doc: 'probability of a spike in one step' },
    stop: { unit: 'ms', value: 'start + duration', doc: 'end of the firing window' },
  },
  state: { v: { unit: 'mV', initial: 0, doc: 'unused (a source has no membrane); 0' } },
  receptors: { excitatory: 'current', inhibitory: 'current' },
  update: 'v = 0',
  threshold: 'uniform < p_spike && t >= start && t < stop',
  reset: 'v = 0',
  constraints: [
    { holds: 'rate * dt / 1000 <= 1', on: 'rate', message: 'expected at most one spike per step (rate ≤ 1000/dt Hz), got {rate}' },
  ],
};
