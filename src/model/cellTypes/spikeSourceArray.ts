import type { CellTypeDescriptor } from './descriptor';

/**
 * PyNN's SpikeSourceArray: a spike source that fires at given times (the population's
 * `spikeTimes`, one list per neuron, ms). Each time is rounded to its step; each step the
 * backends set i_stim to 1 in the steps of its times and to 0 otherwise
 * (engine/spikeSourceSteps.ts), and the source fires whenever i_stim exceeds 1/2. Synaptic input
 * is ignored. Its spikes reach their targets
 * after the projection's delay, as any neuron's do.
 */
export const SpikeSourceArray: CellTypeDescriptor = {
  name: 'SpikeSourceArray',
  summary: 'spike source firing at given times (PyNN SpikeSourceArray): the population’s spikeTimes',
  reference: 'PyNN SpikeSourceArray; NEST spike_generator',
  integration: 'none: fires in the steps of its spike times',
  parameters: {},
  state: { v: { unit: 'mV', initial: 0, doc: 'unused (a source has no membrane); 0' } },
  receptors: { excitatory: 'current', inhibitory: 'current' },
  update: 'v = 0',
  threshold: 'i_stim > 0.5',
  reset: 'v = 0',
};
