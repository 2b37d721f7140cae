import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TableFormatError } from './delimitedTable';
import { connectomeSummary, importConnectome } from './importConnectome';

const data = (p: string) => readFileSync(new URL(`../../../public/data/${p}`, import.meta.url), 'utf8');

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TableFormatError);
    return (e as Error).message;
  }
  throw new Error('expected a TableFormatError');
}

describe('connectome import: the bundled files', () => {
  it('C. elegans: 303 neurons with soma positions, 4,712 chemical and electrical edges', () => {
    const c = importConnectome('celegans/edges.csv', data('celegans/edges.csv'), {
      file: 'celegans/neurons.csv',
      text: data('celegans/neurons.csv'),
    });
    const s = connectomeSummary(c);
    expect(s.neurons).toBe(303);
    expect(s.edges).toBe(4712);
    expect(s.types).toEqual({ chemical: { edges: 3004, weight: 17481 }, electrical: { edges: 1708, weight: 6794 } });
    expect(s.selfLoops).toBe(42);
    expect(s.edgesWithMissingEnds.count).toBe(0);
    expect(c.nodes.every((n) => n.position !== null)).toBe(true);
    const adal = c.nodes.find((n) => n.id === 'ADAL')!;
    expect(adal).toMatchObject({ position: [8.65, -239.25, 31.05], cellType: 'interneuron', transmitter: 'Glutamate' });
    expect(c.nodes.filter((n) => n.transmitter.includes('GABA')).length).toBeGreaterThan(10);
  });

  it('Drosophila larva: 2,952 neurons, 116,922 edges of four types (63,545 axo-dendritic)', () => {
    const c = importConnectome('larva/edges.csv', data('larva/edges.csv'), { file: 'larva/neurons.csv', text: data('larva/neurons.csv') });
    const s = connectomeSummary(c);
    expect(s.neurons).toBe(2952);
    expect(s.edges).toBe(116_922);
    expect(Object.keys(s.types).sort()).toEqual(['aa', 'ad', 'da', 'dd']);
    expect(s.types.ad).toEqual({ edges: 63_545, weight: 234_958 });
    expect(s.edgesWithMissingEnds.count).toBe(0);
    const n = c.nodes.find((x) => x.id === '9469519')!;
    expect(n).toMatchObject({ hemisphere: 'R', cellType: 'MBON', annotations: { annotation: 'MBON-b2', pair_skeleton_id: '16782830' } });
    expect(c.nodes.filter((x) => x.cellType === 'sensory' && x.annotations.annotation === 'olfactory').length).toBeGreaterThan(20);
  });
});

describe('connectome import: other layouts', () => {
  it('reads tab- and whitespace-separated lists without a header, adds repeated edges, and reports unknown ends', () => {
    const c = importConnectome('e.tsv', 'a\tb\t2\nb\tc\t1\na\tb\t3\n', {
      file: 'n.csv',
      text: 'id,cell_type,colour\na,sensory,red\nb,inter,\nz,motor,blue\n',
    });
    const s = connectomeSummary(c);
    expect(s.edges).toBe(2);
    expect(s.repeatedRowsMerged).toBe(1);
    expect(c.weight[0]).toBe(5);
    expect(s.edgesWithMissingEnds).toMatchObject({ count: 1, missingIds: ['c'] });
    expect(s.nodesWithoutEdges.ids).toEqual(['z']);
    expect(c.nodes[0].annotations).toEqual({ colour: 'red' });
    const w = importConnectome('e.txt', '  1   2  0.5\n 2 3 -1.5\n');
    expect(Array.from(w.weight)).toEqual([0.5, -1.5]);
  });

  it('takes columns by name or position', () => {
    const byName = importConnectome('e.csv', 'syn,to,from\n4,x,y\n', undefined, {
      edgeColumns: { pre: 'from', post: 'to', weight: 'syn' },
    });
    expect(byName.nodes.map((n) => n.id)).toEqual(['y', 'x']);
    expect(byName.weight[0]).toBe(4);
    const byPos = importConnectome('e.csv', '9,p,q\n', undefined, { edgeColumns: { pre: 1, post: 2, weight: 0 } });
    expect([byPos.nodes[byPos.pre[0]].id, byPos.nodes[byPos.post[0]].id, byPos.weight[0]]).toEqual(['p', 'q', 9]);
  });
});

describe('connectome import: precise errors', () => {
  it('a wrong column count names the line and column', () => {
    expect(errorOf(() => importConnectome('e.csv', 'pre,post,synapses\na,b,1\nc,d\n'))).toBe(
      'e.csv:3:4: expected 3 columns like line 1, found 2 columns',
    );
  });

  it('a non-numeric weight names the line and column', () => {
    expect(errorOf(() => importConnectome('e.csv', 'pre,post,synapses,type\nADAL,ADAR,3,chemical\nAVAL,AVAR,three,chemical\n'))).toBe(
      'e.csv:3:11: expected a number (weight or synapse count), found "three"',
    );
  });

  it('an unknown delimiter, an empty file and a binary file are refused', () => {
    expect(errorOf(() => importConnectome('e.txt', 'a|b|1\nb|c|2\n'))).toBe(
      'e.txt:1:2: expected columns separated by commas, tabs, semicolons or spaces, found "|" between columns',
    );
    expect(errorOf(() => importConnectome('e.csv', 'a,"b,1\n'))).toBe(
      'e.csv:1:3: expected a closing " on the same line, found a quote that is never closed',
    );
    expect(errorOf(() => importConnectome('e.csv', 'a,"b"x,1\n'))).toBe('e.csv:1:6: expected ",", found "x" after a closing quote');
    expect(errorOf(() => importConnectome('e.csv', '\n\n  \n'))).toBe(
      'e.csv:1:1: expected a header or at least one row, found an empty file',
    );
    expect(errorOf(() => importConnectome('e.bin', 'PK\u0003\u0004\u0000\u0000abc'))).toBe(
      'e.bin:1:5: expected text (CSV, TSV or whitespace-separated columns), found byte 0x00 (a binary file)',
    );
  });

  it('lists every bad row; skipping them keeps the rest and summarises what was left out', () => {
    const text = 'pre,post,synapses\na,b,1\nc,d\ne,f,x\ng,h,2\n';
    expect(errorOf(() => importConnectome('e.csv', text)).split('\n')).toEqual([
      'e.csv:3:4: expected 3 columns like line 1, found 2 columns',
    ]);
    const c = importConnectome('e.csv', text, undefined, { skipInvalidRows: true });
    expect(c.pre.length).toBe(2);
    expect(connectomeSummary(c).skippedRows).toEqual({
      count: 2,
      first: [
        'e.csv:3:4: expected 3 columns like line 1, found 2 columns',
        'e.csv:4:5: expected a number (weight or synapse count), found "x"',
      ],
    });
  });

  it('a node table with both a name and an id column takes the id as the id, wherever the columns stand', () => {
    for (const text of ['name,id,class\nAVAL,17,inter\nAVAR,18,inter\n', 'name,neuron,class\nAVAL,17,inter\nAVAR,18,inter\n']) {
      const c = importConnectome('e.csv', 'pre,post\n17,18\n', { file: 'n.csv', text });
      expect(c.nodes.map((n) => [n.id, n.name, n.cellType])).toEqual([
        ['17', 'AVAL', 'inter'],
        ['18', 'AVAR', 'inter'],
      ]);
      expect(c.missingFromNodeTable).toEqual([]);
    }
  });

  it('a node table without an id column, or with a repeated id, is refused', () => {
    expect(errorOf(() => importConnectome('e.csv', 'a,b,1\n', { file: 'n.csv', text: 'x_um,y_um,z_um\n1,2,3\n' }))).toContain(
      'expected an id column',
    );
    expect(errorOf(() => importConnectome('e.csv', 'a,b,1\n', { file: 'n.csv', text: 'name,types\na,x\na,y\n' }))).toBe(
      'n.csv:3:1: expected a unique node id, found "a" again',
    );
  });
});
