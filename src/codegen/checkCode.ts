/**
 * Checks parsed descriptor code against the names it may use, before anything is generated:
 * unknown names (with the nearest known one), assignments to what is not state, locals used
 * before they are set or set twice, booleans where numbers belong and the reverse, and calls
 * with the wrong number of arguments. Every error names its place (`where:line:column`).
 */
import { CodeError, FUNCTIONS, type Expression, type Statement } from './expressionLanguage';

/** What a name stands for: state may be read and assigned; the others are read only. */
export type NameKind = 'parameter' | 'derived constant' | 'state variable' | 'input' | 'built-in';

export type Names = Record<string, NameKind>;

type Type = 'number' | 'boolean';

/** Edit distance with transpositions (optimal string alignment), for "did you mean". */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}

/** The known name nearest to `name`, if it is close enough to be a likely typo. */
export function nearestName(name: string, known: Iterable<string>): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = distance(name, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best !== null && bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? best : null;
}

class Checker {
  /** Locals set so far, innermost block last. */
  private readonly scopes: Set<string>[] = [new Set()];
  /** Every local the code sets anywhere, with where (to tell "used before it is set" from "unknown"). */
  private readonly declared = new Map<string, Statement['at']>();

  constructor(
    private readonly where: string,
    private readonly names: Names,
  ) {}

  private fail(at: Statement['at'], detail: string): never {
    throw new CodeError(this.where, at, detail);
  }

  private isLocal(name: string): boolean {
    return this.scopes.some((s) => s.has(name));
  }

  collectLocals(body: Statement[]): void {
    for (const s of body) {
      if (s.kind === 'let' && !this.declared.has(s.name)) this.declared.set(s.name, s.at);
      if (s.kind === 'if') {
        this.collectLocals(s.then);
        this.collectLocals(s.otherwise);
      }
    }
  }

  statements(body: Statement[]): void {
    for (const s of body) {
      if (s.kind === 'let') {
        this.expect(this.expression(s.value), 'number', s.value, `the value of "${s.name}"`);
        if (Object.hasOwn(this.names, s.name))
          this.fail(s.at, `"${s.name}" is already a ${this.names[s.name]}: choose another name for the local`);
        if (this.isLocal(s.name)) this.fail(s.at, `"${s.name}" is already set: a local is set once, by one "let"`);
        if (Object.hasOwn(FUNCTIONS, s.name)) this.fail(s.at, `"${s.name}" is a function: choose another name for the local`);
        this.scopes[this.scopes.length - 1].add(s.name);
      } else if (s.kind === 'assign') {
        const kind = Object.hasOwn(this.names, s.name) ? this.names[s.name] : undefined;
        if (this.isLocal(s.name)) this.fail(s.at, `cannot assign to "${s.name}": a local is set once, by its "let"`);
        if (kind === undefined) this.unknown(s.name, s.at);
        if (kind !== 'state variable') this.fail(s.at, `cannot assign to ${kind} "${s.name}": only state variables change`);
        this.expect(this.expression(s.value), 'number', s.value, `the value assigned to "${s.name}"`);
      } else {
        this.expect(this.expression(s.condition), 'boolean', s.condition, 'the condition of "if"');
        for (const branch of [s.then, s.otherwise]) {
          this.scopes.push(new Set());
          this.statements(branch);
          this.scopes.pop();
        }
      }
    }
  }

  private unknown(name: string, at: Statement['at']): never {
    const declaredAt = this.declared.get(name);
    if (declaredAt)
      this.fail(
        at,
        `"${name}" is used before it is set (by "let ${name}" at ${declaredAt.line}:${declaredAt.column}), or outside the block that sets it`,
      );
    const near = nearestName(name, [...Object.keys(this.names), ...this.scopes.flatMap((s) => [...s])]);
    this.fail(at, `unknown name "${name}"${near ? ` (did you mean ${near}?)` : ''}`);
  }

  private expect(got: Type, want: Type, e: Expression, what: string): void {
    if (got !== want)
      this.fail(
        e.at,
        `${what} must be a ${want}, got a ${got}${want === 'number' ? ' (a comparison or a logical operation)' : ' (compare it, e.g. x > 0)'}`,
      );
  }

  expression(e: Expression): Type {
    switch (e.kind) {
      case 'number':
        if (!Number.isFinite(e.value)) this.fail(e.at, 'the number is too large');
        return 'number';
      case 'name':
        if (!Object.hasOwn(this.names, e.name) && !this.isLocal(e.name)) {
          if (Object.hasOwn(FUNCTIONS, e.name)) this.fail(e.at, `"${e.name}" is a function: call it, e.g. ${e.name}(x)`);
          this.unknown(e.name, e.at);
        }
        return 'number';
      case 'unary':
        if (e.op === '-') {
          this.expect(this.expression(e.operand), 'number', e.operand, 'the operand of "-"');
          return 'number';
        }
        this.expect(this.expression(e.operand), 'boolean', e.operand, 'the operand of "!"');
        return 'boolean';
      case 'binary': {
        const logical = e.op === '&&' || e.op === '||';
        const operand: Type = logical ? 'boolean' : 'number';
        this.expect(this.expression(e.left), operand, e.left, `the left side of "${e.op}"`);
        this.expect(this.expression(e.right), operand, e.right, `the right side of "${e.op}"`);
        return logical || ['<', '<=', '>', '>=', '==', '!='].includes(e.op) ? 'boolean' : 'number';
      }
      case 'call': {
        const arity = Object.hasOwn(FUNCTIONS, e.name) ? FUNCTIONS[e.name] : undefined; // not Object.prototype's names
        if (arity === undefined) {
          const near = nearestName(e.name, Object.keys(FUNCTIONS));
          this.fail(
            e.at,
            `unknown function "${e.name}"${near ? ` (did you mean ${near}?)` : ''}; the functions are ${Object.keys(FUNCTIONS).join(', ')}`,
          );
        }
        if (e.args.length !== arity) this.fail(e.at, `${e.name} takes ${arity} argument${arity > 1 ? 's' : ''}, got ${e.args.length}`);
        e.args.forEach((a, k) => this.expect(this.expression(a), 'number', a, `argument ${k + 1} of ${e.name}`));
        return 'number';
      }
    }
  }
}

/** Checks statements (an update or a reset) against `names`; throws a CodeError naming the place. */
export function checkStatements(where: string, body: Statement[], names: Names): void {
  const c = new Checker(where, names);
  c.collectLocals(body);
  c.statements(body);
}

/** Checks a condition (a threshold): it must be a boolean and read only known names. */
export function checkCondition(where: string, condition: Expression, names: Names): void {
  const t = new Checker(where, names).expression(condition);
  if (t !== 'boolean')
    throw new CodeError(where, condition.at, 'the condition must be a boolean (a comparison such as v >= v_thresh), got a number');
}

/** Checks a numeric expression (a derived constant, an initial value): it must be a number and read only known names. */
export function checkNumberExpression(where: string, e: Expression, names: Names): void {
  const t = new Checker(where, names).expression(e);
  if (t !== 'number')
    throw new CodeError(where, e.at, 'the expression must be a number, got a boolean (a comparison or a logical operation)');
}

/** Every name an expression or statement list reads or writes (functions excluded). */
export function namesUsed(code: (Statement | Expression)[], into = new Set<string>()): Set<string> {
  const visit = (e: Expression): void => {
    if (e.kind === 'name') into.add(e.name);
    else if (e.kind === 'unary') visit(e.operand);
    else if (e.kind === 'binary') {
      visit(e.left);
      visit(e.right);
    } else if (e.kind === 'call') e.args.forEach(visit);
  };
  for (const s of code) {
    if (s.kind === 'let') visit(s.value);
    else if (s.kind === 'assign') {
      into.add(s.name);
      visit(s.value);
    } else if (s.kind === 'if') {
      visit(s.condition);
      namesUsed(s.then, into);
      namesUsed(s.otherwise, into);
    } else visit(s);
  }
  return into;
}
