import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { categoryColour, populationColour } from './colours';
import { CELL_TYPE_WORDS, QUIET_GREY, cellTypeColours, explainCellType, networkLegend } from './networkLegend';

/** The cell-type column of a bundled connectome's neuron table (no quoted commas in these files). */
function cellTypesOf(file: string, column: string): string[] {
  const [header, ...lines] = readFileSync(new URL(`../../public/data/${file}`, import.meta.url), 'utf8')
    .trim()
    .split('\n');
  const k = header.split(',').indexOf(column);
  return lines.map((l) => l.split(',')[k] ?? '');
}

describe('3D view legend', () => {
  it('spells out the abbreviations, and combinations of known types', () => {
    expect(explainCellType('LN')).toMatch(/^local neuron/);
    expect(explainCellType('PN')).toMatch(/^projection neuron/);
    expect(explainCellType('KC')).toMatch(/^Kenyon cell/);
    expect(explainCellType('MBON')).toBe('mushroom-body output neuron');
    expect(explainCellType('DN-VNC')).toBe('descending neuron to the ventral nerve cord');
    expect(explainCellType('interneuron;motor')).toBe('interneuron and motor neuron');
    expect(explainCellType('interneuron;motor;sensory')).toBe('interneuron, motor neuron and sensory neuron');
    expect(explainCellType('Sensory')).toBe('sensory neuron'); // any case
    expect(explainCellType('')).toBe('no cell type in the data');
    expect(explainCellType('XYZ')).toBeUndefined();
    expect(explainCellType('motor;XYZ')).toBeUndefined();
  });

  it('explains every cell type of the bundled connectomes', () => {
    const types = new Set([...cellTypesOf('celegans/neurons.csv', 'types'), ...cellTypesOf('larva/neurons.csv', 'celltype')]);
    expect(types.size).toBeGreaterThan(20);
    for (const t of types) expect(explainCellType(t), t).toBeDefined();
  });

  it('lists each cell type once, in the colour the view draws it, most neurons first', () => {
    const types = ['motor', 'sensory', 'motor', '', 'interneuron;motor', 'motor'];
    const legend = networkLegend([{ name: 'worm', index: 0, size: 6 }], types, 'type', 30);
    expect(legend.entries.map((e) => [e.label, e.count])).toEqual([
      ['motor', 3],
      ['(no type)', 1],
      ['interneuron;motor', 1],
      ['sensory', 1],
    ]);
    // sorted types: '', 'interneuron;motor', 'motor', 'sensory' → colour index 0, 1, 2, 3
    expect(legend.entries[0].colour).toEqual(categoryColour('motor', 2));
    expect(legend.entries[1].colour).toEqual([140, 140, 140]);
    expect(cellTypeColours(types).get('sensory')).toEqual(categoryColour('sensory', 3));
    expect(legend.entries[2].words).toBe('interneuron and motor neuron');
    expect(legend.title).toBe('Colours: cell type');
    expect(legend.more).toBe(0);
  });

  it('lists populations by their colours without cell types; in activity mode grey is quiet', () => {
    const pops = [
      { name: 'E', index: 0, size: 10000 },
      { name: 'I', index: 1, size: 2500 },
    ];
    const legend = networkLegend(pops, undefined, 'type', 30);
    expect(legend.entries).toEqual([
      { label: 'E', colour: populationColour(0), count: 10000 },
      { label: 'I', colour: populationColour(1), count: 2500 },
    ]);
    const activity = networkLegend(pops, undefined, 'activity', 30);
    expect(activity.entries[0]).toMatchObject({ label: 'quiet', colour: QUIET_GREY });
    expect(activity.note).toContain('grey = quiet');
    expect(activity.note).toContain('30 ms');
    expect(activity.entries.slice(1)).toEqual(legend.entries);
  });

  it('keeps the legend short: at most maxEntries types, and says how many more', () => {
    const types = Array.from({ length: 30 }, (_, k) => `t${k}`);
    const legend = networkLegend([{ name: 'x', index: 0, size: 30 }], types, 'type', 30, 24);
    expect(legend.entries).toHaveLength(24);
    expect(legend.more).toBe(6);
    expect(Object.keys(CELL_TYPE_WORDS)).toContain('MBIN');
  });
});
