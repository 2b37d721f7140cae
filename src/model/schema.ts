/**
 * The versioned JSON model format (docs/model-format.md), defined once as a zod schema.
 * `parseModel` turns untrusted JSON into a `Model` or throws a `ModelValidationError` listing
 * every problem as `path: expected …, got …`. Nothing is built from an invalid description.
 */
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { z } from 'zod';
import {
  BUILT_IN_CELL_TYPE_NAMES,
  cellTypeOf,
  describeCellTypeError,
  isBuiltInCellType,
  parameterProblems,
  resolveParameters,
  weightUnitOf,
  type CompiledCellType,
} from './cellTypes';
import { userCellTypeSchema } from './cellTypes/userCellTypeSchema';
import { compileUserPlasticityRule, plasticityRuleOf } from './plasticity';
import { plasticitySchema, userPlasticityRuleSchema } from './plasticity/userRuleSchema';
import { MAX_DELAY_STEPS, MAX_DT_MS, MAX_NEURONS, MAX_POISSON_EVENTS_PER_STEP, MIN_DT_MS } from './limits';
import { connectorSchema } from './connectors';
import { count, name, neuronInfoSchema, nonNegative, num, positive, valueSchema } from './fields';
import { checkOscillators, oscillatorSectionSchema } from './oscillatorSchema';

export const MODEL_FORMAT = 'luciole-model';
export const MODEL_VERSION = 1;

const paramsSchema = z.record(z.string(), z.unknown(), { error: 'expected an object of parameters' }).optional();

const populationSchema = z.strictObject({
  name,
  size: count('a whole number of neurons ≥ 1').refine((n) => n >= 1 && n <= MAX_NEURONS, {
    error: `expected a whole number of neurons in 1..${MAX_NEURONS}`,
  }),
  /** A built-in cell type or one of the model's own `cellTypes`. */
  cellType: z.string({ error: `expected a cell type (${BUILT_IN_CELL_TYPE_NAMES.join(', ')}, or one of cellTypes)` }),
  params: paramsSchema,
  initialV: valueSchema('mV').optional(),
  /** Initial values of state variables other than v (PyNN initial_values), drawn per neuron. */
  initial: z.record(z.string(), valueSchema("the variable's unit"), { error: 'expected an object of initial values' }).optional(),
  neuronInfo: neuronInfoSchema.optional(),
  /** SpikeSourceArray: each neuron's spike times (ms), one list per neuron. */
  spikeTimes: z
    .array(z.array(nonNegative('ms'), { error: 'expected a list of spike times (ms)' }), {
      error: 'expected one list of spike times (ms) per neuron',
    })
    .optional(),
  /** SpikeSourceArray: take the times from a spike file (SONATA, NWB, CSV, NPZ), read by whoever opens the model. */
  spikeTimesFrom: z
    .strictObject({
      file: name,
      /** The file's population (default: its only one). */
      population: name.optional(),
      /** Added to every time (ms). */
      offsetMs: num('a number of ms').optional(),
    })
    .optional(),
});

const receptor = z.enum(['excitatory', 'inhibitory'], { error: "expected 'excitatory' or 'inhibitory'" });
/** Projections may also be gap junctions: `electrical`, weight a conductance in nS. */
const projectionReceptor = z.enum(['excitatory', 'inhibitory', 'electrical'], {
  error: "expected 'excitatory', 'inhibitory' or 'electrical'",
});

const projectionSchema = z.strictObject({
  name: name.optional(),
  pre: name,
  post: name,
  connector: connectorSchema,
  receptor: projectionReceptor,
  weight: valueSchema("the receptor's unit (nA for a current, mV for a voltage jump, µS for a conductance; nS if electrical)"),
  delay: valueSchema('ms').optional(),
  /** Makes the weights plastic (docs/model-format.md, "Plasticity"). */
  plasticity: plasticitySchema.optional(),
});

const indexList = z.array(count('a neuron index ≥ 0'), { error: 'expected a list of neuron indices' });
const selectionFields = { population: name, neurons: indexList.optional() };

const stimulusSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('dc'),
      ...selectionFields,
      amplitude: num('a number of nA'),
      start: nonNegative('ms').optional(),
      stop: nonNegative('ms').optional(),
    }),
    z.strictObject({
      type: z.literal('stepCurrent'),
      ...selectionFields,
      times: z.array(nonNegative('ms'), { error: 'expected a list of times in ms' }),
      amplitudes: z.array(num('a number of nA'), { error: 'expected a list of amplitudes in nA' }),
    }),
    z.strictObject({
      type: z.literal('poisson'),
      ...selectionFields,
      rateHz: nonNegative('Hz'),
      weight: num("a number in the receptor's unit (nA, mV or µS)"),
      receptor,
      start: nonNegative('ms').optional(),
      stop: nonNegative('ms').optional(),
    }),
    z.strictObject({
      type: z.literal('silence'),
      ...selectionFields,
      start: nonNegative('ms').optional(),
      stop: nonNegative('ms').optional(),
    }),
  ],
  { error: 'expected a stimulus: dc, stepCurrent, poisson or silence' },
);

const recorderSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('spikes'), ...selectionFields }),
    z.strictObject({
      type: z.literal('state'),
      population: name,
      neurons: indexList.min(1, { error: 'expected at least one neuron index' }),
      variables: z
        .array(z.string({ error: 'expected the name of a state variable' }), { error: 'expected a list of state variables' })
        .min(1, { error: 'expected at least one variable' }),
    }),
  ],
  { error: 'expected a recorder: spikes or state' },
);

export const modelSchema = z
  .strictObject({
    format: z.literal(MODEL_FORMAT, { error: `expected "${MODEL_FORMAT}"` }),
    version: z.literal(MODEL_VERSION, { error: `expected format version ${MODEL_VERSION}` }),
    name,
    description: z.string().optional(),
    dt: num('a time step in ms')
      .refine((dt) => dt >= MIN_DT_MS && dt <= MAX_DT_MS, { error: `expected a time step in ${MIN_DT_MS}..${MAX_DT_MS} ms` })
      .default(0.1),
    seed: count('a whole number seed in 0..2^32-1')
      .refine((s) => s <= 0xffffffff, { error: 'expected a whole number seed in 0..2^32-1' })
      .default(1),
    durationMs: positive('ms').default(1000),
    /** The model's own cell types, by name (docs/model-format.md, "cellTypes"). */
    cellTypes: z.record(name, userCellTypeSchema, { error: 'expected an object of cell types by name' }).optional(),
    /** The model's own plasticity rules, by name (docs/model-format.md, "Plasticity"). */
    plasticityRules: z.record(name, userPlasticityRuleSchema, { error: 'expected an object of plasticity rules by name' }).optional(),
    /** Spiking populations; a model may instead (or also) have oscillators. */
    populations: z.array(populationSchema, { error: 'expected a list of populations' }).default([]),
    projections: z.array(projectionSchema, { error: 'expected a list of projections' }).default([]),
    stimuli: z.array(stimulusSchema, { error: 'expected a list of stimuli' }).default([]),
    recorders: z.array(recorderSchema, { error: 'expected a list of recorders' }).default([]),
    oscillators: oscillatorSectionSchema.optional(),
  })
  .superRefine(checkCrossReferences);

/** A model as written by a user (optional fields may be missing). */
export type ModelInput = z.input<typeof modelSchema>;
/** A validated model with top-level defaults filled in. */
export type Model = z.output<typeof modelSchema>;
export type Population = Model['populations'][number];
export type Projection = Model['projections'][number];
export type Connector = Projection['connector'];
export type Stimulus = Model['stimuli'][number];
export type Recorder = Model['recorders'][number];
export type Value = Projection['weight'];

type Ctx = z.RefinementCtx<z.output<ReturnType<typeof z.strictObject>>>;

function checkCrossReferences(m: Model, ctx: Ctx): void {
  const issue = (path: (string | number)[], message: string, input: unknown) => ctx.addIssue({ code: 'custom', path, message, input });
  const verbatim = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message, params: { verbatim: true } });
  const cells = new Map<string, CompiledCellType | null>();
  for (const typeName of Object.keys(m.cellTypes ?? {})) {
    if (isBuiltInCellType(typeName)) {
      issue(['cellTypes', typeName], `expected a name that is not a built-in cell type (${BUILT_IN_CELL_TYPE_NAMES.join(', ')})`, typeName);
      cells.set(typeName, null);
      continue;
    }
    try {
      cells.set(typeName, cellTypeOf(m, typeName));
    } catch (e) {
      const d = describeCellTypeError(e);
      if (!d) throw e;
      verbatim(d.path, d.message);
      cells.set(typeName, null);
    }
  }
  for (const [ruleName, rule] of Object.entries(m.plasticityRules ?? {})) {
    if (ruleName === 'STDPMechanism') {
      issue(['plasticityRules', ruleName], 'expected a name other than the built-in STDPMechanism', ruleName);
      continue;
    }
    try {
      compileUserPlasticityRule(ruleName, rule);
    } catch (e) {
      const d = describeCellTypeError(e);
      if (!d) throw e;
      verbatim(d.path, d.message);
    }
  }
  const cellOf = (p: Population): CompiledCellType | null => {
    if (!cells.has(p.cellType)) cells.set(p.cellType, isBuiltInCellType(p.cellType) ? cellTypeOf(m, p.cellType) : null);
    return cells.get(p.cellType)!;
  };
  const pops = new Map<string, Population>();
  let total = 0;
  m.populations.forEach((p, i) => {
    if (pops.has(p.name)) issue(['populations', i, 'name'], 'expected a population name not used before', p.name);
    pops.set(p.name, p);
    total += p.size;
    const cell = cellOf(p);
    const own = Object.keys(m.cellTypes ?? {});
    if (!cell && !own.includes(p.cellType))
      issue(
        ['populations', i, 'cellType'],
        `expected one of ${[...BUILT_IN_CELL_TYPE_NAMES, ...own].join(', ')}${own.length ? '' : ' (or a cell type of your own in cellTypes)'}`,
        p.cellType,
      );
    if (cell) checkParams(cell, p, i, m.dt, issue);
    if (p.cellType === 'SpikeSourceArray' && !p.spikeTimes && p.spikeTimesFrom)
      issue(
        ['populations', i, 'spikeTimesFrom'],
        `${p.spikeTimesFrom.file} was not read: open the model with \`luciole run\`, which reads it beside the model, or give spikeTimes`,
        p.spikeTimesFrom.file,
      );
    else if (p.cellType === 'SpikeSourceArray' && !p.spikeTimes)
      issue(['populations', i, 'spikeTimes'], 'expected the spike times of a SpikeSourceArray: one list (ms) per neuron', undefined);
    if (p.spikeTimes && p.cellType !== 'SpikeSourceArray')
      issue(['populations', i, 'spikeTimes'], `expected spikeTimes only on a SpikeSourceArray, not on ${p.cellType}`, p.spikeTimes);
    if (p.spikeTimes && p.spikeTimes.length !== p.size)
      issue(['populations', i, 'spikeTimes'], `expected ${p.size} lists (one per neuron), got ${p.spikeTimes.length}`, p.spikeTimes.length);
    const info = p.neuronInfo;
    if (info) {
      const lists: [string, unknown[] | undefined][] = [
        ['names', info.names],
        ['cellTypes', info.cellTypes],
        ['hemispheres', info.hemispheres],
        ['positions', info.positions],
        ...Object.entries(info.annotations ?? {}).map(([k, v]) => [`annotations.${k}`, v] as [string, unknown[]]),
      ];
      for (const [key, list] of lists)
        if (list && list.length !== p.size)
          issue(['populations', i, 'neuronInfo', ...key.split('.')], `expected ${p.size} entries (one per neuron)`, list.length);
    }
  });
  if (total > MAX_NEURONS) issue(['populations'], `expected at most ${MAX_NEURONS} neurons in all`, total);
  if (m.populations.length === 0 && !m.oscillators)
    issue(['populations'], 'expected at least one population (or an oscillators section)', m.populations);
  if (m.oscillators) checkOscillators(m.oscillators, new Map(m.populations.map((p) => [p.name, p.size])), issue);

  const maxDelayMs = MAX_DELAY_STEPS * m.dt;
  const checkDelay = (path: (string | number)[], d: number) => {
    const steps = Math.round(d / m.dt);
    if (steps < 1 || steps > MAX_DELAY_STEPS)
      issue(path, `expected a delay in ${m.dt}..${+maxDelayMs.toFixed(6)} ms (1..${MAX_DELAY_STEPS} steps of dt = ${m.dt} ms)`, d);
  };
  const checkPop = (path: (string | number)[], nameValue: string): Population | undefined => {
    const p = pops.get(nameValue);
    if (!p) issue(path, `expected the name of a population (${[...pops.keys()].join(', ')})`, nameValue);
    return p;
  };
  const checkIndices = (path: (string | number)[], pop: Population, idx: number[] | undefined) => {
    idx?.forEach((k, j) => {
      if (k >= pop.size) issue([...path, j], `expected a neuron index in 0..${pop.size - 1} of population "${pop.name}"`, k);
    });
  };

  m.projections.forEach((pr, i) => {
    const at = (...rest: (string | number)[]) => ['projections', i, ...rest];
    const pre = checkPop(at('pre'), pr.pre);
    const post = checkPop(at('post'), pr.post);
    const electrical = pr.receptor === 'electrical';
    const postCell = post ? cellOf(post) : null;
    if (post && !postCell && !electrical) return;
    const chemical = pr.receptor as 'excitatory' | 'inhibitory';
    const conductance = !electrical && postCell?.receptors[chemical] === 'conductance';
    const unit = electrical ? 'nS' : postCell ? weightUnitOf(postCell, chemical) : 'nA, mV or µS';
    const sign = electrical || conductance ? 1 : pr.receptor === 'inhibitory' ? -1 : 1;
    checkSignedValue(at('weight'), pr.weight, sign, unit, pr.receptor, issue);
    if (electrical && pr.delay !== undefined)
      issue(at('delay'), 'expected no delay for an electrical synapse (the coupling acts every step)', pr.delay);
    else if (pr.delay !== undefined) {
      for (const [k, d] of boundsOf(pr.delay)) checkDelay(at('delay', ...k), d);
      checkValueRange(at('delay'), pr.delay, issue);
    }
    if (pr.plasticity) checkPlasticity(m, pr, at, electrical, issue);
    if (!pre || !post) return;
    const c = pr.connector;
    if (c.type === 'oneToOne' && pre.size !== post.size)
      issue(at('connector'), `expected populations of equal size for oneToOne (pre ${pre.size}, post ${post.size})`, c.type);
    if (c.type === 'fixedInDegree' && c.withReplacement === false) {
      const avail = pre.size - (pr.pre === pr.post && c.allowSelfConnections === false ? 1 : 0);
      if (c.n > avail) issue(at('connector', 'n'), `expected at most ${avail} inputs without replacement`, c.n);
    }
    if (c.type === 'fixedTotalNumber' && c.withReplacement === false && c.n > pre.size * post.size)
      issue(at('connector', 'n'), `expected at most ${pre.size * post.size} synapses without replacement`, c.n);
    if (c.type === 'fromList') {
      c.connections.forEach((row, j) => {
        const [a, b] = row;
        if (!Number.isInteger(a) || a < 0 || a >= pre.size)
          issue(at('connector', 'connections', j, 0), `expected a pre index in 0..${pre.size - 1}`, a);
        if (!Number.isInteger(b) || b < 0 || b >= post.size)
          issue(at('connector', 'connections', j, 1), `expected a post index in 0..${post.size - 1}`, b);
        if (row.length >= 3) checkSignedValue(at('connector', 'connections', j, 2), row[2], sign, unit, pr.receptor, issue);
        if (row.length === 4) {
          if (electrical) issue(at('connector', 'connections', j, 3), 'expected no delay for an electrical synapse', row[3]);
          else checkDelay(at('connector', 'connections', j, 3), row[3]);
        }
      });
    }
  });

  m.stimuli.forEach((s, i) => {
    const at = (...rest: (string | number)[]) => ['stimuli', i, ...rest];
    const pop = checkPop(at('population'), s.population);
    if (pop) checkIndices(at('neurons'), pop, s.neurons);
    if (
      (s.type === 'dc' || s.type === 'poisson' || s.type === 'silence') &&
      s.start !== undefined &&
      s.stop !== undefined &&
      s.stop < s.start
    )
      issue(at('stop'), `expected a stop time ≥ start (${s.start} ms)`, s.stop);
    if (s.type === 'stepCurrent') {
      if (s.times.length !== s.amplitudes.length)
        issue(at('amplitudes'), `expected as many amplitudes as times (${s.times.length})`, s.amplitudes.length);
      s.times.forEach((t, j) => {
        if (j > 0 && t <= s.times[j - 1]) issue(at('times', j), `expected times in increasing order (after ${s.times[j - 1]} ms)`, t);
      });
    }
    const popCell = pop ? cellOf(pop) : null;
    if ((s.type === 'dc' || s.type === 'stepCurrent') && pop?.cellType === 'SpikeSourceArray')
      issue(at('type'), `expected no current source on the SpikeSourceArray ${pop.name}: it fires only at its spikeTimes`, s.type);
    if (s.type === 'poisson' && popCell) {
      const sign = s.receptor === 'excitatory' || popCell.receptors[s.receptor] === 'conductance' ? 1 : -1;
      checkSignedValue(at('weight'), s.weight, sign, weightUnitOf(popCell, s.receptor), s.receptor, issue);
      const lambda = (s.rateHz * m.dt) / 1000;
      if (lambda > MAX_POISSON_EVENTS_PER_STEP)
        issue(
          at('rateHz'),
          `expected at most ${MAX_POISSON_EVENTS_PER_STEP} expected events per step (rate × dt); split the source`,
          s.rateHz,
        );
    }
  });

  m.recorders.forEach((r, i) => {
    const pop = checkPop(['recorders', i, 'population'], r.population);
    if (!pop) return;
    checkIndices(['recorders', i, 'neurons'], pop, r.neurons);
    const cell = cellOf(pop);
    if (r.type === 'state' && cell) {
      const allowed = cell.stateNames;
      r.variables.forEach((v, j) => {
        if (!allowed.includes(v)) issue(['recorders', i, 'variables', j], `expected one of ${allowed.join(', ')} for ${pop.cellType}`, v);
      });
    }
  });
}

type Issue = (path: (string | number)[], message: string, input: unknown) => void;

/** A plastic projection: a chemical synapse with one delay, a rule that compiles, its parameters, initial weights within the bounds. */
function checkPlasticity(
  m: Model,
  pr: Projection,
  at: (...rest: (string | number)[]) => (string | number)[],
  electrical: boolean,
  issue: Issue,
): void {
  if (electrical) {
    issue(at('plasticity'), 'expected a chemical synapse: gap junctions (receptor "electrical") are not plastic', pr.receptor);
    return;
  }
  if (pr.delay !== undefined && typeof pr.delay !== 'number')
    issue(at('delay'), 'expected one delay (a number of ms) for a plastic projection', pr.delay);
  if (pr.connector.type === 'fromList' && pr.connector.connections.some((row) => row.length === 4))
    issue(
      at('connector', 'connections'),
      "expected rows without delays for a plastic projection (its delay is the projection's)",
      pr.connector.type,
    );
  if (m.plasticityRules && Object.hasOwn(m.plasticityRules, pr.plasticity!.type) && pr.plasticity!.type !== 'STDPMechanism') {
    try {
      compileUserPlasticityRule(pr.plasticity!.type, m.plasticityRules[pr.plasticity!.type]);
    } catch {
      return; // reported at plasticityRules
    }
  }
  const r = plasticityRuleOf(m, pr.plasticity!, m.dt);
  if ('problems' in r) {
    for (const p of r.problems) issue(at('plasticity', ...p.path), p.message, p.input);
    return;
  }
  const lo = r.params[r.rule.bounds.min];
  const hi = r.params[r.rule.bounds.max];
  for (const [k, w] of boundsOf(pr.weight)) {
    if (Math.abs(w) < lo || Math.abs(w) > hi)
      issue(at('weight', ...k), `expected a weight magnitude within the rule's bounds [${lo}, ${hi}]`, w);
  }
}

function checkParams(cell: CompiledCellType, p: Population, i: number, dt: number, issue: Issue): void {
  for (const problem of parameterProblems(cell, p.params as Record<string, unknown> | undefined, dt))
    issue(['populations', i, ...problem.path], problem.message, problem.input);
  for (const key of Object.keys(p.initial ?? {})) {
    if (!cell.stateNames.includes(key))
      issue(['populations', i, 'initial', key], `expected a state variable of ${cell.name} (${cell.stateNames.join(', ')})`, key);
    else if (key === 'v' && p.initialV !== undefined)
      issue(['populations', i, 'initial', 'v'], 'expected v in initialV or in initial, not both', key);
    checkValueRange(['populations', i, 'initial', key], p.initial![key], issue);
  }
  if (p.initialV !== undefined) checkValueRange(['populations', i, 'initialV'], p.initialV, issue);
}

/** P(low ≤ X ≤ high) for X ~ N(mean, sd²) (Abramowitz & Stegun 7.1.26 erfc, |error| < 1.5·10⁻⁷). */
function normalMass(mean: number, sd: number, low: number, high: number): number {
  if (sd === 0) return mean >= low && mean <= high ? 1 : 0;
  const cdf = (x: number) => {
    if (x === Infinity) return 1;
    if (x === -Infinity) return 0;
    const z = (x - mean) / (sd * Math.SQRT2);
    const t = 1 / (1 + 0.3275911 * Math.abs(z));
    const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-z * z);
    return z >= 0 ? 1 - erfc / 2 : erfc / 2;
  };
  return cdf(high) - cdf(low);
}

/** The concrete numbers a value can take (for range checks), with their sub-paths. */
function boundsOf(v: Value): [(string | number)[], number][] {
  if (typeof v === 'number') return [[[], v]];
  if (v.distribution === 'uniform')
    return [
      [['low'], v.low],
      [['high'], v.high],
    ];
  return [[['mean'], v.mean]];
}

function checkSignedValue(path: (string | number)[], v: Value, sign: number, unit: string, rec: string, issue: Issue): void {
  // PyNN convention for current-based synapses: inhibitory weights are negative; conductances ≥ 0.
  for (const [k, w] of boundsOf(v)) {
    if (w * sign < 0)
      issue([...path, ...k], `expected a ${sign > 0 ? 'non-negative' : 'non-positive'} weight in ${unit} for an ${rec} synapse`, w);
  }
  checkValueRange(path, v, issue);
}

/**
 * A uniform needs high ≥ low; a normalClipped needs low < high and enough probability inside
 * [low, high] (≥ 10⁻⁴) for its redraws to end.
 */
export function checkValueRange(path: (string | number)[], v: Value, issue: Issue): void {
  if (typeof v === 'number') return;
  if (v.distribution === 'uniform' && v.high < v.low) issue([...path, 'high'], `expected high ≥ low (${v.low})`, v.high);
  if (v.distribution !== 'normalClipped') return;
  const low = v.low ?? -Infinity;
  const high = v.high ?? Infinity;
  if (!(high > low)) issue([...path, 'high'], `expected high > low (${v.low})`, v.high);
  else if (normalMass(v.mean, v.sd, low, high) < 1e-4)
    issue(
      path,
      `expected [low, high] to hold at least 1e-4 of the normal's probability (mean ${v.mean}, sd ${v.sd}): every draw outside is redrawn`,
      v,
    );
}

/** One problem in a model description. */
export interface ModelIssue {
  path: string;
  message: string;
}

export class ModelValidationError extends Error {
  constructor(readonly issues: ModelIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
    this.name = 'ModelValidationError';
  }
}

/** `['populations', 1, 'params', 'tau_m']` → `populations[1].params.tau_m`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(model)';
}

function describeInput(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (typeof input === 'string') return JSON.stringify(input);
  if (typeof input === 'number' && !Number.isFinite(input)) return String(input);
  const s = JSON.stringify(input);
  return s === undefined ? String(input) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** No model nests this deep; deeper input is refused before validation (which would recurse through it). */
export const MAX_MODEL_NESTING = 64;

interface Nested {
  v: object;
  depth: number;
  key: string | number;
  parent: Nested | null;
}

/**
 * The path at which `input` nests deeper than MAX_MODEL_NESTING, or null; iterative, so any depth
 * is safe. Only objects and arrays are visited, so a model's long arrays of numbers cost one check each.
 */
function tooDeep(input: unknown): (string | number)[] | null {
  if (!input || typeof input !== 'object') return null;
  const stack: Nested[] = [{ v: input, depth: 0, key: '', parent: null }];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.depth >= MAX_MODEL_NESTING) {
      const path: (string | number)[] = [];
      for (let n: Nested | null = node; n?.parent; n = n.parent) path.unshift(n.key);
      return path;
    }
    const visit = (key: string | number, x: unknown) => {
      if (x && typeof x === 'object') stack.push({ v: x, depth: node.depth + 1, key, parent: node });
    };
    if (Array.isArray(node.v)) node.v.forEach((x, k) => visit(k, x));
    else for (const [key, x] of Object.entries(node.v)) visit(key, x);
  }
  return null;
}

/** Validates untrusted input (parsed JSON or a typed object) and fills defaults. */
export function parseModel(input: unknown): Model {
  const deep = tooDeep(input);
  if (deep)
    throw new ModelValidationError([
      { path: `${formatPath(deep.slice(0, 6))}…`, message: `expected at most ${MAX_MODEL_NESTING} levels of nesting, got more` },
    ]);
  const result = modelSchema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const seen = new Set<string>();
  const issues: ModelIssue[] = [];
  for (const i of result.error.issues) {
    const path = formatPath(i.path);
    let message = i.message;
    if (i.code === 'custom' && (i as { params?: { verbatim?: boolean } }).params?.verbatim) {
      // a code error: the path is already `cellTypes.X.update:line:column`
    } else if (i.code === 'unrecognized_keys') message = `expected no field ${i.keys.map((k) => `"${k}"`).join(', ')}`;
    else if (!/, got /.test(message)) message = `${message}, got ${describeInput((i as { input?: unknown }).input)}`;
    const key = `${path}: ${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push({ path, message });
    }
  }
  throw new ModelValidationError(issues);
}

/** Parses JSON text, reporting syntax errors with line and column. */
export function parseModelJson(text: string): Model {
  return parseModel(readModelJson(text));
}

/** The JSON of a model file, not yet validated; bad JSON is an error naming its line and column. */
export function readModelJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    // JSON.parse's messages give a position only for some errors; jsonc-parser's strict scan
    // finds the first one's offset every time.
    const errors: ParseError[] = [];
    parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const offset = errors.length ? errors[0].offset : Number(/position (\d+)/.exec((e as Error).message)?.[1] ?? NaN);
    if (Number.isNaN(offset)) throw new ModelValidationError([{ path: '(json)', message: `invalid JSON: ${(e as Error).message}` }]);
    const before = text.slice(0, offset).split('\n');
    const what = errors.length
      ? printParseErrorCode(errors[0].error)
          .replace(/([a-z])([A-Z])/g, '$1 $2')
          .toLowerCase() // "CommaExpected" → "comma expected"
      : (e as Error).message;
    throw new ModelValidationError([
      { path: '(json)', message: `invalid JSON at line ${before.length}, column ${before[before.length - 1].length + 1}: ${what}` },
    ]);
  }
}

/** The full parameter set of a population: its cell type's defaults overlaid with the given ones. */
export function resolvedParams(model: Model, p: Population): Record<string, number> {
  return resolveParameters(cellTypeOf(model, p.cellType), p.params as Record<string, unknown> | undefined);
}

/** The compiled cell type of a population of a validated model. */
export function populationCellType(model: Model, p: Population): CompiledCellType {
  return cellTypeOf(model, p.cellType);
}
