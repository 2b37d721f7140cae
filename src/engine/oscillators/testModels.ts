/** Small oscillator models for the facts suite and the examples (the batched sweep's builder is `kuramotoSweep` in analysis/couplingSweep.ts). */
import type { ModelInput } from '../../model/schema';
import type { OscillatorSection } from '../../model/oscillatorSchema';

type SectionInput = NonNullable<ModelInput['oscillators']>;
type FrequenciesInput = SectionInput['groups'][number]['frequencies'];

/** One all-to-all Kuramoto group. */
export function kuramotoAllToAll(opts: {
  n: number;
  K: number;
  frequencies: FrequenciesInput;
  dt?: number;
  durationMs?: number;
  seed?: number;
  noise?: number;
  integrator?: OscillatorSection['integrator'];
  initialPhases?: SectionInput['groups'][number]['initialPhases'];
}): ModelInput {
  return {
    format: 'luciole-model',
    version: 1,
    name: 'kuramoto all-to-all',
    dt: opts.dt ?? 0.05,
    seed: opts.seed ?? 1,
    durationMs: opts.durationMs ?? 60,
    oscillators: {
      model: 'kuramoto',
      integrator: opts.integrator ?? 'rk4',
      noise: opts.noise ?? 0,
      groups: [{ name: 'osc', size: opts.n, frequencies: opts.frequencies, initialPhases: opts.initialPhases ?? 'uniform' }],
      couplings: [{ from: 'osc', to: 'osc', K: opts.K, connector: { type: 'allToAll' } }],
    },
  };
}

/** Two oscillators at ±Δω/2, K/N with N = 2. */
export function kuramotoTwo(deltaOmega: number, K: number, durationMs = 200): ModelInput {
  return {
    format: 'luciole-model',
    version: 1,
    name: 'kuramoto-two',
    description: 'Two Kuramoto oscillators: they lock iff |Δω| ≤ K, at Δθ = asin(Δω/K)',
    dt: 0.05,
    durationMs,
    oscillators: {
      model: 'kuramoto',
      groups: [{ name: 'pair', size: 2, frequencies: [-deltaOmega / 2, deltaOmega / 2], initialPhases: [0, 0] }],
      couplings: [{ from: 'pair', to: 'pair', K, connector: { type: 'allToAll' } }],
    },
  };
}

/** AKOrN oscillators in one group with a given coupling list and stimulus. */
export function akornModel(opts: {
  n: number;
  dimension?: number;
  gamma?: number;
  frequencies?: FrequenciesInput;
  stimulus?: SectionInput['groups'][number]['stimulus'];
  couplings?: { K: number; connections: number[][] }[];
  allToAllK?: number;
  seed?: number;
  initialPhases?: SectionInput['groups'][number]['initialPhases'];
}): ModelInput {
  const couplings: SectionInput['couplings'] = (opts.couplings ?? []).map((c) => ({
    from: 'x',
    to: 'x',
    K: c.K,
    connector: { type: 'fromList' as const, connections: c.connections },
  }));
  if (opts.allToAllK !== undefined) couplings.push({ from: 'x', to: 'x', K: opts.allToAllK, connector: { type: 'allToAll' } });
  return {
    format: 'luciole-model',
    version: 1,
    name: 'akorn',
    dt: 1,
    seed: opts.seed ?? 1,
    durationMs: 100,
    oscillators: {
      model: 'akorn',
      dimension: opts.dimension ?? 4,
      gamma: opts.gamma ?? 0.1,
      groups: [
        {
          name: 'x',
          size: opts.n,
          frequencies: opts.frequencies ?? 0,
          stimulus: opts.stimulus,
          initialPhases: opts.initialPhases ?? 'uniform',
        },
      ],
      couplings,
    },
  };
}

/** A symmetric random coupling list on n oscillators (both directions, weight in [−1, 1]). */
export function symmetricCouplings(n: number, seed: number): number[][] {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const rows: number[][] = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      if (rand() < 0.3) {
        const w = 2 * rand() - 1;
        rows.push([i, j, w], [j, i, w]);
      }
    }
  return rows;
}
