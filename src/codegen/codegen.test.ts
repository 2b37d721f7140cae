import { describe, expect, it } from 'vitest';
import { checkCondition, checkStatements, nearestName, type Names } from './checkCode';
import { emitTsCondition, emitTsStatements, emitWgslStatements, wgslF32 } from './emit';
import { CodeError, parseExpression, parseStatements } from './expressionLanguage';

const NAMES: Names = {
  v: 'state variable',
  u: 'state variable',
  v_rest: 'parameter',
  tau_m: 'parameter',
  k: 'parameter',
  p22: 'derived constant',
  i_syn: 'input',
  dt: 'built-in',
};

function errorOf(f: () => void): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CodeError);
    return (e as Error).message;
  }
  throw new Error('no error');
}

const check = (code: string) => checkStatements('cellTypes.QIF.update', parseStatements('cellTypes.QIF.update', code), NAMES);

describe('the expression language: parsing', () => {
  it('parses statements with precedence, blocks, locals and comments into an AST with positions', () => {
    const body = parseStatements(
      'u',
      'let a = 1 + 2 * v  # a comment\nif (a > 3 && !(v < 0)) {\n  v -= a\n} else if (v == 0) { v = -a } else {\n  u *= 2; v = u\n}',
    );
    expect(body.map((s) => s.kind)).toEqual(['let', 'if']);
    const a = body[0];
    expect(a).toMatchObject({
      kind: 'let',
      name: 'a',
      at: { line: 1, column: 5 },
      value: { kind: 'binary', op: '+', right: { kind: 'binary', op: '*' } },
    });
    const branch = body[1];
    expect(branch.kind === 'if' && branch.then[0]).toMatchObject({ kind: 'assign', name: 'v', op: '-=', at: { line: 3, column: 3 } });
    expect(branch.kind === 'if' && branch.otherwise[0].kind).toBe('if'); // else if
  });

  it('names line and column of a syntax error', () => {
    expect(errorOf(() => parseStatements('update', 'v = 1 +'))).toBe('update:1:8: expected a number, a name or "(", found the end');
    expect(errorOf(() => parseStatements('update', 'v = 1\nv = (2 * v'))).toBe('update:2:11: expected ")", found the end');
    expect(errorOf(() => parseStatements('update', 'v == 3'))).toBe(
      'update:1:3: expected "=" (or "+=", "-=", "*=", "/=") after "v", found "=="',
    );
    expect(errorOf(() => parseStatements('update', 'v = 1 @ 2'))).toBe('update:1:7: unexpected "@"');
    expect(errorOf(() => parseStatements('update', 'v = 1 2'))).toBe('update:1:7: expected the end of the statement, found "2"');
    expect(errorOf(() => parseExpression('threshold', 'v_rest < v < 0'))).toBe(
      'threshold:1:12: comparisons do not chain: write a < b && b < c',
    );
    expect(errorOf(() => parseExpression('threshold', 'v >= 1 v'))).toBe('threshold:1:8: unexpected "v" after the expression');
    expect(errorOf(() => parseStatements('update', 'v = 1.5x'))).toBe('update:1:5: malformed number "1.5x"');
  });
});

describe('the expression language: checking', () => {
  it('accepts code that uses its names properly', () => {
    expect(() => check('let d = (v_rest - v) * p22\nif (v > v_rest) { v += d * dt } else { u = clamp(u + i_syn, 0, 1) }')).not.toThrow();
    expect(() => checkCondition('threshold', parseExpression('threshold', 'v >= k || u > 1'), NAMES)).not.toThrow();
  });

  it('names the place of an unknown name and suggests the nearest one', () => {
    expect(errorOf(() => check('v += (v_rest - v) / tua_m'))).toBe('cellTypes.QIF.update:1:21: unknown name "tua_m" (did you mean tau_m?)');
    expect(errorOf(() => check('v = zzz'))).toBe('cellTypes.QIF.update:1:5: unknown name "zzz"');
    expect(errorOf(() => check('v = expp(v)'))).toMatch(/^cellTypes\.QIF\.update:1:5: unknown function "expp" \(did you mean exp\?\)/);
  });

  it('refuses assignments to what is not state, and locals used before they are set or set twice', () => {
    expect(errorOf(() => check('tau_m = 3'))).toBe(
      'cellTypes.QIF.update:1:1: cannot assign to parameter "tau_m": only state variables change',
    );
    expect(errorOf(() => check('i_syn = 0'))).toBe('cellTypes.QIF.update:1:1: cannot assign to input "i_syn": only state variables change');
    expect(errorOf(() => check('v = x + 1\nlet x = 2'))).toBe(
      'cellTypes.QIF.update:1:5: "x" is used before it is set (by "let x" at 2:5), or outside the block that sets it',
    );
    expect(errorOf(() => check('if (v > 0) { let x = 1 }\nv = x'))).toMatch(/^cellTypes\.QIF\.update:2:5: "x" is used before it is set/);
    expect(errorOf(() => check('let x = 1\nlet x = 2'))).toBe(
      'cellTypes.QIF.update:2:5: "x" is already set: a local is set once, by one "let"',
    );
    expect(errorOf(() => check('let x = 1\nx = 2'))).toBe(
      'cellTypes.QIF.update:2:1: cannot assign to "x": a local is set once, by its "let"',
    );
    expect(errorOf(() => check('let v = 1'))).toBe(
      'cellTypes.QIF.update:1:5: "v" is already a state variable: choose another name for the local',
    );
  });

  it('refuses booleans where numbers belong, and the reverse, and wrong argument counts', () => {
    expect(errorOf(() => check('if (v) { v = 0 }'))).toBe(
      'cellTypes.QIF.update:1:5: the condition of "if" must be a boolean, got a number (compare it, e.g. x > 0)',
    );
    expect(errorOf(() => check('v = v > 1'))).toBe(
      'cellTypes.QIF.update:1:7: the value assigned to "v" must be a number, got a boolean (a comparison or a logical operation)',
    );
    expect(errorOf(() => check('v = pow(v)'))).toBe('cellTypes.QIF.update:1:5: pow takes 2 arguments, got 1');
    expect(errorOf(() => check('v = exp'))).toBe('cellTypes.QIF.update:1:5: "exp" is a function: call it, e.g. exp(x)');
    expect(errorOf(() => checkCondition('threshold', parseExpression('threshold', 'v - k'), NAMES))).toBe(
      'threshold:1:3: the condition must be a boolean (a comparison such as v >= v_thresh), got a number',
    );
  });

  it('suggests only close names', () => {
    expect(nearestName('tua_m', ['tau_m', 'v_rest'])).toBe('tau_m');
    expect(nearestName('v_rst', ['tau_m', 'v_rest'])).toBe('v_rest');
    expect(nearestName('q', ['tau_m', 'v_rest'])).toBeNull();
  });
});

describe('the generator', () => {
  /** Runs the emitted TypeScript on named f32 values. */
  function runTs(code: string, values: Record<string, number>): Record<string, number> {
    const body = parseStatements('u', code);
    checkStatements('u', body, NAMES);
    const s = { ...values };
    new Function(
      'fr',
      's',
      emitTsStatements(body, (n) => `s.${n}`),
    )(Math.fround, s);
    return s;
  }

  it('the CPU twin rounds to f32 after every operation, in the written order', () => {
    const fr = Math.fround;
    const v0 = fr(-64.3);
    const out = runTs('let d = (v_rest - v) * p22\nv += d * dt + i_syn', {
      v: v0,
      v_rest: fr(-65),
      p22: fr(0.995),
      dt: fr(0.1),
      i_syn: fr(0.3),
      u: 0,
      k: 0,
      tau_m: 0,
    });
    const d = fr(fr(fr(-65) - v0) * fr(0.995));
    expect(out.v).toBe(fr(v0 + fr(fr(d * fr(0.1)) + fr(0.3))));
    expect(out.v).not.toBe(v0 + (-65 - v0) * 0.995 * 0.1 + 0.3); // double arithmetic would differ
  });

  it('if / else if / else, compound assignments, min, max, abs, clamp', () => {
    const code = 'if (v > 0 && u < 1) { u += 1 } else if (!(v > -1)) { u = clamp(abs(v), 0, 2) } else { u = max(min(v, 1), -1) }';
    expect(runTs(code, { v: 1, u: 0.5, v_rest: 0, tau_m: 0, k: 0, p22: 0, i_syn: 0, dt: 0 }).u).toBe(1.5);
    expect(runTs(code, { v: -3, u: 0, v_rest: 0, tau_m: 0, k: 0, p22: 0, i_syn: 0, dt: 0 }).u).toBe(2);
    expect(runTs(code, { v: -0.5, u: 0, v_rest: 0, tau_m: 0, k: 0, p22: 0, i_syn: 0, dt: 0 }).u).toBe(-0.5);
  });

  it('emits WGSL with f32 literals naming exactly the f32 the twin uses, and conditions for both targets', () => {
    const body = parseStatements('u', 'let d = 0.1 * v\nif (d >= 1e-3) { v -= d } else { v = -0 }');
    const wgsl = emitWgslStatements(body, (n) => `state.${n}`);
    expect(wgsl).toBe(
      [
        '  let l_d: f32 = (0.100000001f * state.v);',
        '  if ((l_d >= 0.00100000005f)) {',
        '    state.v = (state.v - l_d);',
        '  } else {',
        '    state.v = (-0.00000000f);',
        '  }',
      ].join('\n'),
    );
    expect(Math.fround(Number(wgslF32(0.1).slice(0, -1)))).toBe(Math.fround(0.1));
    expect(emitTsCondition(parseExpression('t', 'v >= k'), (n) => `s.${n}`)).toBe('(s.v >= s.k)');
  });
});

describe('portable exp', () => {
  it('is within 2 ulps of exp over the f32 range, Inf above it, 0 below, NaN for NaN', async () => {
    const { portableExp } = await import('./portableMath');
    let worst = 0;
    for (let k = 0; k <= 200_000; k++) {
      const x = Math.fround(-87 + (175.7 * k) / 200_000);
      const want = Math.fround(Math.exp(x));
      const ulp = Math.fround(want * (1 + 2 ** -23)) - want;
      worst = Math.max(worst, Math.abs(portableExp(x) - want) / ulp);
    }
    expect(worst).toBeLessThanOrEqual(2);
    expect(portableExp(89)).toBe(Infinity);
    expect(portableExp(-90)).toBe(0);
    expect(portableExp(NaN)).toBeNaN();
    expect(portableExp(0)).toBe(1);
  });
});
