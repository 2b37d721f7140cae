import { describe, expect, it } from 'vitest';
import { realTimeWords } from './liveStats';

describe('real-time factor in words', () => {
  it('says slower, faster or as fast, with the figure a user can check against a clock', () => {
    expect(realTimeWords(0)).toBe('not running');
    expect(realTimeWords(1.02)).toBe('as fast as real time');
    expect(realTimeWords(0.25)).toBe('4.0× slower than real time: 1 s of simulated time takes 4.0 s');
    expect(realTimeWords(0.02)).toBe('50× slower than real time: 1 s of simulated time takes 50 s');
    expect(realTimeWords(3)).toBe('3.0× faster than real time: 1 s of wall clock simulates 3000 ms');
  });
});
