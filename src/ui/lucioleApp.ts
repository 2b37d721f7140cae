/**
 * The application shell: model chooser (bundled examples, a model file opened or dropped on the
 * page), run controls with keyboard shortcuts, the views, the live parameter panel, exports and
 * the status bar.
 */
import { LitElement, css, html, nothing } from 'lit';
import { EXAMPLES } from '../examples';

/** Scales the page offers for the microcircuit (1 is the full model: 3·10⁸ synapses, 1.2 GB of GPU memory). */
const MICROCIRCUIT_SCALES = [0.02, 0.05, 0.1, 0.2, 0.5, 1];
import { CONNECTOME_EXAMPLES } from '../examples/connectomes';
import { EXAMPLE_MENU } from '../examples/titles';
import { populationCss } from '../views/colours';
import '../views/networkView';
import { membraneThresholdMv, membraneTraces, populationRates, recentPopulationRates } from '../views/plotData';
import { populationCellType, resolvedParams } from '../model/schema';
import type { PlotSeries } from '../views/timeSeriesPlot';
import type { NetworkData } from '../engine/recording/recordedData';
import '../views/spikeRaster';
import '../views/timeSeriesPlot';
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

const SHORTCUTS: [string, string][] = [
  ['space', 'play / pause'],
  ['.', 'one step'],
  ['r', 'reset to t = 0'],
  ['?', 'this help'],
];

/** The element with this data-testid under `root`, looking inside the shadow roots of its components. */
function findByTestId(root: ParentNode, id: string): HTMLElement | null {
  const el = root.querySelector<HTMLElement>(`[data-testid="${CSS.escape(id)}"]`);
  if (el) return el;
  for (const host of root.querySelectorAll('*')) {
    const inner = host.shadowRoot ? findByTestId(host.shadowRoot, id) : null;
    if (inner) return inner;
  }
  return null;
}

function nameList(neurons: number[], names: string[], start: number): string {
  return neurons.map((j) => names[j - start] ?? String(j)).join(', ') || 'none';
}

type Page = 'lab' | 'lessons' | 'continual' | 'assemblies';

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

  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      min-height: 100vh;
      box-sizing: border-box;
    }
    header,
    .controls {
      display: flex;
      gap: 0.6rem;
      align-items: center;
      flex-wrap: wrap;
      padding: 0.4rem 0.8rem;
    }
    h1 {
      font-size: 1.3rem;
      margin: 0 1rem 0 0;
    }
    main {
      flex: 1;
      display: grid;
      grid-template-columns: minmax(0, 1fr) 22rem;
      gap: 0.8rem;
      padding: 0 0.8rem 0.8rem;
    }
    @media (max-width: 900px) {
      main {
        grid-template-columns: 1fr;
      }
    }
    .views {
      display: flex;
      flex-direction: column;
      gap: 0.4rem;
      min-width: 0;
    }
    spike-raster {
      height: 32vh;
    }
    .plots {
      display: grid;
      grid-template-columns: 1fr 1fr;
      gap: 0.4rem;
    }
    time-series-plot {
      height: 200px;
    }
    network-view {
      height: 42vh;
    }
    .selection {
      font-size: 0.9rem;
      border: 1px solid GrayText;
      padding: 0.3rem 0.6rem;
      margin-bottom: 0.6rem;
    }
    .rates {
      display: flex;
      gap: 1rem;
      flex-wrap: wrap;
      font-variant-numeric: tabular-nums;
    }
    .swatch {
      display: inline-block;
      width: 0.8em;
      height: 0.8em;
      margin-right: 0.3em;
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
      border: 2px solid GrayText;
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
    .error {
      color: #c92a2a;
      white-space: pre-wrap;
      margin: 0 0.8rem;
      padding: 0.4rem;
      border: 1px solid #c92a2a;
    }
    .notice {
      margin: 0 0.8rem;
      padding: 0.4rem;
      border: 1px solid GrayText;
    }
    aside {
      overflow: auto;
      max-height: 80vh;
    }
    .drop {
      position: fixed;
      inset: 0;
      display: grid;
      place-items: center;
      background: color-mix(in srgb, Canvas 80%, transparent);
      font-size: 1.5rem;
      border: 4px dashed GrayText;
    }
    dialog {
      max-width: 28rem;
    }
    dialog table td:first-child {
      font-family: monospace;
      padding-right: 1rem;
    }
    input[type='number'] {
      width: 6rem;
    }
    details.import {
      border: 1px solid GrayText;
      padding: 0.2rem 0.5rem;
    }
    details.import label {
      display: block;
    }
    .lessons {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr));
      gap: 0.8rem;
      padding: 0.8rem;
    }
    .lesson-card {
      border: 1px solid GrayText;
      border-radius: 6px;
      padding: 0.6rem 0.8rem;
    }
    .lesson-card h2 {
      margin: 0 0 0.3rem;
      font-size: 1.1rem;
    }
  `;

  constructor() {
    super();
    this.showHelp = false;
    this.dragging = false;
    this.untilMs = 1000;
    this.share = null;
    this.colourBy = 'type';
    this.lessonOpen = null;
    const asked = new URLSearchParams(location.search).get('page');
    this.page = asked === 'continual' || asked === 'assemblies' || asked === 'lessons' ? asked : 'lab';
  }

  /** Opens a lesson at `step` (0-based): the lab with the lesson beside it, and the step's model set up. */
  private async openLessonStep(lesson: Lesson, step: number): Promise<boolean> {
    this.lessonOpen = { lesson, step };
    this.page = 'lab';
    const url = new URL(location.href);
    for (const k of ['page', 'model', 'scale']) url.searchParams.delete(k);
    url.searchParams.set('lesson', lesson.id);
    url.searchParams.set('step', String(step + 1));
    url.hash = '';
    history.replaceState(null, '', url);
    return this.lab.setUpLessonStep(lesson.steps[step]);
  }

  private closeLesson(): void {
    this.lessonOpen = null;
    const url = new URL(location.href);
    url.searchParams.delete('lesson');
    url.searchParams.delete('step');
    history.replaceState(null, '', url);
  }

  /** The control the lesson step points at, outlined (found through the panels' shadow roots). */
  private pointed: HTMLElement | null = null;
  override updated(): void {
    const id = this.lessonOpen && this.page === 'lab' ? this.lessonOpen.lesson.steps[this.lessonOpen.step].point : undefined;
    const el = id ? findByTestId(this.renderRoot, id) : null;
    if (el === this.pointed) return;
    this.pointed?.removeAttribute('data-lesson-point');
    this.pointed?.style.removeProperty('outline');
    this.pointed?.style.removeProperty('outline-offset');
    if (el) {
      el.setAttribute('data-lesson-point', '');
      el.style.outline = '3px solid #f59f00';
      el.style.outlineOffset = '2px';
      el.scrollIntoView({ block: 'nearest' });
    }
    this.pointed = el;
  }

  private lessonsPage() {
    return html`<section class="lessons" aria-label="lessons">
      ${LESSONS.map((l) => {
        const passed = passedSteps(l.id);
        const next = l.steps.findIndex((_, k) => !passed.has(k));
        return html`<article class="lesson-card">
          <h2>${l.title}</h2>
          <p>${l.summary}</p>
          <p class="note" data-testid="lesson-card-progress-${l.id}">
            ${l.steps.length} steps · ${passed.size ? `${passed.size} passed` : 'not started'}
          </p>
          <button data-testid="lesson-open-${l.id}" @click=${() => void this.openLessonStep(l, next < 0 ? 0 : next)}>
            ${passed.size === 0 ? 'Start' : next < 0 ? 'Again' : 'Continue'}
          </button>
        </article>`;
      })}
    </section>`;
  }

  private showPage(page: Page): void {
    if (page !== 'lab') this.lab.pause();
    this.page = page;
    const url = new URL(location.href);
    if (page !== 'lab') url.searchParams.set('page', page);
    else url.searchParams.delete('page');
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
    if (this.page !== 'lab') return; // the shortcuts drive the lab's simulation
    if (e.key === ' ') {
      e.preventDefault();
      this.lab.toggle();
    } else if (e.key === '.') void this.lab.step();
    else if (e.key === 'r') void this.lab.reset();
    else if (e.key === '?') this.showHelp = !this.showHelp;
    else if (e.key === 'Escape') this.showHelp = false;
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
    await this.lab.loadConnectomeFiles(
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

  private plots() {
    const sim = this.lab.spikingRun!;
    const rates = populationRates(sim, 1000, 5);
    const traces = membraneTraces(sim, 1000);
    const series: PlotSeries[] = traces.neurons.map((n, k) => ({
      label: `V #${n} (mV)`,
      colour: ['#e8590c', '#1c7ed6', '#37b24d', '#ae3ec9'][k % 4],
    }));
    // The first traced neuron's threshold, as a dashed line.
    const first = traces.neurons.length
      ? sim.network.populations.find((p) => traces.neurons[0] >= p.start && traces.neurons[0] < p.start + p.size)
      : undefined;
    const pop = first && sim.model.populations.find((p) => p.name === first.name);
    const threshold = pop
      ? membraneThresholdMv(populationCellType(sim.model, pop).descriptor.threshold, resolvedParams(sim.model, pop))
      : null;
    if (threshold !== null) {
      series.push({ label: `threshold of ${first!.name} (mV)`, colour: '#868e96', dash: [6, 4] });
      traces.data.push(traces.data[0].map(() => threshold));
    }
    return html`<div class="plots">
      <time-series-plot
        data-testid="rate-plot"
        .series=${sim.network.populations.map((p, k) => ({ label: `${p.name} (Hz)`, colour: populationCss(k) }))}
        .data=${rates}
        yLabel="rate (Hz)"
      ></time-series-plot>
      <time-series-plot
        data-testid="trace-plot"
        .series=${series}
        .data=${traces.data}
        yLabel=${traces.neurons.length ? 'V (mV)' : 'click a neuron in the 3D view'}
      ></time-series-plot>
    </div>`;
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

  override render() {
    const lab = this.lab;
    const sim = lab.spikingRun;
    const pages = html`<nav>
      <button data-testid="page-lab" aria-pressed=${this.page === 'lab'} @click=${() => this.showPage('lab')}>Lab</button>
      <button data-testid="page-lessons" aria-pressed=${this.page === 'lessons'} @click=${() => this.showPage('lessons')}>Lessons</button>
      <button data-testid="page-continual" aria-pressed=${this.page === 'continual'} @click=${() => this.showPage('continual')}>
        Continual learning
      </button>
      <button data-testid="page-assemblies" aria-pressed=${this.page === 'assemblies'} @click=${() => this.showPage('assemblies')}>
        Assemblies
      </button>
    </nav>`;
    if (this.page === 'lessons')
      return html`<header>
          <h1>Luciole</h1>
          ${pages}<span>Lessons: theory beside a live simulation, with tasks that check what you did.</span>
        </header>
        ${this.lessonsPage()}`;
    if (this.page === 'assemblies')
      return html`<header>
          <h1>Luciole</h1>
          ${pages}<span>The assembly calculus: Hebbian plasticity and k-cap make assemblies (Papadimitriou et al. 2020).</span>
        </header>
        <assembly-page .lab=${lab}></assembly-page>`;
    if (this.page === 'continual')
      return html`<header>
          <h1>Luciole</h1>
          ${pages}<span
            >Continual learning without forgetting: HLOP (Xiao et al., ICLR 2024) against fine-tuning, EWC and multitask training.</span
          >
        </header>
        <continual-page .lab=${lab}></continual-page>`;
    return html`
      <header>
        <h1>Luciole</h1>
        ${pages}
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
          title="a model JSON (with the spike files it names), a NIR graph (with its input CSV), or a SONATA network (circuit_config.json with its files, or a zip): choose them together"
          >Open model file…
          <input
            data-testid="open-file"
            type="file"
            multiple
            accept=".json,.nir,.zip,.h5,.hdf5,.csv,.npz,.nwb,application/json"
            @change=${this.openFile}
        /></label>
        <label title="SONATA or NWB (HDF5), CSV, NEST spike-recorder text or NPZ: its raster and statistics, with no simulation"
          >Open spike file…
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
        <details class="import">
          <summary>Open a connectome…</summary>
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
          <button data-testid="import-build" @click=${this.importConnectome}>Build network</button>
          ${lab.importProgress !== null ? html`<progress data-testid="import-progress" max="1" .value=${lab.importProgress}></progress>` : nothing}
        </details>
        <span data-testid="description"
          >${sim?.model.description ?? lab.oscillatorRun?.model.description ?? ''}
          ${
            lab.changesSinceLoad.length
              ? html`<br /><b>Changed since opened</b> (the description gives the values as opened):
                  <span data-testid="model-changes">${lab.changesSinceLoad.join('; ')}</span>`
              : nothing
          }</span
        >
      </header>
      <div class="controls">
        <button data-testid="play" @click=${() => lab.toggle()} ?disabled=${!lab.loaded}>${lab.playing ? 'Pause' : 'Play'}</button>
        <button data-testid="step" @click=${() => lab.step()} ?disabled=${!lab.loaded || lab.active}>Step</button>
        <button data-testid="reset" @click=${() => lab.reset()} ?disabled=${!lab.loaded}>Reset</button>
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
        ${lab.gpuUnavailableReason ? html`<span class="note" data-testid="gpu-unavailable">GPU: ${lab.gpuUnavailableReason}</span>` : nothing}
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
        <span data-testid="state">${lab.active ? 'running' : 'paused'}</span>
        <span class="busy" data-testid="busy" role="status" aria-live="polite"
          >${lab.busy ? html`<span class="spinner" aria-hidden="true"></span>${lab.busy}` : nothing}</span
        >
        <span style="flex:1"></span>
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
        <button
          data-testid="analyse-run"
          @click=${() => lab.analyseRun()}
          ?disabled=${!sim}
          title="rate, CV, Fano factor, correlation and spectrum of what is recorded"
        >
          Analyse
        </button>
        <details class="snippets" data-testid="export-snippets">
          <summary>Analyse in Python</summary>
          ${(['csv', 'npz', 'sonata', 'nwb'] as const).map(
            (f) =>
              html`<pre>
${pythonSnippet(f, exporter(({ csv: 'spikes-csv', npz: 'spikes-npz', sonata: 'spikes-sonata', nwb: 'spikes-nwb' } as const)[f]).fileName(lab.fileStem))}</pre>`,
          )}
        </details>
        <button
          data-testid="share"
          @click=${() => (this.share = lab.shareLink(location.origin + location.pathname))}
          ?disabled=${!lab.loaded}
          title="a link that opens this model with your edits"
        >
          Share link
        </button>
        ${lab.exportProgress !== null ? html`<progress data-testid="export-progress" max="1" .value=${lab.exportProgress}></progress>` : nothing}
        <button @click=${() => (this.showHelp = true)} aria-label="keyboard shortcuts">?</button>
      </div>
      ${this.share ? this.sharePanel(this.share) : nothing}
      ${lab.error ? html`<p class="error" role="alert" data-testid="error">${lab.error}</p>` : nothing}
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
      <main>
        <section class="views">
          ${lab.oscillatorRun ? html`<oscillator-panel .lab=${lab} .frame=${lab.frame}></oscillator-panel>` : nothing}
          ${sim || !lab.oscillatorRun ? this.spikingViews() : nothing}
        </section>
        <aside>
          ${
            this.lessonOpen
              ? html`<lesson-panel
                    .lab=${lab}
                    .lesson=${this.lessonOpen.lesson}
                    .step=${this.lessonOpen.step}
                    .frame=${lab.frame}
                    @lesson-step=${(e: CustomEvent<{ step: number }>) => void this.openLessonStep(this.lessonOpen!.lesson, e.detail.step)}
                  ></lesson-panel>
                  <button data-testid="lesson-close" @click=${() => this.closeLesson()}>Leave the lesson</button>`
              : nothing
          }
          ${sim ? this.selection() : nothing} ${sim ? html`<connectome-panel .lab=${lab} .frame=${lab.frame}></connectome-panel>` : nothing}
          <parameter-panel .lab=${lab} .frame=${lab.frame}></parameter-panel>
        </aside>
      </main>
      ${
        lab.analysis
          ? html`<section aria-label="analysis">
              <button
                data-testid="analysis-close"
                @click=${() => ((lab.analysis = null), this.requestUpdate())}
                aria-label="close the analysis"
              >
                ×
              </button>
              <spike-analysis-panel .table=${lab.analysis.table} label=${lab.analysis.label}></spike-analysis-panel>
            </section>`
          : nothing
      }
      <status-bar .lab=${lab} .frame=${lab.frame}></status-bar>
      ${this.dragging ? html`<div class="drop">Drop a model file (JSON) to open it</div>` : nothing}
      ${
        this.showHelp
          ? html`<dialog open data-testid="help">
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
            </dialog>`
          : nothing
      }
    `;
  }

  /** A silent model says so, and what to do (ui/silenceHint.ts). */
  private silentHint() {
    const sim = this.lab.spikingRun;
    if (!sim) return nothing;
    const hint = silenceHint(sim.model, sim.summary().spikeCount, sim.timeMs);
    return hint ? html`<p class="notice" data-testid="silent-hint">${hint}</p>` : nothing;
  }

  /** Each population's rate over the last 500 ms of recorded spikes (the raster's), or over the run while it is shorter. */
  private rateReadout(sim: NetworkData) {
    const recent = recentPopulationRates(sim, 500);
    return html`<div class="rates">
      ${sim.network.populations.map(
        (p, k) =>
          html`<span
            ><span class="swatch" style="background:${populationCss(k)}"></span>${p.name}:
            <b data-testid="rate-${p.name}">${recent.ratesHz[k].toFixed(1)}</b> Hz</span
          >`,
      )}
      <span class="note" data-testid="rate-window">(last ${recent.windowMs.toFixed(0)} ms)</span>
    </div>`;
  }

  private spikingViews() {
    const lab = this.lab;
    const sim = lab.spikingRun;
    return html`
      <spike-raster .sim=${sim} .frame=${lab.frame} .windowMs=${1000}></spike-raster>
      ${sim ? this.rateReadout(sim) : nothing} ${sim ? this.plots() : nothing}
      ${
        lab.plasticWeights.length
          ? html`<section class="weights" aria-label="learnt weights">
              <h3>Learnt weights</h3>
              <weight-view .weights=${lab.plasticWeights} .frame=${lab.frame}></weight-view>
            </section>`
          : nothing
      }
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
    `;
  }
}
customElements.define('luciole-app', LucioleApp);
