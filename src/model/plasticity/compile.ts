/**
 * A weight-update descriptor parsed and checked once (as cell types are, src/model/cellTypes):
 * every piece of code is an AST checked against the names it may use, so that nothing is built
 * from invalid code and every error names its place (`plasticityRules.R.onPost:1:9: unknown name
 * "x_pree" (did you mean x_pre?)`).
 */
import { checkNumberExpression, checkStatements, namesUsed, type Names } from '../../codegen/checkCode';
import { evaluate } from '../../codegen/evaluate';
import { parseExpression, parseStatements, type Expression, type Statement } from '../../codegen/expressionLanguage';
import { CellTypeError, checkDeclaredNames, compileConstraints, compileDerived, kinds, type Parameterised } from '../cellTypes/compile';
import type { WeightUpdateDescriptor } from './descriptor';

export interface CompiledTrace {
  name: string;
  tau: string;
  onSpike: Statement[];
}

export interface CompiledWeightUpdate extends Parameterised {
  readonly descriptor: WeightUpdateDescriptor;
  readonly derivedNames: readonly string[];
  /** `w` first, then the rule's other per-synapse variables. */
  readonly synapseNames: readonly string[];
  readonly preTraces: readonly CompiledTrace[];
  readonly postTraces: readonly CompiledTrace[];
  readonly onPre: Statement[];
  readonly onPost: Statement[];
  readonly perStep: Statement[] | null;
  readonly bounds: { min: string; max: string };
  /** Parameters and derived constants the generated code reads, in this order (bounds included). */
  readonly constantNames: readonly string[];
  readonly initial: ReadonlyMap<string, Expression | number>;
}

/** Parses and checks a rule; `where` names it in errors (e.g. `plasticityRules.R`). Throws CodeError or CellTypeError. */
export function compileWeightUpdate(where: string, d: WeightUpdateDescriptor): CompiledWeightUpdate {
  const parameterNames = Object.keys(d.parameters);
  const derivedNames = Object.keys(d.derived ?? {});
  const synapseDeclared = Object.keys(d.synapse ?? {});
  const pre = Object.keys(d.preTraces ?? {});
  const post = Object.keys(d.postTraces ?? {});
  checkDeclaredNames(
    where,
    [
      ['parameters', parameterNames],
      ['derived', derivedNames],
      ['synapse', synapseDeclared],
      ['preTraces', pre],
      ['postTraces', post],
    ],
    (n) => (n === 'w' || n === 'dt' ? `"${n}" is built in (${n === 'w' ? 'the weight' : 'the time step'}): choose another name` : null),
  );
  const synapseNames = ['w', ...synapseDeclared];

  const hostNames: Names = { ...kinds(parameterNames, 'parameter'), dt: 'built-in' };
  const derived = compileDerived(where, d.derived, hostNames);
  const initial = new Map<string, Expression | number>();
  for (const name of synapseDeclared) {
    const spec = d.synapse![name];
    if (typeof spec.initial === 'number') initial.set(name, spec.initial);
    else {
      const at = `${where}.synapse.${name}.initial`;
      const e = parseExpression(at, spec.initial);
      checkNumberExpression(at, e, hostNames);
      initial.set(name, e);
    }
  }
  const constantLike = (n: string) => parameterNames.includes(n) || derivedNames.includes(n);
  for (const [key, b] of Object.entries(d.bounds))
    if (!parameterNames.includes(b))
      throw new CellTypeError(`${where}.bounds.${key}`, `expected a parameter in the weight unit (${parameterNames.join(', ')})`);
  const traces = (section: 'preTraces' | 'postTraces'): CompiledTrace[] =>
    Object.entries(d[section] ?? {}).map(([name, spec]) => {
      if (!constantLike(spec.tau))
        throw new CellTypeError(
          `${where}.${section}.${name}.tau`,
          `expected a parameter or derived constant in ms (${[...parameterNames, ...derivedNames].join(', ')})`,
        );
      const at = `${where}.${section}.${name}.onSpike`;
      const onSpike = parseStatements(at, spec.onSpike);
      checkStatements(at, onSpike, { ...hostNames, [name]: 'state variable' });
      return { name, tau: spec.tau, onSpike };
    });
  const preTraces = traces('preTraces');
  const postTraces = traces('postTraces');

  const codeNames: Names = {
    ...hostNames,
    ...kinds(synapseNames, 'state variable'),
    ...kinds([...pre, ...post], 'input'),
  };
  const code = (key: 'onPre' | 'onPost' | 'perStep'): Statement[] | null => {
    const text = d[key];
    if (text === undefined) return null;
    const body = parseStatements(`${where}.${key}`, text);
    checkStatements(`${where}.${key}`, body, codeNames);
    return body;
  };
  const onPre = code('onPre') ?? [];
  const onPost = code('onPost') ?? [];
  const perStep = code('perStep');
  const paramOnly: Names = { ...kinds(parameterNames, 'parameter'), dt: 'built-in' };
  const constraints = compileConstraints(where, d.constraints, parameterNames, paramOnly);

  const used = namesUsed([
    ...onPre,
    ...onPost,
    ...(perStep ?? []),
    ...preTraces.flatMap((t) => t.onSpike),
    ...postTraces.flatMap((t) => t.onSpike),
  ]);
  for (const t of [...preTraces, ...postTraces]) used.add(t.tau);
  used.add(d.bounds.min);
  used.add(d.bounds.max);
  const constantNames = [...parameterNames, ...derivedNames].filter((n) => used.has(n));

  return {
    descriptor: d,
    name: d.name,
    parameterNames,
    derivedNames,
    derived,
    constraints,
    refractoryPeriod: null,
    synapseNames,
    preTraces,
    postTraces,
    onPre,
    onPost,
    perStep,
    bounds: { ...d.bounds },
    constantNames,
    initial,
  };
}

/** Initial values of a synapse's variables other than w, from the parameters (f64). */
export function initialSynapseValues(rule: CompiledWeightUpdate, params: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, init] of rule.initial) out[name] = typeof init === 'number' ? init : evaluate(init, params);
  return out;
}
