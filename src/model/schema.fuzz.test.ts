// Fuzzing model files (issue 16): every bundled example, a plastic network with a rule of its own
// and a network of a cell type of its own, mutated at random (wrong types, missing fields, huge
// numbers, NaN, deep nesting, unknown fields, corrupted code, corrupted JSON text). parseModel
// must accept a mutant or throw a ModelValidationError whose every issue names a field path —
// never another exception.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../examples';
import { cellTypeNetwork, plasticNetwork, QIF_CELL_TYPE } from '../engine/testModels';
import { buildNetwork, expectedSynapses, NetworkTooLargeError } from '../network/network';
import { MAX_MODEL_NESTING, ModelValidationError, parseModel, readModelJson, type Model } from './schema';

const RUNS = 10_000;
const SEEDS: { name: string; model: unknown }[] = [
  ...Object.entries(EXAMPLES).map(([name, model]) => ({ name, model })),
  { name: 'plastic-network', model: plasticNetwork(1) },
  { name: 'qif-network', model: cellTypeNetwork('QIF', 'current', 1, { initialV: [-70, -50], cellTypes: { QIF: QIF_CELL_TYPE }, n: 40 }) },
];
// As text once here, so that each case clones a small JSON tree. stdp-selectivity (1 MB of spike
// times, 42 ms a parse) is left out: its arrays are the spike-source arrays other seeds have too.
const SEED_JSON = SEEDS.map((s) => JSON.stringify(s.model));
for (let k = SEEDS.length - 1; k >= 0; k--)
  if (SEED_JSON[k].length > 50_000) {
    SEEDS.splice(k, 1);
    SEED_JSON.splice(k, 1);
  }

type Json = unknown;
type PathPart = string | number;

/** Every path into a JSON tree down to 12 levels (deeper than any model), the root included. */
function paths(v: Json, at: PathPart[] = [], out: PathPart[][] = []): PathPart[][] {
  out.push(at);
  if (at.length >= 12) return out;
  if (Array.isArray(v)) v.slice(0, 64).forEach((x, k) => paths(x, [...at, k], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

const deep = (depth: number, array: boolean): Json => {
  let v: Json = 1;
  for (let k = 0; k < depth; k++) v = array ? [v] : { a: v };
  return v;
};

const CODE_NOISE = [
  '(',
  ')',
  '{',
  '}',
  '+',
  '*',
  '/',
  '=',
  '==',
  '&&',
  '!',
  'if',
  'else',
  'let',
  'exp(',
  ',',
  '\n',
  '1e999',
  'NaN',
  'v',
  'w',
  '@',
  '"',
  ';',
  '.',
];

const mutation = fc.oneof(
  fc.constant({ kind: 'delete' as const }),
  fc
    .constantFrom('x', '', 42, -1, 0, true, null, [], {}, 1e308, -1e308, 2 ** 53 + 1, 1e-320)
    .map((value) => ({ kind: 'set' as const, value })),
  fc.constantFrom(Number.NaN, Infinity, -Infinity).map((value) => ({ kind: 'set' as const, value })),
  fc.tuple(fc.integer({ min: 1, max: 2000 }), fc.boolean()).map(([d, array]) => ({ kind: 'set' as const, value: deep(d, array) })),
  fc.constantFrom('zz_unknown', '__proto__', 'constructor', 'toString').map((key) => ({ kind: 'add-field' as const, key })),
  fc.double({ noNaN: false }).map((value) => ({ kind: 'set' as const, value })),
  fc.tuple(fc.nat(), fc.constantFrom(...CODE_NOISE)).map(([at, text]) => ({ kind: 'corrupt-string' as const, at, text })),
  fc.constant({ kind: 'negate' as const }),
  fc.constant({ kind: 'duplicate-element' as const }),
);

function mutate(root: Json, path: PathPart[], m: Mutation): Json {
  if (path.length === 0) return m.kind === 'set' ? m.value : root;
  let parent = root as Record<PathPart, Json>;
  for (const p of path.slice(0, -1)) parent = parent[p] as Record<PathPart, Json>;
  const key = path[path.length - 1];
  const old = parent[key];
  switch (m.kind) {
    case 'delete':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
      break;
    case 'set':
      parent[key] = m.value;
      break;
    case 'add-field':
      if (old && typeof old === 'object' && !Array.isArray(old))
        Object.defineProperty(old, m.key, { value: 1, enumerable: true, writable: true, configurable: true });
      break;
    case 'corrupt-string':
      if (typeof old === 'string') parent[key] = old.slice(0, m.at % (old.length + 1)) + m.text + old.slice(m.at % (old.length + 1));
      break;
    case 'negate':
      if (typeof old === 'number') parent[key] = -old;
      break;
    case 'duplicate-element':
      if (Array.isArray(old) && old.length) old.push(structuredClone(old[0]));
      break;
  }
  return root;
}
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function expectNamedRejection(e: unknown, what: string): void {
  if (!(e instanceof ModelValidationError))
    throw new Error(`${what}: expected a ModelValidationError, got ${(e as Error)?.stack ?? String(e)}`);
  expect(e.issues.length, what).toBeGreaterThan(0);
  for (const i of e.issues) {
    expect(i.path, what).toMatch(/\S/);
    expect(i.message, what).toMatch(/\S/);
  }
}

describe('model files, fuzzed (fast-check)', () => {
  it(`${RUNS.toLocaleString('en')} mutated models are accepted or rejected with a field path`, () => {
    let rejected = 0;
    let built = 0;
    fc.assert(
      fc.property(fc.nat(SEEDS.length - 1), fc.array(fc.tuple(fc.nat(), mutation), { minLength: 1, maxLength: 3 }), (s, ops) => {
        let model: Json = JSON.parse(SEED_JSON[s]);
        for (const [pick, m] of ops) {
          const all = paths(model);
          model = mutate(model, all[pick % all.length], m);
        }
        let parsed: Model;
        try {
          parsed = parseModel(model);
        } catch (e) {
          rejected++;
          expectNamedRejection(e, `${SEEDS[s].name} after ${JSON.stringify(ops).slice(0, 300)}`);
          return;
        }
        // An accepted small model builds, or is refused as too large: nothing else may throw.
        const neurons = parsed.populations.reduce((n, p) => n + p.size, 0);
        if (neurons <= 5_000 && expectedSynapses(parsed) <= 50_000) {
          try {
            buildNetwork(parsed);
            built++;
          } catch (e) {
            if (!(e instanceof NetworkTooLargeError)) throw e;
          }
        }
      }),
      { numRuns: RUNS, seed: 16_101 },
    );
    // The mutations must mostly break something, or this would test nothing.
    expect(rejected).toBeGreaterThan(RUNS / 2);
    expect(built).toBeGreaterThan(RUNS / 20);
  });

  it(`${RUNS.toLocaleString('en')} corrupted JSON texts fail with a line and column, or parse`, () => {
    fc.assert(
      fc.property(
        fc.nat(SEEDS.length - 1),
        fc.nat(),
        fc.nat(8),
        fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '', 'x', '\u0000', '\n', 'NaN', '1e', '-', '\\'),
        (s, at, cut, ch) => {
          const text = SEED_JSON[s];
          const k = at % text.length;
          const bad = text.slice(0, k) + ch + text.slice(k + 1 + cut);
          try {
            parseModel(readModelJson(bad));
          } catch (e) {
            expectNamedRejection(e, bad.slice(Math.max(0, k - 20), k + 20));
            const i = (e as ModelValidationError).issues[0];
            if (i.path === '(json)') expect(i.message).toMatch(/^invalid JSON at line \d+, column \d+: /);
          }
        },
      ),
      { numRuns: RUNS, seed: 16_102 },
    );
  });

  it('nesting deeper than any model is refused by its depth, not by a stack overflow', () => {
    for (const array of [true, false]) {
      let error: unknown = null;
      try {
        parseModel({ format: 'luciole-model', version: 1, populations: deep(20_000, array) });
      } catch (e) {
        error = e;
      }
      expectNamedRejection(error, 'deep');
      expect((error as ModelValidationError).issues[0].message).toBe(`expected at most ${MAX_MODEL_NESTING} levels of nesting, got more`);
    }
  });

  it('a truncated file names where it ends', () => {
    const text = SEED_JSON[0];
    for (const n of [0, 1, 10, text.length >> 1, text.length - 1]) {
      let error: unknown = null;
      try {
        readModelJson(text.slice(0, n));
      } catch (e) {
        error = e;
      }
      expectNamedRejection(error, `first ${n} characters`);
      expect((error as ModelValidationError).issues[0].message).toMatch(/^invalid JSON at line 1, column \d+: /);
    }
  });
});
