import { describe, expect, it } from 'vitest';
import { describeChange, modelChanges } from './modelChanges';
import { example } from '../examples';

describe('model changes', () => {
  it('an unchanged model has none, whatever its description says', () => {
    const m = example('cuba');
    expect(modelChanges(m, structuredClone({ ...m, description: 'other words' }))).toEqual([]);
  });

  it('names list items by their name, reports numbers, additions and removals', () => {
    const before = example('brunel-ai');
    const after = structuredClone(before);
    const ie = after.projections!.find((p) => p.name === 'IE')!;
    const old = ie.weight;
    ie.weight = -0.9;
    after.populations![0].params = { ...after.populations![0].params, tau_m: 10 };
    after.stimuli = [];
    const lines = modelChanges(before, after).map(describeChange);
    expect(lines).toContain(`projections[IE].weight: ${old} → -0.9`);
    expect(lines).toContain('populations[E].params.tau_m: 20 → 10');
    expect(lines.some((l) => l.startsWith('stimuli[0]') && l.includes('removed'))).toBe(true);
  });

  it('a reordered list of named items is no change', () => {
    const before = example('cuba');
    const after = structuredClone(before);
    after.projections!.reverse();
    expect(modelChanges(before, after)).toEqual([]);
  });

  it('stops at the limit', () => {
    const a = { xs: Array.from({ length: 50 }, (_, k) => ({ v: k })) };
    const b = { xs: a.xs.map((x) => ({ v: x.v + 1 })) };
    expect(modelChanges(a, b, 5)).toHaveLength(5);
  });
});
