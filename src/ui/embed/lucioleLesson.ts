/**
 * `<luciole-lesson src="one-neuron">`: a whole lesson in any page — its text and checks beside the
 * live simulation, the run controls and the parameters the steps point at. `src` is a built-in
 * lesson's id or the URL of a lesson file (docs/lessons.md); a malformed file shows its line and
 * field. `step` (from 1) opens a step; `backend` and `theme` are as for `<luciole-sim>`.
 */
import { LitElement, css, html, nothing } from 'lit';
import { LabController } from '../labController';
import { controlStyles } from '../design/controlStyles';
import { embedTheme, themeClasses } from './embedTheme';
import { rateReadout, runPlots, runViewStyles } from '../runViews';
import { pointAt } from '../lessonPointer';
import { LESSONS, lessonById } from '../../lessons';
import { parseLesson, type Lesson } from '../../lessons/lessonFormat';
import '../lessonPanel';
import '../parameterPanel';
import '../../views/spikeRaster';

/** A built-in lesson by id, or a lesson file fetched from a URL and parsed (its errors name line and field). */
export async function fetchLesson(src: string): Promise<Lesson> {
  const builtIn = lessonById(src);
  if (builtIn) return builtIn;
  if (!/[/.]/.test(src))
    throw new Error(`No lesson named "${src}" (lessons: ${LESSONS.map((l) => l.id).join(', ')}), and it is not a URL.`);
  const r = await fetch(src);
  if (!r.ok) throw new Error(`Could not load the lesson ${src}: HTTP ${r.status}`);
  return parseLesson(src.split('/').pop() || src, await r.text());
}

export class LucioleLesson extends LitElement {
  static override properties = {
    src: { type: String },
    step: { type: Number },
    backend: { type: String },
    theme: { type: String },
    lesson: { state: true },
    current: { state: true },
    failure: { state: true },
    untilMs: { state: true },
  };
  declare src: string;
  declare step: number;
  declare backend: string;
  declare theme: string;
  declare lesson: Lesson | null;
  /** The step shown, 0-based. */
  declare current: number;
  declare failure: string;
  declare untilMs: number;
  readonly lab = new LabController(this);
  private pointed: HTMLElement | null = null;

  static override styles = [
    embedTheme,
    controlStyles,
    runViewStyles,
    css`
      :host {
        display: block;
        height: 640px;
      }
      .frame {
        height: 100%;
        box-sizing: border-box;
        display: grid;
        grid-template-columns: minmax(16rem, 2fr) minmax(0, 3fr);
        gap: 0.6rem;
        padding: 0.5rem;
        color: var(--wa-color-text-normal);
        background: var(--wa-color-surface-default);
        border: 1px solid var(--wa-color-surface-border);
        border-radius: var(--wa-border-radius-l);
      }
      .side {
        overflow: auto;
        min-height: 0;
      }
      .sim {
        display: flex;
        flex-direction: column;
        gap: 0.3rem;
        min-height: 0;
        overflow: auto;
      }
      input[type='number'] {
        width: 5rem;
      }
      .bar {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        flex-wrap: wrap;
      }
      spike-raster {
        height: 220px;
        flex: none;
      }
      .plots {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: 0.4rem;
        height: 200px;
        flex: none;
      }
      @media (max-width: 700px) {
        .frame {
          grid-template-columns: 1fr;
          overflow: auto;
        }
      }
    `,
  ];

  constructor() {
    super();
    this.src = '';
    this.step = 1;
    this.backend = '';
    this.theme = '';
    this.lesson = null;
    this.current = 0;
    this.failure = '';
    this.untilMs = 1000;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.backend === 'cpu') this.lab.preferredBackend = 'cpu';
    void fetchLesson(this.src).then(
      (lesson) => {
        this.lesson = lesson;
        return this.openStep(Math.min(lesson.steps.length, Math.max(1, Math.floor(this.step) || 1)) - 1);
      },
      (e: Error) => (this.failure = e.message),
    );
  }

  private async openStep(step: number): Promise<void> {
    this.current = step;
    await this.lab.setUpLessonStep(this.lesson!.steps[step]);
    this.requestUpdate();
  }

  override updated(): void {
    this.pointed = pointAt(this.renderRoot, this.lesson?.steps[this.current]?.point, this.pointed);
  }

  override render() {
    const lab = this.lab;
    const sim = lab.spikingRun;
    if (this.failure)
      return html`<div class=${themeClasses(this.theme)}>
        <p class="error" role="alert" data-testid="lesson-error">${this.failure}</p>
      </div>`;
    return html`<div class=${`frame ${themeClasses(this.theme)}`}>
      <div class="side">
        ${
          this.lesson
            ? html`<lesson-panel
                .lab=${lab}
                .lesson=${this.lesson}
                .step=${this.current}
                .frame=${lab.frame}
                @lesson-step=${(e: CustomEvent<{ step: number }>) => void this.openStep(e.detail.step)}
              ></lesson-panel>`
            : html`<p class="note">Loading the lesson…</p>`
        }
      </div>
      <div class="sim">
        <div class="bar" role="toolbar" aria-label="run">
          <button class="primary" data-testid="play" @click=${() => lab.toggle()} ?disabled=${!lab.loaded}>
            ${lab.playing ? 'Pause' : 'Play'}
          </button>
          <button data-testid="step" @click=${() => lab.step()} ?disabled=${!lab.loaded || lab.active}>Step</button>
          <button data-testid="reset" @click=${() => lab.reset()} ?disabled=${!lab.loaded}>Reset</button>
          <label
            >Run until
            <input
              data-testid="until"
              type="number"
              min="0"
              .value=${String(this.untilMs)}
              @change=${(e: Event) => (this.untilMs = Number((e.target as HTMLInputElement).value))}
            />
            ms</label
          >
          <button data-testid="run-until" @click=${() => lab.runUntil(this.untilMs)} ?disabled=${!lab.loaded || lab.active}>Run</button>
          <span data-testid="state" class="note">${lab.active ? 'running' : 'paused'}</span>
          <span>t = <b data-testid="sim-time">${lab.loaded ? lab.timeMs.toFixed(1) : '0.0'}</b> ms</span>
          ${lab.busy ? html`<span class="note" role="status">${lab.busy}</span>` : nothing}
        </div>
        ${lab.error ? html`<p class="error" role="alert" data-testid="error">${lab.error}</p>` : nothing}
        <spike-raster .sim=${sim} .frame=${lab.frame} .windowMs=${1000}></spike-raster>
        ${sim ? rateReadout(sim) : nothing}
        ${sim ? html`<div class="plots">${runPlots(sim, 'V(t) is plotted for models of at most ten neurons.')}</div>` : nothing}
        <parameter-panel .lab=${lab} .frame=${lab.frame}></parameter-panel>
      </div>
    </div>`;
  }
}
customElements.define('luciole-lesson', LucioleLesson);
