/**
 * The third target of the descriptor language: WebAssembly text (WAT) that advances four neurons
 * at once in f32x4 lanes, for the CPU backend's WebAssembly kernels (src/engine/cpu/wasm/). It
 * computes the same bits as the TypeScript twin (emit.ts): WebAssembly's f32 + − × ÷ and sqrt
 * are correctly rounded, which is what `fround` of the f64 operation gives for f32 operands
 * (double rounding is innocuous for these operations in binary64 → binary32); min, max, abs and
 * comparisons treat NaN and −0 as Math.min/max/abs and JavaScript comparisons do; exp is the
 * portable sequence of portableMath.ts; log and pow call JavaScript's Math.log / Math.pow once per
 * lane (imported), as the twin does.
 *
 * Branches become masks (if-conversion): an `if` computes its condition as a lane mask once,
 * each branch runs for the lanes that take it, and an assignment under a mask keeps the old
 * value in the other lanes (v128.bitselect). Floating-point operations cannot trap, so
 * evaluating a branch for lanes that do not take it changes nothing. A branch that no lane takes
 * is skipped (`v128.any_true`).
 *
 * `resolve` maps each name of the descriptor to a v128 local of the kernel; locals of the code
 * become `$l_<name>`, masks `$m_<k>`; the caller declares every local in `locals`.
 */
import type { Expression, Statement } from './expressionLanguage';
import { FUNCTIONS } from './expressionLanguage';

export type WatResolve = (name: string) => string;

/** An f32 constant as a WAT literal that names exactly that f32 (9 significant digits round-trip). */
export function watF32(value: number): string {
  const f = Math.fround(value);
  if (Object.is(f, -0)) return '-0';
  if (!Number.isFinite(f)) throw new Error(`internal: ${value} is not a finite f32`);
  return f.toPrecision(9);
}

/** A v128 whose four f32 lanes are `value`. */
export function watSplat(value: number): string {
  const lit = watF32(value);
  return `(v128.const f32x4 ${lit} ${lit} ${lit} ${lit})`;
}

const ARITHMETIC: Record<string, string> = { '+': 'f32x4.add', '-': 'f32x4.sub', '*': 'f32x4.mul', '/': 'f32x4.div' };
const COMPARISON: Record<string, string> = {
  '<': 'f32x4.lt',
  '<=': 'f32x4.le',
  '>': 'f32x4.gt',
  '>=': 'f32x4.ge',
  '==': 'f32x4.eq',
  '!=': 'f32x4.ne',
};

/** Every function of the language has a lane-wise form here (checked at load). */
const CALLS: Record<string, (a: string[]) => string> = {
  exp: ([a]) => `(call $lu_exp4 ${a})`,
  log: ([a]) => `(call $lane_log ${a})`,
  pow: ([a, b]) => `(call $lane_pow ${a} ${b})`,
  sqrt: ([a]) => `(f32x4.sqrt ${a})`,
  abs: ([a]) => `(f32x4.abs ${a})`,
  min: ([a, b]) => `(f32x4.min ${a} ${b})`,
  max: ([a, b]) => `(f32x4.max ${a} ${b})`,
  // WGSL clamp(e, low, high) = min(max(e, low), high), as in the twin
  clamp: ([e, lo, hi]) => `(f32x4.min (f32x4.max ${e} ${lo}) ${hi})`,
};
for (const name of Object.keys(FUNCTIONS)) if (!CALLS[name]) throw new Error(`internal: no WAT form for ${name}`);

interface WatContext {
  resolve: WatResolve;
  /** Locals the emitted code uses (the caller declares them as v128). */
  locals: Set<string>;
  masks: number;
}

function watExpression(e: Expression, c: WatContext): string {
  switch (e.kind) {
    case 'number':
      return watSplat(e.value);
    case 'name':
      return `(local.get $${localName(e.name, c)})`;
    case 'unary':
      return e.op === '-' ? `(f32x4.neg ${watExpression(e.operand, c)})` : `(v128.not ${watExpression(e.operand, c)})`;
    case 'binary': {
      const a = watExpression(e.left, c);
      const b = watExpression(e.right, c);
      if (ARITHMETIC[e.op]) return `(${ARITHMETIC[e.op]} ${a} ${b})`;
      if (COMPARISON[e.op]) return `(${COMPARISON[e.op]} ${a} ${b})`;
      return `(${e.op === '&&' ? 'v128.and' : 'v128.or'} ${a} ${b})`;
    }
    case 'call':
      return CALLS[e.name](e.args.map((a) => watExpression(a, c)));
  }
}

function localName(name: string, c: WatContext): string {
  if (c.locals.has(`l_${name}`)) return `l_${name}`;
  return c.resolve(name);
}

function collectLets(body: Statement[], into: Set<string>): void {
  for (const s of body) {
    if (s.kind === 'let') into.add(`l_${s.name}`);
    if (s.kind === 'if') {
      collectLets(s.then, into);
      collectLets(s.otherwise, into);
    }
  }
}

/** `mask` is the local holding the lanes that run this code, or null for every lane. */
function watStatements(body: Statement[], c: WatContext, mask: string | null, indent: string): string[] {
  const out: string[] = [];
  for (const s of body) {
    if (s.kind === 'let') out.push(`${indent}(local.set $l_${s.name} ${watExpression(s.value, c)})`);
    else if (s.kind === 'assign') {
      const target = c.resolve(s.name);
      // a op= b is a = a op b, as in the other targets
      const value: Expression =
        s.op === '='
          ? s.value
          : { kind: 'binary', op: s.op[0] as '+', left: { kind: 'name', name: s.name, at: s.at }, right: s.value, at: s.at };
      const v = watExpression(value, c);
      out.push(
        mask === null
          ? `${indent}(local.set $${target} ${v})`
          : `${indent}(local.set $${target} (v128.bitselect ${v} (local.get $${target}) (local.get $${mask})))`,
      );
    } else {
      const taken = `m_${c.masks++}`;
      c.locals.add(taken);
      const condition = watExpression(s.condition, c);
      out.push(`${indent}(local.set $${taken} ${mask === null ? condition : `(v128.and (local.get $${mask}) ${condition})`})`);
      let other: string | null = null;
      if (s.otherwise.length) {
        // Both masks before either branch runs: the then-branch may change what the condition reads.
        other = `m_${c.masks++}`;
        c.locals.add(other);
        out.push(
          `${indent}(local.set $${other} ${mask === null ? `(v128.not (local.get $${taken}))` : `(v128.andnot (local.get $${mask}) (local.get $${taken}))`})`,
        );
      }
      out.push(...watMasked(s.then, c, taken, indent));
      if (other) out.push(...watMasked(s.otherwise, c, other, indent));
    }
  }
  return out;
}

/** `body` for the lanes of `mask`, skipped when it holds none. */
export function watMasked(body: Statement[], c: WatContext, mask: string, indent: string): string[] {
  if (!body.length) return [];
  return [`${indent}(if (v128.any_true (local.get $${mask})) (then`, ...watStatements(body, c, mask, indent + '  '), `${indent}))`];
}

/** A code generator for one kernel: statements and conditions share its locals and mask counter. */
export class WatEmitter {
  readonly locals = new Set<string>();
  private readonly c: WatContext;

  constructor(resolve: WatResolve) {
    this.c = { resolve, locals: this.locals, masks: 0 };
  }

  /** Instructions running `body` for the lanes of the v128 local `mask` (null: every lane). */
  statements(body: Statement[], mask: string | null, indent = '    '): string {
    collectLets(body, this.locals);
    return (mask === null ? watStatements(body, this.c, null, indent) : watMasked(body, this.c, mask, indent)).join('\n');
  }

  /** A v128 lane mask (all ones where true) for a condition. */
  condition(e: Expression): string {
    return watExpression(e, this.c);
  }
}

const LOG2E = 1.4426950408889634;
const LN2_HI = 0.693359375;
const LN2_LO = -2.1219444e-4;
const P = [1.98756915e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1];
const EXP_MAX = 88.72283;
const EXP_MIN = -87.33654;

/**
 * portableExp (portableMath.ts) on four lanes, operation for operation. y · 2^k is two exact
 * powers of two, 2^⌊k/2⌋ then 2^(k−⌊k/2⌋): the first product is exact (normal), so the result
 * is rounded once, as fround(y · 2^k) is, subnormal results included.
 */
export const WAT_PORTABLE_EXP = `
  (func $lu_exp4 (param $x v128) (result v128)
    (local $k v128) (local $r v128) (local $p v128) (local $y v128) (local $ki v128) (local $half v128)
    (local.set $k (f32x4.floor (f32x4.add (f32x4.mul (local.get $x) ${watSplat(LOG2E)}) ${watSplat(0.5)})))
    (local.set $r (f32x4.sub (f32x4.sub (local.get $x) (f32x4.mul (local.get $k) ${watSplat(LN2_HI)})) (f32x4.mul (local.get $k) ${watSplat(LN2_LO)})))
    (local.set $p ${watSplat(P[0])})
${P.slice(1)
  .map((c) => `    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) ${watSplat(c)}))`)
  .join('\n')}
    (local.set $y (f32x4.add (f32x4.add (f32x4.mul (local.get $p) (f32x4.mul (local.get $r) (local.get $r))) (local.get $r)) ${watSplat(1)}))
    (local.set $ki (i32x4.trunc_sat_f32x4_s (local.get $k)))
    (local.set $half (i32x4.shr_s (local.get $ki) (i32.const 1)))
    (local.set $y (f32x4.mul
      (f32x4.mul (local.get $y) (i32x4.shl (i32x4.add (local.get $half) (v128.const i32x4 127 127 127 127)) (i32.const 23)))
      (i32x4.shl (i32x4.add (i32x4.sub (local.get $ki) (local.get $half)) (v128.const i32x4 127 127 127 127)) (i32.const 23))))
    (local.set $y (v128.bitselect (v128.const i32x4 0x7f800000 0x7f800000 0x7f800000 0x7f800000) (local.get $y) (f32x4.gt (local.get $x) ${watSplat(EXP_MAX)})))
    (local.set $y (v128.andnot (local.get $y) (f32x4.lt (local.get $x) ${watSplat(EXP_MIN)})))
    (v128.bitselect (local.get $x) (local.get $y) (f32x4.ne (local.get $x) (local.get $x))))
`;

/** log and pow lane by lane through JavaScript's Math (imported as `math.log`, `math.pow`, f64 → f64), rounded to f32 as the twin's fr(). */
export const WAT_LANE_CALLS = `
  (func $lane_log (param $a v128) (result v128)
    (local $o v128)
${[0, 1, 2, 3]
  .map(
    (l) =>
      `    (local.set $o (f32x4.replace_lane ${l} (local.get $o) (f32.demote_f64 (call $math_log (f64.promote_f32 (f32x4.extract_lane ${l} (local.get $a)))))))`,
  )
  .join('\n')}
    (local.get $o))
  (func $lane_pow (param $a v128) (param $b v128) (result v128)
    (local $o v128)
${[0, 1, 2, 3]
  .map(
    (l) =>
      `    (local.set $o (f32x4.replace_lane ${l} (local.get $o) (f32.demote_f64 (call $math_pow (f64.promote_f32 (f32x4.extract_lane ${l} (local.get $a))) (f64.promote_f32 (f32x4.extract_lane ${l} (local.get $b)))))))`,
  )
  .join('\n')}
    (local.get $o))
`;

/** The imports WAT_LANE_CALLS needs, in a module's import section. */
export const WAT_MATH_IMPORTS = `
  (import "math" "log" (func $math_log (param f64) (result f64)))
  (import "math" "pow" (func $math_pow (param f64) (param f64) (result f64)))
`;
