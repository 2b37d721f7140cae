import { describe, expect, it } from 'vitest';
import { extractMaths } from './lessonText';

describe('lesson maths', () => {
  it('takes out display and inline maths in order, leaving placeholders marked cannot touch', () => {
    const { text, maths } = extractMaths('A $\\tau_m$ and\n\n$$ f(I) = \\frac{1}{T} $$\n\nthen $x_1$.');
    expect(maths).toEqual([
      { tex: '\\tau_m', display: false },
      { tex: 'f(I) = \\frac{1}{T}', display: true },
      { tex: 'x_1', display: false },
    ]);
    expect(text).toBe('A LUCIOLEMATH0END and\n\nLUCIOLEMATH1END\n\nthen LUCIOLEMATH2END.');
  });
});
