/**
 * Evaluates checked expressions on the host in double precision: derived constants, initial
 * values and parameter constraints of a descriptor (they are computed once, not per step, so
 * they are not rounded to f32 until they are handed to a backend).
 */
import type { Expression } from './expressionLanguage';

const CALLS: Record<string, (...a: number[]) => number> = {
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  abs: Math.abs,
  pow: Math.pow,
  min: Math.min,
  max: Math.max,
  clamp: (x, lo, hi) => Math.min(Math.max(x, lo), hi),
};

/** The value of `e` (a number, or 1/0 for a boolean) with names looked up in `env`. */
export function evaluate(e: Expression, env: Readonly<Record<string, number>>): number {
  switch (e.kind) {
    case 'number':
      return e.value;
    case 'name': {
      const v = env[e.name];
      if (v === undefined) throw new Error(`internal: no value for "${e.name}"`);
      return v;
    }
    case 'unary':
      return e.op === '-' ? -evaluate(e.operand, env) : evaluate(e.operand, env) ? 0 : 1;
    case 'call':
      return CALLS[e.name](...e.args.map((a) => evaluate(a, env)));
    case 'binary': {
      const a = evaluate(e.left, env);
      if (e.op === '&&') return a && evaluate(e.right, env) ? 1 : 0;
      if (e.op === '||') return a || evaluate(e.right, env) ? 1 : 0;
      const b = evaluate(e.right, env);
      switch (e.op) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '/':
          return a / b;
        case '<':
          return a < b ? 1 : 0;
        case '<=':
          return a <= b ? 1 : 0;
        case '>':
          return a > b ? 1 : 0;
        case '>=':
          return a >= b ? 1 : 0;
        case '==':
          return a === b ? 1 : 0;
        case '!=':
          return a !== b ? 1 : 0;
      }
    }
  }
}
