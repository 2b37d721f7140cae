/**
 * Checks what a learner did in a lesson step against the run, and the values its feedback
 * names ({measured_Hz}, {theory_Hz}, …; docs/lessons.md). Closed forms: analysis/lifTheory.ts.
 */
import type { TraceData } from '../engine/recording/recordedData';
import { lifRateHz, lifRheobaseNa, pspMv, pspPeak, type LifConstants } from '../analysis/lifTheory';
import { spikeStatistics } from '../analysis/spikeStatistics';
import { resolvedParams, type Model } from '../model/schema';
import { relativeInhibition } from '../model/relativeInhibition';
import { brunelNetworkOf, brunelSiegertRateHz } from '../analysis/brunelTheory';
import { criticalCoupling, stationaryOrderParameter } from '../analysis/kuramotoTheory';
import { stationaryR, stimulusAlignment } from '../analysis/oscillatorMeasures';
import type { OrderSeries } from '../engine/recording/orderRecording';
import type { PlasticWeights, Run } from '../engine/run';
import type { OscillatorComponent } from '../engine/oscillators/oscillatorComponent';
import type { LessonCheck } from './lessonFormat';
import type { ContinualResult } from '../learning/continual';
import { responseSummary } from '../analysis/responseSummary';
import { selectNeurons } from '../model/selection';
import { gapPairSteadyState, leakConductanceNs } from '../analysis/gapJunctionTheory';

export interface CheckResult {
  passed: boolean;
  /** Values for the feedback's `{name}` placeholders. */
  values: Record<string, number>;
  /** Why it did not pass yet, in words (empty when it passed). */
  why: string;
}

/** The run's model with its live edits (a Run, or any source of the same fields); oscillator checks read its oscillators. */
export type LessonRun = TraceData & {
  readonly timeMs: number;
  readonly oscillators?: Pick<OscillatorComponent, 'built' | 'couplingStrength' | 'frequencySpread'> | null;
  orderSeries?(group?: number): OrderSeries;
};

/** What a check needs read back from the device when it is made (`readBackFor` says what). */
export interface CheckReadBack {
  /** The oscillators' state (AKOrN alignment). */
  oscillatorState?: Float64Array | null;
  /** The checked projection's learnt weights. */
  weights?: PlasticWeights | null;
}

/** A question: the chosen option against the correct one. */
export function evaluateAnswer(
  check: Extract<LessonCheck, { kind: 'answer' }>,
  answer: number | null,
  values: Record<string, number> = {},
): CheckResult {
  if (answer === null) return { passed: false, values, why: 'choose an answer first' };
  return { passed: answer === check.correct, values, why: answer === check.correct ? '' : 'not that one' };
}

/** One method's training on the continual-learning page, as the page leaves it for the lesson. */
export interface ContinualRecord {
  dataset: string;
  epochs: number;
  result: ContinualResult;
}

/**
 * A `continual` check against the page's last training (both of its methods): the checked
 * method's BWT and ACC; values `bwt_<method>`, `acc_<method>` (fractions), `bwt_<method>_pts`,
 * `acc_<method>_pct` (as the page shows them), `learnt_<method>_pct` (task 1
 * after training it) and `kept_<method>_pct` (task 1 after the last task) for every method trained.
 */
export function evaluateContinualCheck(
  check: Extract<LessonCheck, { kind: 'continual' }>,
  records: readonly ContinualRecord[],
): CheckResult {
  const values: Record<string, number> = {};
  for (const { result: r } of records) {
    values[`acc_${r.method}`] = r.ACC;
    values[`acc_${r.method}_pct`] = 100 * r.ACC;
    if (r.BWT !== null) {
      values[`bwt_${r.method}`] = r.BWT;
      values[`bwt_${r.method}_pts`] = 100 * r.BWT; // as the page shows it, in percentage points
    }
    const first = r.R[0]?.[0];
    const last = r.R[r.R.length - 1]?.[0];
    if (r.method !== 'multitask' && first !== null && first !== undefined) values[`learnt_${r.method}_pct`] = 100 * first;
    if (last !== null && last !== undefined) values[`kept_${r.method}_pct`] = 100 * last;
  }
  const rec = records.find((x) => x.result.method === check.method);
  if (!rec)
    return {
      passed: false,
      values,
      why: `train ${check.method === 'baseline' ? 'fine-tuning (the baseline)' : check.method.toUpperCase()} first`,
    };
  const r = rec.result;
  values.tasks = r.tasks;
  values.epochs = rec.epochs;
  const misses: string[] = [];
  if (check.protocol && r.protocol !== check.protocol) misses.push(`it was trained on ${r.protocol} tasks, not ${check.protocol}`);
  if (r.tasks < check.tasksAtLeast) misses.push(`train at least ${check.tasksAtLeast} tasks (it had ${r.tasks})`);
  boundMisses(misses, r.BWT ?? undefined, check.bwtAtLeast, check.bwtAtMost, 'BWT');
  boundMisses(misses, r.ACC, check.accAtLeast, undefined, 'ACC');
  return { passed: !misses.length, values, why: misses.join(', ') };
}

/** Reads back what `check` needs from `run` (nothing for most checks). */
export async function readBackFor(check: LessonCheck, run: Run): Promise<CheckReadBack> {
  if (check.kind === 'order' && run.oscillators?.built.stimulus) return { oscillatorState: await run.readOscillatorState() };
  if (check.kind === 'weights' && run.plasticProjections.some((p) => p.name === check.projection))
    return { weights: await run.readPlasticWeights(check.projection) };
  return {};
}

/** Evaluates `check` on `run`; `answer` is the option the learner chose, for questions; `readBack` what `readBackFor` read. */
export function evaluateCheck(check: LessonCheck, run: LessonRun, answer: number | null, readBack: CheckReadBack = {}): CheckResult {
  const oscillatorState = readBack.oscillatorState;
  const values: Record<string, number> = { t_ms: run.timeMs };
  const g = relativeInhibition(run.model);
  if (g) values.g = g.g;
  // Any step's feedback may name the closed forms of the first population (a question about V∞).
  if (run.model.populations.length) Object.assign(values, lifValues(run, run.model.populations[0].name));
  switch (check.kind) {
    case 'none':
      return { passed: true, values, why: '' };
    case 'answer':
      return evaluateAnswer(check, answer, values);
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
        return { passed: false, values, why: `run to at least ${check.minMs} ms (now ${Math.floor(run.timeMs + 1e-6)} ms)` };
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
    case 'psp': {
      const psp = pspComparison(run, check);
      if ('why' in psp) return { passed: false, values, why: psp.why };
      Object.assign(values, psp.values);
      const close = Math.abs(psp.values.psp_measured_mV - psp.values.psp_theory_mV) <= check.tolerance * Math.abs(psp.values.psp_theory_mV);
      const heavy = check.weightAtLeastNa === undefined || Math.abs(psp.values.weight_nA) >= check.weightAtLeastNa;
      const why = !heavy ? `the weight is ${psp.values.weight_nA} nA` : close ? '' : 'the peak is not the closed form';
      return { passed: close && heavy, values, why };
    }
    case 'coupling':
      return gapCoupling(check, run, values);
    case 'siegert': {
      const b = brunelNetworkOf(run.model);
      if (!b) return { passed: false, values, why: `${run.model.name} is not Brunel's model A` };
      values.eta = b.eta;
      values.siegert_Hz = brunelSiegertRateHz(b.g, b.eta, b.constants);
      if (run.timeMs + 1e-6 < check.minMs)
        return { passed: false, values, why: `run to at least ${check.minMs} ms (now ${Math.floor(run.timeMs + 1e-6)} ms)` };
      const stats = spikeStatistics(run, run.timeMs / 10, run.timeMs).find((p) => p.name === 'E')!;
      values.rate_Hz = stats.meanRateHz;
      values.cv = stats.meanCv;
      values.error_pct = (100 * Math.abs(stats.meanRateHz - values.siegert_Hz)) / values.siegert_Hz;
      values.population_cv = populationRateCv(run, 'E', run.timeMs / 10, run.timeMs);
      const misses: string[] = [];
      boundMisses(misses, b.g, check.gAtLeast, check.gAtMost, 'g');
      boundMisses(misses, b.eta, check.etaAtLeast, check.etaAtMost, 'η');
      if (check.rateAtLeastHz !== undefined && !(stats.meanRateHz >= check.rateAtLeastHz))
        misses.push(`rate below ${check.rateAtLeastHz} Hz`);
      if (check.cvAtMost !== undefined && !(stats.meanCv <= check.cvAtMost)) misses.push(`ISI CV above ${check.cvAtMost}`);
      if (check.populationCvAtLeast !== undefined && !(values.population_cv >= check.populationCvAtLeast))
        misses.push(`the population fires too evenly (count CV below ${check.populationCvAtLeast})`);
      if (!misses.filter((m) => !m.startsWith('the population')).length && check.agree !== undefined) {
        // Below 0.1 Hz the theory says "silent", and a relative error means nothing.
        if (!(values.siegert_Hz >= 0.1)) misses.push('the Siegert rate here is below 0.1 Hz: choose a point with more drive');
        else {
          const agrees = values.error_pct <= 100 * (check.tolerance ?? 0.1);
          if (agrees !== check.agree)
            misses.push(agrees ? 'the rate agrees with the Siegert rate here' : 'the rate is not the Siegert rate here');
        }
      }
      return { passed: !misses.length, values, why: misses.join(', ') };
    }
    case 'order': {
      const osc = run.oscillators;
      if (!osc || !run.orderSeries) return { passed: false, values, why: 'the model has no oscillators' };
      Object.assign(values, oscillatorValues(run));
      if (run.timeMs + 1e-6 < check.minMs)
        return { passed: false, values, why: `run to at least ${check.minMs} ms (now ${Math.floor(run.timeMs + 1e-6)} ms)` };
      values.r = stationaryR(run.orderSeries());
      if (osc.built.stimulus && oscillatorState)
        values.alignment = stimulusAlignment(oscillatorState, osc.built.stimulus, osc.built.stateWidth);
      const misses: string[] = [];
      boundMisses(misses, values.K, check.KAtLeast, check.KAtMost, 'K');
      boundMisses(misses, values.r, check.rAtLeast, check.rAtMost, 'r');
      boundMisses(misses, values.alignment, check.alignmentAtLeast, check.alignmentAtMost, 'the alignment');
      if (check.tolerance !== undefined && !misses.length) {
        if (values.r_theory === undefined) misses.push('no theory for these frequencies');
        else if (Math.abs(values.r - values.r_theory) > check.tolerance * Math.max(values.r_theory, 0.05))
          misses.push('r is not yet the theory: reset and run again');
      }
      return { passed: !misses.length, values, why: misses.join(', ') };
    }
    case 'weights': {
      if (run.timeMs + 1e-6 < check.minMs)
        return { passed: false, values, why: `run to at least ${check.minMs} ms (now ${Math.floor(run.timeMs + 1e-6)} ms)` };
      const w = readBack.weights;
      if (!w || w.name !== check.projection) return { passed: false, values, why: `the weights of ${check.projection} were not read` };
      const span = w.wMax - w.wMin;
      let sum = 0;
      let high = 0;
      let low = 0;
      for (const x of w.weights) {
        const f = (x - w.wMin) / span;
        sum += f;
        if (f >= 0.9) high++;
        if (f <= 0.1) low++;
      }
      const n = w.weights.length;
      values.w_mean = sum / n;
      values.w_high_pct = (100 * high) / n;
      values.w_low_pct = (100 * low) / n;
      values.out_rate_Hz = outputRateHz(run, check.population);
      const misses: string[] = [];
      if (check.meanAtLeast !== undefined && !(values.w_mean >= check.meanAtLeast))
        misses.push(`the mean weight is below ${check.meanAtLeast} of w_max`);
      if (check.meanAtMost !== undefined && !(values.w_mean <= check.meanAtMost))
        misses.push(`the mean weight is above ${check.meanAtMost} of w_max`);
      return { passed: !misses.length, values, why: misses.join(', ') };
    }
    case 'drive-response':
      return driveResponse(check, run, values);
    case 'continual':
      return { passed: false, values, why: 'this check reads the continual-learning page (evaluateContinualCheck)' };
    case 'statistics': {
      if (run.timeMs + 1e-6 < check.minMs)
        return { passed: false, values, why: `run to at least ${check.minMs} ms (now ${Math.floor(run.timeMs + 1e-6)} ms)` };
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

/**
 * The CV of a population's spike count in 1 ms bins over [fromMs, toMs): the Poisson floor is
 * 1/√(count per bin); population oscillations raise it (Brunel's model A at B: about 0.5, from
 * its weak fast oscillation; at D's slow waves: above 1).
 */
export function populationRateCv(run: LessonRun, population: string, fromMs: number, toMs: number): number {
  const pop = run.network.populations.find((p) => p.name === population);
  if (!pop) return NaN;
  const first = Math.ceil(fromMs);
  const bins = new Float64Array(Math.max(0, Math.floor(toMs) - first));
  const { neurons, steps } = run.spikeView();
  for (let k = 0; k < neurons.length; k++) {
    if (neurons[k] < pop.start || neurons[k] >= pop.start + pop.size) continue;
    const b = Math.floor(steps[k] * run.dt) - first;
    if (b >= 0 && b < bins.length) bins[b]++;
  }
  const mean = bins.reduce((a, x) => a + x, 0) / bins.length;
  const sd = Math.sqrt(bins.reduce((a, x) => a + (x - mean) ** 2, 0) / bins.length);
  return mean > 0 ? sd / mean : NaN;
}

/** A PSP window of a run: the recorded V − V_rest and the closed-form sum of PSPs, on the run's step grid. */
export interface PspWindow {
  tMs: number[];
  recordedMv: number[];
  theoryMv: number[];
}

/** The window of a `psp` check: recorded and closed form (analysis/lifTheory.ts pspMv), or why it cannot be read yet. */
export function pspWindow(
  run: LessonRun,
  check: { population: string; projection: string; fromMs: number; toMs: number },
): { window: PspWindow; weightNa: number; tauSynMs: number; p: LifConstants } | { why: string } {
  if (run.timeMs + 1e-6 < check.toMs) return { why: `run to at least ${check.toMs} ms (now ${Math.floor(run.timeMs + 1e-6)} ms)` };
  const m = run.model;
  const pop = m.populations.find((x) => x.name === check.population);
  const proj = m.projections.find((x) => x.name === check.projection);
  const built = run.network.populations.find((x) => x.name === check.population);
  if (!pop || !proj || !built) return { why: `no population "${check.population}" or projection "${check.projection}"` };
  const source = m.populations.find((x) => x.name === proj.pre);
  if (typeof proj.weight !== 'number' || typeof proj.delay !== 'number' || !source?.spikeTimes)
    return { why: `${check.projection} needs a fixed weight and delay from a SpikeSourceArray` };
  const trace = run.liveTraces().find((t) => t.probe.neuron === built.start && t.probe.variable === 'v');
  if (!trace) return { why: `V of ${check.population} is not traced: click it in the 3D view` };
  const p = resolvedParams(m, pop) as unknown as LifConstants;
  const tauSynMs = proj.receptor === 'inhibitory' ? resolvedParams(m, pop).tau_syn_I : resolvedParams(m, pop).tau_syn_E;
  const { weight, delay } = proj;
  const inputs = source.spikeTimes[0].filter((t) => t >= check.fromMs && t < check.toMs).map((t) => t + delay);
  const window: PspWindow = { tMs: [], recordedMv: [], theoryMv: [] };
  for (let k = 0; k < trace.values.length; k++) {
    const t = (trace.firstStep + k + 1) * run.dt; // V at the end of the step
    if (t < check.fromMs || t >= check.toMs) continue;
    window.tMs.push(+t.toFixed(6));
    window.recordedMv.push(trace.values[k] - p.v_rest);
    window.theoryMv.push(inputs.reduce((a, t0) => a + pspMv(p, tauSynMs, weight, t - t0), 0));
  }
  if (!window.tMs.length) return { why: `the trace no longer holds ${check.fromMs}–${check.toMs} ms: reset and run again` };
  return { window, weightNa: weight, tauSynMs, p };
}

function pspComparison(run: LessonRun, check: Parameters<typeof pspWindow>[1]): { values: Record<string, number> } | { why: string } {
  const w = pspWindow(run, check);
  if ('why' in w) return w;
  const extreme = (xs: number[]) => xs.reduce((a, x) => (Math.abs(x) > Math.abs(a) ? x : a), 0);
  const single = pspPeak(w.p, w.tauSynMs, w.weightNa);
  return {
    values: {
      psp_measured_mV: extreme(w.window.recordedMv),
      psp_theory_mV: extreme(w.window.theoryMv),
      psp_single_mV: single.mV,
      psp_peak_ms: single.tMs,
      weight_nA: w.weightNa,
    },
  };
}

/** The DC current (nA) on a whole population: the sum of its dc stimuli without a neuron list. */
export function populationDcNa(model: Model, population: string): number {
  return model.stimuli.reduce((a, s) => a + (s.type === 'dc' && s.population === population && !s.neurons ? s.amplitude : 0), 0);
}

/** The population's mean rate (Hz) over the whole run so far. */
function outputRateHz(run: LessonRun, population: string): number {
  return run.timeMs > 0 ? (spikeStatistics(run).find((p) => p.name === population)?.meanRateHz ?? NaN) : NaN;
}

/** How long the pair's potentials must have stayed put (ms), and how still (mV), to count as settled. */
const SETTLE_WINDOW_MS = 50;
const SETTLE_MV = 0.01;

/**
 * A gap-junction pair at its steady state against the closed form: the population's first two
 * neurons, the projection's conductance, and the DC current into the first.
 */
function gapCoupling(check: Extract<LessonCheck, { kind: 'coupling' }>, run: LessonRun, values: Record<string, number>): CheckResult {
  const m = run.model;
  const pop = m.populations.find((p) => p.name === check.population);
  const built = run.network.populations.find((p) => p.name === check.population);
  const proj = m.projections.find((p) => p.name === check.projection);
  if (!pop || !built || !proj || proj.receptor !== 'electrical' || pop.size < 2)
    return { passed: false, values, why: `no pair "${check.population}" joined by the electrical projection "${check.projection}"` };
  if (typeof proj.weight !== 'number') return { passed: false, values, why: `${check.projection} needs one conductance` };
  const p = resolvedParams(m, pop);
  const leak = leakConductanceNs(p.cm, p.tau_m);
  const into = (i: number) =>
    m.stimuli.reduce(
      (a, s) => a + (s.type === 'dc' && s.population === pop.name && (!s.neurons || s.neurons.includes(i)) ? s.amplitude : 0),
      0,
    );
  const current = into(0);
  const theory = gapPairSteadyState(leak, proj.weight, current);
  Object.assign(values, {
    g_c_nS: proj.weight,
    g_L_nS: leak,
    current_nA: current,
    v_driven_theory_mV: theory.drivenMv,
    v_follower_theory_mV: theory.followerMv,
    v_alone_mV: theory.aloneMv,
    cc_theory: theory.couplingCoefficient,
  });
  const misses: string[] = [];
  boundMisses(misses, proj.weight, check.conductanceAtLeastNs, check.conductanceAtMostNs, `the ${check.projection} conductance (nS)`);
  if (into(1) !== 0) misses.push('drive only the first cell');
  if (!(current > 0)) misses.push('drive the first cell with a positive current');
  else if (theory.drivenMv >= p.v_thresh - p.v_rest) misses.push(`at ${current} nA the driven cell reaches threshold: lower the current`);
  if (run.timeMs + 1e-6 < check.minMs) misses.push(`run to at least ${check.minMs} ms (now ${Math.floor(run.timeMs + 1e-6)} ms)`);
  if (misses.length) return { passed: false, values, why: misses.join(', ') };
  const traces = [0, 1].map((i) => run.liveTraces().find((t) => t.probe.neuron === built.start + i && t.probe.variable === 'v'));
  if (!traces[0] || !traces[1]) return { passed: false, values, why: `V of both cells must be traced: click them in the 3D view` };
  const back = Math.round(SETTLE_WINDOW_MS / run.dt);
  const [a, b] = traces.map((t) => t!.values);
  if (a.length <= back || b.length <= back) return { passed: false, values, why: 'run on: the traces are too short yet' };
  const moved = Math.max(Math.abs(a[a.length - 1] - a[a.length - 1 - back]), Math.abs(b[b.length - 1] - b[b.length - 1 - back]));
  if (moved > SETTLE_MV)
    return {
      passed: false,
      values,
      why: `run on: the cells have not settled yet (V moved ${+moved.toPrecision(2)} mV in the last ${SETTLE_WINDOW_MS} ms)`,
    };
  values.v_driven_mV = a[a.length - 1] - p.v_rest;
  values.v_follower_mV = b[b.length - 1] - p.v_rest;
  values.cc_measured = values.v_follower_mV / values.v_driven_mV;
  const off = (x: number, y: number) => Math.abs(x - y) > check.tolerance * Math.abs(y);
  if (off(values.v_driven_mV, theory.drivenMv)) misses.push('the driven cell is not at the closed form');
  if (off(values.v_follower_mV, theory.followerMv)) misses.push('the coupled cell is not at the closed form');
  if (off(values.cc_measured, theory.couplingCoefficient)) misses.push('the coupling coefficient is not g_c/(g_L + g_c)');
  return { passed: !misses.length, values, why: misses.join(', ') };
}

/**
 * The connectome's response to the last drive that has ended (connectome panel: Drive writes a
 * `dc` stimulus with its start and stop into the model): its neurons, amplitude and the silencing
 * during it, and each cell type's rate change (analysis/responseSummary.ts).
 */
function driveResponse(
  check: Extract<LessonCheck, { kind: 'drive-response' }>,
  run: LessonRun,
  values: Record<string, number>,
): CheckResult {
  const pop = run.model.populations.find((p) => p.neuronInfo?.cellTypes);
  if (!pop) return { passed: false, values, why: 'this model has no cell types: open a connectome' };
  const all = (neurons: number[] | undefined) => neurons ?? Array.from({ length: pop.size }, (_, i) => i);
  const stimuli = run.model.stimuli ?? [];
  let last: { neurons: number[]; amplitude: number; start: number; stop: number } | null = null;
  for (const s of stimuli)
    if (s.type === 'dc' && s.population === pop.name && s.stop !== undefined && s.stop <= run.timeMs + 1e-6) {
      const start = s.start ?? 0;
      if (!last || start >= last.start) last = { neurons: all(s.neurons), amplitude: s.amplitude, start, stop: s.stop };
    }
  if (!last) return { passed: false, values, why: 'drive the neurons, then run until the drive has ended' };
  Object.assign(values, { driven: last.neurons.length, amplitude_nA: last.amplitude, onset_ms: last.start });
  const misses: string[] = [];
  const kind = new Set(selectNeurons(pop, check.driven));
  const others = last.neurons.filter((i) => !kind.has(i)).length;
  if (others) misses.push(`the last drive (at ${+last.start.toFixed(1)} ms) included ${others} neurons of another kind`);
  else if (last.neurons.length < check.drivenAtLeast)
    misses.push(`the last drive reached ${last.neurons.length} neurons, fewer than ${check.drivenAtLeast}`);
  boundMisses(misses, last.amplitude, check.amplitudeAtLeastNa, undefined, 'its current (nA)');
  if (check.silenced) {
    const held = new Set<number>();
    for (const s of stimuli)
      if (
        s.type === 'silence' &&
        s.population === pop.name &&
        (s.start ?? 0) <= last.start &&
        (s.stop === undefined || s.stop >= last.stop)
      )
        for (const i of all(s.neurons)) held.add(i);
    const want = selectNeurons(pop, check.silenced);
    values.silenced = want.filter((i) => held.has(i)).length;
    if (values.silenced < want.length)
      misses.push(`${want.length - values.silenced} of the ${want.length} neurons to silence were not silenced throughout the drive`);
  }
  // The baseline is as long as the drive, but starts no earlier than the end of the drive before.
  let quietFromMs = 0;
  for (const s of stimuli)
    if (s.type === 'dc' && s.population === pop.name && s.stop !== undefined && s.stop <= last.start)
      quietFromMs = Math.max(quietFromMs, s.stop);
  const durationMs = last.stop - last.start;
  const baselineMs = Math.min(durationMs, last.start - quietFromMs);
  const rows = responseSummary(run, { population: pop.name, onsetMs: last.start, windowMs: durationMs, baselineMs });
  // {change_LHN_Hz}, {latency_DN_SEZ_ms}: cell types as placeholder names.
  for (const r of rows) {
    const key = r.cellType.replace(/[^A-Za-z]+/g, '_');
    values[`change_${key}_Hz`] = r.rateChangeHz;
    values[`rate_${key}_Hz`] = r.responseRateHz;
    if (r.firstSpikeLatencyMs !== null) values[`latency_${key}_ms`] = r.firstSpikeLatencyMs;
  }
  const target = rows.find((r) => r.cellType === check.cellType);
  if (!target) return { passed: false, values, why: `no cell type "${check.cellType}" in this model` };
  values.rate_change_Hz = target.rateChangeHz;
  values.rate_Hz = target.responseRateHz;
  boundMisses(misses, target.rateChangeHz, check.rateChangeAtLeastHz, check.rateChangeAtMostHz, `the ${check.cellType} rate change (Hz)`);
  boundMisses(misses, target.responseRateHz, undefined, check.rateAtMostHz, `the ${check.cellType} rate during the drive (Hz)`);
  return { passed: !misses.length, values, why: misses.join(', ') };
}

/** Adds to `misses` why `v` lies outside [lo, hi] (either bound may be absent), or that it cannot be read. */
function boundMisses(misses: string[], v: number | undefined, lo: number | undefined, hi: number | undefined, name: string): void {
  if (lo === undefined && hi === undefined) return;
  if (v === undefined || !Number.isFinite(v)) misses.push(`${name} cannot be read yet`);
  else if (lo !== undefined && !(v >= lo - 1e-9)) misses.push(`${name} = ${+v.toPrecision(3)} is below ${lo}`);
  else if (hi !== undefined && !(v <= hi + 1e-9)) misses.push(`${name} = ${+v.toPrecision(3)} is above ${hi}`);
}

/** K, K_c and the theory r of the first coupling and group (Kuramoto with a frequency law; analysis/kuramotoTheory.ts). */
export function oscillatorValues(run: LessonRun): Record<string, number> {
  const osc = run.oscillators;
  if (!osc || !osc.built.couplingK.length) return {};
  const values: Record<string, number> = { K: osc.couplingStrength(0) };
  const law = osc.built.laws[0];
  if (osc.built.model === 'kuramoto' && law && law.kind !== 'values') {
    const spread = { ...law, spread: osc.frequencySpread(0) };
    values.K_c = criticalCoupling(spread);
    values.r_theory = stationaryOrderParameter(spread, values.K);
  }
  return values;
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
