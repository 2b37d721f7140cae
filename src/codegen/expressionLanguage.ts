/**
 * The expression language of model descriptors (neuron updates, thresholds, resets): parsed once
 * into an AST with a line and column on every node, so that later stages can name the place of
 * an error. It is small on purpose; the grammar, with `;` or a line break ending a statement:
 *
 *   program    := statement*
 *   statement  := 'let' NAME '=' expr                      a local, set once
 *               | NAME ('=' | '+=' | '-=' | '*=' | '/=') expr
 *               | 'if' '(' expr ')' block ('else' (block | if-statement))?
 *   block      := '{' statement* '}'
 *   expr       := or;  or := and ('||' and)*;  and := cmp ('&&' cmp)*
 *   cmp        := sum (('<' | '<=' | '>' | '>=' | '==' | '!=') sum)?
 *   sum        := product (('+' | '-') product)*;  product := unary (('*' | '/') unary)*
 *   unary      := ('-' | '!') unary | atom
 *   atom       := NUMBER | NAME | NAME '(' expr (',' expr)* ')' | '(' expr ')'
 *
 * Functions: exp log sqrt pow min max clamp abs. Numbers are f32 when generated; comparisons and
 * `&& || !` give booleans. Comments run from `#` or `//` to the end of the line.
 */

export interface Position {
  line: number; // 1-based
  column: number; // 1-based
}

export type Expression =
  | { kind: 'number'; value: number; at: Position }
  | { kind: 'name'; name: string; at: Position }
  | { kind: 'unary'; op: '-' | '!'; operand: Expression; at: Position }
  | { kind: 'binary'; op: BinaryOperator; left: Expression; right: Expression; at: Position }
  | { kind: 'call'; name: string; args: Expression[]; at: Position };

export type BinaryOperator = '+' | '-' | '*' | '/' | '<' | '<=' | '>' | '>=' | '==' | '!=' | '&&' | '||';

export type Statement =
  | { kind: 'let'; name: string; value: Expression; at: Position }
  | { kind: 'assign'; name: string; op: '=' | '+=' | '-=' | '*=' | '/='; value: Expression; at: Position }
  | { kind: 'if'; condition: Expression; then: Statement[]; otherwise: Statement[]; at: Position };

/** The functions of the language and how many arguments each takes. */
export const FUNCTIONS: Record<string, number> = { exp: 1, log: 1, sqrt: 1, abs: 1, pow: 2, min: 2, max: 2, clamp: 3 };

const KEYWORDS = new Set(['let', 'if', 'else']);

/** A syntax or checking error at a place in a piece of code; `where` names the code (e.g. `cellTypes.QIF.update`). */
export class CodeError extends Error {
  constructor(
    readonly where: string,
    readonly at: Position,
    readonly detail: string,
  ) {
    super(`${where}:${at.line}:${at.column}: ${detail}`);
    this.name = 'CodeError';
  }
}

interface Token {
  kind: 'number' | 'name' | 'op' | 'end-of-statement' | 'eof';
  text: string;
  at: Position;
}

const OPERATORS = [
  '+=',
  '-=',
  '*=',
  '/=',
  '<=',
  '>=',
  '==',
  '!=',
  '&&',
  '||',
  '+',
  '-',
  '*',
  '/',
  '<',
  '>',
  '=',
  '!',
  '(',
  ')',
  '{',
  '}',
  ',',
];

function tokenize(where: string, code: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const at = (k: number): Position => ({ line, column: k - lineStart + 1 });
  while (i < code.length) {
    const c = code[i];
    if (c === '\n' || c === ';') {
      tokens.push({ kind: 'end-of-statement', text: c, at: at(i) });
      if (c === '\n') {
        line++;
        lineStart = i + 1;
      }
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '#' || (c === '/' && code[i + 1] === '/')) while (i < code.length && code[i] !== '\n') i++;
    else if (/[0-9.]/.test(c)) {
      const m = /^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(code.slice(i));
      if (!m) throw new CodeError(where, at(i), `unexpected "${c}"`);
      if (/[A-Za-z_]/.test(code[i + m[0].length] ?? ''))
        throw new CodeError(where, at(i), `malformed number "${m[0]}${code[i + m[0].length]}"`);
      tokens.push({ kind: 'number', text: m[0], at: at(i) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(code.slice(i))!;
      tokens.push({ kind: 'name', text: m[0], at: at(i) });
      i += m[0].length;
    } else {
      const op = OPERATORS.find((o) => code.startsWith(o, i));
      if (!op) throw new CodeError(where, at(i), `unexpected "${c}"`);
      tokens.push({ kind: 'op', text: op, at: at(i) });
      i += op.length;
    }
  }
  tokens.push({ kind: 'eof', text: 'the end', at: at(i) });
  return tokens;
}

class Parser {
  private k = 0;

  constructor(
    private readonly where: string,
    private readonly tokens: Token[],
  ) {}

  private get next(): Token {
    return this.tokens[this.k];
  }

  private fail(t: Token, detail: string): never {
    throw new CodeError(this.where, t.at, detail);
  }

  private describe(t: Token): string {
    return t.kind === 'eof' ? 'the end' : t.kind === 'end-of-statement' ? 'the end of the statement' : `"${t.text}"`;
  }

  private isOp(text: string): boolean {
    return this.next.kind === 'op' && this.next.text === text;
  }

  /** Whether the next token is `kind` (and `text`); a method, so that checks in a row are not narrowed away. */
  private peek(kind: Token['kind'], text?: string): boolean {
    return this.next.kind === kind && (text === undefined || this.next.text === text);
  }

  private expectOp(text: string): Token {
    if (!this.isOp(text)) this.fail(this.next, `expected "${text}", found ${this.describe(this.next)}`);
    return this.tokens[this.k++];
  }

  private skipEnds(): void {
    while (this.next.kind === 'end-of-statement') this.k++;
  }

  /** Inside parentheses a line break does not end anything. */
  private skipLineBreaks(): void {
    while (this.next.kind === 'end-of-statement' && this.next.text === '\n') this.k++;
  }

  program(): Statement[] {
    const body = this.statements();
    if (this.next.kind !== 'eof') this.fail(this.next, `unexpected ${this.describe(this.next)}`);
    return body;
  }

  /** Statements up to a closing brace or the end. */
  private statements(): Statement[] {
    const out: Statement[] = [];
    this.skipEnds();
    while (this.next.kind !== 'eof' && !this.isOp('}')) {
      out.push(this.statement());
      if (this.next.kind === 'end-of-statement') this.skipEnds();
      else if (!this.peek('eof') && !this.isOp('}'))
        this.fail(this.next, `expected the end of the statement, found ${this.describe(this.next)}`);
    }
    return out;
  }

  private block(): Statement[] {
    this.skipLineBreaks();
    this.expectOp('{');
    const body = this.statements();
    this.expectOp('}');
    return body;
  }

  private statement(): Statement {
    const t = this.next;
    if (t.kind !== 'name') this.fail(t, `expected a statement (an assignment, "let" or "if"), found ${this.describe(t)}`);
    if (t.text === 'if') {
      this.k++;
      this.expectOp('(');
      const condition = this.expression();
      this.expectOp(')');
      const then = this.block();
      let otherwise: Statement[] = [];
      const save = this.k;
      this.skipLineBreaks();
      if (this.peek('name', 'else')) {
        this.k++;
        otherwise = this.peek('name', 'if') ? [this.statement()] : this.block();
      } else this.k = save;
      return { kind: 'if', condition, then, otherwise, at: t.at };
    }
    if (t.text === 'let') {
      this.k++;
      const name = this.next;
      if (name.kind !== 'name' || KEYWORDS.has(name.text)) this.fail(name, `expected a name after "let", found ${this.describe(name)}`);
      this.k++;
      this.expectOp('=');
      return { kind: 'let', name: name.text, value: this.expression(), at: name.at };
    }
    if (KEYWORDS.has(t.text)) this.fail(t, `"${t.text}" cannot start a statement here`);
    this.k++;
    const op = this.next;
    if (!(op.kind === 'op' && ['=', '+=', '-=', '*=', '/='].includes(op.text)))
      this.fail(op, `expected "=" (or "+=", "-=", "*=", "/=") after "${t.text}", found ${this.describe(op)}`);
    this.k++;
    return { kind: 'assign', name: t.text, op: op.text as '=', value: this.expression(), at: t.at };
  }

  expression(): Expression {
    return this.binary(0);
  }

  /** One expression and nothing after it (line breaks allowed around it). */
  wholeExpression(): Expression {
    this.skipEnds();
    const e = this.expression();
    this.skipEnds();
    if (this.next.kind !== 'eof') this.fail(this.next, `unexpected ${this.describe(this.next)} after the expression`);
    return e;
  }

  private static readonly LEVELS: BinaryOperator[][] = [['||'], ['&&'], ['<', '<=', '>', '>=', '==', '!='], ['+', '-'], ['*', '/']];

  private binary(level: number): Expression {
    if (level === Parser.LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    const ops = Parser.LEVELS[level];
    const comparison = level === 2;
    while (this.next.kind === 'op' && (ops as string[]).includes(this.next.text)) {
      const t = this.tokens[this.k++];
      const right = this.binary(level + 1);
      left = { kind: 'binary', op: t.text as BinaryOperator, left, right, at: t.at };
      if (comparison && this.next.kind === 'op' && (ops as string[]).includes(this.next.text))
        this.fail(this.next, 'comparisons do not chain: write a < b && b < c');
    }
    return left;
  }

  private unary(): Expression {
    const t = this.next;
    if (this.isOp('-') || this.isOp('!')) {
      this.k++;
      return { kind: 'unary', op: t.text as '-' | '!', operand: this.unary(), at: t.at };
    }
    return this.atom();
  }

  private atom(): Expression {
    const t = this.next;
    if (t.kind === 'number') {
      this.k++;
      return { kind: 'number', value: Number(t.text), at: t.at };
    }
    if (t.kind === 'name' && !KEYWORDS.has(t.text)) {
      this.k++;
      if (!this.isOp('(')) return { kind: 'name', name: t.text, at: t.at };
      this.k++;
      const args: Expression[] = [];
      this.skipLineBreaks();
      if (!this.isOp(')')) {
        for (;;) {
          args.push(this.expression());
          this.skipLineBreaks();
          if (!this.isOp(',')) break;
          this.k++;
          this.skipLineBreaks();
        }
      }
      this.expectOp(')');
      return { kind: 'call', name: t.text, args, at: t.at };
    }
    if (this.isOp('(')) {
      this.k++;
      this.skipLineBreaks();
      const inner = this.expression();
      this.skipLineBreaks();
      this.expectOp(')');
      return inner;
    }
    this.fail(t, `expected a number, a name or "(", found ${this.describe(t)}`);
  }
}

/** Parses statements (an update or a reset). `where` names the code in errors. */
export function parseStatements(where: string, code: string): Statement[] {
  return new Parser(where, tokenize(where, code)).program();
}

/** Parses one expression (a threshold condition). */
export function parseExpression(where: string, code: string): Expression {
  return new Parser(where, tokenize(where, code)).wholeExpression();
}
