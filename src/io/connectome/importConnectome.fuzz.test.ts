// Fuzzing the connectome reader (issue 16): random edge lists and node tables written in random
// dialects must be read back exactly, and random bytes must either read or fail with a TableFormatError that
// names a file, line and column — never another exception.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importConnectome } from './importConnectome';
import { TableFormatError } from './delimitedTable';

const RUNS = 10_000;
const HEADER_WORDS = new Set(['pre', 'post', 'to', 'src', 'dst', 'cell', 'node', 'name', 'type', 'kind', 'from', 'id', 'w']);

interface Edge {
  pre: string;
  post: string;
  count: number;
  type: string;
}

const nodeName = fc.stringMatching(/^[A-Z][A-Za-z0-9_]{0,5}$/).filter((n) => !HEADER_WORDS.has(n.toLowerCase()));
const edgeList = fc.uniqueArray(nodeName, { minLength: 2, maxLength: 12 }).chain((names) =>
  fc.array(
    fc.record({
      pre: fc.constantFrom(...names),
      post: fc.constantFrom(...names),
      count: fc.integer({ min: 1, max: 500 }),
      type: fc.constantFrom('chemical', 'electrical'),
    }),
    { minLength: 1, maxLength: 30 },
  ),
);

const dialect = fc.record({
  delimiter: fc.constantFrom(',', '\t', ';', ' ', '  \t'),
  header: fc.boolean(),
  quote: fc.constantFrom('none', 'names', 'all'),
  bom: fc.boolean(),
  newline: fc.constantFrom('\n', '\r\n'),
  comments: fc.array(fc.nat(40), { maxLength: 4 }),
  trailingBlank: fc.nat(3),
  padding: fc.boolean(),
});
type Dialect = typeof dialect extends fc.Arbitrary<infer T> ? T : never;

/** A table of rows of (text, is it a name) fields in dialect `d`. */
function writeTable(rows: [string, boolean][][], d: Dialect): string {
  const whitespace = d.delimiter.trim() === '';
  const q = (text: string, isName: boolean) => (!whitespace && (d.quote === 'all' || (isName && d.quote === 'names')) ? `"${text}"` : text);
  const pad = (f: string) => (d.padding && !whitespace && d.delimiter !== '\t' ? ` ${f} ` : f);
  const lines = rows.map((fields) => fields.map(([f, isName]) => pad(q(f, isName))).join(d.delimiter));
  for (const at of d.comments) lines.splice(at % (lines.length + 1), 0, `# a comment, with; delimiters\t"and quotes`);
  return (d.bom ? '\uFEFF' : '') + lines.join(d.newline) + d.newline.repeat(1 + d.trailingBlank);
}

function write(edges: Edge[], d: Dialect): string {
  return writeTable(
    [
      ...(d.header ? [['pre', 'post', 'synapses', 'type'].map((h): [string, boolean] => [h, true])] : []),
      ...edges.map((e): [string, boolean][] => [
        [e.pre, true],
        [e.post, true],
        [String(e.count), false],
        [e.type, true],
      ]),
    ],
    d,
  );
}

/** Node table columns: each optional one present or not, under one of the names the reader knows, in a random order. */
const nodeColumns = fc
  .record({
    id: fc.constantFrom('id', 'skeleton_id', 'neuron', 'node', 'cell'),
    name: fc.option(fc.constantFrom('name', 'label', 'neuron_name'), { nil: undefined }),
    position: fc.option(
      fc.constantFrom<[string, string, string]>(['x', 'y', 'z'], ['x_um', 'y_um', 'z_um'], ['soma_x', 'soma_y', 'soma_z']),
      {
        nil: undefined,
      },
    ),
    cellType: fc.option(fc.constantFrom('celltype', 'cell_type', 'type', 'class'), { nil: undefined }),
    transmitter: fc.option(fc.constantFrom('neurotransmitter', 'transmitter', 'nt'), { nil: undefined }),
    hemisphere: fc.option(fc.constantFrom('hemisphere', 'side'), { nil: undefined }),
    annotation: fc.boolean(),
  })
  .chain((c) => {
    const fields = [
      'id',
      ...(c.name ? ['name'] : []),
      ...(c.position ? ['x'] : []), // x, y and z together
      ...(c.cellType ? ['cellType'] : []),
      ...(c.transmitter ? ['transmitter'] : []),
      ...(c.hemisphere ? ['hemisphere'] : []),
      ...(c.annotation ? ['notes'] : []),
    ];
    return fc.shuffledSubarray(fields, { minLength: fields.length, maxLength: fields.length }).map((order) => ({ ...c, order }));
  })
  .filter((c) => c.order.length >= 2);

const word = fc.stringMatching(/^[a-z][A-Za-z0-9_]{0,7}$/);
const coordinate = fc.double({ min: -1e4, max: 1e4, noNaN: true }).filter((x) => !Object.is(x, -0));
const nodeTable = fc.uniqueArray(nodeName, { minLength: 1, maxLength: 10 }).chain((ids) =>
  fc.tuple(
    fc.constant(ids),
    fc.array(
      fc.record({
        name: nodeName,
        position: fc.tuple(coordinate, coordinate, coordinate),
        cellType: word,
        transmitter: word,
        hemisphere: fc.constantFrom('L', 'R', 'left', 'right'),
        notes: word,
      }),
      { minLength: ids.length, maxLength: ids.length },
    ),
  ),
);

describe('connectome import, fuzzed (fast-check)', () => {
  it(`reads ${RUNS.toLocaleString('en')} random edge lists in random dialects exactly`, () => {
    fc.assert(
      fc.property(edgeList, dialect, (edges, d) => {
        const c = importConnectome('e.txt', write(edges, d));
        const expected = new Map<string, number>();
        for (const e of edges) expected.set(`${e.pre} ${e.post} ${e.type}`, (expected.get(`${e.pre} ${e.post} ${e.type}`) ?? 0) + e.count);
        const got = new Map<string, number>();
        for (let k = 0; k < c.pre.length; k++)
          got.set(`${c.nodes[c.pre[k]].id} ${c.nodes[c.post[k]].id} ${c.edgeTypes[c.type[k]]}`, c.weight[k]);
        expect(got).toEqual(expected);
        expect(c.nodes.length).toBe(new Set(edges.flatMap((e) => [e.pre, e.post])).size);
        expect(c.repeatedRows).toBe(edges.length - expected.size);
      }),
      { numRuns: RUNS, seed: 16_001 },
    );
  });

  it(`reads ${RUNS.toLocaleString('en')} random node tables in random dialects exactly, with the edge ends they lack`, () => {
    fc.assert(
      fc.property(nodeColumns, nodeTable, fc.array(nodeName, { maxLength: 3 }), dialect, (cols, [ids, values], extra, d) => {
        const headerOf = (f: string) =>
          f === 'id'
            ? [cols.id]
            : f === 'name'
              ? [cols.name!]
              : f === 'x'
                ? cols.position!
                : f === 'cellType'
                  ? [cols.cellType!]
                  : f === 'transmitter'
                    ? [cols.transmitter!]
                    : f === 'hemisphere'
                      ? [cols.hemisphere!]
                      : ['notes'];
        const cellsOf = (f: string, k: number): string[] => {
          const v = values[k];
          if (f === 'id') return [ids[k]];
          if (f === 'x') return v.position.map(String);
          return [
            f === 'name'
              ? v.name
              : f === 'cellType'
                ? v.cellType
                : f === 'transmitter'
                  ? v.transmitter
                  : f === 'hemisphere'
                    ? v.hemisphere
                    : v.notes,
          ];
        };
        const text = writeTable(
          [
            cols.order.flatMap((f) => headerOf(f).map((h): [string, boolean] => [h, true])),
            ...ids.map((_, k) => cols.order.flatMap((f) => cellsOf(f, k).map((x): [string, boolean] => [x, f !== 'x']))),
          ],
          d,
        );
        // Edges from every node to the next, then to ids the table lacks.
        const lacking = extra.filter((x) => !ids.includes(x));
        const ends = [...ids, ...lacking];
        const edges = ends.slice(1).map((post, k) => ({ pre: ends[k], post, count: 1, type: 'chemical' }));
        if (!edges.length) edges.push({ pre: ids[0], post: ids[0], count: 1, type: 'chemical' });
        const c = importConnectome('e.txt', write(edges, { ...d, header: true }), { file: 'n.txt', text });
        expect(c.nodes.slice(0, ids.length)).toEqual(
          ids.map((id, k) => ({
            id,
            name: cols.name ? values[k].name : id,
            position: cols.position ? values[k].position : null,
            cellType: cols.cellType ? values[k].cellType : '',
            transmitter: cols.transmitter ? values[k].transmitter : '',
            hemisphere: cols.hemisphere ? values[k].hemisphere : '',
            annotations: cols.annotation ? { notes: values[k].notes } : {},
            inNodeTable: true,
          })),
        );
        expect([...c.missingFromNodeTable].sort()).toEqual([...new Set(lacking)].sort());
        expect(c.nodes.length).toBe(ids.length + new Set(lacking).size);
        expect(c.pre.length).toBe(edges.length);
      }),
      { numRuns: RUNS, seed: 16_004 },
    );
  });

  const named = (e: unknown) => {
    expect(e).toBeInstanceOf(TableFormatError);
    for (const p of (e as TableFormatError).problems) {
      expect(p.line).toBeGreaterThanOrEqual(1);
      expect(p.column).toBeGreaterThanOrEqual(1);
      expect(p.file).toBe('e.txt');
    }
  };

  it(`${RUNS.toLocaleString('en')} random texts and byte strings read or fail with a file, line and column`, () => {
    const text = fc.oneof(
      fc.string({
        unit: fc.constantFrom('a', 'B', '1', '2.5', ',', ';', '\t', ' ', '"', '#', '\n', '\r\n', '\uFEFF', '-', 'e'),
        maxLength: 80,
      }),
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.uint8Array({ maxLength: 80 }).map((b) => new TextDecoder().decode(b)),
    );
    fc.assert(
      fc.property(text, fc.boolean(), (t, nodes) => {
        try {
          importConnectome('e.txt', t, nodes ? { file: 'e.txt', text: t } : undefined);
        } catch (e) {
          named(e);
        }
      }),
      { numRuns: RUNS, seed: 16_002 },
    );
  });

  it(`${RUNS.toLocaleString('en')} valid files with one corrupted character fail with a file, line and column, or read`, () => {
    fc.assert(
      fc.property(edgeList, dialect, fc.nat(), fc.constantFrom('"', '\u0000', ',', ';', 'x', '', '\n'), (edges, d, at, ch) => {
        const t = write(edges, d);
        const k = at % t.length;
        try {
          importConnectome('e.txt', t.slice(0, k) + ch + t.slice(k + 1));
        } catch (e) {
          named(e);
        }
      }),
      { numRuns: RUNS, seed: 16_003 },
    );
  });
});
