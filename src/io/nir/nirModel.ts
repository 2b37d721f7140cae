/**
 * NIR graph ↔ Luciole model.
 *
 * Import (graph → model):
 *   Input (shape n)        → a SpikeSourceArray population of n (its spikes from --input)
 *   LIF, CubaLIF, IF       → a population of NIR_LIF, NIR_CubaLIF, NIR_IF (nirCellTypes.ts); each
 *                            parameter must be the same for every neuron of the node
 *   Affine, Linear         → between two neuron or input nodes: projections of the weights
 *                            (weight[j][i]: input i → output j), one for the positive and one for
 *                            the negative ones, delay one step; Affine's bias → DC on the targets
 *                            (all biases into a node summed, then one stimulus per value)
 *   Output                 → nothing to build: every neuron population records its spikes
 * Time: NIR carries no dt (`dt` chooses it, 0.1 ms by default) and no delays. Luciole delivers a
 * spike one step after it is sent, so each neuron-to-neuron edge takes one step, as the
 * recurrent edges of discrete-time tools do; input row k is sent in step k − 1 so that it acts in
 * step k, as in the graph.
 * Export (model → graph) is the inverse for models of these cell types and spike sources.
 */
import type { ModelInput } from '../../model/schema';
import { MODEL_FORMAT, MODEL_VERSION } from '../../model/schema';
import { MAX_NEURONS } from '../../model/limits';
import { NIR_CELL_TYPES } from './nirCellTypes';
import { NirError, type NirArray, type NirGraph, type NirNode } from './nirGraph';

export const NIR_SUPPORTED = ['Input', 'Output', 'Affine', 'Linear', 'LIF', 'CubaLIF', 'IF'];

export interface NirImportOptions {
  /** ms (NIR graphs have none). */
  dt?: number;
  /** Forward Euler instead of the exact step (snnTorch's and Norse's discretisation). */
  euler?: boolean;
  /** Reset by subtraction instead of to v_reset (the graph's, else 0). */
  subtract?: boolean;
  durationMs?: number;
  name?: string;
}

const NEURON: Record<string, keyof typeof NIR_CELL_TYPES> = { LIF: 'NIR_LIF', CubaLIF: 'NIR_CubaLIF', IF: 'NIR_IF' };
/** NIR parameter → [Luciole parameter, factor]: time constants from s to ms. */
const PARAMS: Record<string, Record<string, [string, number]>> = {
  LIF: { tau: ['tau', 1000], r: ['r', 1], v_leak: ['v_leak', 1], v_threshold: ['v_threshold', 1], v_reset: ['v_reset', 1] },
  CubaLIF: {
    tau_mem: ['tau_mem', 1000],
    tau_syn: ['tau_syn', 1000],
    r: ['r', 1],
    v_leak: ['v_leak', 1],
    v_threshold: ['v_threshold', 1],
    v_reset: ['v_reset', 1],
    w_in: ['w_in', 1],
  },
  IF: { r: ['r', 1], v_threshold: ['v_threshold', 1], v_reset: ['v_reset', 1] },
};

export function nirToModel(fileName: string, graph: NirGraph, options: NirImportOptions = {}): ModelInput {
  const dt = options.dt ?? 0.1;
  const fail = (what: string) => new NirError(`${fileName}: ${what}`);
  for (const [name, n] of graph.nodes)
    if (!NIR_SUPPORTED.includes(n.type))
      throw fail(`node "${name}" has type ${n.type}, which Luciole does not import (it takes ${NIR_SUPPORTED.join(', ')})`);
  const populations: NonNullable<ModelInput['populations']> = [];
  const sizes = new Map<string, number>();
  const isConnection = (n: NirNode) => n.type === 'Affine' || n.type === 'Linear';
  for (const [name, n] of graph.nodes) {
    if (n.type === 'Input') {
      const size = product(n.params.shape, `node "${name}" (Input): shape`, fail);
      populations.push({ name, size, cellType: 'SpikeSourceArray', spikeTimes: Array.from({ length: size }, () => []) });
      sizes.set(name, size);
    } else if (NEURON[n.type]) {
      const size = neuronCount(name, n, fail);
      // v_reset is 0 where the graph (NIR before 1.0) has none.
      const params: Record<string, number> = { v_reset: 0, subtract: options.subtract ? 1 : 0, euler: options.euler ? 1 : 0 };
      for (const [key, arr] of Object.entries(n.params)) {
        const to = PARAMS[n.type][key];
        if (!to) continue;
        const v = arr.data[0];
        if (arr.data.some((x) => x !== v))
          throw fail(`node "${name}" (${n.type}): ${key} differs between its neurons; Luciole's parameters are per population`);
        params[to[0]] = v * to[1];
      }
      for (const need of Object.keys(PARAMS[n.type]).filter((k) => k !== 'v_reset'))
        if (!(need in n.params)) throw fail(`node "${name}" (${n.type}) has no ${need}`);
      populations.push({ name, size, cellType: NEURON[n.type], params });
      sizes.set(name, size);
    }
  }
  // Each connection node joins the node before it to the node after it.
  const into = (name: string) => graph.edges.filter(([, d]) => d === name).map(([s]) => s);
  const outOf = (name: string) => graph.edges.filter(([s]) => s === name).map(([, d]) => d);
  const projections: NonNullable<ModelInput['projections']> = [];
  const bias = new Map<string, Float64Array>();
  for (const [name, n] of graph.nodes) {
    if (!isConnection(n)) continue;
    const w = n.params.weight;
    if (!w || w.shape.length !== 2) throw fail(`node "${name}" (${n.type}): expected a 2-D weight (out × in)`);
    const [rows, cols] = w.shape;
    for (const pre of into(name))
      for (const post of outOf(name)) {
        const preNode = graph.nodes.get(pre)!;
        const postNode = graph.nodes.get(post)!;
        if (isConnection(preNode) || isConnection(postNode))
          throw fail(`edge ${pre} → ${name} → ${post}: two connection nodes in a row are not imported (fold them into one Affine)`);
        if (postNode.type === 'Output') continue;
        if (preNode.type === 'Output' || postNode.type === 'Input')
          throw fail(`edge ${pre} → ${name} → ${post} runs against the graph's direction`);
        if (sizes.get(pre) !== cols || sizes.get(post) !== rows)
          throw fail(
            `node "${name}": weight is ${rows} × ${cols}, but ${pre} has ${sizes.get(pre)} and ${post} has ${sizes.get(post)} neurons`,
          );
        for (const sign of [1, -1]) {
          const list: [number, number, number][] = [];
          for (let j = 0; j < rows; j++)
            for (let i = 0; i < cols; i++) {
              const x = w.data[j * cols + i];
              if (sign * x > 0) list.push([i, j, x]);
            }
          if (list.length)
            projections.push({
              name: `${name}${sign > 0 ? '' : ':inh'}`,
              pre,
              post,
              connector: { type: 'fromList', connections: list },
              receptor: sign > 0 ? 'excitatory' : 'inhibitory',
              weight: 0,
              delay: dt,
            });
        }
        const b = n.params.bias;
        if (n.type === 'Affine' && b) {
          if (b.data.length !== rows) throw fail(`node "${name}": bias has ${b.data.length} values for ${rows} outputs`);
          const sum = bias.get(post) ?? new Float64Array(rows);
          b.data.forEach((x, j) => (sum[j] += x));
          bias.set(post, sum);
        }
      }
  }
  const stimuli: NonNullable<ModelInput['stimuli']> = [];
  for (const [post, b] of bias) {
    const byValue = new Map<number, number[]>();
    b.forEach((x, j) => {
      if (x !== 0) byValue.set(x, [...(byValue.get(x) ?? []), j]);
    });
    for (const [amplitude, neurons] of byValue)
      stimuli.push({ type: 'dc', population: post, amplitude, ...(neurons.length === b.length ? {} : { neurons }) });
  }
  const used = new Set(populations.map((p) => p.cellType));
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    name: options.name ?? fileName.replace(/^.*\//, '').replace(/\.nir$/i, ''),
    description: `imported from the NIR graph ${fileName.replace(/^.*\//, '')} (NIR ${graph.version || 'version not given'}; dt ${dt} ms)`,
    dt,
    durationMs: options.durationMs ?? 1000,
    cellTypes: Object.fromEntries(Object.entries(NIR_CELL_TYPES).filter(([k]) => used.has(k))),
    populations,
    projections,
    stimuli,
    recorders: populations.map((p) => ({ type: 'spikes' as const, population: p.name })),
  } as ModelInput;
}

/** A model of NIR cell types and spike sources as a NIR graph (the inverse of nirToModel). */
export function modelToNir(
  model: ModelInput,
  weightsOf: (k: number) => { source: Uint32Array; target: Uint32Array; weight: Float64Array; delayMs: Float64Array },
): NirGraph {
  const dt = model.dt ?? 0.1;
  const nodes = new Map<string, NirNode>();
  const edges: [string, string][] = [];
  const arr = (values: number[], shape = [values.length]): NirArray => ({ data: Float64Array.from(values), shape });
  const pops = model.populations ?? [];
  const back = Object.fromEntries(Object.entries(NEURON).map(([k, v]) => [v, k]));
  for (const [k, p] of pops.entries()) {
    if (p.cellType === 'SpikeSourceArray' || p.cellType === 'SpikeSourcePoisson') {
      nodes.set(p.name, { type: 'Input', params: { shape: arr([p.size]) } });
      continue;
    }
    const type = back[p.cellType];
    if (!type)
      throw new NirError(
        `populations[${k}] (${p.name}): cell type ${p.cellType} is not one of NIR's (export takes NIR_LIF, NIR_CubaLIF, NIR_IF and spike sources)`,
      );
    const defaults = NIR_CELL_TYPES[p.cellType as keyof typeof NIR_CELL_TYPES].parameters as Record<string, { default: number }>;
    const value = (name: string) => (p.params as Record<string, number> | undefined)?.[name] ?? defaults[name].default;
    const params: Record<string, NirArray> = {};
    for (const [nirName, [ours, factor]] of Object.entries(PARAMS[type]))
      params[nirName] = arr(new Array(p.size).fill(value(ours) / factor));
    nodes.set(p.name, { type, params });
  }
  // One Affine per (pre, post): its excitatory and inhibitory projections summed into one matrix.
  const pairs = new Map<string, { pre: string; post: string; projections: number[] }>();
  (model.projections ?? []).forEach((pr, k) => {
    if (pr.receptor === 'electrical') throw new NirError(`projections[${k}] (${pr.pre}→${pr.post}): gap junctions have no NIR primitive`);
    if (pr.plasticity) throw new NirError(`projections[${k}] (${pr.pre}→${pr.post}) is plastic; NIR holds fixed weights`);
    const key = `${pr.pre}|${pr.post}`;
    const e = pairs.get(key) ?? { pre: pr.pre, post: pr.post, projections: [] };
    e.projections.push(k);
    pairs.set(key, e);
  });
  const sizeOf = (name: string) => pops.find((p) => p.name === name)!.size;
  const biasOf = new Map<string, Float64Array>();
  for (const s of model.stimuli ?? []) {
    if (s.type !== 'dc' || s.start || s.stop !== undefined)
      throw new NirError(
        `stimuli: a ${s.type}${s.type === 'dc' ? ' with a start or stop' : ''} stimulus has no NIR equivalent (an Affine's bias is constant)`,
      );
    const b = biasOf.get(s.population) ?? new Float64Array(sizeOf(s.population));
    for (const j of s.neurons ?? Array.from({ length: b.length }, (_, i) => i)) b[j] += s.amplitude;
    biasOf.set(s.population, b);
  }
  const biased = new Set<string>();
  for (const { pre, post, projections } of pairs.values()) {
    const rows = sizeOf(post);
    const cols = sizeOf(pre);
    const w = new Float64Array(rows * cols);
    for (const k of projections) {
      const list = weightsOf(k);
      for (let n = 0; n < list.source.length; n++) {
        if (Math.abs(list.delayMs[n] - dt) > 1e-9)
          throw new NirError(
            `projections[${k}] (${pre}→${post}): a delay of ${list.delayMs[n]} ms; NIR edges take the one step Luciole's shortest delay is`,
          );
        w[list.target[n] * cols + list.source[n]] += list.weight[n];
      }
    }
    const name = model.projections![projections[0]].name?.replace(/:inh$/, '') ?? `${pre}-${post}`;
    const params: Record<string, NirArray> = { weight: { data: w, shape: [rows, cols] } };
    const b = biasOf.get(post);
    if (b && !biased.has(post)) {
      params.bias = arr(Array.from(b));
      biased.add(post);
    }
    nodes.set(name, { type: b ? 'Affine' : 'Linear', params });
    edges.push([pre, name], [name, post]);
  }
  for (const post of biasOf.keys())
    if (!biased.has(post)) throw new NirError(`stimuli: ${post} has a DC bias but no incoming connection to carry it`);
  // Populations nothing reads from are the graph's outputs.
  for (const p of pops)
    if (nodes.get(p.name)?.type !== 'Input' && !edges.some(([s]) => s === p.name)) {
      const out = `${p.name}_output`;
      nodes.set(out, { type: 'Output', params: { shape: arr([p.size]) } });
      edges.push([p.name, out]);
    }
  return { version: '1.0.0', nodes, edges };
}

function product(shape: NirArray | undefined, what: string, fail: (w: string) => NirError): number {
  if (!shape || !shape.data.length) throw fail(`${what} is missing`);
  const n = shape.data.reduce((a, b) => a * b, 1);
  if (!(Number.isInteger(n) && n >= 1)) throw fail(`${what}: expected positive whole numbers, got [${Array.from(shape.data).join(', ')}]`);
  if (shape.data.length > 1)
    throw fail(`${what}: [${Array.from(shape.data).join(', ')}] has ${shape.data.length} dimensions; Luciole imports flat (1-D) inputs`);
  if (n > MAX_NEURONS)
    throw fail(
      `${what}: ${n.toLocaleString('en')} neurons, ${(n - MAX_NEURONS).toLocaleString('en')} more than Luciole's limit of ${MAX_NEURONS.toLocaleString('en')}`,
    );
  return n;
}

function neuronCount(name: string, n: NirNode, fail: (w: string) => NirError): number {
  const first = Object.values(n.params)[0];
  if (!first) throw fail(`node "${name}" (${n.type}) has no parameters`);
  for (const [key, arr] of Object.entries(n.params))
    if (arr.data.length !== first.data.length)
      throw fail(`node "${name}" (${n.type}): ${key} has ${arr.data.length} values, others ${first.data.length}`);
  return first.data.length;
}
