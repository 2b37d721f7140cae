import { describe, expect, it } from 'vitest';
import type { Connector } from '../model/schema';
import { connect } from './connectivity';
import { CounterRng } from '../random/threefry';

const pairs = (c: Connector, nPre: number, nPost: number, same = false, seed = 1) => {
  const r = connect(c, nPre, nPost, same, new CounterRng(seed, 0x100));
  return { pre: Array.from(r.pre.view()), post: Array.from(r.post.view()) };
};

describe('connectors', () => {
  it('allToAll with and without self connections', () => {
    expect(pairs({ type: 'allToAll' }, 4, 3).pre.length).toBe(12);
    const p = pairs({ type: 'allToAll', allowSelfConnections: false }, 5, 5, true);
    expect(p.pre.length).toBe(20);
    expect(p.pre.some((i, k) => i === p.post[k])).toBe(false);
  });

  it('oneToOne', () => {
    expect(pairs({ type: 'oneToOne' }, 3, 3)).toEqual({ pre: [0, 1, 2], post: [0, 1, 2] });
  });

  it('fixedProbability draws p·N² synapses within 4 standard deviations, uniformly over targets', () => {
    const n = 1000;
    const p = 0.02;
    const r = pairs({ type: 'fixedProbability', p }, n, n);
    const mean = p * n * n;
    expect(Math.abs(r.pre.length - mean)).toBeLessThan(4 * Math.sqrt(mean * (1 - p)));
    const lowHalf = r.post.filter((j) => j < n / 2).length;
    expect(Math.abs(lowHalf - r.pre.length / 2)).toBeLessThan(4 * Math.sqrt(r.pre.length / 4));
    expect(pairs({ type: 'fixedProbability', p: 1 }, 7, 9).pre.length).toBe(63);
    expect(pairs({ type: 'fixedProbability', p: 0 }, 7, 9).pre.length).toBe(0);
  });

  it('fixedInDegree gives every target exactly n distinct sources and excludes self when asked', () => {
    const r = pairs({ type: 'fixedInDegree', n: 30, allowSelfConnections: false }, 100, 100, true);
    const byPost = new Map<number, number[]>();
    r.post.forEach((j, k) => byPost.set(j, [...(byPost.get(j) ?? []), r.pre[k]]));
    expect(byPost.size).toBe(100);
    for (const [j, sources] of byPost) {
      expect(sources.length).toBe(30);
      expect(new Set(sources).size).toBe(30);
      expect(sources).not.toContain(j);
    }
  });

  it('fixedTotalNumber gives exactly n synapses, distinct without replacement', () => {
    expect(pairs({ type: 'fixedTotalNumber', n: 500 }, 40, 40).pre.length).toBe(500);
    const r = pairs({ type: 'fixedTotalNumber', n: 300, withReplacement: false }, 20, 20);
    expect(new Set(r.pre.map((i, k) => i * 20 + r.post[k])).size).toBe(300);
  });

  it('fromList keeps the list', () => {
    expect(
      pairs(
        {
          type: 'fromList',
          connections: [
            [0, 1],
            [2, 0, 0.5, 1],
          ],
        },
        3,
        3,
      ),
    ).toEqual({ pre: [0, 2], post: [1, 0] });
  });

  it('is a pure function of the seed', () => {
    const c: Connector = { type: 'fixedProbability', p: 0.1 };
    expect(pairs(c, 50, 50, false, 3)).toEqual(pairs(c, 50, 50, false, 3));
    expect(pairs(c, 50, 50, false, 3)).not.toEqual(pairs(c, 50, 50, false, 4));
  });
});
