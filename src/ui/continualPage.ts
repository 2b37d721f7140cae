/**
 * The continual-learning page: two methods trained side by side on the same digits tasks (on the
 * GPU when there is one), each with a progress bar per task, its accuracy matrix R[t][j] filling
 * in live as a heatmap, ACC and BWT; a raster of the hidden layer's spikes for a chosen test
 * digit; and HLOP's subspace at work (old-task energy captured by the frozen subspace, principal
 * angles between successive task subspaces). If the GPU device is lost, each column goes on on the
 * CPU reference from its last finished task, and says so; a column that fails shows why and keeps
 * its rows.
 */
import { LitElement, css, html, nothing } from 'lit';
import { controlStyles } from './design/controlStyles';
import {
  DEFAULT_CONTINUAL,
  HLOP_PAPER_PERMUTED,
  METHODS,
  cpuTrainer,
  runContinual,
  type ContinualResult,
  type Method,
  type SubspaceReport,
} from '../learning/continual';
import { makeTasks, parseDigitsGzip, splitDigits, type Digits, type Protocol, type Split } from '../learning/digits';
import { FASHION_FILES, fashionSmallNetwork, parseFashionMnist } from '../learning/fashionMnist';
import type { SpikingMlp } from '../learning/spikingMlp';
import { webgpuTrainer } from '../learning/webgpu/webgpuTrainer';
import type { LabController } from './labController';
import type { ContinualSettings } from '../lessons/lessonFormat';

interface Column {
  method: Method;
  progress: number[]; // per task, 0..1
  R: (number | null)[][];
  result: ContinualResult | null;
  net: SpikingMlp | null;
  subspace: SubspaceReport | null;
  /** What happened to the backend (a lost GPU device), or ''. */
  notice: string;
  /** Why this column's training stopped, or ''; its rows so far are kept. */
  error: string;
}

/** What a column says when its GPU device was lost while training `task` (multitask: its one run). */
function deviceLostNotice(method: Method, task: number, reason: string): string {
  const what = reason.charAt(0).toUpperCase() + reason.slice(1); // "The GPU device was lost (…)"
  if (method === 'multitask') return `${what}. The multitask run is trained again on the CPU reference from the initial weights.`;
  const kept = task > 0 ? ` Task${task > 1 ? `s 0–${task - 1} are` : ' 0 is'} kept as the GPU learnt ${task > 1 ? 'them' : 'it'};` : '';
  const from = task > 0 ? `the checkpoint after task ${task - 1}` : 'the initial weights';
  return `${what} while training task ${task}.${kept} task ${task} is trained again on the CPU reference from ${from}, and the run goes on there.`;
}

/** Which backend trained which tasks, when a run changed backend. */
function backendSummary(result: ContinualResult): string {
  const first = result.trainedOn.indexOf('cpu');
  if (first <= 0 || result.method === 'multitask') return '';
  return `; ${first === 1 ? 'task 0' : `tasks 0–${first - 1}`} on the GPU, from task ${first} on the CPU`;
}

const METHOD_LABELS: Record<Method, string> = {
  hlop: 'HLOP',
  baseline: 'baseline (fine-tuning)',
  ewc: 'EWC',
  multitask: 'multitask (upper bound)',
};

/** Accuracy 0..1 → a white-to-green cell colour. */
function cellColour(acc: number): string {
  const t = Math.max(0, Math.min(1, acc));
  return `rgb(${Math.round(255 - 215 * t)} ${Math.round(255 - 95 * t)} ${Math.round(255 - 200 * t)})`;
}

export class ContinualPage extends LitElement {
  static override properties = {
    lab: { attribute: false },
    settings: { attribute: false },
    columns: { state: true },
    running: { state: true },
    error: { state: true },
    digit: { state: true },
    backendNote: { state: true },
  };
  declare lab: LabController;
  /** Settings a lesson step fills in; the learner presses Train. */
  declare settings: ContinualSettings | null;
  declare columns: Column[];
  declare running: boolean;
  declare error: string;
  declare digit: number;
  declare backendNote: string;
  private digits: Digits | null = null;
  private fashion: Split | null = null;
  /** Untouched test digits (task 0 of the permuted protocol) for the raster. */
  private rasterSet: Digits | null = null;

  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
        padding: 0 0.8rem 0.8rem;
      }
      .controls {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
        margin: 0.4rem 0;
      }
      .columns {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: 1rem;
      }
      @media (max-width: 900px) {
        .columns {
          grid-template-columns: 1fr;
        }
      }
      table.matrix {
        border-collapse: collapse;
        font-variant-numeric: tabular-nums;
      }
      table.matrix td,
      table.matrix th {
        border: 1px solid var(--wa-color-surface-border);
        padding: 0.25rem 0.45rem;
        text-align: center;
        min-width: 2.6rem;
      }
      table.matrix td {
        color: #111;
      }
      .progress {
        display: flex;
        gap: 0.3rem;
        align-items: center;
      }
      progress {
        width: 5rem;
      }
      canvas {
        border: 1px solid var(--wa-color-surface-border);
        width: 100%;
        height: 160px;
        image-rendering: pixelated;
      }
      .error {
        color: var(--wa-color-danger-on-quiet);
        white-space: pre-wrap;
      }
      .note {
        font-size: 0.85rem;
      }
      h3 {
        margin: 0.6rem 0 0.3rem;
      }
    `,
  ];

  constructor() {
    super();
    this.columns = [];
    this.running = false;
    this.error = '';
    this.digit = 0;
    this.backendNote = '';
    this.settings = null;
  }

  private value(id: string): string {
    return (this.renderRoot.querySelector(`[data-testid="${id}"]`) as HTMLInputElement | HTMLSelectElement).value;
  }

  private async loadDigits(): Promise<Digits> {
    if (this.digits) return this.digits;
    const r = await fetch(`${import.meta.env.BASE_URL}data/digits/digits.csv.gz`);
    if (!r.ok) throw new Error(`data/digits/digits.csv.gz: HTTP ${r.status}`);
    return (this.digits = parseDigitsGzip(new Uint8Array(await r.arrayBuffer())));
  }

  /** The bundled Fashion-MNIST subset (784 pixels, its own train/test split), fetched on first use. */
  private async loadFashion(): Promise<Split> {
    if (this.fashion) return this.fashion;
    const entries = await Promise.all(
      Object.entries(FASHION_FILES).map(async ([key, file]) => {
        const r = await fetch(`${import.meta.env.BASE_URL}data/fashion-mnist/${file}`);
        if (!r.ok) throw new Error(`data/fashion-mnist/${file}: HTTP ${r.status}`);
        return [key, new Uint8Array(await r.arrayBuffer())] as const;
      }),
    );
    return (this.fashion = parseFashionMnist(Object.fromEntries(entries) as unknown as Parameters<typeof parseFashionMnist>[0]));
  }

  /** Fills in a lesson step's settings when they change. */
  private applySettings(changed: Map<PropertyKey, unknown>): void {
    const s = this.settings;
    if (!changed.has('settings') || !s) return;
    const set = (id: string, v: string | number | undefined) => {
      if (v !== undefined)
        (this.renderRoot.querySelector(`[data-testid="${id}"]`) as HTMLInputElement | HTMLSelectElement).value = String(v);
    };
    set('cl-dataset', s.dataset);
    set('cl-protocol', s.protocol);
    set('cl-tasks', s.tasks);
    set('cl-epochs', s.epochs);
    set('cl-method-a', s.methods?.[0]);
    set('cl-method-b', s.methods?.[1]);
  }

  private async train(): Promise<void> {
    const dataset = this.value('cl-dataset') as 'digits' | 'fashion-mnist';
    const network = this.value('cl-network') as 'small' | 'paper';
    const protocol = this.value('cl-protocol') as Protocol;
    const tasks = Number(this.value('cl-tasks'));
    const epochs = Number(this.value('cl-epochs'));
    const seed = Number(this.value('cl-seed'));
    const methods = [this.value('cl-method-a'), this.value('cl-method-b')] as Method[];
    if (!Number.isInteger(tasks) || tasks < 2 || tasks > (protocol === 'split' ? 5 : 10))
      return void (this.error = `tasks: expected 2..${protocol === 'split' ? 5 : 10}, got ${this.value('cl-tasks')}`);
    if (!Number.isInteger(epochs) || epochs < 1 || epochs > 50)
      return void (this.error = `epochs per task: expected 1..50, got ${this.value('cl-epochs')}`);
    if (!Number.isInteger(seed) || seed < 0) return void (this.error = `seed: expected a whole number ≥ 0, got ${this.value('cl-seed')}`);
    if (network === 'paper' && dataset !== 'fashion-mnist')
      return void (this.error = "network: the HLOP paper's network takes 784 inputs; choose Fashion-MNIST");
    const preset =
      network === 'paper' ? HLOP_PAPER_PERMUTED : dataset === 'fashion-mnist' ? fashionSmallNetwork(DEFAULT_CONTINUAL) : DEFAULT_CONTINUAL;
    this.error = '';
    this.running = true;
    this.lab.continualResults = [];
    try {
      const data: Digits | Split = dataset === 'fashion-mnist' ? await this.loadFashion() : await this.loadDigits();
      this.rasterSet = makeTasks('permuted', 1, 'train' in data ? data : splitDigits(data, seed), seed)[0].test;
      // The backend chosen in the lab (?backend=cpu, or the status bar's chooser) applies here too.
      const gpu = this.lab.preferredBackend === 'cpu' ? null : await this.lab.gpuDevice;
      this.backendNote = gpu
        ? `Training on WebGPU (${gpu.description}).`
        : `Training on the CPU reference (${this.lab.preferredBackend === 'cpu' ? 'chosen' : this.lab.gpuUnavailableReason || 'no WebGPU here'}).`;
      this.columns = methods.map((method) => ({
        method,
        progress: new Array(tasks).fill(0),
        R: [],
        result: null,
        net: null,
        subspace: null,
        notice: '',
        error: '',
      }));
      const breathe = () => new Promise<void>((r) => setTimeout(r, 0));
      await Promise.allSettled(
        this.columns.map((col) =>
          runContinual(
            data,
            {
              ...preset,
              protocol,
              tasks,
              method: col.method,
              seed,
              epochs,
            },
            {
              onProgress: (t, f) => {
                if (col.method === 'multitask') col.progress.fill(f);
                else col.progress[t] = f;
                this.touch();
              },
              onTaskDone: (t, row, net, subspace) => {
                if (col.method !== 'multitask') col.R[t] = row;
                else col.R = [...new Array(tasks - 1).fill(null).map(() => new Array(tasks).fill(null)), row];
                col.net = net;
                col.subspace = subspace ? structuredClone(subspace) : null;
                this.touch();
              },
              yieldEvery: breathe,
              onDeviceLost: (t, e) => {
                col.notice = deviceLostNotice(col.method, t, e.message);
                this.backendNote = `Training began on WebGPU (${gpu!.description}); the device was lost, so it goes on on the CPU reference.`;
                this.touch();
              },
            },
            gpu ? webgpuTrainer(gpu.device) : cpuTrainer,
          ).then(
            (result) => {
              this.lab.continualResults = [...this.lab.continualResults, { dataset, epochs, result }];
              col.result = result;
              this.touch();
            },
            (e: Error) => {
              col.error = e.message;
              this.touch();
            },
          ),
        ),
      );
    } catch (e) {
      this.error = (e as Error).message;
    } finally {
      this.running = false;
    }
  }

  private touch(): void {
    this.columns = [...this.columns];
  }

  private matrix(col: Column, k: number) {
    const T = col.progress.length;
    return html`<table class="matrix" data-testid=${`matrix-${k}`}>
      <tr>
        <th>after ↓ / on →</th>
        ${Array.from({ length: T }, (_, j) => html`<th>task ${j}</th>`)}
      </tr>
      ${Array.from(
        { length: T },
        (_, t) =>
          html`<tr>
            <th>task ${t}</th>
            ${Array.from({ length: T }, (_, j) => {
              const v = col.R[t]?.[j];
              return typeof v === 'number'
                ? html`<td data-testid=${`cell-${k}-${t}-${j}`} style="background:${cellColour(v)}">${(100 * v).toFixed(0)}</td>`
                : html`<td data-testid=${`cell-${k}-${t}-${j}`}>·</td>`;
            })}
          </tr>`,
      )}
    </table>`;
  }

  private subspaceView(s: SubspaceReport) {
    const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
    return html`<h3>Subspace at work</h3>
      <p class="note">
        Energy of each old task's test activity inside the frozen subspace after the last task (input layer / hidden layer), and the largest
        cosine of the principal angles between successive tasks' hidden subspaces (0: orthogonal).
      </p>
      <table class="matrix" data-testid="subspace">
        <tr>
          <th>task</th>
          <th>input</th>
          <th>hidden</th>
          <th>cos to previous</th>
        </tr>
        ${s.capturedInput.at(-1)!.map(
          (e, j) =>
            html`<tr>
              <td>${j}</td>
              <td>${pct(e)}</td>
              <td>${pct(s.capturedHidden.at(-1)![j])}</td>
              <td>${j > 0 && s.principalCosines[j - 1] ? Math.max(...s.principalCosines[j - 1]).toFixed(3) : '—'}</td>
            </tr>`,
        )}
      </table>`;
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    this.applySettings(changed);
    // Hidden-layer raster of the chosen test digit (task 0's input), for each trained network.
    this.columns.forEach((col, k) => {
      const canvas = this.renderRoot.querySelector(`[data-testid="raster-${k}"]`) as HTMLCanvasElement | null;
      const test = this.rasterSet;
      if (!canvas || !col.net || !test) return;
      const net = col.net;
      const i = Math.min(Math.max(0, this.digit), test.count - 1);
      const { neurons, steps } = net.hiddenSpikes(test.x.subarray(i * test.inputs, (i + 1) * test.inputs));
      const T = net.shape.steps;
      const H = net.shape.hidden[0];
      canvas.width = T * 8;
      canvas.height = H;
      const g = canvas.getContext('2d')!;
      g.fillStyle = '#fff';
      g.fillRect(0, 0, canvas.width, canvas.height);
      g.fillStyle = k === 0 ? 'rgb(217 72 15)' : 'rgb(25 113 194)';
      for (let s = 0; s < neurons.length; s++) g.fillRect(steps[s] * 8, neurons[s], 7, 1);
    });
  }

  override render() {
    return html`
      <div class="controls">
        <label
          >Data
          <select data-testid="cl-dataset">
            <option value="digits">8×8 digits (64 pixels)</option>
            <option value="fashion-mnist">Fashion-MNIST (28×28 = 784 pixels)</option>
          </select></label
        >
        <label
          >Protocol
          <select data-testid="cl-protocol">
            <option value="permuted">permuted pixels (one head)</option>
            <option value="split">split classes (pairs of classes, multi-head)</option>
          </select></label
        >
        <label
          >Network
          <select data-testid="cl-network">
            <option value="small">pixels → 200 → 10</option>
            <option value="paper">HLOP paper: 784 → 800 → 800 → 10 (Fashion-MNIST)</option>
          </select></label
        >
        <label>Tasks <input data-testid="cl-tasks" type="number" min="2" max="10" value="3" style="width:4rem" /></label>
        <label>Epochs per task <input data-testid="cl-epochs" type="number" min="1" max="50" value="5" style="width:4rem" /></label>
        <label>Seed <input data-testid="cl-seed" type="number" min="0" value="1" style="width:4rem" /></label>
        <label
          >Left
          <select data-testid="cl-method-a">
            ${METHODS.map((m) => html`<option value=${m} ?selected=${m === 'hlop'}>${METHOD_LABELS[m]}</option>`)}
          </select></label
        >
        <label
          >Right
          <select data-testid="cl-method-b">
            ${METHODS.map((m) => html`<option value=${m} ?selected=${m === 'baseline'}>${METHOD_LABELS[m]}</option>`)}
          </select></label
        >
        <button data-testid="cl-train" @click=${() => this.train()} ?disabled=${this.running}>Train</button>
        <label
          >Test digit for the raster
          <input
            data-testid="cl-digit"
            type="number"
            min="0"
            .value=${String(this.digit)}
            @change=${(e: Event) => (this.digit = Number((e.target as HTMLInputElement).value))}
            style="width:4rem"
        /></label>
      </div>
      <p class="note">
        A spiking MLP (64 or 784 pixels → 200 integrate-and-fire neurons over T = 20 steps → 10 readout) trained with DSR on the 8×8 digits
        (UCI, CC BY 4.0) or a Fashion-MNIST subset (Xiao, Rasul &amp; Vollgraf 2017, © Zalando SE, MIT); R[t][j] is the test accuracy (%) on
        task j after training task t (tasks not yet trained are not tested). ACC is the mean of the last row; BWT the mean change on old
        tasks since they were learned. The HLOP paper's network has two hidden layers of 800, batch 64 and plain SGD, with the paper's
        subspace sizes per task (set epochs to 1 as the paper does; it needs a real GPU to be quick). ${this.backendNote}
      </p>
      ${this.error ? html`<p class="error" role="alert" data-testid="cl-error">${this.error}</p>` : nothing}
      <div class="columns">
        ${this.columns.map(
          (col, k) =>
            html`<section data-testid=${`column-${k}`}>
              <h3>${METHOD_LABELS[col.method]}</h3>
              <div class="progress">
                ${col.progress.map((p, t) => html`<span>task ${t}</span><progress data-testid=${`progress-${k}-${t}`} max="1" .value=${p}></progress>`)}
              </div>
              ${col.notice ? html`<p class="note" role="status" data-testid=${`cl-notice-${k}`}>${col.notice}</p>` : nothing}
              ${this.matrix(col, k)}
              ${col.error ? html`<p class="error" role="alert" data-testid=${`cl-column-error-${k}`}>${col.error}</p>` : nothing}
              <p data-testid=${`metrics-${k}`}>
                ${col.result ? html`ACC <b>${(100 * col.result.ACC).toFixed(1)}</b> %, BWT <b>${col.result.BWT === null ? '—' : (100 * col.result.BWT).toFixed(1)}</b> points (${(col.result.wallMs / 1000).toFixed(1)} s${backendSummary(col.result)})` : col.error ? 'stopped' : 'training…'}
              </p>
              ${
                col.net
                  ? html`<h3>Hidden layer, test digit ${this.digit}</h3>
                      <p class="note">
                        Rows: the ${col.net.shape.hidden[0]} neurons of the first hidden layer; columns: the ${col.net.shape.steps} time
                        steps.
                      </p>
                      <canvas data-testid=${`raster-${k}`}></canvas>`
                  : nothing
              }
              ${col.subspace && col.subspace.capturedInput.length ? this.subspaceView(col.subspace) : nothing}
            </section>`,
        )}
      </div>
    `;
  }
}
customElements.define('continual-page', ContinualPage);
