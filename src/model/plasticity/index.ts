/**
 * Plasticity rules: PyNN's STDPMechanism compositions (stdpMechanism.ts) and a model's own
 * `plasticityRules`, compiled once, with their parameters resolved and checked. Each problem is
 * reported at its field path (`projections.0.plasticity.weightDependence.w_min`).
 */
import { parameterProblems, resolveParameters } from '../cellTypes/compile';
import { compileWeightUpdate, type CompiledWeightUpdate } from './compile';
import type { WeightUpdateDescriptor } from './descriptor';
import {
  COMPONENT_PARAMETERS,
  PAIRINGS,
  stdpMechanism,
  TIMING_DEPENDENCES,
  WEIGHT_DEPENDENCES,
  type Pairing,
  type TimingDependence,
  type WeightDependence,
} from './stdpMechanism';

/** A projection's `plasticity` as written (see userRuleSchema.ts). */
export interface PlasticitySpec {
  type: string;
  timingDependence?: { type: string; [k: string]: unknown };
  weightDependence?: { type: string; [k: string]: unknown };
  params?: Record<string, unknown>;
}

export type UserPlasticityRule = Omit<WeightUpdateDescriptor, 'name'>;

interface ModelRules {
  plasticityRules?: Record<string, UserPlasticityRule>;
}

export interface Problem {
  path: (string | number)[];
  message: string;
  input: unknown;
}

const compiled = new Map<string, CompiledWeightUpdate>();
const userCompiled = new WeakMap<object, CompiledWeightUpdate>();

/** Compiles a model's own rule (cached per descriptor object); throws CodeError or CellTypeError. */
export function compileUserPlasticityRule(name: string, d: UserPlasticityRule): CompiledWeightUpdate {
  let c = userCompiled.get(d);
  if (!c) {
    c = compileWeightUpdate(`plasticityRules.${name}`, { name, ...d });
    userCompiled.set(d, c);
  }
  return c;
}

function builtIn(d: WeightUpdateDescriptor): CompiledWeightUpdate {
  let c = compiled.get(d.name);
  if (!c) compiled.set(d.name, (c = compileWeightUpdate(d.name, d)));
  return c;
}

const COMPONENT_KEYS = new Set(['type', 'pairing']);

/** Where each given parameter comes from: `[component, key]` for STDPMechanism, `['params', key]` for a rule of the model's own. */
function givenParameters(spec: PlasticitySpec): { values: Record<string, unknown>; pathOf: Map<string, (string | number)[]> } {
  const values: Record<string, unknown> = {};
  const pathOf = new Map<string, (string | number)[]>();
  if (spec.type === 'STDPMechanism') {
    for (const part of ['timingDependence', 'weightDependence'] as const)
      for (const [k, v] of Object.entries(spec[part] ?? {}))
        if (!COMPONENT_KEYS.has(k)) {
          values[k] = v;
          pathOf.set(k, [part, k]);
        }
  } else
    for (const [k, v] of Object.entries(spec.params ?? {})) {
      values[k] = v;
      pathOf.set(k, ['params', k]);
    }
  return { values, pathOf };
}

/**
 * The rule a projection's `plasticity` names, or the problems that stop it (paths relative to
 * the `plasticity` field). Parameter values are checked too.
 */
export function plasticityRuleOf(
  model: ModelRules,
  spec: PlasticitySpec,
  dt: number,
): { rule: CompiledWeightUpdate; params: Record<string, number> } | { problems: Problem[] } {
  const problems: Problem[] = [];
  let rule: CompiledWeightUpdate;
  if (spec.type === 'STDPMechanism') {
    const t = spec.timingDependence;
    const w = spec.weightDependence;
    if (!t)
      problems.push({ path: ['timingDependence'], message: `expected a timing dependence (${TIMING_DEPENDENCES.join(', ')})`, input: t });
    else if (!(TIMING_DEPENDENCES as readonly string[]).includes(t.type))
      problems.push({ path: ['timingDependence', 'type'], message: `expected one of ${TIMING_DEPENDENCES.join(', ')}`, input: t.type });
    if (!w)
      problems.push({ path: ['weightDependence'], message: `expected a weight dependence (${WEIGHT_DEPENDENCES.join(', ')})`, input: w });
    else if (!(WEIGHT_DEPENDENCES as readonly string[]).includes(w.type))
      problems.push({ path: ['weightDependence', 'type'], message: `expected one of ${WEIGHT_DEPENDENCES.join(', ')}`, input: w.type });
    if (problems.length) return { problems };
    const pairing = (t!.pairing ?? 'allToAll') as Pairing;
    if (!(PAIRINGS as readonly string[]).includes(pairing))
      problems.push({ path: ['timingDependence', 'pairing'], message: `expected one of ${PAIRINGS.join(', ')}`, input: t!.pairing });
    if (t!.type === 'Vogels2011Rule' && t!.pairing !== undefined)
      problems.push({
        path: ['timingDependence', 'pairing'],
        message: 'expected no pairing: Vogels2011Rule pairs all-to-all',
        input: t!.pairing,
      });
    if (t!.type === 'Vogels2011Rule' && w!.type !== 'AdditiveWeightDependence')
      problems.push({
        path: ['weightDependence', 'type'],
        message: 'expected AdditiveWeightDependence (the weight dependence of Vogels2011Rule)',
        input: w!.type,
      });
    for (const part of ['timingDependence', 'weightDependence'] as const) {
      const c = spec[part]!;
      const known = COMPONENT_PARAMETERS[c.type as TimingDependence | WeightDependence];
      for (const k of Object.keys(c))
        if (!COMPONENT_KEYS.has(k) && !Object.hasOwn(known, k))
          problems.push({ path: [part, k], message: `expected a parameter of ${c.type} (${Object.keys(known).join(', ')})`, input: k });
    }
    if (spec.params !== undefined)
      problems.push({
        path: ['params'],
        message: 'expected the parameters inside timingDependence and weightDependence',
        input: spec.params,
      });
    if (problems.length) return { problems };
    rule = builtIn(stdpMechanism(t!.type as TimingDependence, w!.type as WeightDependence, pairing));
  } else {
    const own = model.plasticityRules?.[spec.type];
    if (!own) {
      const names = ['STDPMechanism', ...Object.keys(model.plasticityRules ?? {})];
      return {
        problems: [
          {
            path: ['type'],
            message: `expected one of ${names.join(', ')}${names.length === 1 ? ' (or a rule of your own in plasticityRules)' : ''}`,
            input: spec.type,
          },
        ],
      };
    }
    if (spec.timingDependence || spec.weightDependence)
      problems.push({
        path: [spec.timingDependence ? 'timingDependence' : 'weightDependence'],
        message: `expected "params" for the model's own rule ${spec.type}`,
        input: spec.type,
      });
    rule = compileUserPlasticityRule(spec.type, own);
  }
  const { values, pathOf } = givenParameters(spec);
  for (const p of parameterProblems(rule, values, dt)) {
    const key = p.path[1];
    problems.push({ ...p, path: key !== undefined && pathOf.has(key) ? pathOf.get(key)! : p.path });
  }
  if (problems.length) return { problems };
  return { rule, params: resolveParameters(rule, values) };
}

/** The rule and its parameters for a validated model (throws if the model was not validated). */
export function resolvedPlasticity(
  model: ModelRules,
  spec: PlasticitySpec,
  dt: number,
): { rule: CompiledWeightUpdate; params: Record<string, number> } {
  const r = plasticityRuleOf(model, spec, dt);
  if ('problems' in r) throw new Error(`invalid plasticity: ${r.problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('; ')}`);
  return r;
}

export { compileWeightUpdate, initialSynapseValues, type CompiledTrace, type CompiledWeightUpdate } from './compile';
export type { TraceSpec, WeightUpdateDescriptor } from './descriptor';
export { stdpMechanism, TIMING_DEPENDENCES, WEIGHT_DEPENDENCES, PAIRINGS } from './stdpMechanism';
