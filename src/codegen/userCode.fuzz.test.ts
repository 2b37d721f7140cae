// Fuzzing user cell-type and plasticity code (issue 16), and the code-injection boundary.
// Random token soup (with JavaScript and WGSL injection attempts) is accepted or rejected with
// the code's path, line and column. Whatever is accepted is emitted as nothing but constructs of
// the expression language: no strings, comments, template holes or property access, and every
// identifier either the generator's own or a descriptor name behind its target prefix.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { twinSource } from '../engine/cpu/neuronUpdateTwin';
import { neuronUpdateKernel } from '../engine/webgpu/neuronUpdateKernel';
import { ELIGIBILITY_RULE, QIF_CELL_TYPE } from '../engine/testModels';
import { compileCellType, type CompiledCellType } from '../model/cellTypes/compile';
import { CELL_BUILT_INS, CELL_INPUTS } from '../model/cellTypes/descriptor';
import { FUNCTIONS } from './expressionLanguage';
import { ModelValidationError, parseModel } from '../model/schema';
import { EXAMPLES } from '../examples';

const RUNS = 10_000;
const INJECTIONS = [
  '"',
  "'",
  '`',
  '${',
  '//',
  '/*',
  '*/',
  '\\',
  ';',
  '.',
  'constructor',
  '__proto__',
  'globalThis',
  'alert(1)',
  'ctx',
  'state',
  'fr',
  'Math',
  'eval',
  'Function',
  'this',
  'return',
  'new',
  '=>',
  '}',
  '{',
  'i',
  'n',
  'storageBarrier()',
  '@group(0)',
  'fn',
  'var',
  'loop',
];
const TOKENS = [
  'v',
  'u',
  'i_ext',
  'in_exc',
  'in_inh',
  'dt',
  't',
  'uniform',
  'v_rest',
  'k',
  'tau_m',
  '1',
  '0.5',
  '1e3',
  '-',
  '+',
  '*',
  '/',
  '(',
  ')',
  '=',
  '+=',
  '<',
  '>=',
  '==',
  '&&',
  '||',
  '!',
  'if',
  'else',
  'let',
  'exp(',
  'pow(',
  'clamp(',
  ',',
  '\n',
  ' ',
];

/** Dangerous names that are still identifiers: as locals they must come out prefixed. */
const ODD_NAMES = [
  'constructor',
  'globalThis',
  'ctx',
  'state',
  'fr',
  'Math',
  'eval',
  'Function',
  'i',
  'n',
  'count',
  'guard',
  'fn',
  'var',
  'loop',
  'workgroupBarrier',
  'r',
  'held_v',
];

/** Cell-type names are any non-empty string: some try to end the kernel's comment and start code. */
const cellName = fc.oneof(
  { weight: 3, arbitrary: fc.constant('R') },
  fc
    .array(fc.constantFrom('X', ' ', '\n', '\r', '\u2028', '\u0085', '*/', 'fn evil() {}', '@compute', 'alert(1)', '"'), {
      minLength: 1,
      maxLength: 6,
    })
    .map((t) => t.join('')),
);
const soup = fc.array(fc.constantFrom(...TOKENS, ...INJECTIONS), { minLength: 1, maxLength: 25 }).map((t) => t.join(' '));
const leaf = fc.oneof(
  fc.constantFrom('v', 'i_ext', 'in_exc', 'k', 'dt', 'uniform'),
  fc.double({ min: -100, max: 100, noNaN: true }).map((x) => x.toFixed(2)),
);
const expr = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/'), tie('e')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(fc.constantFrom('exp', 'abs', 'sqrt', 'log'), tie('e')).map(([f, a]) => `${f}(${a})`),
  ),
})).e;
/** Valid code whose locals have the odd names above. */
const validWithOddLocals = fc
  .tuple(fc.uniqueArray(fc.constantFrom(...ODD_NAMES), { minLength: 1, maxLength: 4 }), fc.array(expr, { minLength: 4, maxLength: 4 }))
  .map(([names, es]) => [...names.map((nm, k) => `let ${nm} = ${es[k]}`), `v += dt * (${names.join(' + ')}) * 0.001`].join('\n'));

function cellWith(update: string, threshold = 'v >= v_peak'): NonNullable<(typeof EXAMPLES)['cuba']['cellTypes']>[string] {
  return { ...structuredClone(QIF_CELL_TYPE), update, threshold };
}

function modelWith(cellTypes: Record<string, unknown>, plasticityRules?: Record<string, unknown>, cellName = 'R'): unknown {
  const m = structuredClone(EXAMPLES['cuba']) as Record<string, unknown> & { populations: { cellType: string; params?: unknown }[] };
  m.cellTypes = cellTypes;
  m.populations = m.populations.map((p) => ({ ...p, cellType: cellName, params: undefined }));
  if (plasticityRules) {
    m.plasticityRules = plasticityRules;
    const projections = m.projections as { plasticity?: unknown }[];
    projections[0].plasticity = { type: 'Own' };
  }
  return m;
}

function expectCodePath(e: unknown, what: string): void {
  if (!(e instanceof ModelValidationError)) throw new Error(`${what}: expected a ModelValidationError, got ${(e as Error)?.stack}`);
  for (const i of e.issues)
    expect(i.path, what).toMatch(/^(cellTypes\.|plasticityRules\.Own|projections\[0\]\.plasticity|populations\[\d\])/);
}

// The generated sources' own identifiers (target keywords included), from a QIF whose code reads
// every input, built-in and function of the language.
const everything = [
  ...Object.keys(CELL_INPUTS),
  ...Object.keys(CELL_BUILT_INS),
  ...Object.entries(FUNCTIONS).map(([f, n]) => `${f}(${Array(n).fill('1').join(', ')})`),
];
const base = compileCellType('cellTypes.QIF', {
  name: 'QIF',
  ...QIF_CELL_TYPE,
  update: `let a = ${everything.join(' + ')}\nv += a * 0`,
} as never);
const GENERATOR_TS = new Set(identifiers(stripNumbers(twinSource(base, 0.1, false))));
const GENERATOR_WGSL = new Set(identifiers(stripNumbers(neuronUpdateKernel(base, 0.1, 64, 1))));

/** Without line comments (a user's name may sit in one, made safe by commentText) and number literals. */
function stripNumbers(src: string): string {
  return src.replace(/\/\/[^\n]*/g, '').replace(/\b\d+(\.\d+)?(e[+-]?\d+)?[fui]?\b/gi, '0');
}
function identifiers(src: string): string[] {
  return src.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
}

function expectOnlyLanguageConstructs(cell: CompiledCellType, what: string): void {
  for (const [src, own] of [
    [twinSource(cell, 0.1, false), GENERATOR_TS],
    [neuronUpdateKernel(cell, 0.1, 64, 1), GENERATOR_WGSL],
  ] as const) {
    const body = stripNumbers(src);
    expect(body, what).not.toMatch(/["'`]|\/\/|\/\*|\$\{/);
    for (const id of identifiers(body))
      if (!own.has(id) && !/^(l|k|s|x)_[A-Za-z][A-Za-z0-9_]*$/.test(id))
        throw new Error(`${what}: the generated code has identifier "${id}", not the generator's own nor a prefixed descriptor name`);
  }
}

describe('user code, fuzzed (fast-check)', () => {
  it(`${RUNS.toLocaleString('en')} random cell-type codes are accepted or named by path, line and column`, () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          soup,
          validWithOddLocals,
          expr.map((e) => `v += ${e} * 0.001`),
        ),
        fc.boolean(),
        cellName,
        (code, inThreshold, name) => {
          let model;
          try {
            model = parseModel(modelWith({ [name]: inThreshold ? cellWith(QIF_CELL_TYPE.update, code) : cellWith(code) }, undefined, name));
          } catch (e) {
            expectCodePath(e, code);
            const i = (e as ModelValidationError).issues[0];
            if (/^cellTypes\.R\.(update|threshold):/.test(i.path) && name === 'R') expect(i.path).toMatch(/:\d+:\d+$/);
            return;
          }
          accepted++;
          expectOnlyLanguageConstructs(
            compileCellType(`cellTypes.${name}`, { name, ...model.cellTypes![name] } as never),
            `${JSON.stringify(name)}: ${code}`,
          );
        },
      ),
      { numRuns: RUNS, seed: 16_401 },
    );
    expect(accepted).toBeGreaterThan(RUNS / 10);
  });

  it(`${RUNS.toLocaleString('en')} corrupted plasticity rules are accepted or named by path`, () => {
    const field = fc.constantFrom('onPre', 'onPost', 'perStep');
    fc.assert(
      fc.property(field, fc.nat(), fc.constantFrom(...TOKENS, ...INJECTIONS), (f, at, text) => {
        const rule = structuredClone(ELIGIBILITY_RULE) as unknown as Record<string, string>;
        const old = rule[f];
        rule[f] = old.slice(0, at % (old.length + 1)) + text + old.slice(at % (old.length + 1));
        try {
          parseModel(modelWith({ R: cellWith(QIF_CELL_TYPE.update) }, { Own: rule }));
        } catch (e) {
          expectCodePath(e, `${f}: ${rule[f]}`);
        }
      }),
      { numRuns: RUNS, seed: 16_402 },
    );
  });
});
