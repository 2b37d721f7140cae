/**
 * The versioned JSON model format (docs/model-format.md), defined once as a zod schema.
 * `parseModel` turns untrusted JSON into a `Model` or throws a `ModelValidationError` listing
 * every problem as `path: expected …, got …`. Nothing is built from an invalid description.
 */
import { z } from 'zod';
import {
  CELL_TYPES,
  DEFAULT_PARAMS,
  NON_NEGATIVE_PARAMS,
  PARAM_UNITS,
  POSITIVE_PARAMS,
  stateVariables,
  weightUnit,
  type CellType,
} from './cellTypes';
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
  cellType: z.enum(CELL_TYPES, { error: `expected one of ${CELL_TYPES.join(', ')}` }),
  params: paramsSchema,
  initialV: valueSchema('mV').optional(),
  neuronInfo: neuronInfoSchema.optional(),
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
  weight: valueSchema('nA (IF_curr_exp), mV (IF_curr_delta) or nS (electrical)'),
  delay: valueSchema('ms').optional(),
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
      weight: num('a number of nA (IF_curr_exp) or mV (IF_curr_delta)'),
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
        .array(z.enum(['v', 'isyn_exc', 'isyn_inh'], { error: "expected 'v', 'isyn_exc' or 'isyn_inh'" }))
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
  const pops = new Map<string, Population>();
  let total = 0;
  m.populations.forEach((p, i) => {
    if (pops.has(p.name)) issue(['populations', i, 'name'], 'expected a population name not used before', p.name);
    pops.set(p.name, p);
    total += p.size;
    checkParams(p, i, m.dt, issue);
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
    const sign = pr.receptor === 'inhibitory' ? -1 : 1;
    const unit = electrical ? 'nS' : post ? weightUnit(post.cellType) : 'nA or mV';
    checkSignedValue(at('weight'), pr.weight, sign, unit, pr.receptor, issue);
    if (electrical && pr.delay !== undefined)
      issue(at('delay'), 'expected no delay for an electrical synapse (the coupling acts every step)', pr.delay);
    else if (pr.delay !== undefined) {
      for (const [k, d] of boundsOf(pr.delay)) checkDelay(at('delay', ...k), d);
    }
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
    if (s.type === 'poisson' && pop) {
      const sign = s.receptor === 'excitatory' ? 1 : -1;
      checkSignedValue(at('weight'), s.weight, sign, weightUnit(pop.cellType), s.receptor, issue);
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
    if (r.type === 'state') {
      const allowed = stateVariables(pop.cellType);
      r.variables.forEach((v, j) => {
        if (!allowed.includes(v)) issue(['recorders', i, 'variables', j], `expected one of ${allowed.join(', ')} for ${pop.cellType}`, v);
      });
    }
  });
}

type Issue = (path: (string | number)[], message: string, input: unknown) => void;

function checkParams(p: Population, i: number, dt: number, issue: Issue): void {
  const defaults = DEFAULT_PARAMS[p.cellType as CellType] as unknown as Record<string, number>;
  const given = (p.params ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(given)) {
    const path = ['populations', i, 'params', key];
    if (!(key in defaults)) {
      issue(path, `expected a parameter of ${p.cellType} (${Object.keys(defaults).join(', ')})`, key);
      continue;
    }
    const unit = PARAM_UNITS[key];
    if (typeof value !== 'number' || !Number.isFinite(value)) issue(path, `expected a number of ${unit}`, value);
    else if (POSITIVE_PARAMS.has(key) && value <= 0) issue(path, `expected a positive number of ${unit}`, value);
    else if (NON_NEGATIVE_PARAMS.has(key) && value < 0) issue(path, `expected a non-negative number of ${unit}`, value);
  }
  const full = { ...defaults, ...given } as Record<string, number>;
  if (typeof full.v_reset === 'number' && typeof full.v_thresh === 'number' && full.v_reset >= full.v_thresh)
    issue(['populations', i, 'params', 'v_reset'], `expected v_reset below v_thresh (${full.v_thresh} mV)`, full.v_reset);
  if (typeof full.tau_refrac === 'number' && full.tau_refrac > 0 && full.tau_refrac < dt)
    issue(['populations', i, 'params', 'tau_refrac'], `expected 0 or at least one time step (${dt} ms)`, full.tau_refrac);
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
  if (typeof v !== 'number' && v.distribution === 'uniform' && v.high < v.low)
    issue([...path, 'high'], `expected high ≥ low (${v.low})`, v.high);
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

/** Validates untrusted input (parsed JSON or a typed object) and fills defaults. */
export function parseModel(input: unknown): Model {
  const result = modelSchema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const seen = new Set<string>();
  const issues: ModelIssue[] = [];
  for (const i of result.error.issues) {
    const path = formatPath(i.path);
    let message = i.message;
    if (i.code === 'unrecognized_keys') message = `expected no field ${i.keys.map((k) => `"${k}"`).join(', ')}`;
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
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    if (pos) {
      const offset = Number(pos[1]);
      const before = text.slice(0, offset).split('\n');
      throw new ModelValidationError([
        { path: '(json)', message: `invalid JSON at line ${before.length}, column ${before[before.length - 1].length + 1}: ${msg}` },
      ]);
    }
    throw new ModelValidationError([{ path: '(json)', message: `invalid JSON: ${msg}` }]);
  }
  return parseModel(data);
}

/** The full parameter set of a population: PyNN defaults overlaid with the given ones. */
export function resolvedParams(p: Population): Record<string, number> {
  return { ...(DEFAULT_PARAMS[p.cellType] as unknown as Record<string, number>), ...((p.params ?? {}) as Record<string, number>) };
}
