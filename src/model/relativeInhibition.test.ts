import { describe, expect, it } from 'vitest';
import { example } from '../examples';
import { parseModel } from './schema';
import { inhibitoryWeightsFor, relativeInhibition } from './relativeInhibition';

describe('relative inhibition g', () => {
  it("reads Brunel's g = 5, CUBA's 0.45/0.081 and COBA's 67/6", () => {
    expect(relativeInhibition(parseModel(example('brunel-ai')))!.g).toBeCloseTo(5, 12);
    expect(relativeInhibition(parseModel(example('cuba')))!.g).toBeCloseTo(0.45 / 0.081, 12);
    expect(relativeInhibition(parseModel(example('coba')))!.g).toBeCloseTo(67 / 6, 12);
  });

  it('sets every inhibitory weight to g times the excitatory one onto its target, keeping its sign', () => {
    const m = parseModel(example('cuba'));
    const r = relativeInhibition(m)!;
    const w = inhibitoryWeightsFor(r, 8);
    expect(w.map((x) => m.projections[x.projection].name).sort()).toEqual(['IE', 'II']);
    for (const x of w) expect(x.weight).toBeCloseTo(-8 * 0.081, 12);
    expect(() => inhibitoryWeightsFor(r, -1)).toThrow('expected a number ≥ 0, got -1');
    expect(() => inhibitoryWeightsFor(r, NaN)).toThrow('relative inhibition g');
  });

  it('is undefined without one g: no inhibition, drawn weights, or two different ratios', () => {
    expect(relativeInhibition(parseModel(example('single-neuron')))).toBeNull();
    expect(relativeInhibition(parseModel(example('microcircuit')))).toBeNull(); // normal weights
    const m = parseModel(example('cuba'));
    m.projections.find((p) => p.name === 'II')!.weight = -0.9;
    expect(relativeInhibition(m)).toBeNull();
  });
});
