import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '.';
import { CONNECTOME_EXAMPLES } from './connectomes';
import { EXAMPLE_MENU } from './titles';

describe('example menu', () => {
  it('names every bundled example exactly once, and nothing else', () => {
    const listed = EXAMPLE_MENU.flatMap((g) => Object.keys(g.items));
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed.sort()).toEqual([...Object.keys(EXAMPLES), ...Object.keys(CONNECTOME_EXAMPLES)].sort());
  });
});
