/**
 * One generator, two targets: checked descriptor code → WGSL statements for the GPU kernel, and
 * → TypeScript for the CPU twin that rounds to f32 after every operation in the kernel's order,
 * so that the two compute the same bits wherever WGSL's operations are exact or correctly
 * rounded (+ − × on f32, comparisons, min, max, abs, clamp) and for exp, which both targets
 * compute with the same portable sequence of those operations (portableMath.ts). WGSL allows
 * log, pow, sqrt and division to be less accurate (WGSL §14.6 accuracy), so code using them
 * agrees within those bounds rather than bit for bit (on SwiftShader division is exact).
 *
 * `resolve` maps each name of the descriptor to the target's expression for it (a state plane
 * element, a uniform field, a local); locals of the code become `l_<name>` in both targets.
 */
import type { Expression, Statement } from './expressionLanguage';

export type Resolve = (name: string) => string;

/**
 * A user's name (a cell type's, a projection's) fit for a generated line comment: anything but
 * printable ASCII becomes "?", so no name can end the comment and start code (WGSL §3.2 takes
 * U+000A–U+000D, U+0085, U+2028 and U+2029 as line breaks).
 */
export function commentText(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, '?');
}

/** An f32 constant as a WGSL literal that names exactly that f32. */
export function wgslF32(value: number): string {
  const f = Math.fround(value);
  if (Object.is(f, -0)) return '-0.0f';
  return `${f.toPrecision(9)}f`;
}

/** The same constant for the TypeScript twin (a double equal to the f32). */
function tsF32(value: number): string {
  const f = Math.fround(value);
  return Object.is(f, -0) ? '-0' : String(f);
}

const local = (name: string) => `l_${name}`;

function isLocal(name: string, locals: Set<string>): boolean {
  return locals.has(name);
}

function collectLocals(body: Statement[], into = new Set<string>()): Set<string> {
  for (const s of body) {
    if (s.kind === 'let') into.add(s.name);
    if (s.kind === 'if') {
      collectLocals(s.then, into);
      collectLocals(s.otherwise, into);
    }
  }
  return into;
}

// ---- WGSL -----------------------------------------------------------------------------------

function wgslExpression(e: Expression, resolve: Resolve, locals: Set<string>): string {
  switch (e.kind) {
    case 'number':
      return wgslF32(e.value);
    case 'name':
      return isLocal(e.name, locals) ? local(e.name) : resolve(e.name);
    case 'unary':
      return `(${e.op}${wgslExpression(e.operand, resolve, locals)})`;
    case 'binary':
      return `(${wgslExpression(e.left, resolve, locals)} ${e.op} ${wgslExpression(e.right, resolve, locals)})`;
    case 'call':
      // exp is the portable one (portableMath.ts), so that both targets agree bit for bit.
      return `${e.name === 'exp' ? 'lu_exp' : e.name}(${e.args.map((a) => wgslExpression(a, resolve, locals)).join(', ')})`;
  }
}

function wgslStatements(body: Statement[], resolve: Resolve, locals: Set<string>, indent: string): string[] {
  const out: string[] = [];
  for (const s of body) {
    if (s.kind === 'let') out.push(`${indent}let ${local(s.name)}: f32 = ${wgslExpression(s.value, resolve, locals)};`);
    else if (s.kind === 'assign') {
      const target = resolve(s.name);
      const value = wgslExpression(s.value, resolve, locals);
      // a op= b is a = a op b in both targets (the same rounding, the same order).
      out.push(`${indent}${target} = ${s.op === '=' ? value : `(${target} ${s.op[0]} ${value})`};`);
    } else {
      out.push(`${indent}if (${wgslExpression(s.condition, resolve, locals)}) {`);
      out.push(...wgslStatements(s.then, resolve, locals, indent + '  '));
      if (s.otherwise.length) {
        out.push(`${indent}} else {`);
        out.push(...wgslStatements(s.otherwise, resolve, locals, indent + '  '));
      }
      out.push(`${indent}}`);
    }
  }
  return out;
}

/** WGSL statements for `body` (inside a kernel function). */
export function emitWgslStatements(body: Statement[], resolve: Resolve, indent = '  '): string {
  return wgslStatements(body, resolve, collectLocals(body), indent).join('\n');
}

/** A WGSL boolean expression for a condition. */
export function emitWgslCondition(condition: Expression, resolve: Resolve): string {
  return wgslExpression(condition, resolve, new Set());
}

// ---- TypeScript (the CPU twin) --------------------------------------------------------------

const TS_CALLS: Record<string, (args: string[]) => string> = {
  exp: ([a]) => `lu_exp(${a})`,
  log: ([a]) => `fr(Math.log(${a}))`,
  sqrt: ([a]) => `fr(Math.sqrt(${a}))`,
  pow: ([a, b]) => `fr(Math.pow(${a}, ${b}))`,
  abs: ([a]) => `Math.abs(${a})`,
  min: ([a, b]) => `Math.min(${a}, ${b})`,
  max: ([a, b]) => `Math.max(${a}, ${b})`,
  // WGSL clamp(e, low, high) = min(max(e, low), high)
  clamp: ([e, lo, hi]) => `Math.min(Math.max(${e}, ${lo}), ${hi})`,
};

interface TsContext {
  resolve: Resolve;
  locals: Set<string>;
  /** Round a*b ± c once, as a GPU compiler that contracts to FMA would (see fmaBound.test.ts). */
  fused: boolean;
}

const isProduct = (e: Expression): e is Extract<Expression, { kind: 'binary' }> => e.kind === 'binary' && e.op === '*';

/** a*b without its rounding: the product of two f32 is exact in f64. */
function unroundedProduct(e: Extract<Expression, { kind: 'binary' }>, c: TsContext): string {
  return `${tsExpression(e.left, c)} * ${tsExpression(e.right, c)}`;
}

function tsExpression(e: Expression, c: TsContext): string {
  switch (e.kind) {
    case 'number':
      return tsF32(e.value);
    case 'name':
      return isLocal(e.name, c.locals) ? local(e.name) : c.resolve(e.name);
    case 'unary':
      return `(${e.op}${tsExpression(e.operand, c)})`;
    case 'binary': {
      if (c.fused && (e.op === '+' || e.op === '-')) {
        if (isProduct(e.right)) return `fr(${tsExpression(e.left, c)} ${e.op} ${unroundedProduct(e.right, c)})`;
        if (isProduct(e.left)) return `fr(${unroundedProduct(e.left, c)} ${e.op} ${tsExpression(e.right, c)})`;
      }
      const a = tsExpression(e.left, c);
      const b = tsExpression(e.right, c);
      if (['+', '-', '*', '/'].includes(e.op)) return `fr(${a} ${e.op} ${b})`;
      return `(${a} ${e.op === '==' ? '===' : e.op === '!=' ? '!==' : e.op} ${b})`;
    }
    case 'call':
      return TS_CALLS[e.name](e.args.map((a) => tsExpression(a, c)));
  }
}

function tsStatements(body: Statement[], c: TsContext, indent: string): string[] {
  const out: string[] = [];
  for (const s of body) {
    if (s.kind === 'let') out.push(`${indent}const ${local(s.name)} = ${tsExpression(s.value, c)};`);
    else if (s.kind === 'assign') {
      const target = c.resolve(s.name);
      if (s.op === '=') out.push(`${indent}${target} = ${tsExpression(s.value, c)};`);
      else {
        // a op= b is a = a op b, as in WGSL
        const op = s.op[0] as '+' | '-' | '*' | '/';
        const expanded: Expression = { kind: 'binary', op, left: { kind: 'name', name: s.name, at: s.at }, right: s.value, at: s.at };
        out.push(`${indent}${target} = ${tsExpression(expanded, c)};`);
      }
    } else {
      out.push(`${indent}if (${tsExpression(s.condition, c)}) {`);
      out.push(...tsStatements(s.then, c, indent + '  '));
      if (s.otherwise.length) {
        out.push(`${indent}} else {`);
        out.push(...tsStatements(s.otherwise, c, indent + '  '));
      }
      out.push(`${indent}}`);
    }
  }
  return out;
}

/** TypeScript statements for `body`; they call `fr` (Math.fround) and `lu_exp` (portableExp), which the caller binds. */
export function emitTsStatements(body: Statement[], resolve: Resolve, indent = '  ', fused = false): string {
  return tsStatements(body, { resolve, locals: collectLocals(body), fused }, indent).join('\n');
}

/** A TypeScript boolean expression for a condition. */
export function emitTsCondition(condition: Expression, resolve: Resolve, fused = false): string {
  return tsExpression(condition, { resolve, locals: new Set(), fused });
}
