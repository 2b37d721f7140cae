/**
 * A model's network as SONATA (AllenInstitute/sonata, docs/SONATA_DEVELOPER_GUIDE.md) in PyNN's
 * dialect (pyNN/serialization/sonata.py, export_to_sonata / import_from_sonata), so that
 * `pyNN.serialization.import_from_sonata('circuit_config.json', sim)` rebuilds it for any PyNN
 * backend, NEST included:
 *   nodes.h5          /nodes/<population>/{node_id, node_type_id, node_group_id, node_group_index}
 *                     and group 0 (x, y, z where the model has positions)
 *   node_types.csv    one row per population (space-separated, as PyNN reads it): node_type_id,
 *                     model_type point_neuron, model_template pyNN:<cell type>, every parameter
 *                     (NONE where a column belongs to another cell type)
 *   edges.h5          /edges/<projection>/{source_node_id, target_node_id (with node_population),
 *                     edge_type_id, edge_group_id, edge_group_index} and group 0 with syn_weight
 *                     and delay (ms, where NEST reads them) and dynamics_params/delay (where PyNN
 *                     reads them)
 *   edge_types.csv    one row per projection: edge_type_id, model_template pyNN:StaticSynapse,
 *                     receptor_type excitatory | inhibitory
 *   circuit_config.json  the manifest ($BASE_DIR "."; paths relative to the directory it is run from)
 * Weights and delays are those the run uses: the engine's fixed-point weights (relative error
 * below 2⁻²⁰) and delays in whole steps. Poisson stimuli become SpikeSourcePoisson populations
 * with one-to-one edges of the stimulus weight (the same independent trains); a DC stimulus on a
 * whole population for the whole run joins its i_offset.
 */
import { resolvedParams, type Model } from '../model/schema';
import { buildNetwork, expectedSynapses, type BuiltNetwork } from '../network/network';
import { projectionSynapseList } from '../network/synapseList';
import { isGenerated } from '../network/generatedSynapses';
import { writeHdf5, type H5File } from './hdf5File';
import { SONATA_MAGIC } from './sonataSpikes';

export class SonataExportError extends Error {
  override name = 'SonataExportError';
}

/** PyNN's cell types that Luciole's built-ins are (the same names, parameters and units but Izhikevich's i_offset). */
const PYNN_CELL_TYPES = new Set([
  'IF_curr_exp',
  'IF_curr_delta',
  'IF_curr_alpha',
  'IF_cond_exp',
  'EIF_cond_exp_isfa_ista',
  'Izhikevich',
  'SpikeSourcePoisson',
]);

export interface SonataNetworkFiles {
  /** File name → content (nodes.h5, node_types.csv, edges.h5, edge_types.csv, circuit_config.json). */
  files: Record<string, Uint8Array>;
  /** What does not travel, in words (shown to the user). */
  notes: string[];
}

interface NodePopulation {
  name: string;
  size: number;
  params: Record<string, number>;
  cellType: string;
  positions?: [number, number, number][];
}
interface EdgePopulation {
  name: string;
  pre: string;
  post: string;
  receptor: 'excitatory' | 'inhibitory';
  source: Uint32Array;
  target: Uint32Array;
  weight: Float64Array;
  delayMs: Float64Array;
}

/**
 * edges.h5 is built in h5wasm's WebAssembly memory (at most 4 GiB) at 44 bytes per synapse, with
 * the synapse lists beside it: this many synapses fit with room to spare.
 */
export const MAX_SONATA_EXPORT_SYNAPSES = 50_000_000;

/** The model's network, built as a run builds it (seeded: the same synapses). */
export function modelToSonata(model: Model): Promise<SonataNetworkFiles> {
  // Host-built synapses, and the generated ones (fixedTotalNumber: exactly n).
  const synapses =
    expectedSynapses(model) +
    model.projections.reduce((n, pr) => n + (isGenerated(pr) && pr.connector.type === 'fixedTotalNumber' ? pr.connector.n : 0), 0);
  if (synapses > MAX_SONATA_EXPORT_SYNAPSES)
    throw new SonataExportError(
      `the network has ${synapses.toLocaleString('en')} synapses; SONATA export builds edges.h5 in WebAssembly memory and holds at most ${MAX_SONATA_EXPORT_SYNAPSES.toLocaleString('en')} (${(synapses / MAX_SONATA_EXPORT_SYNAPSES).toFixed(1)}× too many)`,
    );
  return networkToSonata(model, buildNetwork(model));
}

export async function networkToSonata(model: Model, net: BuiltNetwork): Promise<SonataNetworkFiles> {
  const notes: string[] = [];
  const nodes: NodePopulation[] = model.populations.map((p, k) => {
    if (p.cellType === 'SpikeSourceArray')
      throw new SonataExportError(
        `populations[${k}] (${p.name}): a SpikeSourceArray's times are not part of a SONATA network (they belong in a simulation's inputs); export its spikes as a SONATA spike report instead`,
      );
    if (!PYNN_CELL_TYPES.has(p.cellType))
      throw new SonataExportError(
        `populations[${k}] (${p.name}): cell type ${p.cellType} has no PyNN equivalent; SONATA export takes PyNN's built-in cell types`,
      );
    const params = { ...resolvedParams(model, p) };
    if (p.cellType === 'Izhikevich') params.i_offset /= 1000; // Luciole: pA (mV/ms); PyNN: nA
    return {
      name: p.name,
      size: p.size,
      params,
      cellType: p.cellType,
      positions: p.neuronInfo?.positions as [number, number, number][] | undefined,
    };
  });
  const edges: EdgePopulation[] = [];
  const names = new Set(nodes.map((n) => n.name));
  const unique = (base: string) => {
    let name = base.replace(/[^A-Za-z0-9_.-]/g, '_');
    for (let k = 2; names.has(name); k++) name = `${base}_${k}`;
    names.add(name);
    return name;
  };
  model.projections.forEach((pr, k) => {
    if (pr.receptor === 'electrical')
      throw new SonataExportError(`projections[${k}] (${pr.pre}→${pr.post}): gap junctions have no place in PyNN's SONATA dialect`);
    if (pr.plasticity)
      throw new SonataExportError(
        `projections[${k}] (${pr.pre}→${pr.post}) is plastic: SONATA export writes static synapses; export the model with its learnt weights and drop the plasticity first`,
      );
    const list = projectionSynapseList(net, k);
    edges.push({ name: unique(pr.name ?? `${pr.pre}-${pr.post}`), pre: pr.pre, post: pr.post, receptor: pr.receptor, ...list });
  });
  model.stimuli.forEach((s, k) => {
    const pop = nodes.find((n) => n.name === s.population)!;
    if (s.type === 'poisson') {
      const targets = Uint32Array.from(s.neurons ?? Array.from({ length: pop.size }, (_, i) => i));
      const name = unique(`${s.population}_poisson_${k}`);
      const start = s.start ?? 0;
      nodes.push({
        name,
        size: targets.length,
        cellType: 'SpikeSourcePoisson',
        params: { rate: s.rateHz, start, duration: s.stop === undefined ? 1e10 : s.stop - start },
      });
      edges.push({
        name: unique(`${name}-${s.population}`),
        pre: name,
        post: s.population,
        receptor: s.receptor,
        source: Uint32Array.from(targets, (_, i) => i),
        target: targets,
        weight: new Float64Array(targets.length).fill(s.weight),
        delayMs: new Float64Array(targets.length).fill(model.dt),
      });
      notes.push(
        `stimuli[${k}] (poisson on ${s.population}) → population ${name} (SpikeSourcePoisson), one-to-one; Luciole's trains arrive without delay, SONATA's after ${model.dt} ms`,
      );
    } else if (s.type === 'dc' && !s.neurons && !s.start && s.stop === undefined) {
      pop.params.i_offset = (pop.params.i_offset ?? 0) + s.amplitude;
      notes.push(`stimuli[${k}] (dc ${s.amplitude} nA on ${s.population}) → its i_offset`);
    } else
      throw new SonataExportError(
        `stimuli[${k}] (${s.type} on ${s.population}) has no equivalent in a SONATA network; remove it, or export the model as JSON`,
      );
  });

  const files: Record<string, Uint8Array> = {};
  const write = async (name: string, fill: (file: H5File) => void) => {
    files[name] = await writeHdf5((file) => {
      file.create_attribute('magic', SONATA_MAGIC, null, '<I');
      file.create_attribute('version', [0, 1], [2], '<I');
      fill(file);
    });
  };
  const counting = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
  await write('nodes.h5', (file) => {
    const root = file.create_group('nodes');
    nodes.forEach((n, k) => {
      const g = root.create_group(n.name);
      g.create_dataset({ name: 'node_id', data: counting(n.size) });
      g.create_dataset({ name: 'node_type_id', data: new Int32Array(n.size).fill(k) });
      g.create_dataset({ name: 'node_group_id', data: new Int32Array(n.size) });
      g.create_dataset({ name: 'node_group_index', data: counting(n.size) });
      const group = g.create_group('0');
      if (n.positions)
        ['x', 'y', 'z'].forEach((axis, a) => group.create_dataset({ name: axis, data: Float64Array.from(n.positions!, (p) => p[a]) }));
    });
  });
  await write('edges.h5', (file) => {
    const root = file.create_group('edges');
    edges.forEach((e, k) => {
      const g = root.create_group(e.name);
      g.create_dataset({ name: 'source_node_id', data: Int32Array.from(e.source) }).create_attribute('node_population', e.pre);
      g.create_dataset({ name: 'target_node_id', data: Int32Array.from(e.target) }).create_attribute('node_population', e.post);
      g.create_dataset({ name: 'edge_type_id', data: new Int32Array(e.source.length).fill(k) });
      g.create_dataset({ name: 'edge_group_id', data: new Int32Array(e.source.length) });
      g.create_dataset({ name: 'edge_group_index', data: counting(e.source.length) });
      const group = g.create_group('0');
      group.create_dataset({ name: 'syn_weight', data: e.weight });
      group.create_dataset({ name: 'delay', data: e.delayMs });
      group.create_group('dynamics_params').create_dataset({ name: 'delay', data: e.delayMs });
    });
  });
  const columns = [...new Set(nodes.flatMap((n) => Object.keys(n.params)))].sort();
  const nodeRows = [
    ['node_type_id', 'model_type', 'model_template', 'pop_name', ...columns].join(' '),
    ...nodes.map((n, k) =>
      [k, 'point_neuron', `pyNN:${n.cellType}`, n.name, ...columns.map((c) => (c in n.params ? String(n.params[c]) : 'NONE'))].join(' '),
    ),
  ];
  const edgeRows = ['edge_type_id model_template receptor_type', ...edges.map((e, k) => `${k} pyNN:StaticSynapse ${e.receptor}`)];
  const text = (s: string) => new TextEncoder().encode(s);
  files['node_types.csv'] = text(nodeRows.join('\n') + '\n');
  files['edge_types.csv'] = text(edgeRows.join('\n') + '\n');
  const config = {
    target_simulator: 'PyNN',
    manifest: { $BASE_DIR: '.', $NETWORK_DIR: '$BASE_DIR' },
    networks: {
      nodes: [{ nodes_file: '$NETWORK_DIR/nodes.h5', node_types_file: '$NETWORK_DIR/node_types.csv' }],
      edges: [{ edges_file: '$NETWORK_DIR/edges.h5', edge_types_file: '$NETWORK_DIR/edge_types.csv' }],
    },
    luciole: { model: model.name, dt_ms: model.dt, seed: model.seed, duration_ms: model.durationMs },
  };
  files['circuit_config.json'] = text(JSON.stringify(config, null, 2) + '\n');
  return { files, notes };
}
