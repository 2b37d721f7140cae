import { describe, expect, it } from 'vitest';
import { weightHistogram, weightMatrix } from './weightData';

describe('weight view data', () => {
  it('bins weights over the bounds, the upper bound in the last bin', () => {
    expect(Array.from(weightHistogram([0, 0.05, 0.1, 0.55, 1, 1.2, -0.1], 0, 1, 10))).toEqual([3, 1, 0, 0, 0, 1, 0, 0, 0, 2]);
  });
  it('lays the matrix out [post][pre] relative to w_max, NaN where there is no synapse, repeated pairs adding', () => {
    const m = weightMatrix({
      preSize: 3,
      postSize: 2,
      pre: Uint32Array.from([0, 2, 2]),
      post: Uint32Array.from([1, 0, 0]),
      weights: Float32Array.from([0.5, 0.25, 0.25]),
      wMax: 1,
    });
    expect(Array.from(m)).toEqual([NaN, NaN, 0.5, 0.5, NaN, NaN]);
  });
});
