/**
 * The coupling sweep: stationary r against K for one group's frequency law, all K values at once
 * as separate all-to-all groups of one model (one group per K, the same seeded frequencies), so a
 * single batched run on the GPU gives the whole curve. The N → ∞ theory comes with it
 * (theory.ts; exact for the Lorentzian: r = √(1 − 2Δ/K)).
 */
import type { ModelInput } from '../model/schema';
import { MAX_OSCILLATOR_GROUPS } from '../model/oscillatorSchema';
import type { FrequencyLaw } from '../network/buildOscillators';
import { Run } from '../engine/run';
import type { RunTarget } from '../engine/backends';
import { criticalCoupling, stationaryOrderParameter } from './kuramotoTheory';

export interface SweepRequest {
  law: FrequencyLaw;
  Ks: number[];
  oscillatorsPerK: number;
  dt: number; // ms
  settleMs: number; // r is averaged over the second half
  seed?: number;
}

export interface SweepResult {
  Ks: number[];
  r: number[];
  theory: number[] | null;
  criticalK: number | null;
  wallMs: number;
}

type FrequenciesInput = NonNullable<ModelInput['oscillators']>['groups'][number]['frequencies'];

/** `m` groups of `n` oscillators, group k coupled to itself with K = Ks[k] (a batched sweep). */
export function kuramotoSweep(opts: {
  n: number;
  Ks: number[];
  frequencies: FrequenciesInput;
  dt?: number;
  seed?: number;
  durationMs?: number;
}): ModelInput {
  return {
    format: 'luciole-model',
    version: 1,
    name: 'kuramoto coupling sweep',
    dt: opts.dt ?? 0.05,
    seed: opts.seed ?? 1,
    durationMs: opts.durationMs ?? 60,
    oscillators: {
      model: 'kuramoto',
      groups: opts.Ks.map((_, k) => ({ name: `K${k}`, size: opts.n, frequencies: opts.frequencies })),
      couplings: opts.Ks.map((K, k) => ({ from: `K${k}`, to: `K${k}`, K, connector: { type: 'allToAll' as const } })),
    },
  };
}

/** The sweep's model: one all-to-all group per K, all with `law`. */
export function sweepModel(req: SweepRequest): ModelInput {
  if (req.Ks.length < 1 || req.Ks.length > MAX_OSCILLATOR_GROUPS)
    throw new RangeError(`sweep: expected 1..${MAX_OSCILLATOR_GROUPS} values of K, got ${req.Ks.length}`);
  const { law } = req;
  const frequencies: FrequenciesInput =
    law.kind === 'lorentzian'
      ? { distribution: 'lorentzian', center: law.center, halfWidth: law.spread }
      : law.kind === 'gaussian'
        ? { distribution: 'gaussian', mean: law.center, sd: law.spread }
        : law.kind === 'uniform'
          ? { distribution: 'uniform', low: law.center - law.spread, high: law.center + law.spread }
          : law.center;
  return kuramotoSweep({ n: req.oscillatorsPerK, Ks: req.Ks, frequencies, dt: req.dt, seed: req.seed, durationMs: req.settleMs });
}

export async function couplingSweep(req: SweepRequest, target: RunTarget, onProgress?: (fraction: number) => void): Promise<SweepResult> {
  const t0 = performance.now();
  const sim = await Run.create(sweepModel(req), target);
  try {
    const total = Math.round(req.settleMs / req.dt);
    const slices = 20;
    for (let k = 0; k < slices; k++) {
      await sim.runSteps(Math.round((total * (k + 1)) / slices) - Math.round((total * k) / slices));
      onProgress?.((k + 1) / slices);
    }
    const r = req.Ks.map((_, g) => {
      const s = sim.orderSeries(g).r;
      const from = Math.floor(s.length / 2);
      return s.subarray(from).reduce((a, b) => a + b, 0) / (s.length - from);
    });
    const hasTheory = req.law.kind !== 'values';
    return {
      Ks: req.Ks,
      r,
      theory: hasTheory ? req.Ks.map((K) => stationaryOrderParameter(req.law, K)) : null,
      criticalK: hasTheory ? criticalCoupling(req.law) : null,
      wallMs: performance.now() - t0,
    };
  } finally {
    sim.destroy();
  }
}
