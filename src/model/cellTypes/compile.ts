/**
 * A cell-type descriptor parsed and checked once: every piece of code becomes an AST checked
 * against the names it may use, so that nothing is generated from invalid code and every error
 * names its place (`cellTypes.QIF.update:1:14: unknown name "tua_m" (did you mean tau_m?)`).
 * Parameter values are resolved, validated and turned into the f64 constants the backends take.
 */
import { checkCondition, checkNumberExpression, checkStatements, namesUsed, type Names } from '../../codegen/checkCode';
import { evaluate } from '../../codegen/evaluate';
import { CodeError, parseExpression, parseStatements, type Expression, type Statement } from '../../codegen/expressionLanguage';
import {
  CELL_BUILT_INS,
  CELL_INPUTS,
  WEIGHT_UNITS,
  type CellTypeDescriptor,
  type DerivedSpec,
  type ParameterConstraint,
  type ParameterSpec,
  type ReceptorInput,
} from './descriptor';

/** A structural problem in a descriptor (not in its code), at a field path such as `cellTypes.QIF.state`. */
export class CellTypeError extends Error {
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`);
    this.name = 'CellTypeError';
  }
}

export const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * Every name a descriptor declares, section by section: an identifier, not reserved (`reserved`
 * returns why, or null), declared once across all sections. Throws CellTypeError at `where.section.name`.
 */
export function checkDeclaredNames(
  where: string,
  sections: [string, readonly string[]][],
  reserved: (name: string) => string | null,
): void {
  const seen = new Map<string, string>();
  for (const [section, names] of sections)
    for (const n of names) {
      if (!IDENTIFIER.test(n))
        throw new CellTypeError(`${where}.${section}.${n}`, 'expected a name of letters, digits and _ that starts with a letter');
      const why = reserved(n);
      if (why) throw new CellTypeError(`${where}.${section}.${n}`, why);
      const earlier = seen.get(n);
      if (earlier) throw new CellTypeError(`${where}.${section}.${n}`, `"${n}" is already declared in ${earlier}`);
      seen.set(n, section);
    }
}

export interface CompiledCellType {
  readonly descriptor: CellTypeDescriptor;
  readonly name: string;
  readonly parameterNames: readonly string[];
  readonly derivedNames: readonly string[];
  /** `v` first, then the others in declaration order. */
  readonly stateNames: readonly string[];
  readonly update: Statement[];
  readonly threshold: Expression;
  readonly reset: Statement[];
  readonly silenced: Statement[] | null;
  /** Parameters and derived constants the per-step code reads: the population constants handed to a backend, in this order. */
  readonly constantNames: readonly string[];
  /** Inputs (`in_exc`, `i_stim`, ...) the per-step code reads. */
  readonly inputsUsed: ReadonlySet<string>;
  readonly refractoryPeriod: string | null;
  readonly refractoryHolds: readonly string[];
  readonly receptors: { excitatory: ReceptorInput; inhibitory: ReceptorInput };
  /** f64 values of the derived constants, initial values and checks. */
  readonly derived: ReadonlyMap<string, Expression | ((p: Readonly<Record<string, number>>, dt: number) => number)>;
  readonly initial: ReadonlyMap<string, Expression | number>;
  readonly constraints: { holds: Expression; on: string; message: string }[];
  readonly spikeCharge: Expression | null;
}

/**
 * What parameter resolution and checking need of a compiled descriptor (a cell type or a
 * plasticity rule, src/model/plasticity): parameters with defaults and rules, constraints,
 * derived constants.
 */
export interface Parameterised {
  readonly descriptor: { parameters: Record<string, ParameterSpec> };
  readonly name: string;
  readonly parameterNames: readonly string[];
  readonly derived: ReadonlyMap<string, Expression | ((p: Readonly<Record<string, number>>, dt: number) => number)>;
  readonly constraints: { holds: Expression; on: string; message: string }[];
  /** A parameter in ms that must be 0 or at least one step (refractoriness), if any. */
  readonly refractoryPeriod: string | null;
}

export const kinds = (names: Iterable<string>, kind: Names[string]) => Object.fromEntries([...names].map((n) => [n, kind])) as Names;

type DerivedFunction = (p: Readonly<Record<string, number>>, dt: number) => number;

/**
 * Derived constants, each an expression of the parameters, dt and the derived constants before
 * it (or, in TypeScript, a function); `hostNames` gains each one as it is checked.
 */
export function compileDerived(
  where: string,
  specs: Record<string, DerivedSpec> | undefined,
  hostNames: Names,
): Map<string, Expression | DerivedFunction> {
  const derived = new Map<string, Expression | DerivedFunction>();
  for (const [name, spec] of Object.entries(specs ?? {})) {
    if (typeof spec.value === 'function') derived.set(name, spec.value);
    else {
      const at = `${where}.derived.${name}`;
      const e = parseExpression(at, String(spec.value));
      checkNumberExpression(at, e, hostNames);
      derived.set(name, e);
    }
    hostNames[name] = 'derived constant';
  }
  return derived;
}

/** Conditions on the parameters, each reported on one of them. */
export function compileConstraints(
  where: string,
  specs: ParameterConstraint[] | undefined,
  parameterNames: readonly string[],
  names: Names,
): { holds: Expression; on: string; message: string }[] {
  return (specs ?? []).map((c, k) => {
    const at = `${where}.constraints[${k}]`;
    const e = parseExpression(at, c.holds);
    checkCondition(at, e, names);
    if (!parameterNames.includes(c.on)) throw new CellTypeError(`${at}.on`, `expected a parameter (${parameterNames.join(', ')})`);
    return { holds: e, on: c.on, message: c.message };
  });
}

/** Parses and checks every piece of a descriptor; `where` names it in errors (e.g. `cellTypes.QIF`). Throws CodeError or CellTypeError. */
export function compileCellType(where: string, d: CellTypeDescriptor): CompiledCellType {
  const parameterNames = Object.keys(d.parameters);
  const derivedNames = Object.keys(d.derived ?? {});
  const declaredState = Object.keys(d.state);
  const reserved = new Set([...Object.keys(CELL_INPUTS), ...Object.keys(CELL_BUILT_INS)]);
  checkDeclaredNames(
    where,
    [
      ['parameters', parameterNames],
      ['derived', derivedNames],
      ['state', declaredState],
    ],
    (n) => (reserved.has(n) ? `"${n}" is an input or built-in of every cell type: choose another name` : null),
  );
  if (!('v' in d.state)) throw new CellTypeError(`${where}.state`, 'expected a state variable "v" (the membrane potential, mV)');
  if (d.state.v.unit !== 'mV')
    throw new CellTypeError(`${where}.state.v.unit`, `expected "mV" (the membrane potential), got ${JSON.stringify(d.state.v.unit)}`);
  for (const [r, input] of Object.entries(d.receptors))
    if (!(input in WEIGHT_UNITS))
      throw new CellTypeError(`${where}.receptors.${r}`, `expected one of ${Object.keys(WEIGHT_UNITS).join(', ')}`);
  const stateNames = ['v', ...declaredState.filter((n) => n !== 'v')];

  // Host-side expressions: derived constants see parameters, dt and earlier derived constants.
  const hostNames: Names = { ...kinds(parameterNames, 'parameter'), dt: 'built-in' };
  const derived = compileDerived(where, d.derived, hostNames);
  const initial = new Map<string, Expression | number>();
  const initialNames: Names = { ...hostNames };
  for (const name of declaredState) {
    const spec = d.state[name];
    if (typeof spec.initial === 'number') {
      if (!Number.isFinite(spec.initial)) throw new CellTypeError(`${where}.state.${name}.initial`, 'expected a finite number');
      initial.set(name, spec.initial);
    } else {
      const at = `${where}.state.${name}.initial`;
      const e = parseExpression(at, spec.initial);
      checkNumberExpression(at, e, initialNames);
      initial.set(name, e);
    }
    initialNames[name] = 'state variable';
  }
  const paramOnly: Names = { ...kinds(parameterNames, 'parameter'), dt: 'built-in' };
  const constraints = compileConstraints(where, d.constraints, parameterNames, paramOnly);
  let spikeCharge: Expression | null = null;
  if (d.spikeCharge !== undefined) {
    spikeCharge = parseExpression(`${where}.spikeCharge`, d.spikeCharge);
    checkNumberExpression(`${where}.spikeCharge`, spikeCharge, hostNames);
  }

  // Per-step code.
  const codeNames: Names = {
    ...hostNames,
    ...kinds(stateNames, 'state variable'),
    ...kinds(Object.keys(CELL_INPUTS), 'input'),
  };
  const update = parseStatements(`${where}.update`, d.update);
  checkStatements(`${where}.update`, update, codeNames);
  const threshold = parseExpression(`${where}.threshold`, d.threshold);
  checkCondition(`${where}.threshold`, threshold, codeNames);
  const reset = parseStatements(`${where}.reset`, d.reset);
  checkStatements(`${where}.reset`, reset, codeNames);
  const silenced = d.silenced === undefined ? null : parseStatements(`${where}.silenced`, d.silenced);
  if (silenced) checkStatements(`${where}.silenced`, silenced, codeNames);

  let refractoryPeriod: string | null = null;
  let refractoryHolds: string[] = [];
  if (d.refractory) {
    if (!parameterNames.includes(d.refractory.period))
      throw new CellTypeError(`${where}.refractory.period`, `expected a parameter in ms (${parameterNames.join(', ')})`);
    d.refractory.holds.forEach((n, k) => {
      if (!stateNames.includes(n))
        throw new CellTypeError(`${where}.refractory.holds[${k}]`, `expected a state variable (${stateNames.join(', ')})`);
    });
    refractoryPeriod = d.refractory.period;
    refractoryHolds = [...d.refractory.holds];
  }

  const used = namesUsed([...update, threshold, ...reset, ...(silenced ?? [])]);
  const constantNames = [...parameterNames, ...derivedNames].filter((n) => used.has(n));
  const inputsUsed = new Set(Object.keys(CELL_INPUTS).filter((n) => used.has(n)));
  if (inputsUsed.has('i_ext')) for (const n of ['i_stim', 'i_gap', 'i_osc']) inputsUsed.add(n);

  return {
    descriptor: d,
    name: d.name,
    parameterNames,
    derivedNames,
    stateNames,
    update,
    threshold,
    reset,
    silenced,
    constantNames,
    inputsUsed,
    refractoryPeriod,
    refractoryHolds,
    receptors: { ...d.receptors },
    derived,
    initial,
    constraints,
    spikeCharge,
  };
}

/** The full parameter set: the descriptor's defaults overlaid with the given values. */
export function resolveParameters(cell: Parameterised, given: Readonly<Record<string, unknown>> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of cell.parameterNames) out[n] = cell.descriptor.parameters[n].default;
  for (const [k, v] of Object.entries(given ?? {})) if (typeof v === 'number') out[k] = v;
  return out;
}

/** Problems with given parameter values, each at a path relative to the population (`['params', 'tau_m']`). */
export function parameterProblems(
  cell: Parameterised,
  given: Readonly<Record<string, unknown>> | undefined,
  dt: number,
): { path: string[]; message: string; input: unknown }[] {
  const out: { path: string[]; message: string; input: unknown }[] = [];
  for (const [key, value] of Object.entries(given ?? {})) {
    const spec = cell.descriptor.parameters[key];
    const path = ['params', key];
    if (!spec) {
      out.push({ path, message: `expected a parameter of ${cell.name} (${cell.parameterNames.join(', ')})`, input: key });
      continue;
    }
    const rule = spec.rule ?? 'any';
    if (typeof value !== 'number' || !Number.isFinite(value))
      out.push({ path, message: `expected a number of ${spec.unit}`, input: value });
    else if (rule === 'positive' && value <= 0) out.push({ path, message: `expected a positive number of ${spec.unit}`, input: value });
    else if (rule === 'non-negative' && value < 0)
      out.push({ path, message: `expected a non-negative number of ${spec.unit}`, input: value });
  }
  if (out.length) return out;
  const p = resolveParameters(cell, given);
  const env: Record<string, number> = { ...p, dt };
  for (const c of cell.constraints)
    if (!evaluate(c.holds, env))
      out.push({ path: ['params', c.on], message: c.message.replace(/\{(\w+)\}/g, (_, n: string) => String(env[n])), input: p[c.on] });
  if (cell.refractoryPeriod) {
    const t = p[cell.refractoryPeriod];
    if (t > 0 && t < dt)
      out.push({ path: ['params', cell.refractoryPeriod], message: `expected 0 or at least one time step (${dt} ms)`, input: t });
  }
  if (out.length) return out;
  const values = derivedValues(cell, p, dt);
  for (const [name, value] of Object.entries(values))
    if (!Number.isFinite(value))
      out.push({
        path: ['params'],
        message: `the derived constant ${name} of ${cell.name} is ${value} for these parameters (dt = ${dt} ms)`,
        input: given,
      });
  return out;
}

/** The derived constants in f64, in declaration order. */
export function derivedValues(cell: Parameterised, params: Readonly<Record<string, number>>, dt: number): Record<string, number> {
  const env: Record<string, number> = { ...params, dt };
  const out: Record<string, number> = {};
  for (const [name, value] of cell.derived) {
    const x = typeof value === 'function' ? value(params, dt) : evaluate(value, env);
    env[name] = x;
    out[name] = x;
  }
  return out;
}

/** The population constants (f64, not yet rounded) in `cell.constantNames` order. */
export function constantValues(cell: CompiledCellType, params: Readonly<Record<string, number>>, dt: number): number[] {
  const all = { ...params, ...derivedValues(cell, params, dt) };
  return cell.constantNames.map((n) => all[n]);
}

/** Refractory period in steps (0 without refractoriness). */
export function refractorySteps(cell: CompiledCellType, params: Readonly<Record<string, number>>, dt: number): number {
  return cell.refractoryPeriod ? Math.round(params[cell.refractoryPeriod] / dt) : 0;
}

/**
 * Initial values of every state variable of one neuron: each initial expression sees the
 * parameters, derived constants, dt and the variables before it; `given` (drawn per neuron from
 * the population's `initial` values) overrides them. Derived constants are computed once.
 */
export function initialStateOf(
  cell: CompiledCellType,
  params: Readonly<Record<string, number>>,
  dt: number,
): (given: Readonly<Record<string, number>>) => Record<string, number> {
  const base: Record<string, number> = { ...params, ...derivedValues(cell, params, dt), dt };
  const order = Object.keys(cell.descriptor.state);
  return (given) => {
    const env = { ...base };
    const out: Record<string, number> = {};
    for (const name of order) {
      const init = cell.initial.get(name)!;
      const x = name in given ? given[name] : typeof init === 'number' ? init : evaluate(init, env);
      env[name] = x;
      out[name] = x;
    }
    return out;
  };
}

/** Charge (nA·ms) that makes the neuron fire (for "stimulate this neuron"), or null if the cell type declares none. */
export function spikeCharge(cell: CompiledCellType, params: Readonly<Record<string, number>>, dt: number): number | null {
  if (!cell.spikeCharge) return null;
  return evaluate(cell.spikeCharge, { ...params, ...derivedValues(cell, params, dt), dt });
}

export function weightUnitOf(cell: CompiledCellType, receptor: 'excitatory' | 'inhibitory'): string {
  return WEIGHT_UNITS[cell.receptors[receptor]];
}

/** A CodeError or CellTypeError as a path and message (for ModelValidationError). */
export function describeCellTypeError(e: unknown): { path: string; message: string } | null {
  if (e instanceof CodeError) return { path: `${e.where}:${e.at.line}:${e.at.column}`, message: e.detail };
  if (e instanceof CellTypeError) return { path: e.path, message: e.detail };
  return null;
}
