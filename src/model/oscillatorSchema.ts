/**
 * The `oscillators` section of the model format (docs/model-format.md#oscillators): Kuramoto
 * phase oscillators or AKOrN unit-vector oscillators in groups, coupled through the same
 * connectors as projections, optionally driving spiking populations by their phase.
 *
 * Units: time in ms (the model's dt is the oscillator step), natural frequencies ω in rad/ms,
 * coupling K in rad/ms, phase noise D in rad²/ms. AKOrN is a discrete map: one update per step
 * of size γ, with ω the rotation per unit γ.
 */
import { z } from 'zod';
import { connectorSchema } from './connectors';
import { count, name, neuronInfoSchema, nonNegative, num } from './fields';
import { MAX_NEURONS } from './limits';

export const OSCILLATOR_MODELS = ['kuramoto', 'akorn'] as const;
export const INTEGRATORS = ['rk4', 'heun'] as const;
/** Largest AKOrN vector dimension (the kernels keep one vector in registers). */
export const MAX_AKORN_DIMENSION = 16;
/** Groups and mean-field couplings are looped over in every kernel: keep them few. */
export const MAX_OSCILLATOR_GROUPS = 64;
export const MAX_OSCILLATORS = MAX_NEURONS;

const frequenciesSchema = z.union(
  [
    num('a number of rad/ms'),
    z.array(num('a number of rad/ms'), { error: 'expected a list of frequencies in rad/ms' }),
    z.strictObject({
      distribution: z.literal('lorentzian'),
      center: num('a number of rad/ms').default(0),
      halfWidth: nonNegative('rad/ms'),
    }),
    z.strictObject({ distribution: z.literal('gaussian'), mean: num('a number of rad/ms').default(0), sd: nonNegative('rad/ms') }),
    z.strictObject({ distribution: z.literal('uniform'), low: num('a number of rad/ms'), high: num('a number of rad/ms') }),
  ],
  { error: "expected a frequency in rad/ms, a list of them, or {distribution: 'lorentzian'|'gaussian'|'uniform', …}" },
);

const vector = z.array(num('a number'), { error: 'expected a vector (a list of numbers)' });

const groupSchema = z.strictObject({
  name,
  size: count('a whole number of oscillators ≥ 1').refine((n) => n >= 1 && n <= MAX_OSCILLATORS, {
    error: `expected a whole number of oscillators in 1..${MAX_OSCILLATORS}`,
  }),
  /** Natural frequencies ω (rad/ms); AKOrN: one per 2×2 rotation block, or one per oscillator for all its blocks. */
  frequencies: frequenciesSchema.default(0),
  /** 'uniform' (seeded; AKOrN: uniformly random unit vectors), one phase for all, or one per oscillator. */
  initialPhases: z
    .union(
      [
        z.literal('uniform'),
        num('a phase in rad'),
        z.array(z.union([num('a phase in rad'), vector]), { error: 'expected a list of phases or vectors' }),
      ],
      {
        error: "expected 'uniform', a phase in rad, or a list with one phase (Kuramoto) or unit vector (AKOrN) per oscillator",
      },
    )
    .default('uniform'),
  /** AKOrN only: the stimulus c — one vector for all, one per oscillator, or seeded random directions of a given norm. */
  stimulus: z
    .union([vector, z.array(vector), z.strictObject({ random: nonNegative('a norm') })], {
      error: 'expected a vector, a list of vectors (one per oscillator) or {random: norm}',
    })
    .optional(),
  /** Names, positions… per oscillator (e.g. from a connectome), for selections and the 3D view. */
  neuronInfo: neuronInfoSchema.optional(),
});

const couplingSchema = z.strictObject({
  name: name.optional(),
  from: name,
  to: name,
  /** Coupling strength; the term is (K/N_from) Σ_j A_ij sin(θ_j − θ_i) (Kuramoto) or J_ij = K·A_ij/N_from (AKOrN). */
  K: num('a coupling strength K (rad/ms for Kuramoto)'),
  connector: connectorSchema,
  /** A_ij for connectors without per-row weights. */
  weight: num('a number').default(1),
});

const phaseDriveSchema = z.strictObject({
  group: name,
  population: name,
  neurons: z.array(count('a neuron index ≥ 0'), { error: 'expected a list of neuron indices' }).optional(),
  amplitude: num('a number of nA'),
  offset: num('a number of nA').default(0),
});

export const oscillatorSectionSchema = z.strictObject({
  model: z.enum(OSCILLATOR_MODELS, { error: "expected 'kuramoto' or 'akorn'" }),
  /** Kuramoto: classical 4th-order Runge–Kutta or Heun (RK2); the noise is added Euler–Maruyama. */
  integrator: z.enum(INTEGRATORS, { error: "expected 'rk4' or 'heun'" }).default('rk4'),
  /** Kuramoto phase diffusion D (rad²/ms): dθ gets + √(2D) dW. */
  noise: nonNegative('rad²/ms').default(0),
  /** AKOrN vector dimension (even). */
  dimension: count('an even dimension ≥ 2')
    .refine((d) => d >= 2 && d % 2 === 0 && d <= MAX_AKORN_DIMENSION, { error: `expected an even dimension in 2..${MAX_AKORN_DIMENSION}` })
    .default(4),
  /** AKOrN step size γ. */
  gamma: num('a positive step size γ')
    .refine((g) => g > 0, { error: 'expected a positive step size γ' })
    .default(0.1),
  groups: z
    .array(groupSchema, { error: 'expected a list of oscillator groups' })
    .min(1, { error: 'expected at least one oscillator group' })
    .max(MAX_OSCILLATOR_GROUPS, { error: `expected at most ${MAX_OSCILLATOR_GROUPS} groups` }),
  couplings: z.array(couplingSchema, { error: 'expected a list of couplings' }).default([]),
  phaseDrive: z.array(phaseDriveSchema, { error: 'expected a list of phase drives' }).default([]),
});

export type OscillatorSection = z.output<typeof oscillatorSectionSchema>;
export type OscillatorGroup = OscillatorSection['groups'][number];
export type OscillatorCoupling = OscillatorSection['couplings'][number];
export type Frequencies = OscillatorGroup['frequencies'];

type Issue = (path: (string | number)[], message: string, input: unknown) => void;

/** Cross-references and sizes; `populationSizes` are the model's spiking populations. */
export function checkOscillators(o: OscillatorSection, populationSizes: Map<string, number>, issue: Issue): void {
  const at = (...rest: (string | number)[]) => ['oscillators', ...rest];
  const groups = new Map<string, number>();
  const akorn = o.model === 'akorn';
  const dim = akorn ? o.dimension : 1;
  let total = 0;
  o.groups.forEach((g, i) => {
    if (groups.has(g.name)) issue(at('groups', i, 'name'), 'expected a group name not used before', g.name);
    groups.set(g.name, g.size);
    total += g.size;
    const f = g.frequencies;
    const blocks = akorn ? o.dimension / 2 : 1;
    if (Array.isArray(f) && f.length !== g.size && f.length !== g.size * blocks)
      issue(
        at('groups', i, 'frequencies'),
        `expected ${g.size}${blocks > 1 ? ` or ${g.size * blocks}` : ''} frequencies (one per oscillator${blocks > 1 ? ' or per rotation block' : ''})`,
        f.length,
      );
    if (!Array.isArray(f) && typeof f === 'object' && f.distribution === 'uniform' && f.high < f.low)
      issue(at('groups', i, 'frequencies', 'high'), `expected high ≥ low (${f.low})`, f.high);
    const p = g.initialPhases;
    if (Array.isArray(p)) {
      if (p.length !== g.size) issue(at('groups', i, 'initialPhases'), `expected ${g.size} entries (one per oscillator)`, p.length);
      p.forEach((e, j) => {
        if (akorn && (!Array.isArray(e) || e.length !== dim))
          issue(at('groups', i, 'initialPhases', j), `expected a vector of ${dim} numbers`, e);
        else if (akorn && Array.isArray(e) && Math.hypot(...e) === 0)
          issue(at('groups', i, 'initialPhases', j), 'expected a non-zero vector', e);
        else if (!akorn && typeof e !== 'number') issue(at('groups', i, 'initialPhases', j), 'expected a phase in rad', e);
      });
    }
    const info = g.neuronInfo;
    if (info)
      for (const [key, list] of [
        ['names', info.names],
        ['positions', info.positions],
        ['cellTypes', info.cellTypes],
      ] as const)
        if (list && list.length !== g.size)
          issue(at('groups', i, 'neuronInfo', key), `expected ${g.size} entries (one per oscillator)`, list.length);
    const c = g.stimulus;
    if (c !== undefined && !akorn)
      issue(
        at('groups', i, 'stimulus'),
        "expected no stimulus vector for Kuramoto oscillators (it is an AKOrN term; use model: 'akorn')",
        c,
      );
    else if (c !== undefined && Array.isArray(c)) {
      if (c.length > 0 && Array.isArray(c[0])) {
        const rows = c as number[][];
        if (rows.length !== g.size) issue(at('groups', i, 'stimulus'), `expected ${g.size} vectors (one per oscillator)`, rows.length);
        rows.forEach((row, j) => {
          if (!Array.isArray(row) || row.length !== dim) issue(at('groups', i, 'stimulus', j), `expected a vector of ${dim} numbers`, row);
        });
      } else if (c.length !== dim) issue(at('groups', i, 'stimulus'), `expected a vector of ${dim} numbers`, c.length);
    }
  });
  if (total > MAX_OSCILLATORS) issue(at('groups'), `expected at most ${MAX_OSCILLATORS} oscillators in all`, total);
  if (!akorn && o.dimension !== 4)
    issue(at('dimension'), "expected no dimension for Kuramoto oscillators (phases are 1-D; use model: 'akorn')", o.dimension);

  o.couplings.forEach((c, i) => {
    const from = groups.get(c.from);
    const to = groups.get(c.to);
    if (from === undefined)
      issue(at('couplings', i, 'from'), `expected the name of an oscillator group (${[...groups.keys()].join(', ')})`, c.from);
    if (to === undefined)
      issue(at('couplings', i, 'to'), `expected the name of an oscillator group (${[...groups.keys()].join(', ')})`, c.to);
    if (from === undefined || to === undefined) return;
    const k = c.connector;
    if (k.type === 'oneToOne' && from !== to)
      issue(at('couplings', i, 'connector'), `expected groups of equal size for oneToOne (from ${from}, to ${to})`, k.type);
    if (k.type === 'fromList')
      k.connections.forEach((row, j) => {
        if (!Number.isInteger(row[0]) || row[0] < 0 || row[0] >= from)
          issue(at('couplings', i, 'connector', 'connections', j, 0), `expected a "from" index in 0..${from - 1}`, row[0]);
        if (!Number.isInteger(row[1]) || row[1] < 0 || row[1] >= to)
          issue(at('couplings', i, 'connector', 'connections', j, 1), `expected a "to" index in 0..${to - 1}`, row[1]);
        if (row.length === 4)
          issue(at('couplings', i, 'connector', 'connections', j, 3), 'expected no delay (oscillator couplings act at once)', row[3]);
      });
  });

  o.phaseDrive.forEach((d, i) => {
    if (!groups.has(d.group))
      issue(at('phaseDrive', i, 'group'), `expected the name of an oscillator group (${[...groups.keys()].join(', ')})`, d.group);
    const size = populationSizes.get(d.population);
    if (size === undefined)
      issue(
        at('phaseDrive', i, 'population'),
        `expected the name of a population (${[...populationSizes.keys()].join(', ') || 'the model has none'})`,
        d.population,
      );
    else
      d.neurons?.forEach((k, j) => {
        if (k >= size)
          issue(at('phaseDrive', i, 'neurons', j), `expected a neuron index in 0..${size - 1} of population "${d.population}"`, k);
      });
  });
}
