/**
 * A SONATA network (circuit_config.json with its nodes and edges) as a Luciole model, for point
 * neurons in PyNN's dialect (model_template "pyNN:<cell type>", parameters as node-type columns
 * or per-node dynamics_params) and NEST's (model_template "nest:iaf_psc_exp" and the like,
 * parameters in the node type's dynamics_params JSON, NEST's names and units). Config paths
 * follow the manifest's $VARIABLES (and ${configdir}, the config's own directory); relative paths
 * are taken from the config's directory. Every error names the file and the field or row.
 *
 *   each node population × node type → one population (named as the node population when it
 *                                       holds one type, else <population>_<node type id>)
 *   each edge population → projections per (pre, post, receptor), fromList rows [pre, post, w, d]
 *   weights: syn_weight (group dataset or type column), else dynamics_params/weight; the sign
 *            picks the receptor where receptor_type is not given; delays: the group's delay,
 *            dynamics_params/delay or the type column, in ms
 */
import type { ModelInput } from '../model/schema';
import { MODEL_FORMAT, MODEL_VERSION } from '../model/schema';
import { readHdf5, type H5, type H5File } from './hdf5File';

export class SonataNetworkError extends Error {
  override name = 'SonataNetworkError';
}

/** Reads a file by path (relative to nothing: paths arrive resolved). */
export type ReadFile = (path: string) => Uint8Array;

interface NestMapping {
  cellType: string;
  params: Record<string, [string, number]>; // NEST name → [PyNN name, factor]
}
/** The parameters NEST's iaf_* models below share: NEST's names and units (pF, pA) → PyNN's (nF, nA). */
const NEST_IAF_PARAMS: NestMapping['params'] = {
  C_m: ['cm', 1e-3],
  t_ref: ['tau_refrac', 1],
  E_L: ['v_rest', 1],
  V_reset: ['v_reset', 1],
  V_th: ['v_thresh', 1],
  I_e: ['i_offset', 1e-3],
  tau_syn_ex: ['tau_syn_E', 1],
  tau_syn_in: ['tau_syn_I', 1],
};
const NEST_PSC_PARAMS: NestMapping['params'] = { ...NEST_IAF_PARAMS, tau_m: ['tau_m', 1] };
/** NEST's point neurons that are PyNN cell types (iaf_cond_exp's tau_m comes from C_m / g_L, below). */
const NEST_MODELS: Record<string, NestMapping> = {
  iaf_psc_exp: { cellType: 'IF_curr_exp', params: NEST_PSC_PARAMS },
  iaf_psc_alpha: { cellType: 'IF_curr_alpha', params: NEST_PSC_PARAMS },
  iaf_cond_exp: { cellType: 'IF_cond_exp', params: { ...NEST_IAF_PARAMS, E_ex: ['e_rev_E', 1], E_in: ['e_rev_I', 1] } },
};

const NON_PARAMETERS = new Set([
  'node_type_id',
  'model_type',
  'model_template',
  'pop_name',
  'model_name',
  'dynamics_params',
  'location',
  'ei',
  'morphology',
  'rotation_angle_xaxis',
  'rotation_angle_yaxis',
  'rotation_angle_zaxis',
]);

export async function sonataToModel(configPath: string, readFile: ReadFile): Promise<ModelInput> {
  const dir = configPath.includes('/') ? configPath.slice(0, configPath.lastIndexOf('/')) : '.';
  const config = parseJson(configPath, new TextDecoder().decode(readFile(configPath)));
  const resolve = manifestResolver(configPath, config, dir);
  const networks = (config.networks ?? {}) as { nodes?: unknown[]; edges?: unknown[] };
  if (!Array.isArray(networks.nodes) || !networks.nodes.length)
    throw new SonataNetworkError(`${configPath}: networks.nodes: expected a list of {nodes_file, node_types_file}`);
  const withH5 = <T>(path: string, read: (file: H5File, h5wasm: H5) => T) =>
    readHdf5(path, readFile(path), read, { error: SonataNetworkError });
  const components = (config.components ?? {}) as Record<string, string>;

  const populations: ModelInput['populations'] & object = [];
  // (node population, node id) → (Luciole population, local index)
  const nodeMap = new Map<string, { population: string[]; local: number[] }>();
  for (const [e, entry] of networks.nodes.entries()) {
    const { nodes_file, node_types_file } = entry as Record<string, string>;
    if (!nodes_file || !node_types_file)
      throw new SonataNetworkError(`${configPath}: networks.nodes[${e}]: expected nodes_file and node_types_file`);
    const typesPath = resolve(node_types_file);
    const types = readTypesCsv(typesPath, new TextDecoder().decode(readFile(typesPath)), 'node_type_id');
    const nodesPath = resolve(nodes_file);
    await withH5(nodesPath, (file, h5wasm) => {
      const { numbers, has } = datasets(file, h5wasm);
      const root = file.get('nodes');
      if (!(root instanceof h5wasm.Group)) throw new SonataNetworkError(`${nodesPath}: /nodes is missing`);
      for (const popName of root.keys()) {
        const where = `${nodesPath}: /nodes/${popName}`;
        const typeIds = numbers(`nodes/${popName}/node_type_id`, where);
        const nodeIds = has(`nodes/${popName}/node_id`) ? numbers(`nodes/${popName}/node_id`, where) : typeIds.map((_, i) => i);
        const groupIds = has(`nodes/${popName}/node_group_id`) ? numbers(`nodes/${popName}/node_group_id`, where) : typeIds.map(() => 0);
        const groupIndex = has(`nodes/${popName}/node_group_index`)
          ? numbers(`nodes/${popName}/node_group_index`, where)
          : typeIds.map((_, i) => i);
        const distinct = [...new Set(typeIds)];
        const map = { population: new Array<string>(), local: new Array<number>() };
        for (const typeId of distinct) {
          const row = types.get(typeId);
          if (!row) throw new SonataNetworkError(`${where}/node_type_id: type ${typeId} is not in ${typesPath}`);
          const name = distinct.length === 1 ? popName : `${popName}_${typeId}`;
          const members = typeIds.flatMap((t, i) => (t === typeId ? [i] : []));
          const { cellType, params } = cellTypeOf(row, typesPath, typeId, resolve, components, readFile);
          // Per-node dynamics_params must be the same for every member (Luciole's parameters are per population).
          for (const g of new Set(members.map((i) => groupIds[i]))) {
            const dyn = file.get(`nodes/${popName}/${g}/dynamics_params`);
            if (!(dyn instanceof h5wasm.Group)) continue;
            for (const key of dyn.keys()) {
              const values = numbers(`nodes/${popName}/${g}/dynamics_params/${key}`, where);
              const mine = members.filter((i) => groupIds[i] === g).map((i) => values[groupIndex[i]]);
              if (mine.some((v) => v !== mine[0]))
                throw new SonataNetworkError(
                  `${where}/${g}/dynamics_params/${key}: differs between nodes of type ${typeId}; Luciole's parameters are per population`,
                );
              params[key] = mine[0];
            }
          }
          populations.push({ name, size: members.length, cellType, params });
          members.forEach((i, local) => {
            map.population[nodeIds[i]] = name;
            map.local[nodeIds[i]] = local;
          });
        }
        nodeMap.set(popName, map);
      }
    });
  }

  const projections: NonNullable<ModelInput['projections']> = [];
  for (const [e, entry] of (networks.edges ?? []).entries()) {
    const { edges_file, edge_types_file } = entry as Record<string, string>;
    if (!edges_file || !edge_types_file)
      throw new SonataNetworkError(`${configPath}: networks.edges[${e}]: expected edges_file and edge_types_file`);
    const typesPath = resolve(edge_types_file);
    const types = readTypesCsv(typesPath, new TextDecoder().decode(readFile(typesPath)), 'edge_type_id');
    const edgesPath = resolve(edges_file);
    await withH5(edgesPath, (file, h5wasm) => {
      const { numbers, has } = datasets(file, h5wasm);
      const root = file.get('edges');
      if (!(root instanceof h5wasm.Group)) throw new SonataNetworkError(`${edgesPath}: /edges is missing`);
      for (const edgeName of root.keys()) {
        const base = `edges/${edgeName}`;
        const where = `${edgesPath}: /${base}`;
        const src = numbers(`${base}/source_node_id`, where);
        const trg = numbers(`${base}/target_node_id`, where);
        const attr = (d: string) =>
          (file.get(`${base}/${d}`) as { attrs: Record<string, { value: unknown }> }).attrs.node_population?.value;
        const srcPop = String(attr('source_node_id') ?? '');
        const trgPop = String(attr('target_node_id') ?? '');
        const srcMap = nodeMap.get(srcPop);
        const trgMap = nodeMap.get(trgPop);
        if (!srcMap) throw new SonataNetworkError(`${where}/source_node_id: node_population "${srcPop}" is not among the nodes`);
        if (!trgMap) throw new SonataNetworkError(`${where}/target_node_id: node_population "${trgPop}" is not among the nodes`);
        const typeIds = numbers(`${base}/edge_type_id`, where);
        const groupIds = has(`${base}/edge_group_id`) ? numbers(`${base}/edge_group_id`, where) : typeIds.map(() => 0);
        const groupIndex = has(`${base}/edge_group_index`) ? numbers(`${base}/edge_group_index`, where) : typeIds.map((_, i) => i);
        const groupColumn = (g: number, names: string[]) => {
          for (const n of names) if (has(`${base}/${g}/${n}`)) return numbers(`${base}/${g}/${n}`, where);
          return null;
        };
        const columns = new Map<number, { w: number[] | null; d: number[] | null }>();
        for (const g of new Set(groupIds))
          columns.set(g, {
            w: groupColumn(g, ['syn_weight', 'dynamics_params/weight']),
            d: groupColumn(g, ['delay', 'dynamics_params/delay']),
          });
        const byKey = new Map<string, { pre: string; post: string; receptor: 'excitatory' | 'inhibitory'; rows: number[][] }>();
        for (let k = 0; k < src.length; k++) {
          const type = types.get(typeIds[k]);
          if (!type) throw new SonataNetworkError(`${where}/edge_type_id[${k}]: type ${typeIds[k]} is not in ${typesPath}`);
          const col = columns.get(groupIds[k])!;
          const w = col.w ? col.w[groupIndex[k]] : Number(type.syn_weight);
          const d = col.d ? col.d[groupIndex[k]] : Number(type.delay);
          if (!Number.isFinite(w))
            throw new SonataNetworkError(`${where}: edge ${k} has no weight (syn_weight in group ${groupIds[k]} or in ${typesPath})`);
          if (!Number.isFinite(d))
            throw new SonataNetworkError(`${where}: edge ${k} has no delay (delay in group ${groupIds[k]} or in ${typesPath})`);
          const pre = srcMap.population[src[k]];
          const post = trgMap.population[trg[k]];
          if (pre === undefined) throw new SonataNetworkError(`${where}/source_node_id[${k}]: node ${src[k]} is not in ${srcPop}`);
          if (post === undefined) throw new SonataNetworkError(`${where}/target_node_id[${k}]: node ${trg[k]} is not in ${trgPop}`);
          const declared = type.receptor_type;
          const receptor = declared === 'inhibitory' || (declared !== 'excitatory' && w < 0) ? 'inhibitory' : 'excitatory';
          const key = `${pre}|${post}|${receptor}`;
          let p = byKey.get(key);
          if (!p) byKey.set(key, (p = { pre, post, receptor, rows: [] }));
          p.rows.push([srcMap.local[src[k]], trgMap.local[trg[k]], w, d]);
        }
        for (const p of byKey.values())
          projections.push({
            name: byKey.size === 1 ? edgeName : `${edgeName}:${p.pre}-${p.post}`,
            pre: p.pre,
            post: p.post,
            receptor: p.receptor,
            connector: { type: 'fromList', connections: p.rows as [number, number, number, number][] },
            weight: 0,
          });
      }
    });
  }
  const lucioleInfo = (config.luciole ?? {}) as { model?: string; dt_ms?: number; seed?: number; duration_ms?: number };
  const run = (config.run ?? {}) as { dt?: number; tstop?: number };
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    name: lucioleInfo.model ?? 'sonata',
    description: `imported from the SONATA network ${configPath}`,
    dt: lucioleInfo.dt_ms ?? run.dt ?? 0.1,
    seed: lucioleInfo.seed ?? 1,
    durationMs: lucioleInfo.duration_ms ?? run.tstop ?? 1000,
    populations,
    projections,
  } as ModelInput;
}

/** A file's numeric datasets by path; `where` names the place in errors. */
function datasets(file: H5File, h5wasm: H5) {
  return {
    numbers(path: string, where: string): number[] {
      const d = file.get(path);
      if (!(d instanceof h5wasm.Dataset)) throw new SonataNetworkError(`${where}: /${path} is missing`);
      return Array.from(d.value as ArrayLike<number | bigint>, Number);
    },
    has: (path: string) => file.get(path) instanceof h5wasm.Dataset,
  };
}

function parseJson(path: string, text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new SonataNetworkError(`${path}: not valid JSON: ${(e as Error).message}`);
  }
}

/** Substitutes the manifest's variables ($NAME, ${NAME}; ${configdir} is the config's directory) and resolves relative paths from it. */
function manifestResolver(configPath: string, config: Record<string, unknown>, dir: string): (path: string) => string {
  const manifest = {
    configdir: dir,
    ...Object.fromEntries(Object.entries((config.manifest ?? {}) as Record<string, string>).map(([k, v]) => [k.replace(/^\$/, ''), v])),
  };
  const expand = (s: string, depth = 0): string => {
    if (depth > 10) throw new SonataNetworkError(`${configPath}: manifest: variables refer to each other in a loop`);
    return s.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, name: string) => {
      const v = (manifest as Record<string, string>)[name];
      if (v === undefined) throw new SonataNetworkError(`${configPath}: manifest: $${name} is not defined`);
      return expand(v, depth + 1);
    });
  };
  return (path) => {
    const p = expand(path);
    if (p.startsWith('/')) return p;
    const joined = `${dir}/${p}`.split('/');
    const out: string[] = [];
    for (const part of joined) {
      if (part === '.' || (part === '' && out.length)) continue;
      if (part === '..' && out.length && out[out.length - 1] !== '..') out.pop();
      else out.push(part);
    }
    return out.join('/');
  };
}

/** A SONATA types CSV (space-separated, double quotes), by its id column. */
function readTypesCsv(path: string, text: string, idColumn: string): Map<number, Record<string, string>> {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim());
  if (!lines.length) throw new SonataNetworkError(`${path}: empty; expected a header with ${idColumn}`);
  const split = (line: string) => [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
  const header = split(lines[0]);
  const at = header.indexOf(idColumn);
  if (at < 0) throw new SonataNetworkError(`${path}: line 1: no ${idColumn} column (columns: ${header.join(', ')})`);
  const out = new Map<number, Record<string, string>>();
  lines.slice(1).forEach((line, k) => {
    const cells = split(line);
    if (cells.length !== header.length)
      throw new SonataNetworkError(`${path}: line ${k + 2}: ${cells.length} values for ${header.length} columns`);
    const id = Number(cells[at]);
    if (!Number.isInteger(id))
      throw new SonataNetworkError(`${path}: line ${k + 2}, column ${at + 1}: expected a whole-number ${idColumn}, got "${cells[at]}"`);
    out.set(id, Object.fromEntries(header.map((h, j) => [h, cells[j]])));
  });
  return out;
}

function cellTypeOf(
  row: Record<string, string>,
  typesPath: string,
  typeId: number,
  resolve: (p: string) => string,
  components: Record<string, string>,
  readFile: ReadFile,
): { cellType: string; params: Record<string, number> } {
  const template = row.model_template ?? '';
  const [prefix, name] = template.includes(':') ? template.split(':') : ['', template];
  const params: Record<string, number> = {};
  if (row.model_type === 'virtual')
    throw new SonataNetworkError(
      `${typesPath}: node type ${typeId} is virtual (its spikes come from an input file); Luciole's import takes point neurons and Poisson sources`,
    );
  if (prefix.toLowerCase() === 'pynn') {
    for (const [k, v] of Object.entries(row))
      if (!NON_PARAMETERS.has(k) && v !== 'NONE' && v !== '' && Number.isFinite(Number(v))) params[k] = Number(v);
    if (name === 'Izhikevich' && params.i_offset !== undefined) params.i_offset *= 1000; // PyNN nA → Luciole pA
    return { cellType: name, params };
  }
  if (prefix.toLowerCase() === 'nest' && NEST_MODELS[name]) {
    const m = NEST_MODELS[name];
    let dyn: Record<string, number> = {};
    if (row.dynamics_params && row.dynamics_params !== 'NONE') {
      const path = resolve(`${components.point_neuron_models_dir ?? '.'}/${row.dynamics_params}`);
      dyn = JSON.parse(new TextDecoder().decode(readFile(path))) as Record<string, number>;
    }
    for (const [k, v] of Object.entries(dyn)) {
      const to = m.params[k];
      if (to) params[to[0]] = v * to[1];
    }
    if (name === 'iaf_cond_exp' && dyn.g_L !== undefined && dyn.C_m !== undefined) params.tau_m = dyn.C_m / dyn.g_L; // pF / nS = ms
    return { cellType: m.cellType, params };
  }
  throw new SonataNetworkError(
    `${typesPath}: node type ${typeId}: model_template "${template}" is not a PyNN cell type ("pyNN:IF_curr_exp", …) nor one of NEST's ${Object.keys(NEST_MODELS).join(', ')}`,
  );
}
