import { describe, expect, it } from 'vitest';
import { example } from '../examples';
import { MAX_SHARE_LINK_CHARS, modelFromHash, shareLink, ShareLinkError } from './shareLink';

describe('share links', () => {
  it('round-trips an edited model through the hash, and names an unchanged example briefly', () => {
    const model = example('cuba') as { projections: { weight: unknown }[] };
    model.projections[0].weight = 0.0931;
    const link = shareLink('https://luciole.test/', model);
    expect(link.ok).toBe(true);
    if (!link.ok) return;
    expect(link.url.length).toBe(link.chars);
    expect(link.chars).toBeLessThan(3000);
    expect(modelFromHash(new URL(link.url).hash)).toEqual(model);
    expect(shareLink('https://luciole.test/', model, 'model=cuba')).toEqual({
      ok: true,
      url: 'https://luciole.test/?model=cuba',
      chars: 32,
    });
  });

  it('refuses a model too large for a link, with its length', () => {
    const big = { connections: Array.from({ length: 40_000 }, (_, k) => [k, (k * 7919) % 40_000, (k % 97) / 97]) };
    const link = shareLink('https://luciole.test/', big);
    expect(link.ok).toBe(false);
    expect(link.chars).toBeGreaterThan(MAX_SHARE_LINK_CHARS);
    if (!link.ok) expect(link.reason).toMatch(/^this model is [\d,]+ characters as a link, more than 16,000; save it as a JSON file/);
  });

  it('names what is wrong with a damaged link', () => {
    expect(modelFromHash('#other')).toBeNull();
    expect(() => modelFromHash('#model=ab$c')).toThrow(new ShareLinkError('the link\'s model is not base64url: character 3 is "$"'));
    const link = shareLink('https://x/', { a: 1 });
    if (!link.ok) throw new Error('unexpected');
    const cut = new URL(link.url).hash.slice(0, -4);
    expect(() => modelFromHash(cut)).toThrow(ShareLinkError);
  });
});
