/**
 * From wiring to a spiking network: one population of LIF neurons, one per connectome node, and
 * synapses whose weight is synapse count × `weightPerSynapse` × sign. The sign belongs to the
 * presynaptic neuron (Dale's principle): inhibitory if its cell type is in `inhibitoryCellTypes`
 * or one of its transmitters is in `inhibitoryTransmitters` (default GABA), excitatory otherwise.
 * Per-neuron names, types, hemispheres, positions and annotations go into `neuronInfo`. Gap
 * junctions, listed per direction as in the C. elegans data, become electrical coupling.
 */
import type { ModelInput } from '../../model/schema';
import type { Connectome } from './importConnectome';

export interface ConnectomeModelOptions {
  name: string;
  description?: string;
  cellType?: string; // a built-in cell type; default IF_curr_exp
  params?: Record<string, number>;
  /** nA per synapse onto IF_curr_exp, mV onto IF_curr_delta; > 0. */
  weightPerSynapse: number;
  delayMs?: number; // default 1 ms
  /** Chemical edge types used; default: every type except "electrical". */
  edgeTypes?: string[];
  /**
   * Gap junctions: electrical edges (type "electrical") become symmetric electrical coupling of
   * this conductance (nS) per junction count, or are left out when absent.
   */
  gapConductancePerSynapse?: number;
  inhibitoryTransmitters?: string[]; // default ["GABA"]
  inhibitoryCellTypes?: string[]; // default none
  dt?: number;
  seed?: number;
  durationMs?: number;
}

export class ConnectomeModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectomeModelError';
  }
}

/** Whether each node's outgoing synapses are inhibitory, by the options' sign rules. */
export function inhibitoryNodes(
  c: Connectome,
  opts: Pick<ConnectomeModelOptions, 'inhibitoryTransmitters' | 'inhibitoryCellTypes'>,
): boolean[] {
  const transmitters = new Set((opts.inhibitoryTransmitters ?? ['GABA']).map((t) => t.toLowerCase()));
  const cellTypes = new Set(opts.inhibitoryCellTypes ?? []);
  return c.nodes.map(
    (n) =>
      cellTypes.has(n.cellType) ||
      n.transmitter
        .split(/[;,]/)
        .map((t) => t.trim().toLowerCase())
        .some((t) => transmitters.has(t)),
  );
}

export function connectomeToModel(c: Connectome, opts: ConnectomeModelOptions): ModelInput {
  if (!(opts.weightPerSynapse > 0))
    throw new ConnectomeModelError(`weightPerSynapse: expected a positive number, got ${opts.weightPerSynapse}`);
  const types = opts.edgeTypes ?? c.edgeTypes.filter((t) => t !== 'electrical');
  for (const t of types) {
    if (!c.edgeTypes.includes(t)) throw new ConnectomeModelError(`edge type "${t}" is not in this connectome (${c.edgeTypes.join(', ')})`);
    if (t === 'electrical')
      throw new ConnectomeModelError('edge type "electrical" is coupling, not a chemical synapse: set gapConductancePerSynapse instead');
  }
  const used = new Set(types.map((t) => c.edgeTypes.indexOf(t)));
  const inhibitory = inhibitoryNodes(c, opts);
  const delay = opts.delayMs ?? 1;
  const exc: number[][] = [];
  const inh: number[][] = [];
  for (let e = 0; e < c.pre.length; e++) {
    if (!used.has(c.type[e]) || c.weight[e] <= 0) continue;
    const w = c.weight[e] * opts.weightPerSynapse;
    if (inhibitory[c.pre[e]]) inh.push([c.pre[e], c.post[e], -w, delay]);
    else exc.push([c.pre[e], c.post[e], w, delay]);
  }
  const nodes = c.nodes;
  const annotationKeys = [...new Set(nodes.flatMap((n) => Object.keys(n.annotations)))];
  const annotations: Record<string, string[]> = {};
  for (const k of annotationKeys) annotations[k] = nodes.map((n) => n.annotations[k] ?? '');
  if (nodes.some((n) => n.transmitter)) annotations.transmitter = nodes.map((n) => n.transmitter);
  const population = 'neurons';
  const projections: ModelInput['projections'] = [];
  const g = opts.gapConductancePerSynapse;
  if (g !== undefined) {
    if (!(g > 0)) throw new ConnectomeModelError(`gapConductancePerSynapse: expected a positive number of nS, got ${g}`);
    const electrical = c.edgeTypes.indexOf('electrical');
    if (electrical < 0)
      throw new ConnectomeModelError(`gapConductancePerSynapse: this connectome has no "electrical" edges (${c.edgeTypes.join(', ')})`);
    const rows: number[][] = [];
    for (let e = 0; e < c.pre.length; e++)
      if (c.type[e] === electrical && c.weight[e] > 0 && c.pre[e] !== c.post[e]) rows.push([c.pre[e], c.post[e], c.weight[e] * g]);
    if (rows.length)
      projections.push({
        name: 'gap junctions',
        pre: 'neurons',
        post: 'neurons',
        connector: { type: 'fromList', connections: rows },
        receptor: 'electrical',
        weight: 0,
      });
  }
  if (exc.length)
    projections.push({
      name: 'excitatory',
      pre: population,
      post: population,
      connector: { type: 'fromList', connections: exc },
      receptor: 'excitatory',
      weight: 0,
      delay,
    });
  if (inh.length)
    projections.push({
      name: 'inhibitory',
      pre: population,
      post: population,
      connector: { type: 'fromList', connections: inh },
      receptor: 'inhibitory',
      weight: 0,
      delay,
    });
  return {
    format: 'luciole-model',
    version: 1,
    name: opts.name,
    description: opts.description,
    dt: opts.dt ?? 0.1,
    seed: opts.seed ?? 1,
    durationMs: opts.durationMs ?? 1000,
    populations: [
      {
        name: population,
        size: nodes.length,
        cellType: opts.cellType ?? 'IF_curr_exp',
        params: opts.params,
        neuronInfo: {
          names: nodes.map((n) => n.name),
          cellTypes: nodes.map((n) => n.cellType),
          hemispheres: nodes.map((n) => n.hemisphere),
          ...(nodes.every((n) => n.position) ? { positions: nodes.map((n) => n.position!) } : {}),
          annotations,
        },
      },
    ],
    projections,
    recorders: [{ type: 'spikes', population }],
  };
}
