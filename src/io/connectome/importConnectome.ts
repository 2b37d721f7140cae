/**
 * Connectome import: an edge list (pre, post, weight or synapse count, optional type) and an
 * optional node table (id, name, position, cell type, transmitter, hemisphere; other columns kept
 * as annotations). Ids may be names or integers. Repeated edges (same pre, post and type) add;
 * edges whose ends are missing from the node table are reported (and their ends become nodes).
 * Nothing half-read is returned: a problem throws TableFormatError with file, line and column,
 * unless `skipInvalidRows` is set, in which case the rows are left out and summarised.
 */
import { readTable, TableFormatError, type Table, type TableProblem } from './delimitedTable';

export interface EdgeColumns {
  pre?: string | number;
  post?: string | number;
  weight?: string | number;
  type?: string | number;
}

export interface ImportOptions {
  edgeColumns?: EdgeColumns;
  /** Leave out malformed rows and list them, instead of failing. */
  skipInvalidRows?: boolean;
  /** Called with the fraction of edge rows read, every 50,000 rows. */
  onProgress?: (fraction: number) => void;
}

export interface ConnectomeNode {
  id: string;
  name: string;
  position: [number, number, number] | null; // as given (µm for C. elegans)
  cellType: string;
  transmitter: string;
  hemisphere: string;
  annotations: Record<string, string>;
  /** False for a node that only appears in the edge list. */
  inNodeTable: boolean;
}

export interface Connectome {
  nodes: ConnectomeNode[];
  /** Edges by node index; `type` indexes `edgeTypes`. */
  pre: Uint32Array;
  post: Uint32Array;
  weight: Float64Array;
  type: Uint16Array;
  edgeTypes: string[];
  /** Rows that named an edge already seen (same pre, post, type): their weights were added. */
  repeatedRows: number;
  /** Ids used by edges but absent from the node table (empty without a node table). */
  missingFromNodeTable: string[];
  skipped: TableProblem[];
}

const NAMES = {
  pre: ['pre', 'source', 'from', 'pre_id', 'presynaptic', 'src'],
  post: ['post', 'target', 'to', 'post_id', 'postsynaptic', 'dst'],
  weight: ['synapses', 'weight', 'count', 'nsyn', 'n_synapses', 'syn_count', 'w'],
  type: ['type', 'synapse_type', 'kind', 'edge_type', 'compartment'],
  id: ['id', 'skeleton_id', 'neuron', 'node', 'cell', 'name'], // 'name' last: beside another, it is the name
  name: ['name', 'label', 'neuron_name'],
  x: ['x', 'x_um', 'pos_x', 'soma_x'],
  y: ['y', 'y_um', 'pos_y', 'soma_y'],
  z: ['z', 'z_um', 'pos_z', 'soma_z'],
  cellType: ['celltype', 'cell_type', 'types', 'type', 'class'],
  transmitter: ['neurotransmitters', 'neurotransmitter', 'transmitter', 'nt'],
  hemisphere: ['hemisphere', 'side'],
};
const ALL_EDGE_NAMES = new Set([...NAMES.pre, ...NAMES.post, ...NAMES.weight, ...NAMES.type]);

const isNumber = (s: string | undefined) => s !== undefined && s.trim() !== '' && Number.isFinite(Number(s));

function columnIndex(
  file: string,
  header: string[] | null,
  width: number,
  choice: string | number | undefined,
  candidates: string[],
  what: string,
  required: boolean,
  fallback: number,
): number {
  if (typeof choice === 'number') {
    if (choice < 0 || choice >= width)
      throw new TableFormatError([
        { file, line: 1, column: 1, found: `${width} columns`, expected: `a column ${choice} for ${what} (columns count from 0)` },
      ]);
    return choice;
  }
  if (header) {
    const lower = header.map((h) => h.toLowerCase());
    const names = choice ? [choice.toLowerCase()] : candidates;
    for (const n of names) {
      const k = lower.indexOf(n);
      if (k >= 0) return k;
    }
    if (required || choice)
      throw new TableFormatError([
        {
          file,
          line: 1,
          column: 1,
          found: `columns ${header.map((h) => `"${h}"`).join(', ')}`,
          expected: `a column for ${what} (${names.join(' or ')})`,
        },
      ]);
    return -1;
  }
  if (choice)
    throw new TableFormatError([{ file, line: 1, column: 1, found: 'no header', expected: `a header naming the column "${choice}"` }]);
  return fallback < width ? fallback : required ? -2 : -1;
}

export function importConnectome(
  edgesFile: string,
  edgesText: string,
  nodes?: { file: string; text: string },
  opts: ImportOptions = {},
): Connectome {
  const skip = opts.skipInvalidRows ?? false;
  const edges = readTable(
    edgesFile,
    edgesText,
    (first, second) =>
      first.some((f) => ALL_EDGE_NAMES.has(f.toLowerCase())) ||
      (first.length > 2 && !isNumber(first[2]) && second !== null && isNumber(second[2])),
    skip,
  );
  const skipped = [...edges.skipped];
  const width = edges.header?.length ?? edges.rows[0]?.fields.length ?? 0;
  const c = opts.edgeColumns ?? {};
  const preCol = columnIndex(edgesFile, edges.header, width, c.pre, NAMES.pre, 'the presynaptic id', true, 0);
  const postCol = columnIndex(edgesFile, edges.header, width, c.post, NAMES.post, 'the postsynaptic id', true, 1);
  const weightCol = columnIndex(edgesFile, edges.header, width, c.weight, NAMES.weight, 'the weight or synapse count', false, 2);
  const typeCol = columnIndex(edgesFile, edges.header, width, c.type, NAMES.type, 'the edge type', false, 3);
  if (preCol < 0 || postCol < 0)
    throw new TableFormatError([
      {
        file: edgesFile,
        line: edges.rows[0]?.line ?? 1,
        column: 1,
        found: `${width} column${width === 1 ? '' : 's'}`,
        expected: 'at least two columns: pre and post',
      },
    ]);

  const nodeList: ConnectomeNode[] = [];
  const index = new Map<string, number>();
  if (nodes) readNodeTable(nodes.file, nodes.text, nodeList, index, skip, skipped);
  const hasNodeTable = Boolean(nodes);
  const missing = new Set<string>();
  const indexOf = (id: string) => {
    let k = index.get(id);
    if (k === undefined) {
      k = nodeList.length;
      index.set(id, k);
      nodeList.push({ id, name: id, position: null, cellType: '', transmitter: '', hemisphere: '', annotations: {}, inNodeTable: false });
      if (hasNodeTable) missing.add(id);
    }
    return k;
  };

  const edgeTypes: string[] = [];
  const typeIndex = new Map<string, number>();
  const merged = new Map<string, number>();
  const pre: number[] = [];
  const post: number[] = [];
  const weight: number[] = [];
  const type: number[] = [];
  let repeatedRows = 0;
  const problems: TableProblem[] = [];
  const totalRows = edges.rows.length;
  for (let row = 0; row < totalRows; row++) {
    const r = edges.rows[row];
    if (opts.onProgress && row % 50_000 === 0) opts.onProgress(row / totalRows);
    const a = r.fields[preCol];
    const b = r.fields[postCol];
    let w = 1;
    let bad: TableProblem | null = null;
    if (!a) bad = { file: edgesFile, line: r.line, column: r.columns[preCol], found: 'nothing', expected: 'a presynaptic id' };
    else if (!b) bad = { file: edgesFile, line: r.line, column: r.columns[postCol], found: 'nothing', expected: 'a postsynaptic id' };
    else if (weightCol >= 0) {
      const raw = r.fields[weightCol];
      if (!isNumber(raw))
        bad = {
          file: edgesFile,
          line: r.line,
          column: r.columns[weightCol],
          found: `"${raw}"`,
          expected: 'a number (weight or synapse count)',
        };
      else w = Number(raw);
    }
    if (bad) {
      (skip ? skipped : problems).push(bad);
      continue;
    }
    const t = typeCol >= 0 ? r.fields[typeCol] : '';
    let ti = typeIndex.get(t);
    if (ti === undefined) {
      ti = edgeTypes.length;
      typeIndex.set(t, ti);
      edgeTypes.push(t);
    }
    const i = indexOf(a);
    const j = indexOf(b);
    const key = `${i} ${j} ${ti}`;
    const seen = merged.get(key);
    if (seen !== undefined) {
      weight[seen] += w;
      repeatedRows++;
      continue;
    }
    merged.set(key, pre.length);
    pre.push(i);
    post.push(j);
    weight.push(w);
    type.push(ti);
  }
  if (problems.length) throw new TableFormatError(problems);
  opts.onProgress?.(1);
  return {
    nodes: nodeList,
    pre: Uint32Array.from(pre),
    post: Uint32Array.from(post),
    weight: Float64Array.from(weight),
    type: Uint16Array.from(type),
    edgeTypes,
    repeatedRows,
    missingFromNodeTable: [...missing],
    skipped,
  };
}

function readNodeTable(
  file: string,
  text: string,
  out: ConnectomeNode[],
  index: Map<string, number>,
  skip: boolean,
  skipped: TableProblem[],
): void {
  const known = new Set(Object.values(NAMES).flat());
  const table: Table = readTable(file, text, (first) => first.some((f) => known.has(f.toLowerCase())), skip);
  skipped.push(...table.skipped);
  if (!table.header)
    throw new TableFormatError([
      { file, line: 1, column: 1, found: 'no header', expected: `a header naming the id column (${NAMES.id.join(', ')})` },
    ]);
  const h = table.header.map((x) => x.toLowerCase());
  // The first candidate name the header has, whatever its place: "name, id" takes "id" as the id.
  const col = (names: string[], exclude: number[] = []) => {
    for (const name of names) {
      const k = h.findIndex((x, at) => x === name && !exclude.includes(at));
      if (k >= 0) return k;
    }
    return -1;
  };
  const idCol = col(NAMES.id);
  if (idCol < 0)
    throw new TableFormatError([
      {
        file,
        line: table.rows[0]?.line ?? 1,
        column: 1,
        found: `columns ${table.header.map((x) => `"${x}"`).join(', ')}`,
        expected: `an id column (${NAMES.id.join(', ')})`,
      },
    ]);
  const nameCol = col(NAMES.name, [idCol]);
  const xyz = [col(NAMES.x), col(NAMES.y), col(NAMES.z)];
  const typeCol = col(NAMES.cellType);
  const ntCol = col(NAMES.transmitter);
  const hemiCol = col(NAMES.hemisphere);
  const used = new Set([idCol, nameCol, ...xyz, typeCol, ntCol, hemiCol]);
  const problems: TableProblem[] = [];
  for (const r of table.rows) {
    const id = r.fields[idCol];
    let position: [number, number, number] | null = null;
    if (xyz.every((k) => k >= 0)) {
      const bad = xyz.find((k) => !isNumber(r.fields[k]));
      if (bad !== undefined) {
        const p = { file, line: r.line, column: r.columns[bad], found: `"${r.fields[bad]}"`, expected: `a number (${table.header[bad]})` };
        (skip ? skipped : problems).push(p);
        continue;
      }
      position = xyz.map((k) => Number(r.fields[k])) as [number, number, number];
    }
    if (!id || index.has(id)) {
      const p = { file, line: r.line, column: r.columns[idCol], found: id ? `"${id}" again` : 'nothing', expected: 'a unique node id' };
      (skip ? skipped : problems).push(p);
      continue;
    }
    const annotations: Record<string, string> = {};
    table.header.forEach((name, k) => {
      if (!used.has(k) && r.fields[k] !== '') annotations[name] = r.fields[k];
    });
    index.set(id, out.length);
    out.push({
      id,
      name: nameCol >= 0 && r.fields[nameCol] ? r.fields[nameCol] : id,
      position,
      cellType: typeCol >= 0 ? r.fields[typeCol] : '',
      transmitter: ntCol >= 0 ? r.fields[ntCol] : '',
      hemisphere: hemiCol >= 0 ? r.fields[hemiCol] : '',
      annotations,
      inNodeTable: true,
    });
  }
  if (problems.length) throw new TableFormatError(problems);
}

/** The summary `luciole connectome inspect` prints. */
export function connectomeSummary(c: Connectome) {
  const degree = new Uint32Array(c.nodes.length);
  let selfLoops = 0;
  let totalWeight = 0;
  const types: Record<string, { edges: number; weight: number }> = {};
  for (let e = 0; e < c.pre.length; e++) {
    degree[c.pre[e]]++;
    degree[c.post[e]]++;
    if (c.pre[e] === c.post[e]) selfLoops++;
    totalWeight += c.weight[e];
    const t = c.edgeTypes[c.type[e]] || '(none)';
    types[t] ??= { edges: 0, weight: 0 };
    types[t].edges++;
    types[t].weight += c.weight[e];
  }
  const missing = new Set(c.missingFromNodeTable);
  let edgesWithMissingEnds = 0;
  for (let e = 0; e < c.pre.length; e++)
    if (missing.has(c.nodes[c.pre[e]].id) || missing.has(c.nodes[c.post[e]].id)) edgesWithMissingEnds++;
  const isolated = c.nodes.filter((_, k) => degree[k] === 0).map((n) => n.id);
  return {
    neurons: c.nodes.length,
    edges: c.pre.length,
    totalWeight,
    selfLoops,
    types,
    repeatedRowsMerged: c.repeatedRows,
    nodesWithoutEdges: { count: isolated.length, ids: isolated.slice(0, 20) },
    edgesWithMissingEnds: {
      count: edgesWithMissingEnds,
      missingIds: c.missingFromNodeTable.slice(0, 20),
      missingCount: c.missingFromNodeTable.length,
    },
    skippedRows: {
      count: c.skipped.length,
      first: c.skipped.slice(0, 20).map((p) => `${p.file}:${p.line}:${p.column}: expected ${p.expected}, found ${p.found}`),
    },
  };
}
