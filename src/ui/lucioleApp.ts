/**
 * The application shell: model chooser (bundled examples, a model file opened or dropped on the
 * page), run controls with keyboard shortcuts, the views, the live parameter panel, exports and
 * the status bar.
 */
import { LitElement, css, html, nothing } from 'lit';
import { controlStyles } from './design/controlStyles';
import { EXAMPLES } from '../examples';

/** Scales the page offers for the microcircuit (1 is the full model: 3·10⁸ synapses, 1.2 GB of GPU memory). */
const MICROCIRCUIT_SCALES = [0.02, 0.05, 0.1, 0.2, 0.5, 1];
import { CONNECTOME_EXAMPLES } from '../examples/connectomes';
import { EXAMPLE_MENU } from '../examples/titles';
import '../views/networkView';
import '../views/spikeRaster';
import '../views/weightView';
import { exporter, type ExportId } from '../io/exports';
import type { ShareLink } from '../io/shareLink';
import { pythonSnippet } from './spikeAnalysisPanel';
import { downloadBlob } from './downloadBlob';
import { silenceHint } from './silenceHint';
import { LabController, SPEEDS, type Speed } from './labController';
import './connectomePanel';
import './oscillatorPanel';
import './continualPage';
import './assemblyPage';
import './parameterPanel';
import './lessonPanel';
import { LESSONS, lessonById } from '../lessons';
import type { Lesson } from '../lessons/lessonFormat';
import { passedSteps } from './lessonProgress';
import './statusBar';
import { pointAt } from './lessonPointer';
import { rateReadout, runPlots, runViewStyles } from './runViews';
import { chooseTheme, savedTheme, type ThemeChoice } from './design/theme';
import '@awesome.me/webawesome/dist/components/split-panel/split-panel.js';
import '@awesome.me/webawesome/dist/components/card/card.js';
import '@awesome.me/webawesome/dist/components/icon/icon.js';

const SHORTCUTS: [string, string][] = [
  ['space', 'play / pause'],
  ['.', 'one step'],
  ['r', 'reset to t = 0'],
  ['?', 'this help'],
];

function nameList(neurons: number[], names: string[], start: number): string {
  return neurons.map((j) => names[j - start] ?? String(j)).join(', ') || 'none';
}

type Page = 'start' | 'lab' | 'lessons' | 'continual' | 'assemblies';

/** A chosen or dropped file's name and bytes. */
const openedFile = async (f: File) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });

export class LucioleApp extends LitElement {
  static override properties = {
    showHelp: { state: true },
    dragging: { state: true },
    untilMs: { state: true },
    colourBy: { state: true },
    page: { state: true },
    share: { state: true },
    lessonOpen: { state: true },
  };
  /** The lesson being followed and its step (0-based), or null. */
  declare lessonOpen: { lesson: Lesson; step: number } | null;
  /** 'lab': models and views; 'continual': the continual-learning page; 'assemblies': the assembly calculus. */
  declare page: Page;
  declare colourBy: 'type' | 'activity';
  declare showHelp: boolean;
  declare dragging: boolean;
  declare untilMs: number;
  /** The share link shown, or null when its panel is closed. */
  declare share: ShareLink | null;
  readonly lab = new LabController(this);

  static override styles = [
    controlStyles,
    runViewStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 100vh;
        box-sizing: border-box;
        background: var(--wa-color-surface-default);
      }
      /* The lab fills the window exactly: its views and controls are all on screen, the side panel scrolls. */
      :host([page='lab']) {
        height: 100vh;
        min-height: 0;
        overflow: hidden;
      }
      .topbar {
        display: flex;
        align-items: center;
        gap: 0.4rem 0.8rem;
        flex-wrap: wrap;
        padding: 0.3rem 0.8rem;
        background: var(--wa-color-surface-raised);
        border-bottom: 1px solid var(--wa-color-surface-border);
      }
      .brand {
        font-family: var(--wa-font-family-heading);
        font-size: var(--wa-font-size-l);
        font-weight: var(--wa-font-weight-bold);
        margin: 0 0.6rem 0 0;
        color: var(--wa-color-brand-on-quiet);
        background: none;
        border: none;
        padding: 0;
      }
      .brand::before {
        content: '';
        display: inline-block;
        width: 0.55em;
        height: 0.55em;
        margin-right: 0.35em;
        border-radius: 50%;
        background: #fab005;
        box-shadow: 0 0 0.5em #fab005;
      }
      nav {
        display: flex;
        gap: 0.3rem;
      }
      .spacer {
        flex: 1;
      }
      .toolbar {
        display: flex;
        gap: 0.4rem 0.6rem;
        align-items: center;
        flex-wrap: wrap;
        padding: 0.3rem 0.8rem;
        border-bottom: 1px solid var(--wa-color-surface-border);
      }
      .toolbar label {
        display: inline-flex;
        align-items: center;
        gap: 0.3em;
      }
      .toolbar .group {
        display: inline-flex;
        gap: 0.3rem;
        align-items: center;
        padding-right: 0.6rem;
        border-right: 1px solid var(--wa-color-surface-border);
      }
      .toolbar .group:last-child {
        border-right: none;
      }
      .toolbar-title {
        color: var(--wa-color-text-quiet);
        font-weight: var(--wa-font-weight-semibold);
      }
      .page-intro {
        margin: 0;
        padding: 0.5rem 0.8rem;
        color: var(--wa-color-text-quiet);
      }
      .workspace {
        flex: 1;
        min-height: 0;
        --min: 28rem;
        --max: calc(100% - 16rem);
      }
      .views {
        height: 100%;
        min-width: 0;
        display: flex;
        flex-direction: column;
        gap: 0.3rem;
        padding: 0.3rem 0 0.3rem 0.6rem;
        box-sizing: border-box;
        overflow: auto;
      }
      .views-split {
        flex: 1;
        min-height: 0;
        --min: 140px;
        --max: calc(100% - 180px);
      }
      select[data-testid='model'] {
        max-width: 20rem;
      }
      .pane,
      .lower {
        overflow: hidden;
      }
      .pane {
        height: 100%;
        min-height: 0;
        display: flex;
        flex-direction: column;
        gap: 0.2rem;
        box-sizing: border-box;
      }
      spike-raster {
        flex: 1;
        min-height: 120px;
      }
      .lower {
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
        gap: 0.4rem;
        height: 100%;
        padding-top: 0.3rem;
        box-sizing: border-box;
      }
      .plots,
      .net {
        display: flex;
        flex-direction: column;
        gap: 0.3rem;
        min-height: 0;
      }
      .plots > * {
        flex: 1;
        min-height: 0;
      }
      .plots > .trace-hint {
        flex: none;
      }
      .net network-view {
        flex: 1;
        min-height: 0;
      }
      .net label {
        display: inline-flex;
        gap: 0.3em;
        align-items: center;
      }
      aside {
        height: 100%;
        overflow: auto;
        padding: 0.4rem 0.8rem 0.4rem 0.4rem;
        box-sizing: border-box;
        display: flex;
        flex-direction: column;
        gap: 0.6rem;
      }
      .about {
        border: 1px solid var(--wa-color-surface-border);
        border-radius: var(--wa-border-radius-m);
        padding: 0.4rem 0.6rem;
        background: var(--wa-color-surface-raised);
      }
      .about h2 {
        font-size: var(--wa-font-size-m);
        margin: 0 0 0.2rem;
      }
      .selection {
        border: 1px solid var(--wa-color-surface-border);
        border-radius: var(--wa-border-radius-m);
        padding: 0.3rem 0.6rem;
      }
      .busy {
        display: inline-flex;
        align-items: center;
        gap: 0.4em;
        font-style: italic;
      }
      .spinner {
        width: 0.9em;
        height: 0.9em;
        border: 2px solid var(--wa-color-neutral-border-loud);
        border-top-color: transparent;
        border-radius: 50%;
        animation: spin 0.8s linear infinite;
      }
      @keyframes spin {
        to {
          transform: rotate(360deg);
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .spinner {
          animation: none;
        }
      }
      .messages {
        display: flex;
        flex-direction: column;
        gap: 0.3rem;
        padding: 0 0.8rem;
      }
      .messages:not(:empty) {
        padding: 0.3rem 0.8rem;
      }
      .messages > * {
        margin: 0;
      }
      .drop {
        position: fixed;
        inset: 0;
        display: grid;
        place-items: center;
        background: color-mix(in srgb, var(--wa-color-surface-default) 80%, transparent);
        font-size: 1.5rem;
        border: 4px dashed var(--wa-color-brand-border-loud);
      }
      dialog {
        max-width: 28rem;
        color: var(--wa-color-text-normal);
        background: var(--wa-color-surface-raised);
        border: 1px solid var(--wa-color-surface-border);
        border-radius: var(--wa-border-radius-l);
        box-shadow: var(--wa-shadow-l);
        z-index: 10;
      }
      dialog table td:first-child {
        font-family: var(--wa-font-family-code);
        padding-right: 1rem;
      }
      section.analysis {
        border: 1px solid var(--wa-color-surface-border);
        border-radius: var(--wa-border-radius-m);
        padding: 0.4rem;
      }
      input[type='number'] {
        width: 6rem;
      }
      details.menu {
        position: relative;
      }
      details.menu > summary {
        cursor: pointer;
        list-style: none;
        padding: 0.2em 0.6em;
        border: 1px solid var(--wa-color-neutral-border-quiet);
        border-radius: var(--wa-border-radius-m);
        background: var(--wa-color-neutral-fill-quiet);
        font-weight: var(--wa-font-weight-action);
      }
      details.menu > summary::after {
        content: ' ▾';
      }
      details.menu[open] > .menu-body {
        position: absolute;
        z-index: 20;
        top: calc(100% + 4px);
        left: 0;
        min-width: 22rem;
        max-height: 70vh;
        overflow: auto;
        padding: 0.6rem;
        display: flex;
        flex-direction: column;
        gap: 0.4rem;
        background: var(--wa-color-surface-raised);
        border: 1px solid var(--wa-color-surface-border);
        border-radius: var(--wa-border-radius-m);
        box-shadow: var(--wa-shadow-m);
      }
      details.menu.right[open] > .menu-body {
        left: auto;
        right: 0;
      }
      .menu-body pre {
        font-size: var(--wa-font-size-xs);
        white-space: pre-wrap;
        background: var(--wa-color-surface-lowered);
        padding: 0.3rem;
        margin: 0;
      }
      .start {
        max-width: 72rem;
        margin: 0 auto;
        padding: 1rem 1.2rem 2rem;
        display: flex;
        flex-direction: column;
        gap: 1rem;
      }
      .hero {
        display: grid;
        grid-template-columns: minmax(0, 5fr) minmax(0, 6fr);
        gap: 1.2rem;
        align-items: center;
      }
      @media (max-width: 900px) {
        .hero {
          grid-template-columns: 1fr;
        }
      }
      .hero h1 {
        font-family: var(--wa-font-family-heading);
        font-size: var(--wa-font-size-3xl);
        line-height: var(--wa-line-height-condensed);
        margin: 0 0 0.6rem;
      }
      .hero p {
        font-size: var(--wa-font-size-m);
        margin: 0 0 0.8rem;
      }
      .actions {
        display: flex;
        gap: 0.6rem;
        flex-wrap: wrap;
        align-items: center;
      }
      .actions button,
      .actions label.file-button {
        font-size: var(--wa-font-size-m);
        padding: 0.4em 0.9em;
      }
      .live {
        margin: 0;
        display: flex;
        flex-direction: column;
        gap: 0.3rem;
      }
      .live spike-raster {
        height: 300px;
        flex: none;
      }
      .live figcaption {
        color: var(--wa-color-text-quiet);
      }
      .lessons {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr));
        gap: 0.8rem;
      }
      .lessons-page {
        padding: 0.8rem;
      }
      /* A lesson step on the continual-learning page: the page, with the lesson beside it. */
      .continual-lesson {
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(16rem, 24rem);
        gap: 0.8rem;
        padding-right: 0.8rem;
      }
      @media (max-width: 1100px) {
        .continual-lesson {
          grid-template-columns: 1fr;
          padding: 0 0.8rem;
        }
      }
      .lesson-card::part(body) {
        display: flex;
        flex-direction: column;
        gap: 0.4rem;
      }
      .lesson-card h3 {
        margin: 0;
        font-size: var(--wa-font-size-l);
      }
      .lesson-card p {
        margin: 0;
      }
      .start h2 {
        font-size: var(--wa-font-size-xl);
        margin: 0.4rem 0 0;
      }
    `,
  ];

  constructor() {
    super();
    this.showHelp = false;
    this.dragging = false;
    this.untilMs = 1000;
    this.share = null;
    this.colourBy = 'type';
    this.lessonOpen = null;
    const asked = new URLSearchParams(location.search).get('page');
    // A bare address opens the start page; any other (a model, a lesson, a share link) opens the lab.
    this.page =
      asked === 'continual' || asked === 'assemblies' || asked === 'lessons' || asked === 'lab'
        ? asked
        : location.search || location.hash
          ? 'lab'
          : 'start';
  }

  /**
   * Opens a lesson at `step` (0-based): the lab with the lesson beside it and the step's model set
   * up, or, for a step on the continual-learning page, that page with its settings filled in.
   */
  private async openLessonStep(lesson: Lesson, step: number): Promise<boolean> {
    this.lessonOpen = { lesson, step };
    this.page = lesson.steps[step].page === 'continual' ? 'continual' : 'lab';
    const url = new URL(location.href);
    for (const k of ['page', 'model', 'scale']) url.searchParams.delete(k);
    url.searchParams.set('lesson', lesson.id);
    url.searchParams.set('step', String(step + 1));
    url.hash = '';
    history.replaceState(null, '', url);
    if (this.page === 'continual') {
      this.lab.pause();
      return true;
    }
    // A step without a model continues the previous step's run; opened by link, it starts from that step's model.
    if (!lesson.steps[step].model) {
      const before = lesson.steps.slice(0, step).findLast((s) => s.model)?.model;
      if (before && this.lab.loadedExample !== before && !(await this.lab.loadExample(before))) return false;
    }
    return this.lab.setUpLessonStep(lesson.steps[step]);
  }

  private closeLesson(): void {
    this.lessonOpen = null;
    const url = new URL(location.href);
    url.searchParams.delete('lesson');
    url.searchParams.delete('step');
    history.replaceState(null, '', url);
  }

  /** The data-testid the open lesson step points at, when its page is showing. */
  private lessonPoint(): string | undefined {
    const s = this.lessonOpen?.lesson.steps[this.lessonOpen.step];
    return s && this.page === (s.page ?? 'lab') ? s.point : undefined;
  }

  /** The control the lesson step points at, outlined (found through the panels' shadow roots). */
  private pointed: HTMLElement | null = null;
  override updated(): void {
    const id = this.lessonPoint();
    this.pointed = pointAt(this.renderRoot, id, this.pointed);
    // A panel that appears with this render (a connectome's, once loaded) draws its controls a frame later.
    if (id && !this.pointed)
      requestAnimationFrame(() => {
        if (this.lessonPoint() === id) this.pointed = pointAt(this.renderRoot, id, this.pointed);
      });
  }

  /** A card per lesson with its progress; the Lessons page and the start page show them. */
  private lessonCards() {
    return html`<div class="lessons">
      ${LESSONS.map((l) => {
        const passed = passedSteps(l.id);
        const next = l.steps.findIndex((_, k) => !passed.has(k));
        return html`<wa-card class="lesson-card">
          <h3>${l.title}</h3>
          <p>${l.summary}</p>
          <p class="note" data-testid="lesson-card-progress-${l.id}">
            ${l.steps.length} steps · ${passed.size ? `${passed.size} passed` : 'not started'}
          </p>
          <button class="primary" data-testid="lesson-open-${l.id}" @click=${() => void this.openLessonStep(l, next < 0 ? 0 : next)}>
            ${passed.size === 0 ? 'Start' : next < 0 ? 'Again' : 'Continue'}
          </button>
        </wa-card>`;
      })}
    </div>`;
  }

  private showPage(page: Page): void {
    if (page !== 'lab' && page !== 'start') this.lab.pause();
    this.page = page;
    const url = new URL(location.href);
    if (page === 'start') {
      // The start page's address is the bare one, less the run options a user chose.
      if (this.lessonOpen) this.closeLesson();
      for (const k of [...url.searchParams.keys()]) if (k !== 'backend' && k !== 'record-budget') url.searchParams.delete(k);
      url.hash = '';
    } else if (page === 'lab' && (url.searchParams.has('model') || url.searchParams.has('lesson'))) url.searchParams.delete('page');
    else url.searchParams.set('page', page);
    history.replaceState(null, '', url);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const params = new URLSearchParams(location.search);
    const name = params.get('model') ?? 'cuba';
    const scale = params.has('scale') ? Number(params.get('scale')) : undefined;
    // ?backend=cpu runs models on the CPU backend even where a GPU is available.
    if (params.get('backend') === 'cpu') this.lab.preferredBackend = 'cpu';
    // ?record-budget=N keeps at most N recorded spikes in memory (default 20 million).
    if (params.has('record-budget')) this.lab.recordingBudget = Number(params.get('record-budget'));
    // ?lesson=<id>&step=<n> opens a lesson at step n (from 1), with that step's model.
    const lesson = params.has('lesson') ? lessonById(params.get('lesson')!) : undefined;
    // A share link's model (in the hash) comes first; a damaged one says so and cuba opens.
    void this.lab.loadFromHash(location.hash).then(async (opened) => {
      if (opened && this.lab.run) return;
      if (lesson) {
        const step = Math.min(lesson.steps.length, Math.max(1, Math.floor(Number(params.get('step') ?? 1)) || 1)) - 1;
        if (await this.openLessonStep(lesson, step)) return;
      } else if (params.has('lesson'))
        this.lab.error = `No lesson named "${params.get('lesson')}" (lessons: ${LESSONS.map((l) => l.id).join(', ')}).`;
      const why = this.lab.error; // a damaged link's message stays on screen over cuba
      await this.lab.loadExample(name in EXAMPLES || name in CONNECTOME_EXAMPLES ? name : 'cuba', scale);
      if (why) this.lab.error = why;
      if (this.page === 'start') this.lab.play(); // the start page shows a network running
      this.requestUpdate();
    });
    window.addEventListener('keydown', this.onKey);
    this.addEventListener('dragover', this.onDragOver);
    this.addEventListener('dragleave', () => (this.dragging = false));
    this.addEventListener('drop', this.onDrop);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.onKey);
  }

  private onKey = (e: KeyboardEvent) => {
    const t = e.composedPath()[0] as HTMLElement;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA')) return;
    if (e.key === 'Escape') this.showHelp = false;
    if (this.page !== 'lab') return; // the shortcuts drive the lab's simulation
    if (e.key === ' ') {
      e.preventDefault();
      this.lab.toggle();
    } else if (e.key === '.') void this.lab.step();
    else if (e.key === 'r') void this.lab.reset();
    else if (e.key === '?') this.showHelp = !this.showHelp;
  };

  private onDragOver = (e: DragEvent) => {
    e.preventDefault();
    this.dragging = true;
  };

  private onDrop = async (e: DragEvent) => {
    e.preventDefault();
    this.dragging = false;
    const files = [...(e.dataTransfer?.files ?? [])];
    if (files.length) await this.lab.loadFiles(await Promise.all(files.map(openedFile)));
  };

  private async openFile(e: Event) {
    const input = e.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    if (files.length) await this.lab.loadFiles(await Promise.all(files.map(openedFile)));
    input.value = '';
  }

  private async importConnectome() {
    const q = (id: string) => this.renderRoot.querySelector(`[data-testid=${id}]`) as HTMLInputElement;
    const edges = q('edges-file').files?.[0];
    if (!edges) {
      this.lab.error = 'Choose an edge list first (pre, post, synapse count or weight, optional type).';
      this.requestUpdate();
      return;
    }
    const list = (id: string) =>
      q(id)
        .value.split(',')
        .map((x) => x.trim())
        .filter((x) => x);
    const gap = q('import-gap').value.trim();
    const built = await this.lab.loadConnectomeFiles(
      edges,
      q('nodes-file').files?.[0] ?? null,
      {
        weightPerSynapse: Number(q('import-weight').value),
        cellType: (q('import-celltype') as unknown as HTMLSelectElement).value as 'IF_curr_exp' | 'IF_curr_delta',
        inhibitoryTransmitters: list('import-inh-nt'),
        inhibitoryCellTypes: list('import-inh-types'),
        ...(list('import-edge-types').length ? { edgeTypes: list('import-edge-types') } : {}),
        ...(gap ? { gapConductancePerSynapse: Number(gap) } : {}),
      },
      q('import-skip').checked,
    );
    // The menu closes on a built network, so that it no longer covers the lab.
    if (built) this.renderRoot.querySelector<HTMLDetailsElement>('details.import')?.removeAttribute('open');
  }

  /** Downloads an export of the shared registry (io/exports.ts) under its file name. */
  private async download(id: ExportId) {
    const blob = await this.lab.export(id);
    if (blob) downloadBlob(blob, exporter(id).fileName(this.lab.fileStem));
  }

  private sharePanel(link: ShareLink) {
    if (!link.ok)
      return html`<p class="notice" data-testid="share-refused">
        ${link.reason}.
        <button @click=${() => this.download('model-json')}>Save Model JSON</button>
        <button data-testid="share-close" @click=${() => (this.share = null)} aria-label="close">×</button>
      </p>`;
    return html`<p class="notice" data-testid="share-panel">
      <label
        >Link (<span data-testid="share-length">${link.chars.toLocaleString('en')}</span> characters; it reproduces this run for its seed):
        <input
          data-testid="share-url"
          readonly
          .value=${link.url}
          size="60"
          @focus=${(e: Event) => (e.target as HTMLInputElement).select()}
      /></label>
      <button @click=${() => void navigator.clipboard?.writeText(link.url)}>Copy</button>
      <button data-testid="share-close" @click=${() => (this.share = null)} aria-label="close the link">×</button>
    </p>`;
  }

  private selection() {
    const lab = this.lab;
    const sim = lab.spikingRun;
    if (!sim || lab.selected < 0)
      return html`<p class="selection">Click a neuron in the 3D view to select it; shift-click to make it fire.</p>`;
    const i = lab.selected;
    const pop = sim.network.populations.find((p) => i >= p.start && i < p.start + p.size)!;
    const outputs = sim.network.rowPtr[i + 1] - sim.network.rowPtr[i];
    const info = sim.model.populations[pop.index].neuronInfo;
    const local = i - pop.start;
    const label = info?.names
      ? `${info.names[local]}${info.cellTypes?.[local] ? ` (${info.cellTypes[local]})` : ''}`
      : `${pop.name} #${local}`;
    return html`<div class="selection" data-testid="selection">
      <b>neuron ${i}</b> — ${label}, ${outputs} outgoing synapses<br />
      ${info?.names ? html`strongest outputs (orange): ${nameList(lab.selectedConnections.outputs, info.names, pop.start)}<br />strongest inputs (blue): ${nameList(lab.selectedConnections.inputs, info.names, pop.start)}<br />` : nothing}
      recorded spikes: <b data-testid="selected-spikes">${lab.selectedSpikes}</b>
      <button data-testid="stimulate" @click=${() => lab.stimulate(i)}>Make it fire</button>
    </div>`;
  }

  /** The bar on every page: the name, the pages, the theme and the shortcuts. */
  private topBar() {
    const tab = (page: Page, label: string) =>
      html`<button data-testid="page-${page}" aria-pressed=${this.page === page} @click=${() => this.showPage(page)}>${label}</button>`;
    return html`<header class="topbar">
      <button class="brand" data-testid="brand" @click=${() => this.showPage('start')} aria-label="Luciole: the start page">Luciole</button>
      <nav aria-label="pages">
        ${tab('start', 'Start')} ${tab('lab', 'Lab')} ${tab('lessons', 'Lessons')} ${tab('continual', 'Continual learning')}
        ${tab('assemblies', 'Assemblies')}
      </nav>
      <span class="spacer"></span>
      <label
        >Theme
        <select
          data-testid="theme"
          @change=${(e: Event) => (chooseTheme((e.target as HTMLSelectElement).value as ThemeChoice), this.requestUpdate())}
        >
          ${(['system', 'light', 'dark'] as const).map(
            (t) => html`<option value=${t} ?selected=${savedTheme() === t}>${t === 'system' ? 'as the system' : t}</option>`,
          )}
        </select></label
      >
      <button data-testid="help-open" @click=${() => (this.showHelp = true)} aria-label="keyboard shortcuts">?</button>
    </header>`;
  }

  /** The start page: what Luciole does, a live network (the lab's own run, which the lab goes on with), the lessons and a way in for your own model. */
  private startPage() {
    const lab = this.lab;
    return html`<section class="start" aria-label="start">
      <div class="hero">
        <div>
          <h1>Spiking neural networks, live on your GPU</h1>
          <p>
            Luciole simulates networks of spiking neurons in this browser tab, on any GPU, with nothing to install: integrate-and-fire,
            Izhikevich and AdEx cells, plasticity, oscillators, continual learning and real connectomes, checked spike for spike against a
            CPU twin and Brian2.
          </p>
          <div class="actions">
            <button class="primary" data-testid="start-lab" @click=${() => this.showPage('lab')}>
              <wa-icon library="system" name="play" aria-hidden="true"></wa-icon> Open the lab
            </button>
            <button data-testid="start-lessons" @click=${() => this.showPage('lessons')}>Follow a lesson</button>
            <label
              class="file-button"
              title="a model JSON, a NIR graph or a SONATA network; a connectome's edge list opens from the lab's Connectome menu"
              ><wa-icon library="system" name="upload" aria-hidden="true"></wa-icon> Open your model or connectome…
              <input
                data-testid="start-open-file"
                type="file"
                multiple
                accept=".json,.nir,.zip,.h5,.hdf5,.csv,.npz"
                @change=${this.openFromStart}
            /></label>
          </div>
        </div>
        <figure class="live">
          <spike-raster data-testid="start-live" .sim=${lab.spikingRun} .frame=${lab.frame} .windowMs=${1000}></spike-raster>
          <figcaption>
            Running now: <b>${lab.spikingRun?.model.name ?? lab.modelLabel}</b>,
            <span data-testid="start-time">${lab.loaded ? lab.timeMs.toFixed(0) : '0'}</span> ms simulated
            ${lab.backendLabel ? html`on ${lab.runningOn === 'gpu' ? 'the GPU' : 'the CPU'}` : nothing}. Open the lab to change it as it
            runs.
          </figcaption>
        </figure>
      </div>
      <h2>Lessons</h2>
      ${this.lessonCards()}
    </section>`;
  }

  private async openFromStart(e: Event) {
    this.showPage('lab');
    await this.openFile(e);
  }

  private labToolbar() {
    const lab = this.lab;
    return html`<div class="toolbar" role="toolbar" aria-label="model and run">
      <span class="group">
        <label
          >Model
          <select data-testid="model" @change=${(e: Event) => void lab.loadExample((e.target as HTMLSelectElement).value)}>
            ${EXAMPLE_MENU.map(
              (g) =>
                html`<optgroup label=${g.group}>
                  ${Object.entries(g.items).map(([id, title]) => html`<option value=${id} ?selected=${id === lab.modelLabel}>${title}</option>`)}
                </optgroup>`,
            )}
            ${lab.modelLabel in EXAMPLES || lab.modelLabel in CONNECTOME_EXAMPLES || !lab.modelLabel ? nothing : html`<option selected>${lab.modelLabel}</option>`}
          </select>
        </label>
        ${
          lab.exampleScale === null
            ? nothing
            : html`<label title="N and K scaled together, with the reference's 1/√K weights and DC compensation"
                >Scale
                <select
                  data-testid="scale"
                  @change=${(e: Event) => void lab.loadExample(lab.modelLabel, Number((e.target as HTMLSelectElement).value))}
                >
                  ${MICROCIRCUIT_SCALES.map((f) => html`<option value=${f} ?selected=${f === lab.exampleScale}>${f}</option>`)}
                </select></label
              >`
        }
        <label
          class="file-button"
          title="a model JSON (with the spike files it names), a NIR graph (with its input CSV), or a SONATA network (circuit_config.json with its files, or a zip): choose them together"
          ><wa-icon library="system" name="file" aria-hidden="true"></wa-icon>Open model…
          <input
            data-testid="open-file"
            type="file"
            multiple
            accept=".json,.nir,.zip,.h5,.hdf5,.csv,.npz,.nwb,application/json"
            @change=${this.openFile}
        /></label>
        <label
          class="file-button"
          title="SONATA or NWB (HDF5), CSV, NEST spike-recorder text or NPZ: its raster and statistics, with no simulation"
          ><wa-icon library="system" name="file-code" aria-hidden="true"></wa-icon>Open spikes…
          <input
            data-testid="open-spikes"
            type="file"
            accept=".h5,.hdf5,.nwb,.csv,.npz,.dat,.txt"
            @change=${async (e: Event) => {
              const input = e.target as HTMLInputElement;
              const f = input.files?.[0];
              if (f) await lab.openSpikeFile(f.name, new Uint8Array(await f.arrayBuffer()));
              input.value = '';
            }}
        /></label>
        ${this.connectomeImport()}
        <button
          data-testid="share"
          @click=${() => (this.share = lab.shareLink(location.origin + location.pathname))}
          ?disabled=${!lab.loaded}
          title="a link that opens this model with your edits"
        >
          Share link
        </button>
      </span>
      <span class="group">
        <button class="primary" data-testid="play" @click=${() => lab.toggle()} ?disabled=${!lab.loaded}>
          <wa-icon library="system" name=${lab.playing ? 'pause' : 'play'} aria-hidden="true"></wa-icon>${lab.playing ? 'Pause' : 'Play'}
        </button>
        <button data-testid="step" @click=${() => lab.step()} ?disabled=${!lab.loaded || lab.active}>
          <wa-icon library="system" name="forward-step" aria-hidden="true"></wa-icon>Step
        </button>
        <button data-testid="reset" @click=${() => lab.reset()} ?disabled=${!lab.loaded}>
          <wa-icon library="system" name="backward" aria-hidden="true"></wa-icon>Reset
        </button>
        <label
          >Speed
          <select
            data-testid="speed"
            @change=${(e: Event) => {
              const v = (e.target as HTMLSelectElement).value;
              lab.setSpeed((Number.isNaN(Number(v)) ? v : Number(v)) as Speed);
            }}
          >
            ${SPEEDS.map((s) => html`<option value=${String(s.value)} ?selected=${s.value === lab.speed}>${s.label}</option>`)}
          </select>
        </label>
        <label title="where the model runs: the GPU (WebGPU) or the CPU; a running model moves with its state and recording"
          >Backend
          <select
            data-testid="backend-choice"
            @change=${(e: Event) => void lab.chooseBackend((e.target as HTMLSelectElement).value as 'gpu' | 'cpu')}
          >
            <option value="gpu" ?disabled=${!lab.gpuAvailable} ?selected=${lab.preferredBackend === 'gpu' && lab.gpuAvailable}>
              GPU${lab.gpuAvailable ? '' : ' (unavailable)'}
            </option>
            <option value="cpu" ?selected=${lab.preferredBackend === 'cpu' || !lab.gpuAvailable}>CPU</option>
          </select></label
        >
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
        <span class="busy" data-testid="busy" role="status" aria-live="polite"
          >${lab.busy ? html`<span class="spinner" aria-hidden="true"></span>${lab.busy}` : nothing}</span
        >
      </span>
    </div>`;
  }

  /** The connectome importer, as a menu of the toolbar. */
  private connectomeImport() {
    const lab = this.lab;
    return html`<details class="menu import">
      <summary data-testid="connectome-menu">Connectome…</summary>
      <div class="menu-body">
        <label>edges <input data-testid="edges-file" type="file" accept=".csv,.tsv,.txt" /></label>
        <label>nodes (optional) <input data-testid="nodes-file" type="file" accept=".csv,.tsv,.txt" /></label>
        <label
          >weight per synapse <input data-testid="import-weight" type="number" step="any" value="0.05" /> nA (mV for IF_curr_delta)</label
        >
        <label
          >neurons
          <select data-testid="import-celltype">
            <option>IF_curr_exp</option>
            <option>IF_curr_delta</option>
          </select></label
        >
        <label>inhibitory transmitters <input data-testid="import-inh-nt" value="GABA" /></label>
        <label>inhibitory cell types <input data-testid="import-inh-types" placeholder="e.g. LN" /></label>
        <label>edge types used <input data-testid="import-edge-types" placeholder="all but electrical" /></label>
        <label>gap junctions <input data-testid="import-gap" type="number" step="any" placeholder="left out" /> nS per junction</label>
        <label><input data-testid="import-skip" type="checkbox" /> skip malformed rows</label>
        <button class="primary" data-testid="import-build" @click=${this.importConnectome}>Build network</button>
        ${lab.importProgress !== null ? html`<progress data-testid="import-progress" max="1" .value=${lab.importProgress}></progress>` : nothing}
      </div>
    </details>`;
  }

  /** The second toolbar: exports (units on each button), streaming, analysis and the share link. */
  private exportBar() {
    const lab = this.lab;
    const sim = lab.spikingRun;
    return html`<div class="toolbar" role="toolbar" aria-label="export and analyse">
      <span class="toolbar-title">Export</span>
      <button
        data-testid="export-csv"
        @click=${async () => {
          await this.download('spikes-csv');
          await this.download('populations-csv');
        }}
        ?disabled=${!sim}
        title="neuron_id,time_ms rows, times in ms, with a table of the populations' first neuron ids"
      >
        Spikes CSV (ms)
      </button>
      <button
        data-testid="export-npz"
        @click=${() => this.download('spikes-npz')}
        ?disabled=${!sim}
        title="Brian2's SpikeMonitor arrays i and t, times in seconds"
      >
        Spikes NPZ (s)
      </button>
      <button
        data-testid="export-sonata"
        @click=${() => this.download('spikes-sonata')}
        ?disabled=${!sim}
        title="SONATA spike report (HDF5), timestamps in ms: NEST, BMTK, PyNN"
      >
        Spikes SONATA (ms)
      </button>
      <button
        data-testid="export-nwb"
        @click=${() => this.download('spikes-nwb')}
        ?disabled=${!sim}
        title="NWB 2 file with a Units table, spike times in seconds: pynwb, DANDI"
      >
        Spikes NWB (s)
      </button>
      <button data-testid="export-model" @click=${() => this.download('model-json')} ?disabled=${!lab.loaded}>Model JSON</button>
      <button
        data-testid="export-network-sonata"
        @click=${() => this.download('network-sonata')}
        ?disabled=${!sim}
        title="the network as SONATA (nodes.h5, edges.h5, type CSVs, circuit_config.json; zipped): PyNN's import_from_sonata, NEST through PyNN"
      >
        Network SONATA
      </button>
      ${
        sim?.plasticProjections.length
          ? html`<button
              data-testid="export-learnt-model"
              @click=${() => this.download('learned-model-json')}
              title="the model with the weights learnt so far"
            >
              Learnt weights JSON
            </button>`
          : nothing
      }
      ${lab.oscillatorRun ? html`<button data-testid="export-order" @click=${() => this.download('order-csv')}>r(t) CSV</button>` : nothing}
      ${
        lab.stream
          ? html`<button data-testid="stream-stop" @click=${() => lab.stopStreaming()} title="write what is queued and close the file">
              Stop streaming
            </button>`
          : html`<button
              data-testid="stream-start"
              @click=${() => lab.startStreaming()}
              ?disabled=${!sim}
              title="write every spike to a CSV file on disk as it is recorded, beyond the in-memory budget"
            >
              Stream to disk…
            </button>`
      }
      ${lab.exportProgress !== null ? html`<progress data-testid="export-progress" max="1" .value=${lab.exportProgress}></progress>` : nothing}
      <span class="spacer"></span>
      <button
        data-testid="analyse-run"
        @click=${() => lab.analyseRun()}
        ?disabled=${!sim}
        title="rate, CV, Fano factor, correlation and spectrum of what is recorded"
      >
        Analyse
      </button>
      <details class="menu right snippets" data-testid="export-snippets">
        <summary>Analyse in Python</summary>
        <div class="menu-body">
          ${(['csv', 'npz', 'sonata', 'nwb'] as const).map(
            (f) =>
              html`<pre>
${pythonSnippet(f, exporter(({ csv: 'spikes-csv', npz: 'spikes-npz', sonata: 'spikes-sonata', nwb: 'spikes-nwb' } as const)[f]).fileName(lab.fileStem))}</pre>`,
          )}
        </div>
      </details>
    </div>`;
  }

  /** Errors, notices and progress, between the toolbars and the views. */
  private messages() {
    const lab = this.lab;
    const sim = lab.spikingRun;
    return html`<div class="messages">
      ${this.share ? this.sharePanel(this.share) : nothing}
      ${lab.error ? html`<p class="error" role="alert" data-testid="error">${lab.error}</p>` : nothing}
      ${lab.gpuUnavailableReason ? html`<p class="note" data-testid="gpu-unavailable">GPU: ${lab.gpuUnavailableReason}</p>` : nothing}
      ${
        lab.deviceLost && lab.run && lab.replayProgress === null
          ? html`<p class="notice">
              <button data-testid="continue-on-cpu" @click=${() => lab.continueOnCpu()}>Continue on the CPU</button> replays the run to t =
              ${lab.run.timeMs.toFixed(1)} ms on the CPU backend, then goes on from there.
            </p>`
          : nothing
      }
      ${lab.replayProgress !== null ? html`<p class="notice">Replaying on the CPU… <progress data-testid="replay-progress" max="1" .value=${lab.replayProgress}></progress></p>` : nothing}
      ${lab.notice ? html`<p class="notice" data-testid="notice">${lab.notice}</p>` : nothing} ${this.silentHint()}
      ${
        lab.stream
          ? html`<p class="notice" data-testid="stream-status">
              Streaming to ${lab.stream.fileName} (${lab.stream.target}):
              <span data-testid="stream-spikes">${lab.stream.spikes}</span> spikes, ${(lab.stream.bytes / 1e6).toFixed(1)} MB.
            </p>`
          : nothing
      }
      ${
        lab.streamedFile
          ? html`<p class="notice">
              <button data-testid="stream-download" @click=${() => downloadBlob(lab.streamedFile!, lab.streamedFile!.name)}>
                Download ${lab.streamedFile.name}
              </button>
              (${(lab.streamedFile.size / 1e6).toFixed(1)} MB, kept in this site's private storage until the next stream)
            </p>`
          : nothing
      }
      ${
        sim?.recordingFull
          ? html`<p class="notice" data-testid="recording-full">
              The recording budget (${sim.maxRecordedSpikes.toLocaleString()} spikes) is full:
              ${
                lab.stream
                  ? 'the views and in-page exports stop there, while every spike still goes to the streamed file.'
                  : 'the run goes on and everything recorded so far is kept; export it, then reset to record again, or stream to disk to keep every spike.'
              }
            </p>`
          : nothing
      }
      ${
        sim?.stateRecordingFull
          ? html`<p class="notice" data-testid="state-recording-full">
              The state recorders' budget (${sim.maxRecordedStateValues.toLocaleString()} values) is full: their traces stop at t =
              ${(sim.recordedStateSteps * sim.dt).toFixed(1)} ms; the run and its spikes go on.
            </p>`
          : nothing
      }
    </div>`;
  }

  /** The model's description, with what was changed since it was opened. */
  private about() {
    const lab = this.lab;
    const model = lab.spikingRun?.model ?? lab.oscillatorRun?.model;
    return html`<section class="about" aria-label="about this model">
      <h2>${model?.name ?? lab.modelLabel ?? 'No model yet'}</h2>
      <span data-testid="description"
        >${model?.description ?? ''}
        ${
          lab.changesSinceLoad.length
            ? html`<br /><b>Changed since opened</b> (the description gives the values as opened):
                <span data-testid="model-changes">${lab.changesSinceLoad.join('; ')}</span>`
            : nothing
        }</span
      >
    </section>`;
  }

  protected override willUpdate(): void {
    this.setAttribute('page', this.page); // the lab's layout fills the window (:host([page='lab']))
  }

  private lessonPanel() {
    const open = this.lessonOpen!;
    return html`<lesson-panel
        .lab=${this.lab}
        .lesson=${open.lesson}
        .step=${open.step}
        .frame=${this.lab.frame}
        @lesson-step=${(e: CustomEvent<{ step: number }>) => void this.openLessonStep(open.lesson, e.detail.step)}
      ></lesson-panel>
      <button data-testid="lesson-close" @click=${() => this.closeLesson()}>Leave the lesson</button>`;
  }

  override render() {
    const lab = this.lab;
    const sim = lab.spikingRun;
    if (this.page === 'start') return html`${this.topBar()} ${this.startPage()} ${this.helpDialog()}`;
    if (this.page === 'lessons')
      return html`${this.topBar()}
        <p class="page-intro">Lessons: theory beside a live simulation, with tasks that check what you did.</p>
        <section class="lessons-page" aria-label="lessons">${this.lessonCards()}</section>
        ${this.helpDialog()}`;
    if (this.page === 'assemblies')
      return html`${this.topBar()}
        <p class="page-intro">The assembly calculus: Hebbian plasticity and k-cap make assemblies (Papadimitriou et al. 2020).</p>
        <assembly-page .lab=${lab}></assembly-page>
        ${this.helpDialog()}`;
    if (this.page === 'continual')
      return html`${this.topBar()}
        <p class="page-intro">
          Continual learning without forgetting: HLOP (Xiao et al., ICLR 2024) against fine-tuning, EWC and multitask training.
        </p>
        ${
          this.lessonOpen?.lesson.steps[this.lessonOpen.step].page === 'continual'
            ? html`<div class="continual-lesson">
                <continual-page
                  .lab=${lab}
                  .settings=${this.lessonOpen.lesson.steps[this.lessonOpen.step].continual ?? null}
                ></continual-page>
                <aside aria-label="lesson">${this.lessonPanel()}</aside>
              </div>`
            : html`<continual-page .lab=${lab}></continual-page>`
        }
        ${this.helpDialog()}`;
    return html`
      ${this.topBar()} ${this.labToolbar()} ${this.exportBar()} ${this.messages()}
      <wa-split-panel class="workspace" position="72" data-testid="workspace">
        <section slot="start" class="views" aria-label="views">
          ${lab.oscillatorRun ? html`<oscillator-panel .lab=${lab} .frame=${lab.frame}></oscillator-panel>` : nothing}
          ${sim || !lab.oscillatorRun ? this.spikingViews() : nothing}
        </section>
        <aside slot="end" aria-label="lesson, model and parameters">
          ${this.lessonOpen ? this.lessonPanel() : nothing}
          ${
            lab.analysis
              ? html`<section class="analysis" aria-label="analysis">
                  <button
                    data-testid="analysis-close"
                    @click=${() => ((lab.analysis = null), this.requestUpdate())}
                    aria-label="close the analysis"
                  >
                    <wa-icon library="system" name="xmark" aria-hidden="true"></wa-icon> Close the analysis
                  </button>
                  <spike-analysis-panel .table=${lab.analysis.table} label=${lab.analysis.label}></spike-analysis-panel>
                </section>`
              : nothing
          }
          ${this.about()} ${sim ? this.selection() : nothing}
          ${sim ? html`<connectome-panel .lab=${lab} .frame=${lab.frame}></connectome-panel>` : nothing}
          <parameter-panel .lab=${lab} .frame=${lab.frame}></parameter-panel>
        </aside>
      </wa-split-panel>
      <status-bar .lab=${lab} .frame=${lab.frame}></status-bar>
      ${this.dragging ? html`<div class="drop">Drop a model file (JSON) to open it</div>` : nothing} ${this.helpDialog()}
    `;
  }

  private helpDialog() {
    if (!this.showHelp) return nothing;
    return html`<dialog open data-testid="help" aria-label="keyboard shortcuts">
      <h2>Keyboard shortcuts</h2>
      <table>
        ${SHORTCUTS.map(
          ([k, what]) =>
            html`<tr>
              <td>${k}</td>
              <td>${what}</td>
            </tr>`,
        )}
      </table>
      <button @click=${() => (this.showHelp = false)}>Close</button>
    </dialog>`;
  }

  /** A silent model says so, and what to do (ui/silenceHint.ts). */
  private silentHint() {
    const sim = this.lab.spikingRun;
    if (!sim) return nothing;
    const hint = silenceHint(sim.model, sim.summary().spikeCount, sim.timeMs);
    return hint ? html`<p class="notice" data-testid="silent-hint">${hint}</p>` : nothing;
  }

  /** Raster and rates above; rate and V(t) plots beside the 3D view below; the divider between them moves. */
  private spikingViews() {
    const lab = this.lab;
    const sim = lab.spikingRun;
    return html`<wa-split-panel class="views-split" orientation="vertical" position="45">
      <div slot="start" class="pane">
        <spike-raster .sim=${sim} .frame=${lab.frame} .windowMs=${1000}></spike-raster>
        ${sim ? rateReadout(sim) : nothing}
      </div>
      <div slot="end" class="lower">
        <div class="plots">
          ${sim ? runPlots(sim, 'Click a neuron in the 3D view to plot its membrane potential V(t).') : nothing}
          ${
            lab.plasticWeights.length
              ? html`<section class="weights" aria-label="learnt weights">
                  <weight-view .weights=${lab.plasticWeights} .frame=${lab.frame}></weight-view>
                </section>`
              : nothing
          }
        </div>
        <div class="net">
          <label
            >3D colour
            <select
              data-testid="colour-by"
              @change=${(e: Event) => (this.colourBy = (e.target as HTMLSelectElement).value as 'type' | 'activity')}
            >
              <option value="type">by cell type / population</option>
              <option value="activity">by activity</option>
            </select></label
          >
          <network-view
            .colourBy=${this.colourBy}
            .sim=${sim}
            .frame=${lab.frame}
            .selected=${lab.selected}
            @select-neuron=${(e: CustomEvent<{ neuron: number }>) => lab.select(e.detail.neuron)}
            @stimulate-neuron=${(e: CustomEvent<{ neuron: number }>) => lab.stimulate(e.detail.neuron)}
          ></network-view>
        </div>
      </div>
    </wa-split-panel>`;
  }
}
customElements.define('luciole-app', LucioleApp);
