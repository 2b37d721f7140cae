import { describe, expect, it } from 'vitest';
import { RasterRows, namesFromModel, neuronIdentity, populationOf } from './rasterRows';

const brunel = [
  { name: 'E', start: 0, size: 10000 },
  { name: 'I', start: 10000, size: 2500 },
];

describe('raster rows', () => {
  it('shows every neuron at its own index when no subset is chosen', () => {
    const rows = new RasterRows(brunel, 12500, null);
    expect(rows.numRows).toBe(12500);
    expect(rows.rowOf(10234, 1)).toBe(10234);
    expect(rows.neuronOf(10234)).toBe(10234);
    expect(rows.band(1)).toEqual({ first: 10000, count: 2500 });
  });

  it("with a subset, rows hold each population's first K in population order", () => {
    const rows = new RasterRows(brunel, 12500, 100);
    expect(rows.numRows).toBe(200);
    expect(rows.rowOf(0, 0)).toBe(0);
    expect(rows.rowOf(99, 0)).toBe(99);
    expect(rows.rowOf(100, 0)).toBe(-1); // E's 101st neuron is not shown
    expect(rows.rowOf(10000, 1)).toBe(100); // I's first
    expect(rows.rowOf(10099, 1)).toBe(199);
    expect(rows.rowOf(10100, 1)).toBe(-1);
    for (let r = 0; r < rows.numRows; r++) {
      const i = rows.neuronOf(r);
      expect(rows.rowOf(i, populationOf(brunel, i))).toBe(r); // row → neuron → row
    }
    expect(rows.neuronOf(150)).toBe(10050);
    expect(rows.neuronOf(200)).toBe(-1);
    expect(rows.populationOfRow(99)).toBe(0);
    expect(rows.populationOfRow(100)).toBe(1);
    expect(rows.band(1)).toEqual({ first: 100, count: 100 });
  });

  it('a population smaller than K is shown whole', () => {
    const pops = [
      { name: 'big', start: 0, size: 1000 },
      { name: 'small', start: 1000, size: 30 },
      { name: 'last', start: 1030, size: 800 },
    ];
    const rows = new RasterRows(pops, 1830, 500);
    expect(rows.numRows).toBe(500 + 30 + 500);
    expect(rows.band(1)).toEqual({ first: 500, count: 30 });
    expect(rows.rowOf(1029, 1)).toBe(529);
    expect(rows.rowOf(1030, 2)).toBe(530);
    expect(rows.neuronOf(1029)).toBe(1030 + 499);
  });

  it('names a neuron by population, local index and its name where the data has one', () => {
    expect(populationOf(brunel, 9999)).toBe(0);
    expect(populationOf(brunel, 10000)).toBe(1);
    expect(populationOf(brunel, 12500)).toBe(-1);
    expect(neuronIdentity(brunel, 10234)).toEqual({ index: 10234, population: 'I', local: 234 });
    expect(neuronIdentity(brunel, 12500)).toBeNull();
    const worm = [{ name: 'celegans', start: 0, size: 3 }];
    const names = namesFromModel(worm, [{ name: 'celegans', neuronInfo: { names: ['ADAL', 'ALML', ''] } }]);
    expect(neuronIdentity(worm, 1, names)).toEqual({ index: 1, population: 'celegans', local: 1, name: 'ALML' });
    expect(neuronIdentity(worm, 2, names)).toEqual({ index: 2, population: 'celegans', local: 2 }); // an empty name is none
    expect(namesFromModel(brunel, [{ name: 'E' }, { name: 'I' }])).toBeUndefined();
  });
});
