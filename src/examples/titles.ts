/** The names the page's model menu shows for the bundled examples (ids stay in links and the CLI), grouped. */
export const EXAMPLE_MENU: { group: string; items: Record<string, string> }[] = [
  {
    group: 'Single neurons',
    items: {
      'single-neuron': 'One LIF neuron under a constant current',
      'synapse-psp': 'Postsynaptic potentials: one neuron, three input spikes',
      'gap-junction-pair': 'Gap junction: two cells, one electrical synapse',
      'firing-patterns': 'Firing patterns: Izhikevich and AdEx neurons side by side',
    },
  },
  {
    group: 'Balanced networks',
    items: {
      cuba: 'CUBA benchmark: 4,000 current-based LIF neurons',
      coba: 'COBA benchmark: 4,000 conductance-based LIF neurons',
      'brunel-ai': "Brunel's sparse E/I network, asynchronous irregular state",
      microcircuit: 'Cortical microcircuit (Potjans & Diesmann 2014)',
    },
  },
  {
    group: 'Plasticity',
    items: {
      'stdp-song2000': 'STDP: one neuron learns from 1,000 inputs (Song et al. 2000)',
      'stdp-selectivity': 'STDP: one neuron becomes selective for correlated inputs (Song et al. 2000)',
      'istdp-vogels2011': 'Inhibitory STDP balances a neuron (Vogels et al. 2011)',
    },
  },
  {
    group: 'Oscillators',
    items: {
      'kuramoto-lorentzian': 'Kuramoto: 10,000 oscillators, all to all',
      'kuramoto-two': 'Kuramoto: two oscillators locking',
      'akorn-stimulus': 'AKOrN: oscillators aligning to a stimulus',
      'kuramoto-spiking': 'Spiking neurons paced by theta oscillators',
    },
  },
  {
    group: 'Connectomes',
    items: {
      celegans: 'C. elegans: 302 neurons, chemical synapses and gap junctions',
      larva: 'Drosophila larva: the whole-brain connectome',
      'kuramoto-celegans': 'Kuramoto oscillators on the C. elegans wiring',
    },
  },
];

/** The menu name of a bundled example, or its id when it has none. */
export function exampleTitle(id: string): string {
  for (const g of EXAMPLE_MENU) if (id in g.items) return g.items[id];
  return id;
}
