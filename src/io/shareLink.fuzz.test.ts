// Fuzzing share links (issue 16): any JSON value survives a link and back; a cut, altered or
// random hash gives null, a value for the model validator, or a ShareLinkError — nothing else.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { modelFromHash, shareLink, ShareLinkError } from './shareLink';

const RUNS = 10_000;
const BASE = 'https://example.org/luciole/';

describe('share links, fuzzed (fast-check)', () => {
  it(`${RUNS.toLocaleString('en')} random JSON values survive a link and back`, () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const link = shareLink(BASE, value);
        if (!link.ok) return expect(link.chars).toBeGreaterThan(16_000);
        const hash = link.url.slice(link.url.indexOf('#'));
        // JSON itself turns -0 into 0
        expect(modelFromHash(hash)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: RUNS, seed: 16_201 },
    );
  });

  it(`${RUNS.toLocaleString('en')} cut, altered and random hashes give null, a value or a ShareLinkError`, () => {
    const hash = fc.oneof(
      fc
        .tuple(fc.jsonValue({ maxDepth: 4 }), fc.nat(), fc.nat(3), fc.constantFrom('', 'A', '_', '-', '=', '%', '+', '/', ' ', 'é'))
        .map(([value, at, cut, ch]) => {
          const link = shareLink(BASE, value);
          const h = link.ok ? link.url.slice(link.url.indexOf('#')) : '#model=';
          const k = 7 + (at % Math.max(1, h.length - 7));
          return h.slice(0, k) + ch + h.slice(k + cut);
        }),
      fc.string({ maxLength: 60 }).map((s) => `#model=${s}`),
      fc.string({ unit: fc.constantFrom('A', 'z', '0', '_', '-'), maxLength: 60 }).map((s) => `#model=${s}`),
      fc.string({ maxLength: 30 }),
    );
    fc.assert(
      fc.property(hash, (h) => {
        try {
          const v = modelFromHash(h);
          if (!h.startsWith('#model=')) expect(v).toBeNull();
        } catch (e) {
          expect(e).toBeInstanceOf(ShareLinkError);
          expect((e as Error).message).toMatch(/^the link's model /);
        }
      }),
      { numRuns: RUNS, seed: 16_202 },
    );
  });
});
