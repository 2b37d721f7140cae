/**
 * A Lit reactive controller between the page and the engine. It owns the `Run`, paces it by
 * animation frames (a steps-per-frame budget, so the page stays responsive), keeps
 * the live figures of the status bar, applies live edits, swaps models only once the new one is
 * built (a bad file or an oversized network leaves the running one alone), and exports.
 */
import type { ContinualRecord } from '../lessons/lessonChecks';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Run, type PlasticWeights } from '../engine/run';
import { cpuTarget, webgpuTarget, type RunTarget } from '../engine/backends';
import { exporter, type ExportId } from '../io/exports';
import { WORKER_WRITERS } from './workers/fileWriterInWorker';
import { EXAMPLES, SCALABLE_EXAMPLES, example } from '../examples';
import { MICROCIRCUIT_DEFAULT_SCALE } from '../examples/microcircuit';
import { CONNECTOME_EXAMPLES } from '../examples/connectomes';
import type { ImportRequest } from './workers/connectomeImport.worker';
import { importConnectomeInWorker } from './workers/importConnectomeInWorker';
import { LiveStatsSampler, type LiveStats } from './liveStats';
import { FramePacer } from './framePacer';
import type { ConnectomeModelOptions } from '../io/connectome/connectomeModel';
import { strongestConnections, type StrongestConnections } from '../views/connections';
import { ModelValidationError, parseModel, type ModelInput } from '../model/schema';
import { modelFromFiles, type OpenedFile } from '../io/modelFiles';
import { acquireDevice, type AcquiredDevice } from '../gpu/device';
import { modelFromHash, shareLink, type ShareLink } from '../io/shareLink';
import { describeChange, modelChanges } from '../model/modelChanges';
import type { LessonStep } from '../lessons/lessonFormat';
import { applySettings } from '../lessons/lessonSetup';
import { readSpikeFile, type SpikeFile } from '../io/spikeFiles';
import type { SpikeTable } from '../io/spikeTable';
import { SpikeStreamToDisk } from './spikeStreamToDisk';

export type Speed = 'realtime' | 'max' | 1 | 10 | 100 | 1000;
export const SPEEDS: { value: Speed; label: string }[] = [
  { value: 'realtime', label: 'real time' },
  { value: 1, label: '1 step / frame' },
  { value: 10, label: '10 steps / frame' },
  { value: 100, label: '100 steps / frame' },
  { value: 1000, label: '1000 steps / frame' },
  { value: 'max', label: 'as fast as possible' },
];

const FRAME_WORK_BUDGET_MS = 25;
/** While more than this is queued for the disk, the run waits for it (bytes). */
const STREAM_BACKLOG_LIMIT_BYTES = 32 * 1024 * 1024;

const nextFrame = () => new Promise<number>((r) => requestAnimationFrame(r));
/** A wait longer than this (ms) shows what the page is busy with. */
const BUSY_AFTER_MS = 400;

export class LabController implements ReactiveController {
  /** The run of the loaded model (spiking populations, oscillators, or both). */
  run: Run | null = null;
  /** The oscillators' phases (AKOrN: vectors) as last read back, for the phase views. */
  oscState: Float64Array | null = null;
  private readingOscState = false;
  /** Each plastic projection's synapses as last read back, for the weight view (at most one read in flight, ≤ 4 a second). */
  plasticWeights: PlasticWeights[] = [];
  private readingWeights = false;
  private weightsReadAt = -Infinity;
  modelLabel = '';
  /** The label without a model file's extension, for the names of exported files. */
  get fileStem(): string {
    return this.modelLabel.replace(/\.(json|nir|zip)$/i, '');
  }
  playing = false;
  speed: Speed = 'realtime';
  /** Simulated time (ms) at which play stops by itself, or null. */
  stopAtMs: number | null = null;
  error = '';
  notice = '';
  backendLabel = '';
  private readonly live = new LiveStatsSampler();
  /** Export progress in [0, 1], or null when no export is running. */
  exportProgress: number | null = null;
  /** What the page is busy with where it makes the user wait (a build, kernels compiling, a long frame), or null. */
  busy: string | null = null;
  /** The step the running model was at when it was loaded or reset: its first frame compiles the kernels. */
  private firstStep = 0;
  /** Redraw counter for views. */
  frame = 0;
  /** The selected neuron (global index) or -1, and the recorded spikes it has fired. */
  selected = -1;
  selectedSpikes = 0;
  /** The selected neuron's three strongest outputs and inputs (global indices), computed once. */
  selectedConnections: StrongestConnections = { outputs: [], inputs: [] };
  /** Neurons whose membrane traces are shown (most recent selections). */
  traced: number[] = [];
  private countedUpTo = 0;

  /** True once the GPU device is lost: the page then offers to continue on the CPU. */
  deviceLost = false;
  /** Progress of a replay onto the CPU in [0, 1], or null. */
  replayProgress: number | null = null;
  private gpu: Promise<AcquiredDevice | null> | null = null;
  private cpuReason = '';
  /** The backend the user chose: models run there when it is available (`?backend=cpu` chooses the CPU). */
  preferredBackend: 'gpu' | 'cpu' = 'gpu';
  /** Whether a GPU device is in hand (false while looking, when there is none, or after it was lost). */
  gpuAvailable = false;
  /** Why the GPU cannot be chosen, in words ('' while it can, or while still looking). */
  gpuUnavailableReason = '';
  /** The backend the running model is on. */
  get runningOn(): 'gpu' | 'cpu' | null {
    return this.run ? (this.run.kind === 'webgpu' ? 'gpu' : 'cpu') : null;
  }
  private looping = false;
  private readonly pacer = new FramePacer(FRAME_WORK_BUDGET_MS);
  /** The next frame is the first on a new or reset run: it compiles, so the pacer does not learn from it. */
  private compileFrameNext = true;

  /** A new run, or a reset one: frames are paced again from one step. */
  private restartPacing(): void {
    this.pacer.restart();
    this.compileFrameNext = true;
  }

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** True until the step loop has really stopped (chunks in flight finish after a pause). */
  get active(): boolean {
    return this.playing || this.looping;
  }

  hostConnected(): void {
    this.gpu ??= acquireDevice(navigator.gpu, 'luciole-lab').then(
      (g) => {
        void g.device.lost.then((info) => this.onDeviceLost(info));
        return g;
      },
      (e: Error) => {
        this.cpuReason = e.message;
        return null;
      },
    );
    void this.gpu.then((g) => {
      this.gpuAvailable = g !== null;
      this.gpuUnavailableReason = g ? '' : `WebGPU is not available here (${this.cpuReason})`;
      this.backendLabel = this.describeBackend(g);
      this.update();
    });
  }

  /** The run, when its model has spiking populations. */
  get spikingRun(): Run | null {
    return this.run?.spiking ? this.run : null;
  }

  /** The run, when its model has oscillators. */
  get oscillatorRun(): Run | null {
    return this.run?.oscillators ? this.run : null;
  }

  /** The GPU device in use (null on the CPU backend). */
  get gpuDevice(): Promise<AcquiredDevice | null> {
    return this.gpu ?? Promise.resolve(null);
  }

  /** The status bar's words for where models run. */
  private describeBackend(g: AcquiredDevice | null): string {
    if (g && this.preferredBackend === 'gpu') return `WebGPU — ${g.description}`;
    if (g) return `${cpuLabel()} — chosen (the GPU, ${g.description}, is available)`;
    return `${cpuLabel()} — ${this.gpuUnavailableReason}`;
  }

  /** The target a model built now runs on: the chosen backend where it is available. */
  private async target() {
    const gpu = await this.gpu;
    return gpu && this.preferredBackend === 'gpu' ? webgpuTarget(gpu.device, gpu.description) : cpuTarget();
  }

  /**
   * Chooses the backend. A running model moves there with its state and recording: it is
   * replayed onto the new backend to its step (the backends agree spike for spike).
   */
  async chooseBackend(kind: 'gpu' | 'cpu'): Promise<void> {
    if (kind === 'gpu' && !this.gpuAvailable) {
      this.error = `The GPU cannot be chosen: ${this.gpuUnavailableReason || 'still looking for one'}.`;
      this.update();
      return;
    }
    this.preferredBackend = kind;
    this.backendLabel = this.describeBackend(await this.gpu);
    if (this.run && this.runningOn !== kind) await this.moveRunTo(await this.target(), kind === 'gpu' ? 'the GPU' : 'the CPU');
    this.update();
  }

  private onDeviceLost(info: GPUDeviceLostInfo): void {
    this.deviceLost = true;
    this.gpu = Promise.resolve(null); // models built from now on run on the CPU
    this.gpuAvailable = false;
    this.gpuUnavailableReason = `the GPU device was lost (${info.message || info.reason})`;
    this.backendLabel = `${cpuLabel()} — ${this.gpuUnavailableReason}`;
    this.playing = false;
    this.error = `The GPU device was lost (${info.message || info.reason}). Everything recorded up to t = ${(this.run?.timeMs ?? 0).toFixed(1)} ms is kept.`;
    this.update();
  }

  /**
   * After a lost GPU: rebuilds the run on the CPU backend by replaying the model and its live
   * edits to the last recorded step (the backends agree spike for spike, so the state is kept).
   */
  async continueOnCpu(): Promise<void> {
    await this.moveRunTo(cpuTarget(), 'the CPU');
    this.deviceLost = !!this.run && this.run.kind === 'webgpu';
  }

  /** Rebuilds the run on `target` by replaying its model and live edits to the last recorded step. */
  private async moveRunTo(target: RunTarget, where: string): Promise<void> {
    const old = this.run;
    if (!old) return;
    const wasPlaying = this.playing;
    this.playing = false;
    while (this.looping) await nextFrame();
    this.replayProgress = 0;
    this.update();
    try {
      const run = await old.replayOnto(target, async (f) => {
        this.replayProgress = f;
        this.update();
        await nextFrame();
      });
      if (this.traced.length) run.setLiveProbes(this.traced);
      this.stream?.attach(run); // the file already holds everything up to the replayed step
      this.run = run;
      this.restartPacing();
      old.destroy();
      this.oscState = null;
      this.refreshOscState();
      this.refreshWeights(true);
      this.deviceLost = false;
      this.error = '';
      this.notice = `Continued on ${where} from t = ${run.timeMs.toFixed(1)} ms with the state and recording kept.`;
      this.live.restart();
      if (wasPlaying) this.play();
    } catch (e) {
      this.error = `Could not continue on ${where}: ${(e as Error).message}`;
    } finally {
      this.replayProgress = null;
      this.update();
    }
  }

  hostDisconnected(): void {
    this.playing = false;
    this.run?.destroy();
  }

  /** A model is loaded (spiking, oscillators or both). */
  get loaded(): boolean {
    return this.run !== null;
  }

  get dt(): number {
    return this.run?.dt ?? 0.1;
  }
  get currentStep(): number {
    return this.run?.step ?? 0;
  }
  get timeMs(): number {
    return this.currentStep * this.dt;
  }

  /** Reads the oscillator phases back for the views (at most one read in flight). */
  private refreshOscState(): void {
    const run = this.oscillatorRun;
    if (!run || this.readingOscState) return;
    this.readingOscState = true;
    run
      .readOscillatorState()
      .then((x) => {
        if (run === this.run) this.oscState = x;
        this.update();
      })
      .catch(() => {})
      .finally(() => (this.readingOscState = false));
  }

  /** Reads the learnt weights back for the weight view; `now` forces a read (after load or reset). */
  private refreshWeights(now = false): void {
    const run = this.spikingRun;
    if (!run || !run.plasticProjections.length) {
      this.plasticWeights = [];
      return;
    }
    if (this.readingWeights || (!now && performance.now() - this.weightsReadAt < 250)) return;
    this.readingWeights = true;
    this.weightsReadAt = performance.now();
    Promise.all(run.plasticProjections.map((p) => run.readPlasticWeights(p.name)))
      .then((w) => {
        if (run === this.run) this.plasticWeights = w;
        this.update();
      })
      .catch(() => {})
      .finally(() => (this.readingWeights = false));
  }

  private update(): void {
    this.frame++;
    this.host.requestUpdate();
  }

  private fail(e: unknown): void {
    this.playing = false;
    this.error = (e as Error).message;
    this.update();
  }

  // ---- models -----------------------------------------------------------------------------

  /** Counts load() calls, so that of overlapping loads the last one asked for is the one kept. */
  private loadGeneration = 0;

  /** Builds `model`; only if that succeeds does it replace the running simulation. */
  async load(model: ModelInput, label: string): Promise<boolean> {
    const wasPlaying = this.playing;
    const generation = ++this.loadGeneration;
    this.busy = `Building ${label}…`;
    this.update();
    await nextFrame(); // the indicator is drawn before the build holds the thread
    try {
      const next = await Run.create(parseModel(model), await this.target(), { maxRecordedSpikes: this.recordingBudget });
      if (generation !== this.loadGeneration) {
        next.destroy(); // a later load was asked for while this one built: it wins
        return false;
      }
      this.firstStep = 0;
      this.playing = false;
      while (this.looping) await nextFrame();
      await this.stopStreaming(); // the file holds the old run's recording, complete
      this.run?.destroy();
      this.run = next;
      this.restartPacing();
      this.oscState = null;
      this.refreshOscState();
      this.plasticWeights = [];
      this.refreshWeights(true);
      this.modelLabel = label;
      this.loadedExample = null;
      this.loadedAsJson = JSON.stringify(next.exportModel());
      this.error = '';
      this.notice = '';
      this.selected = -1;
      this.traced = defaultTraced(next);
      if (this.traced.length) next.setLiveProbes(this.traced);
      this.live.restart();
      this.update();
      return true;
    } catch (e) {
      this.error = `${label}: ${(e as Error).message}${this.run ? `\n(${this.modelLabel} keeps running)` : ''}`;
      if (wasPlaying) this.play();
      this.update();
      return false;
    } finally {
      this.busy = null;
      this.update();
    }
  }

  /** The scale a scalable example (the microcircuit) was loaded at; null for any other model. */
  exampleScale: number | null = null;
  /** What the analysis panel shows: a spike file opened (no simulation needed) or a snapshot of the run's recording. */
  analysis: { table: SpikeTable | SpikeFile; label: string } | null = null;

  /** Opens someone's spike file (SONATA, NWB, CSV, NEST text, NPZ) for its raster and analysis; the run goes on. */
  async openSpikeFile(name: string, bytes: Uint8Array): Promise<boolean> {
    try {
      const file = await readSpikeFile(name, bytes);
      this.analysis = { table: file, label: name };
      this.update();
      return true;
    } catch (e) {
      this.error = `${(e as Error).message}${this.run ? `\n(${this.modelLabel} keeps running)` : ''}`;
      this.update();
      return false;
    }
  }

  /** Analyses what the run has recorded so far (a snapshot). */
  analyseRun(): void {
    const run = this.run;
    if (!run?.spiking) return;
    const { neurons, timesMs } = run.spikes();
    const populations = run.network.populations.map((p) => ({ name: p.name, start: p.start, size: p.size }));
    this.analysis = {
      table: { populations, neurons, timesMs, tStartMs: 0, tStopMs: run.timeMs },
      label: `${this.modelLabel} at t = ${run.timeMs.toFixed(1)} ms`,
    };
    this.update();
  }

  /** The bundled example the running model was loaded from (for short share links), or null. */
  loadedExample: string | null = null;

  /** The continual-learning page's last training, one record per method finished (lesson checks read it). */
  continualResults: ContinualRecord[] = [];
  /** The model as loaded, before any live edit (JSON). */
  private loadedAsJson = '';
  private changesCache: { run: Run; edits: number; lines: string[] } | null = null;

  /** The running model's changes since it was opened (live edits), one line each, for reading beside its description. */
  get changesSinceLoad(): string[] {
    const run = this.run;
    if (!run || !this.loadedAsJson) return [];
    const c = this.changesCache;
    if (c && c.run === run && c.edits === run.editCount) return c.lines;
    const lines = modelChanges(JSON.parse(this.loadedAsJson), run.model).map(describeChange);
    this.changesCache = { run, edits: run.editCount, lines };
    return lines;
  }

  /**
   * A link that reopens the running model with every live edit (in the hash, deflated), or, when
   * it is a bundled example as bundled, by its name. `base` is the page's origin and path.
   */
  shareLink(base: string): ShareLink | null {
    const run = this.run;
    if (!run) return null;
    const model = run.exportModel();
    const name = this.loadedExample;
    if (name && JSON.stringify(model) === this.loadedAsJson) {
      const scaled = this.exampleScale !== null && this.exampleScale !== MICROCIRCUIT_DEFAULT_SCALE;
      return shareLink(base, null, `model=${encodeURIComponent(name)}${scaled ? `&scale=${this.exampleScale}` : ''}`);
    }
    return shareLink(base, model);
  }

  /** Opens the model a share link's hash holds; a damaged link says what is wrong. Returns false when the hash holds none. */
  async loadFromHash(hash: string): Promise<boolean> {
    let model: unknown;
    try {
      model = modelFromHash(hash);
    } catch (e) {
      this.error = `This link could not be opened: ${(e as Error).message}`;
      this.update();
      return true;
    }
    if (model === null) return false;
    const name = (model as { name?: unknown }).name;
    await this.load(model as ModelInput, typeof name === 'string' ? name : 'shared model');
    return true;
  }

  /** Loads a bundled example or connectome model by name; `scale` for SCALABLE_EXAMPLES (N and K together). */
  /**
   * Sets up a lesson step: its example opened afresh (every learner starts from the same state),
   * then its settings as live edits. A setting the model refuses is shown as the error.
   */
  async setUpLessonStep(step: LessonStep): Promise<boolean> {
    if (step.model && !(await this.loadExample(step.model))) return false;
    const err = step.set?.length ? this.edit((run) => applySettings(run, step.set!)) : '';
    if (err) {
      this.error = `This lesson step's settings were refused: ${err}`;
      this.update();
    }
    return !err;
  }

  async loadExample(name: string, scale?: number): Promise<boolean> {
    if (name in EXAMPLES) {
      const scalable = name in SCALABLE_EXAMPLES;
      const ok = await this.load(scalable && scale !== undefined ? example(name, { scale }) : example(name), name);
      if (ok) {
        this.exampleScale = scalable ? (scale ?? MICROCIRCUIT_DEFAULT_SCALE) : null;
        this.loadedExample = name;
      }
      this.update();
      return ok;
    }
    this.exampleScale = null;
    const c = CONNECTOME_EXAMPLES[name];
    if (!c) return false;
    this.notice = `Loading the ${name} connectome…`;
    this.update();
    try {
      const model = await c.build(async (path) => {
        const r = await fetch(`${import.meta.env.BASE_URL}data/${path}`);
        if (!r.ok) throw new Error(`could not load data/${path}: HTTP ${r.status}`);
        return r.text();
      });
      const ok = await this.load(model, name);
      if (ok) this.loadedExample = name;
      return ok;
    } catch (e) {
      this.notice = '';
      this.error = `${name}: ${(e as Error).message}`;
      this.update();
      return false;
    }
  }

  /** Progress of a connectome import in [0, 1], or null. */
  importProgress: number | null = null;

  /**
   * Builds a model from a user's edge list (and node table) in a worker, with progress. A
   * malformed file shows its file, line and column, and the running model goes on.
   */
  async loadConnectomeFiles(
    edges: File,
    nodes: File | null,
    options: Omit<ConnectomeModelOptions, 'name'>,
    skipInvalidRows: boolean,
  ): Promise<boolean> {
    const name = edges.name.replace(/\.[^.]*$/, '');
    const request: ImportRequest = {
      edges: { name: edges.name, text: await edges.text() },
      nodes: nodes ? { name: nodes.name, text: await nodes.text() } : undefined,
      model: {
        name,
        description: `Connectome from ${edges.name}${nodes ? ` and ${nodes.name}` : ''}`,
        params: { tau_m: 20, tau_refrac: 2, v_rest: -65, v_reset: -65, v_thresh: -50 },
        ...options,
      },
      skipInvalidRows,
    };
    this.importProgress = 0;
    this.update();
    try {
      const reply = await importConnectomeInWorker(request, (fraction) => {
        this.importProgress = fraction;
        this.update();
      });
      if (reply.kind === 'error') {
        this.error = `${edges.name} could not be read:\n${reply.message}${this.run ? `\n(${this.modelLabel} keeps running)` : ''}`;
        this.update();
        return false;
      }
      const ok = await this.load(reply.model, name);
      if (ok && reply.skipped.length)
        this.notice = `Skipped ${reply.skipped.length} malformed rows: ${reply.skipped.slice(0, 3).join('; ')}${reply.skipped.length > 3 ? '; …' : ''}`;
      return ok;
    } finally {
      this.importProgress = null;
      this.update();
    }
  }

  /** Opens a model file's text; a malformed file shows the error and changes nothing. */
  async loadFile(name: string, text: string): Promise<boolean> {
    return this.loadFiles([{ name, bytes: new TextEncoder().encode(text) }]);
  }

  /**
   * Opens the files a user chose together (io/modelFiles.ts): a model JSON with the spike files
   * it names, a NIR graph with its input CSV, or a SONATA network (its config and files, or a
   * zip). A malformed or incomplete set shows the error and changes nothing.
   */
  async loadFiles(files: OpenedFile[]): Promise<boolean> {
    const names = files.map((f) => f.name).join(', ');
    let opened;
    try {
      opened = await modelFromFiles(files);
      parseModel(opened.model); // validated here, so the message names the file
    } catch (e) {
      const what = e instanceof ModelValidationError ? `${opened?.source ?? names} is not a valid model` : `${names} could not be opened`;
      this.error = `${what}:\n${(e as Error).message}${this.run ? `\n(${this.modelLabel} keeps running)` : ''}`;
      this.update();
      return false;
    }
    return this.load(opened.model, opened.label);
  }

  // ---- running ----------------------------------------------------------------------------

  play(): void {
    if (!this.loaded || this.playing) return;
    this.error = '';
    this.playing = true;
    this.update();
    void this.loop();
  }

  pause(): void {
    this.playing = false;
    this.run?.pause();
    this.update();
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  /** Advances one step (paused). */
  async step(): Promise<void> {
    if (!this.run || this.playing || this.run.isRunning) return;
    const run = this.run;
    await this.guard(() => run.runSteps(1));
    this.countSelected();
    this.refreshOscState();
    this.update();
  }

  /** Plays until simulated time `ms`, then pauses. */
  runUntil(ms: number): void {
    this.stopAtMs = ms;
    this.play();
  }

  async reset(): Promise<void> {
    if (!this.loaded) return;
    this.playing = false;
    while (this.looping) await nextFrame();
    await this.stopStreaming();
    this.run?.reset();
    this.firstStep = this.currentStep;
    this.restartPacing();
    this.refreshOscState();
    this.refreshWeights(true);
    this.live.restart();
    this.countedUpTo = 0;
    this.selectedSpikes = 0;
    this.error = '';
    this.update();
  }

  setSpeed(s: Speed): void {
    this.speed = s;
    this.update();
  }

  private stepsForFrame(frameMs: number): number {
    let steps: number;
    if (this.speed === 'realtime') steps = Math.max(1, Math.round(frameMs / this.dt));
    else if (this.speed === 'max')
      steps = Math.round(frameMs / this.dt); // never slower than real time
    else steps = this.speed;
    // no frame blocks the page: the pacer holds every speed to its bound
    steps = this.pacer.plan(steps, this.speed === 'max');
    if (this.stopAtMs !== null) steps = Math.min(steps, Math.max(0, Math.round(this.stopAtMs / this.dt) - this.currentStep));
    return steps;
  }

  private async loop(): Promise<void> {
    if (this.looping) return;
    this.looping = true;
    let last = performance.now();
    try {
      while (this.playing && this.run) {
        const now = performance.now();
        const steps = this.stepsForFrame(Math.min(100, now - last));
        last = now;
        if (steps === 0) {
          this.stopAtMs = null;
          this.playing = false;
          break;
        }
        const t0 = performance.now();
        if (this.stream && this.stream.backlogBytes > STREAM_BACKLOG_LIMIT_BYTES) await this.stream.drained();
        // A frame that keeps the user waiting says why (the first one compiles the kernels).
        const first = this.currentStep === this.firstStep;
        const compileFrame = this.compileFrameNext;
        this.compileFrameNext = false;
        const slow = setTimeout(() => {
          this.busy = first
            ? 'Compiling the kernels and running the first steps…'
            : `Running ${steps.toLocaleString('en')} steps (${(steps * this.dt).toFixed(1)} ms)…`;
          this.update();
        }, BUSY_AFTER_MS);
        try {
          await this.run.runSteps(steps);
        } catch (e) {
          this.fail(e);
          break;
        } finally {
          clearTimeout(slow);
          if (this.busy !== null) this.busy = null;
        }
        this.sample();
        this.refreshOscState();
        this.refreshWeights();
        this.checkStream();
        this.update();
        await nextFrame();
        // The whole frame, drawing included: the pacer's fixed part is what a frame costs besides
        // stepping (a slow canvas on a software GPU must not hold the loop at a few steps a frame).
        // The first frame compiled the kernels and says nothing about the next ones.
        if (!compileFrame) this.pacer.record(steps, performance.now() - t0);
      }
    } finally {
      this.looping = false;
      this.update();
    }
  }

  /** Selects a neuron: its trace is recorded from now on (the last four selections are kept). */
  select(neuron: number): void {
    if (!this.spikingRun) return;
    this.selected = neuron;
    this.selectedConnections = strongestConnections(this.spikingRun.network, neuron, 3);
    this.traced = [neuron, ...this.traced.filter((n) => n !== neuron)].slice(0, 4);
    const err = this.edit((s) => s.setLiveProbes(this.traced));
    if (err) this.error = err;
    this.countedUpTo = 0;
    this.selectedSpikes = 0;
    this.countSelected();
    this.update();
  }

  /** Makes a neuron fire now (a short current pulse, kept in the model). */
  stimulate(neuron: number): void {
    const err = this.edit((s) => s.stimulateNeuron(neuron));
    this.notice = err ? '' : `Stimulated neuron ${neuron} at t = ${this.run!.timeMs.toFixed(1)} ms.`;
    if (err) this.error = err;
    this.update();
  }

  private countSelected(): void {
    if (!this.spikingRun || this.selected < 0) return;
    const { neurons } = this.spikingRun.spikeView();
    if (neurons.length < this.countedUpTo) [this.countedUpTo, this.selectedSpikes] = [0, 0];
    for (let k = this.countedUpTo; k < neurons.length; k++) if (neurons[k] === this.selected) this.selectedSpikes++;
    this.countedUpTo = neurons.length;
  }

  private sample(): void {
    this.countSelected();
    if (this.run) this.live.sample(this.run);
  }

  /** The status bar's live figures. */
  get stats(): LiveStats {
    return this.live.stats;
  }

  private async guard(action: () => unknown): Promise<boolean> {
    try {
      await action();
      return true;
    } catch (e) {
      this.error = (e as Error).message;
      this.update();
      return false;
    }
  }

  // ---- live edits --------------------------------------------------------------------------

  /** Applies a live edit (neurons or oscillators); a rejected one changes nothing and returns why, else ''. */
  edit(action: (run: Run) => void): string {
    if (!this.run) return 'no model';
    try {
      action(this.run);
      this.update();
      return '';
    } catch (e) {
      return (e as Error).message;
    }
  }

  /** A structural change: rebuild from the edited model (the recording starts again). */
  async rebuild(change: (model: ModelInput) => void): Promise<void> {
    if (!this.run) return;
    const model = JSON.parse(this.run.exportModelJson()) as ModelInput;
    change(model);
    const wasPlaying = this.playing;
    if (await this.load(model, this.modelLabel)) {
      this.notice = 'The network was rebuilt: structural changes start a new recording.';
      this.update();
      if (wasPlaying) this.play();
    }
  }

  // ---- streaming to disk -------------------------------------------------------------------

  /** Recording budget of the runs built from now on (spikes kept in memory; 8 bytes each). */
  recordingBudget: number | undefined = undefined;
  /** The spikes streaming to disk, or null. */
  stream: SpikeStreamToDisk | null = null;
  /** The last stream's file when it lives in the origin-private file system (to download). */
  streamedFile: File | null = null;

  /** Starts streaming the run's spikes (those recorded so far, then every new one) to a CSV file. */
  async startStreaming(): Promise<void> {
    const run = this.spikingRun;
    if (!run || this.stream) return;
    try {
      this.stream = await SpikeStreamToDisk.start(run, `${this.fileStem}-spikes-stream.csv`);
      this.streamedFile = null;
      this.notice = `Streaming spikes to ${this.stream.fileName} (${this.stream.target}).`;
    } catch (e) {
      if ((e as Error).name !== 'AbortError') this.error = `Could not stream to disk: ${(e as Error).message}`;
    }
    this.update();
  }

  /** Ends the stream: every queued spike is written and the file closed. */
  async stopStreaming(): Promise<void> {
    const stream = this.stream;
    if (!stream) return;
    this.stream = null;
    this.streamedFile = await stream.finish();
    if (stream.error) this.reportStreamError(stream);
    else
      this.notice = `${stream.spikes.toLocaleString()} spikes (${(stream.bytes / 1e6).toFixed(1)} MB) were written to ${stream.fileName}${this.streamedFile ? ' in the origin-private file system: download it below' : ''}.`;
    this.update();
  }

  private checkStream(): void {
    const stream = this.stream;
    if (stream?.error) {
      this.stream = null;
      void stream.finish().then((f) => {
        this.streamedFile = f;
        this.update();
      });
      this.reportStreamError(stream);
    }
  }

  private reportStreamError(stream: SpikeStreamToDisk): void {
    this.error = `Streaming to ${stream.fileName} stopped: ${stream.error}. The file holds the spikes written before that; the run and its in-memory recording go on.`;
  }

  // ---- exports -----------------------------------------------------------------------------

  /**
   * Produces one export of the registry shared with the command line (io/exports.ts), with
   * progress; null when this run cannot be exported so.
   */
  async export(id: ExportId): Promise<Blob | null> {
    const run = this.run;
    const e = exporter(id);
    if (!run || e.unavailable(run)) return null;
    this.exportProgress = 0;
    this.update();
    try {
      // Text formats are built here in pieces, yielding a frame between them; binary formats are
      // written in a worker.
      const parts = await e.produce(
        run,
        async (f) => {
          this.exportProgress = f;
          this.update();
          await nextFrame();
        },
        WORKER_WRITERS,
      );
      return new Blob(parts as BlobPart[], { type: e.mime });
    } catch (err) {
      // An export this model cannot take (SONATA's limits, say) says why; the run goes on.
      this.error = `${e.label}: ${(err as Error).message}${run ? `\n(${this.modelLabel} keeps running)` : ''}`;
      return null;
    } finally {
      this.exportProgress = null;
      this.update();
    }
  }
}

/** Models this small show their neurons' V(t) from the start, without a click (at most 4). */
const TRACE_BY_DEFAULT_NEURONS = 10;

/** The neurons a small model traces from the start: its first four that have a membrane. */
function defaultTraced(run: Run): number[] {
  const net = run.spiking?.network;
  if (!net || net.numNeurons > TRACE_BY_DEFAULT_NEURONS) return [];
  const sources = new Set(['SpikeSourceArray', 'SpikeSourcePoisson']);
  return net.populations.flatMap((p) => (sources.has(p.cellType) ? [] : Array.from({ length: p.size }, (_, i) => p.start + i))).slice(0, 4);
}

/** The CPU backend the page falls back to, as the backend label names it. */
function cpuLabel(): string {
  const target = cpuTarget();
  return target.kind === 'cpu' && target.kernels === 'wasm' ? 'CPU (WebAssembly SIMD)' : 'CPU';
}
