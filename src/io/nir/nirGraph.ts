/**
 * NIR graphs (.nir) as HDF5, the layout the `nir` package writes (nir.read / nir.write):
 *   /version                 text
 *   /node/type               "NIRGraph"
 *   /node/nodes/<name>/type  the primitive ("Input", "Affine", "LIF", …), then its parameters as
 *                            datasets (Affine weight: out × in; Input/Output shape)
 *   /node/edges              n × 2 text, source and target node names (or /node/edges/src, /dst)
 * read and written through ../hdf5File (h5wasm).
 */
import { readHdf5, writeHdf5 } from '../hdf5File';

export class NirError extends Error {
  override name = 'NirError';
}

export interface NirArray {
  data: Float64Array;
  shape: number[];
}

export interface NirNode {
  type: string;
  params: Record<string, NirArray>;
}

export interface NirGraph {
  version: string;
  nodes: Map<string, NirNode>;
  edges: [string, string][];
}

export function readNir(fileName: string, bytes: Uint8Array): Promise<NirGraph> {
  return readHdf5(
    fileName,
    bytes,
    (file, h5wasm) => {
      const get = (p: string) => file.get(p);
      const text = (p: string): string => {
        const d = get(p);
        if (!(d instanceof h5wasm.Dataset)) throw new NirError(`${fileName}: /${p} is missing`);
        return String(d.value);
      };
      const type = text('node/type');
      if (type !== 'NIRGraph') throw new NirError(`${fileName}: /node/type is "${type}", expected "NIRGraph"`);
      const nodesGroup = get('node/nodes');
      if (!(nodesGroup instanceof h5wasm.Group)) throw new NirError(`${fileName}: /node/nodes is missing`);
      const nodes = new Map<string, NirNode>();
      for (const name of nodesGroup.keys()) {
        const g = get(`node/nodes/${name}`);
        if (!(g instanceof h5wasm.Group)) throw new NirError(`${fileName}: /node/nodes/${name} is not a group`);
        const nodeType = text(`node/nodes/${name}/type`);
        const params: Record<string, NirArray> = {};
        for (const key of g.keys()) {
          if (key === 'type') continue;
          const d = get(`node/nodes/${name}/${key}`);
          if (!(d instanceof h5wasm.Dataset)) continue; // sub-graphs and metadata groups are judged by type below
          const v = d.value as unknown;
          if (ArrayBuffer.isView(v) || typeof v === 'number' || typeof v === 'bigint') {
            const arr = ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number | bigint>, Number) : [Number(v)];
            params[key] = { data: Float64Array.from(arr), shape: (d.shape ?? []).map(Number) };
          }
        }
        nodes.set(name, { type: nodeType, params });
      }
      const edges: [string, string][] = [];
      const e = get('node/edges');
      if (e instanceof h5wasm.Dataset) {
        const flat = (e.value as string[]).map(String);
        for (let k = 0; k + 1 < flat.length; k += 2) edges.push([flat[k], flat[k + 1]]);
      } else if (e instanceof h5wasm.Group) {
        const src = (get('node/edges/src') as { value: string[] } | null)?.value ?? [];
        const dst = (get('node/edges/dst') as { value: string[] } | null)?.value ?? [];
        src.forEach((s, k) => edges.push([String(s), String(dst[k])]));
      } else throw new NirError(`${fileName}: /node/edges is missing`);
      for (const [k, [s, d]] of edges.entries())
        for (const n of [s, d]) if (!nodes.has(n)) throw new NirError(`${fileName}: /node/edges[${k}] names "${n}", which is not a node`);
      const versionNode = get('version');
      return { version: versionNode instanceof h5wasm.Dataset ? String(versionNode.value) : '', nodes, edges };
    },
    { error: NirError, what: 'a NIR file' },
  );
}

export function writeNir(graph: NirGraph): Promise<Uint8Array> {
  return writeHdf5((file) => {
    file.create_dataset({ name: 'version', data: graph.version });
    const node = file.create_group('node');
    node.create_dataset({ name: 'type', data: 'NIRGraph' });
    const nodes = node.create_group('nodes');
    for (const [name, n] of graph.nodes) {
      const g = nodes.create_group(name);
      g.create_dataset({ name: 'type', data: n.type });
      for (const [key, arr] of Object.entries(n.params))
        g.create_dataset({
          name: key,
          data: key === 'shape' ? BigInt64Array.from(arr.data, (x) => BigInt(x)) : Float64Array.from(arr.data),
          shape: arr.shape,
        });
    }
    node.create_dataset({ name: 'edges', data: graph.edges.flat(), shape: [graph.edges.length, 2] });
  });
}
