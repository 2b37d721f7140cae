// Fuzzing the connectome reader (issue 16): random edge lists written in random dialects must be
// read back exactly, and random bytes must either read or fail with a TableFormatError that
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

function write(edges: Edge[], d: Dialect): string {
  const whitespace = d.delimiter.trim() === '';
  const q = (text: string, isName: boolean) => (!whitespace && (d.quote === 'all' || (isName && d.quote === 'names')) ? `"${text}"` : text);
  const pad = (f: string) => (d.padding && !whitespace && d.delimiter !== '\t' ? ` ${f} ` : f);
  const row = (fields: [string, boolean][]) => fields.map(([f, isName]) => pad(q(f, isName))).join(d.delimiter);
  const lines: string[] = [];
  if (d.header) lines.push(row(['pre', 'post', 'synapses', 'type'].map((h) => [h, true])));
  for (const e of edges)
    lines.push(
      row([
        [e.pre, true],
        [e.post, true],
        [String(e.count), false],
        [e.type, true],
      ]),
    );
  for (const at of d.comments) lines.splice(at % (lines.length + 1), 0, `# a comment, with; delimiters\t"and quotes`);
  return (d.bom ? '\uFEFF' : '') + lines.join(d.newline) + d.newline.repeat(1 + d.trailingBlank);
}

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
