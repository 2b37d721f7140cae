/**
 * Checks what a learner did in a lesson step against the run, and the values its feedback
 * names ({measured_Hz}, {theory_Hz}, …; docs/lessons.md). Closed forms: analysis/lifTheory.ts.
 */
import type { NetworkData } from '../engine/recording/recordedData';
import { lifRateHz, lifRheobaseNa, type LifConstants } from '../analysis/lifTheory';
import { spikeStatistics } from '../analysis/spikeStatistics';
import { resolvedParams, type Model } from '../model/schema';
import { relativeInhibition } from '../model/relativeInhibition';
import type { LessonCheck } from './lessonFormat';

export interface CheckResult {
  passed: boolean;
  /** Values for the feedback's `{name}` placeholders. */
  values: Record<string, number>;
  /** Why it did not pass yet, in words (empty when it passed). */
  why: string;
}

/** The run's model with its live edits (a Run, or any source of the same fields). */
export type LessonRun = NetworkData & { readonly model: Model; readonly timeMs: number };

/** Evaluates `check` on `run`; `answer` is the option the learner chose, for questions. */
export function evaluateCheck(check: LessonCheck, run: LessonRun, answer: number | null): CheckResult {
  const values: Record<string, number> = { t_ms: run.timeMs };
  const g = relativeInhibition(run.model);
  if (g) values.g = g.g;
  // Any step's feedback may name the closed forms of the first population (a question about V∞).
  if (run.model.populations.length) Object.assign(values, lifValues(run, run.model.populations[0].name));
  switch (check.kind) {
    case 'none':
      return { passed: true, values, why: '' };
    case 'answer':
      if (answer === null) return { passed: false, values, why: 'choose an answer first' };
      return { passed: answer === check.correct, values, why: answer === check.correct ? '' : 'not that one' };
    case 'spikes': {
      const pops = run.network.populations.filter((p) => !check.population || p.name === check.population);
      if (!pops.length) return { passed: false, values, why: `no population named "${check.population}"` };
      const { neurons } = run.spikeView();
      let spikes = 0;
      for (const i of neurons) if (pops.some((p) => i >= p.start && i < p.start + p.size)) spikes++;
      values.spikes = spikes;
      Object.assign(values, lifValues(run, check.population ?? run.model.populations[0].name));
      return { passed: values.spikes >= check.min, values, why: values.spikes >= check.min ? '' : `${values.spikes} spikes so far` };
    }
    case 'lif-rate': {
      Object.assign(values, lifValues(run, check.population));
      if (run.timeMs + 1e-6 < check.minMs)
        return { passed: false, values, why: `run to at least ${check.minMs} ms (now ${run.timeMs.toFixed(0)} ms)` };
      const stats = spikeStatistics(run).find((p) => p.name === check.population);
      if (!stats) return { passed: false, values, why: `no population named "${check.population}"` };
      values.measured_Hz = stats.meanRateHz;
      const theory = values.theory_Hz;
      const close = theory > 0 ? Math.abs(stats.meanRateHz - theory) / theory <= check.tolerance : stats.meanRateHz === 0;
      return {
        passed: close && theory > 0,
        values,
        why: theory > 0 ? (close ? '' : 'the measured rate is not yet the closed form') : 'the current is below rheobase',
      };
    }
    case 'statistics': {
      if (run.timeMs + 1e-6 < check.minMs)
        return { passed: false, values, why: `run to at least ${check.minMs} ms (now ${run.timeMs.toFixed(0)} ms)` };
      const stats = spikeStatistics(run, run.timeMs / 10, run.timeMs).find((p) => p.name === check.population);
      if (!stats) return { passed: false, values, why: `no population named "${check.population}"` };
      values.rate_Hz = stats.meanRateHz;
      values.cv = stats.meanCv;
      const misses: string[] = [];
      if (check.rateAtLeastHz !== undefined && !(stats.meanRateHz >= check.rateAtLeastHz))
        misses.push(`rate below ${check.rateAtLeastHz} Hz`);
      if (check.rateAtMostHz !== undefined && !(stats.meanRateHz <= check.rateAtMostHz)) misses.push(`rate above ${check.rateAtMostHz} Hz`);
      if (check.cvAtLeast !== undefined && !(stats.meanCv >= check.cvAtLeast)) misses.push(`CV below ${check.cvAtLeast}`);
      if (check.cvAtMost !== undefined && !(stats.meanCv <= check.cvAtMost)) misses.push(`CV above ${check.cvAtMost}`);
      return { passed: !misses.length, values, why: misses.join(', ') };
    }
  }
}

/** The DC current (nA) on a whole population: the sum of its dc stimuli without a neuron list. */
export function populationDcNa(model: Model, population: string): number {
  return model.stimuli.reduce((a, s) => a + (s.type === 'dc' && s.population === population && !s.neurons ? s.amplitude : 0), 0);
}

/** Closed-form values of a LIF population under its DC current: rheobase, V∞, theory rate. */
function lifValues(run: LessonRun, population: string): Record<string, number> {
  const pop = run.model.populations.find((p) => p.name === population);
  if (!pop) return {};
  const p = resolvedParams(run.model, pop);
  if (!['cm', 'tau_m', 'tau_refrac', 'v_rest', 'v_reset', 'v_thresh'].every((n) => n in p)) return {};
  const lif = p as unknown as LifConstants;
  const current = populationDcNa(run.model, population);
  return {
    current_nA: current,
    rheobase_nA: lifRheobaseNa(lif),
    v_inf_mV: lif.v_rest + ((current + (lif.i_offset ?? 0)) * lif.tau_m) / lif.cm,
    v_thresh_mV: lif.v_thresh,
    theory_Hz: lifRateHz(lif, current),
  };
}

/** Feedback with its `{name}` placeholders filled (numbers to 3 significant figures; unknown names stay). */
export function fillFeedback(template: string, values: Record<string, number>): string {
  return template.replace(/\{([a-zA-Z_]+)\}/g, (all, name: string) => {
    const v = values[name];
    return v === undefined || !Number.isFinite(v) ? all : String(+v.toPrecision(3));
  });
}
