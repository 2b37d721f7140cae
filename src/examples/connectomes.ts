/**
 * Bundled connectome models, built from the tables in public/data (see public/data/README.md for
 * sources and licences). The tables are read through `load`, which fetches them in the page and
 * reads them from disk in Node.
 */
import { connectomeToModel } from '../io/connectome/connectomeModel';
import { importConnectome } from '../io/connectome/importConnectome';
import type { ModelInput } from '../model/schema';
import type { NeuronFilter } from '../model/selection';
import { kuramotoCelegans } from './oscillators';

/** Reads a file of public/data by its path there, e.g. "larva/edges.csv". */
export type DataLoader = (path: string) => Promise<string>;

/** A first experiment on a connectome, offered as one button ("Try this") in the connectome panel. */
export interface TryThis {
  /** What the button says. */
  label: string;
  /** The neurons it selects and drives for 200 ms. */
  select: NeuronFilter;
  amplitudeNa: number;
  /** What to look for afterwards. */
  lookFor: string;
}

export interface ConnectomeExample {
  description: string;
  tryThis?: TryThis;
  build: (load: DataLoader) => Promise<ModelInput>;
}

export const CONNECTOME_EXAMPLES: Record<string, ConnectomeExample> = {
  celegans: {
    description:
      'C. elegans hermaphrodite: 303 neurons at their soma positions, 3,004 chemical edges (0.05 nA per synapse; GABA neurons inhibit) and 1,697 gap junctions (0.5 nS each) as electrical coupling. Wiring: Cook et al. 2019 (WormWiring) via OpenWorm c302; positions: OpenWorm CElegansNeuroML.',
    tryThis: {
      label: 'Touch the tail: drive PLML and PLMR',
      select: { names: ['PLML', 'PLMR'] },
      amplitudeNa: 2,
      lookFor:
        'The two posterior touch neurons fire. In the worm, their gap junctions onto the PVC interneurons start forward movement (Chalfie et al. 1985). Here no interneuron reaches threshold: each PVC carries over 130 gap junctions, which take most of the current. The lesson "Gap junctions and reflexes" works out why.',
    },
    build: async (load) => {
      const c = importConnectome('celegans/edges.csv', await load('celegans/edges.csv'), {
        file: 'celegans/neurons.csv',
        text: await load('celegans/neurons.csv'),
      });
      return connectomeToModel(c, {
        name: 'celegans',
        description: CONNECTOME_EXAMPLES.celegans.description,
        weightPerSynapse: 0.05,
        gapConductancePerSynapse: 0.5,
        params: { tau_m: 20, tau_refrac: 2, v_rest: -65, v_reset: -65, v_thresh: -50 },
      });
    },
  },
  'kuramoto-celegans': {
    description:
      'Kuramoto oscillators on the C. elegans wiring: 303 oscillators, A_ij = chemical + gap-junction synapse counts, K = 5 (K/N convention), Gaussian frequencies; the 3D view is coloured by phase.',
    build: (load) => kuramotoCelegans(load),
  },
  larva: {
    description:
      'Drosophila larva brain (Winding et al. 2023, Science, CC BY 4.0): 2,952 neurons, the 63,545 axo-dendritic edges (0.05 nA per synapse). No transmitter table exists: local neurons (LN) inhibit, all others excite (change inhibitoryCellTypes to try others).',
    tryThis: {
      label: 'Drive the 42 olfactory receptor neurons',
      select: { cellTypes: ['sensory'], annotation: { key: 'annotation', values: ['olfactory'] } },
      amplitudeNa: 2,
      lookFor:
        'The response table lists each cell type in the order it first fired: local neurons (LN) and projection neurons (PN) in the antennal lobe first, then the lateral horn (LHN), the mushroom body (KC, MBON) and the descending neurons. Silence the PNs and drive again to see which of them depend on the PNs.',
    },
    build: async (load) => {
      const c = importConnectome('larva/edges.csv', await load('larva/edges.csv'), {
        file: 'larva/neurons.csv',
        text: await load('larva/neurons.csv'),
      });
      return connectomeToModel(c, {
        name: 'larva',
        description: CONNECTOME_EXAMPLES.larva.description,
        weightPerSynapse: 0.05,
        edgeTypes: ['ad'],
        inhibitoryCellTypes: ['LN'],
        params: { tau_m: 20, tau_refrac: 2, v_rest: -65, v_reset: -65, v_thresh: -50 },
      });
    },
  },
};
