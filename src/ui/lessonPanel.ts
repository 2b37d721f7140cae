/**
 * A lesson step beside the simulation: its narrative (with maths), the task or question, the
 * check of what the learner did with feedback, a theory curve where the step has one, and the
 * way to the other steps. The step's model and settings are applied by the app (LabController.setUpLessonStep).
 */
import { LitElement, css, html, nothing } from 'lit';
import { controlStyles } from './design/controlStyles';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { lessonHtml } from '../views/lessonText';
import '../views/timeSeriesPlot';
import '../views/brunelMap';
import type { MapRun } from '../views/brunelMap';
import { brunelNetworkOf } from '../analysis/brunelTheory';
import { applySettings } from '../lessons/lessonSetup';
import type { Lesson } from '../lessons/lessonFormat';
import {
  evaluateCheck,
  evaluateContinualCheck,
  evaluateAnswer,
  fillFeedback,
  oscillatorValues,
  readBackFor,
  populationDcNa,
  pspWindow,
  type CheckResult,
} from '../lessons/lessonChecks';
import { stationaryOrderParameter } from '../analysis/kuramotoTheory';
import { lifRateHz, lifRheobaseNa, type LifConstants } from '../analysis/lifTheory';
import { resolvedParams } from '../model/schema';
import { gapPairSteadyState, leakConductanceNs } from '../analysis/gapJunctionTheory';
import { markPassed, passedSteps } from './lessonProgress';
import type { LabController } from './labController';

export class LessonPanel extends LitElement {
  static override properties = {
    lab: { attribute: false },
    lesson: { attribute: false },
    step: { type: Number },
    frame: { type: Number },
    answer: { state: true },
    result: { state: true },
    pickError: { state: true },
    picking: { state: true },
  };
  declare lab: LabController;
  declare lesson: Lesson;
  /** 0-based. */
  declare step: number;
  declare frame: number;
  declare answer: number | null;
  declare result: CheckResult | null;
  /** The learner's measurements for a theory curve: [current (nA), rate (Hz)]. */
  private measured: [number, number][] = [];
  /** The learner's runs for the r(K) curve: [K (rad/ms), stationary r]. */
  private orderRuns: { K: number; r: number; spread: number }[] = [];
  /** The learner's runs on the g–η map. */
  private mapRuns: MapRun[] = [];
  /** The learner's gap-junction pairs: [g_c (nS), measured coupling coefficient]. */
  private couplings: [number, number][] = [];
  declare pickError: string;
  /** True while a point picked on the map is being set up (Check waits for it). */
  declare picking: boolean;

  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
        border: 2px solid #f59f00;
        border-radius: 6px;
        padding: 0.4rem 0.7rem;
        margin-bottom: 0.6rem;
        font-size: 0.95rem;
      }
      h2 {
        font-size: 1.05rem;
        margin: 0.2rem 0;
      }
      .where {
        font-size: 0.8rem;
        opacity: 0.8;
      }
      .task {
        font-weight: 600;
        margin: 0.5rem 0;
      }
      .pass {
        color: #2b8a3e;
      }
      .fail {
        color: var(--wa-color-danger-on-quiet);
      }
      nav {
        display: flex;
        gap: 0.4rem;
        align-items: center;
        margin-top: 0.5rem;
      }
      time-series-plot {
        height: 220px;
      }
      label {
        display: block;
      }
    `,
  ];

  constructor() {
    super();
    this.step = 0;
    this.answer = null;
    this.result = null;
    this.pickError = '';
    this.picking = false;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('step') || changed.has('lesson')) {
      this.answer = null;
      this.result = null;
      this.pickError = '';
    }
    if (changed.has('lesson')) {
      this.measured = [];
      this.couplings = [];
      this.mapRuns = [];
      this.orderRuns = [];
    }
  }

  private go(step: number): void {
    this.dispatchEvent(new CustomEvent('lesson-step', { detail: { step }, bubbles: true, composed: true }));
  }

  private async check(): Promise<void> {
    const run = this.lab.run;
    const s = this.lesson.steps[this.step];
    // On the continual-learning page the checks read its last training, not the lab's run.
    if (s.page === 'continual') {
      const c = s.check;
      this.result =
        c.kind === 'continual'
          ? evaluateContinualCheck(c, this.lab.continualResults)
          : c.kind === 'answer'
            ? evaluateAnswer(c, this.answer)
            : { passed: true, values: {}, why: '' };
      if (this.result.passed) markPassed(this.lesson.id, this.step);
      return;
    }
    if (!run || this.picking) return;
    // AKOrN's alignment and learnt weights are read back as they are now, not as last drawn;
    // a run reset, edited or replaced meanwhile is not judged on the old reading.
    const before = [run.step, run.editCount];
    const readBack = await readBackFor(s.check, run);
    if (run !== this.lab.run || s !== this.lesson.steps[this.step] || run.step !== before[0] || run.editCount !== before[1]) return;
    this.result = evaluateCheck(s.check, run, this.answer, readBack);
    const spread = run.oscillators?.frequencySpread(0);
    if (s.theory === 'kuramoto-r' && this.result.passed && this.result.values.r !== undefined && spread !== undefined) {
      const { K, r } = this.result.values;
      this.orderRuns = [...this.orderRuns.filter((p) => p.K !== K || p.spread !== spread), { K, r, spread }];
    }
    if (s.theory === 'lif-fI' && this.result.values.measured_Hz !== undefined)
      this.measured = [...this.measured, [this.result.values.current_nA, this.result.values.measured_Hz]];
    const v = this.result.values;
    if (s.theory === 'coupling' && this.result.passed)
      this.couplings = [...this.couplings.filter(([g]) => g !== v.g_c_nS), [v.g_c_nS, v.cc_measured]];
    if (s.theory === 'brunel-map' && v.rate_Hz !== undefined && v.eta !== undefined)
      this.mapRuns = [...this.mapRuns.filter((p) => p.g !== v.g || p.eta !== v.eta), { g: v.g, eta: v.eta, rateHz: v.rate_Hz }];
    if (this.result.passed) markPassed(this.lesson.id, this.step);
  }

  override render() {
    const l = this.lesson;
    const s = l?.steps[this.step];
    if (!s) return nothing;
    const passed = passedSteps(l.id);
    const r = this.result;
    return html`<p class="where" data-testid="lesson-where">${l.title} · step ${this.step + 1} of ${l.steps.length}</p>
      <h2 data-testid="lesson-step-title">${s.title}</h2>
      <div class="text" data-testid="lesson-text">${unsafeHTML(lessonHtml(s.text))}</div>
      ${s.theory === 'lif-fI' ? this.fiPlot(s.check.kind === 'lif-rate' ? s.check.population : undefined) : nothing}
      ${s.theory === 'psp' && s.check.kind === 'psp' ? this.pspPlot(s.check) : nothing}
      ${s.theory === 'coupling' && s.check.kind === 'coupling' ? this.couplingPlot(s.check) : nothing}
      ${s.theory === 'brunel-map' ? this.brunelMap() : nothing} ${s.theory === 'kuramoto-r' ? this.orderPlot() : nothing}
      <p class="task" data-testid="lesson-task">${s.task}</p>
      ${
        s.check.kind === 'answer'
          ? html`<div role="radiogroup" aria-label="your answer">
              ${s.check.options.map(
                (o, k) =>
                  html`<label
                    ><input
                      type="radio"
                      name="answer"
                      data-testid="lesson-option-${k}"
                      .checked=${this.answer === k}
                      @change=${() => (this.answer = k)}
                    />
                    ${o}</label
                  >`,
              )}
            </div>`
          : nothing
      }
      ${
        r
          ? html`<p class=${r.passed ? 'pass' : 'fail'} data-testid="lesson-feedback" role="status">
              ${r.passed ? '✓ ' : ''}${fillFeedback(r.passed ? s.pass : (s.fail ?? `Not yet: ${r.why}.`), r.values)}
              ${!r.passed && s.fail && r.why ? html`<br /><small>(${r.why})</small>` : nothing}
            </p>`
          : nothing
      }
      <nav>
        <button data-testid="lesson-prev" ?disabled=${this.step === 0} @click=${() => this.go(this.step - 1)}>Back</button>
        ${s.check.kind === 'none' ? nothing : html`<button data-testid="lesson-check" ?disabled=${this.picking} @click=${() => this.check()}>Check</button>`}
        <button
          data-testid="lesson-next"
          ?disabled=${this.step + 1 >= l.steps.length || !(s.check.kind === 'none' || r?.passed || passed.has(this.step))}
          @click=${() => this.go(this.step + 1)}
        >
          Next
        </button>
        <span data-testid="lesson-progress">${passed.size} of ${l.steps.length} passed</span>
      </nav>`;
  }

  /** The N → ∞ order parameter r(K) of the first group's frequency law (analysis/kuramotoTheory.ts), with the learner's stationary r. */
  private orderPlot() {
    const run = this.lab.run;
    if (!run?.oscillators) return nothing;
    const v = oscillatorValues(run);
    if (v.K_c === undefined) return nothing;
    const law = { ...run.oscillators.built.laws[0], spread: run.oscillators.frequencySpread(0) };
    // The runs made with this frequency spread: others belong to another curve.
    const runs = this.orderRuns.filter((p) => p.spread === law.spread);
    const top = Math.max(3 * v.K_c, v.K, ...runs.map((p) => p.K));
    const grid = Array.from({ length: 151 }, (_, k) => (k / 150) * top);
    const xs = [...new Set([...grid, ...runs.map((p) => p.K)])].sort((a, b) => a - b);
    return html`<time-series-plot
      data-testid="lesson-theory"
      xLabel="K (rad/ms)"
      yLabel="r"
      .series=${[
        { label: `theory, N → ∞ (K_c = ${+v.K_c.toPrecision(3)} rad/ms)`, colour: '#1c7ed6' },
        { label: 'your runs', colour: '#e8590c', points: true },
      ]}
      .data=${[xs, xs.map((K) => stationaryOrderParameter(law, K)), xs.map((K) => runs.find((p) => p.K === K)?.r ?? null)]}
    ></time-series-plot>`;
  }

  /** Brunel's g–η map; a point picked on it becomes the network's g and η (live edits), from t = 0. */
  private brunelMap() {
    const b = this.lab.spikingRun ? brunelNetworkOf(this.lab.spikingRun.model) : null;
    if (!b) return nothing;
    const pick = async (e: CustomEvent<{ g: number; eta: number }>) => {
      const { g, eta } = e.detail;
      this.picking = true;
      this.result = null;
      try {
        this.pickError = this.lab.edit((run) => applySettings(run, [{ relativeInhibition: g }, { externalDrive: eta }]));
        if (!this.pickError) await this.lab.reset();
      } finally {
        this.picking = false;
      }
    };
    return html`<brunel-map
        data-testid="lesson-theory"
        .constants=${b.constants}
        .g=${b.g}
        .eta=${b.eta}
        .runs=${this.mapRuns}
        @brunel-pick=${pick}
      ></brunel-map>
      ${this.pickError ? html`<p class="fail" role="alert">${this.pickError}</p>` : nothing}`;
  }

  /** The recorded PSP over its closed form, in the check's window (once the run has reached it). */
  private pspPlot(check: Parameters<typeof pspWindow>[1]) {
    const run = this.lab.spikingRun;
    const w = run ? pspWindow(run, check) : { why: '' };
    const data = 'window' in w ? [w.window.tMs, w.window.recordedMv, w.window.theoryMv] : [[], [], []];
    return html`<time-series-plot
      data-testid="lesson-theory"
      yLabel="V − V_rest (mV)"
      .series=${[
        { label: 'recorded', colour: '#e8590c' },
        { label: 'closed form', colour: '#1c7ed6', dash: [5, 4] },
      ]}
      .data=${data}
    ></time-series-plot>`;
  }

  /** The coupling coefficient g_c/(g_L + g_c) of the checked pair against g_c (analysis/gapJunctionTheory.ts), with the learner's pairs. */
  private couplingPlot(check: Extract<Lesson['steps'][number]['check'], { kind: 'coupling' }>) {
    const run = this.lab.spikingRun;
    const pop = run?.model.populations.find((p) => p.name === check.population);
    const proj = run?.model.projections.find((p) => p.name === check.projection);
    if (!run || !pop || !proj) return nothing;
    const p = resolvedParams(run.model, pop);
    const leak = leakConductanceNs(p.cm, p.tau_m);
    const now = typeof proj.weight === 'number' ? proj.weight : 0;
    const top = Math.max(300, now, ...this.couplings.map(([g]) => g));
    const grid = Array.from({ length: 121 }, (_, k) => (k / 120) * top);
    const xs = [...new Set([...grid, ...this.couplings.map(([g]) => g)])].sort((a, b) => a - b);
    return html`<time-series-plot
      data-testid="lesson-theory"
      xLabel="g_c (nS)"
      yLabel="v2 / v1"
      .series=${[
        { label: `closed form, g_L = ${+leak.toPrecision(3)} nS`, colour: '#1c7ed6' },
        { label: 'your pairs', colour: '#e8590c', points: true },
      ]}
      .data=${[xs, xs.map((g) => gapPairSteadyState(leak, g, 1).couplingCoefficient), xs.map((g) => this.couplings.find(([x]) => x === g)?.[1] ?? null)]}
    ></time-series-plot>`;
  }

  /** The closed-form f–I curve of the checked LIF population (else the first), with the rates the learner measured. */
  private fiPlot(population?: string) {
    const run = this.lab.spikingRun;
    const pop = population ? run?.model.populations.find((p) => p.name === population) : run?.model.populations[0];
    if (!run || !pop) return nothing;
    const p = resolvedParams(run.model, pop) as unknown as LifConstants;
    const rh = lifRheobaseNa(p);
    const top = Math.max(2, ...this.measured.map(([i]) => i), populationDcNa(run.model, pop.name));
    const grid = Array.from({ length: 121 }, (_, k) => (k / 120) * top);
    const xs = [...new Set([...grid, ...this.measured.map(([i]) => i)])].sort((a, b) => a - b);
    const theory = xs.map((i) => lifRateHz(p, i));
    const points = xs.map((i) => this.measured.find(([x]) => x === i)?.[1] ?? null);
    return html`<time-series-plot
      data-testid="lesson-theory"
      xLabel="I (nA)"
      yLabel="rate (Hz)"
      .series=${[
        { label: `closed form (I_rh = ${rh.toFixed(2)} nA)`, colour: '#1c7ed6' },
        { label: 'your runs', colour: '#e8590c', points: true },
      ]}
      .data=${[xs, theory, points]}
    ></time-series-plot>`;
  }
}
customElements.define('lesson-panel', LessonPanel);
