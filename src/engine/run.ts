/**
 * The `Run`: the one object users drive, for any model — spiking populations, oscillators, or
 * both in lockstep. It holds the model's components, one step loop on one backend (CPU twins, or
 * WebGPU passes on one GPU runtime), one chunk scheduler, one edit log, one summary and one
 * export of the edited model, and it can replay itself onto another backend (after a lost GPU).
 */
import { parseModel, type Model, type ModelInput, type Stimulus, type Value } from '../model/schema';
import { buildNetwork, type BuiltNetwork } from '../network/network';
import { buildOscillators, type BuiltOscillators } from '../network/buildOscillators';
import type { MemoryReport, StateSnapshot } from './backend';
import { RECORD_BUFFERS } from './webgpu/networkBuffers';
import { CPU, createBackends, type RunBackends, type RunTarget } from './backends';
import { ChunkScheduler, type RunComponent } from './chunkScheduler';
import { EditLog } from './editLog';
import { ParameterError } from './errors';
import { OscillatorComponent, type OscillatorSummary } from './oscillators/oscillatorComponent';
import type { LiveTrace } from './recording/spikeRecording';
import type { OrderSeries } from './recording/orderRecording';
import { SpikingComponent, type PopulationSummary } from './spikingComponent';

export interface RunOptions {
  /** Recording budget: at most this many recorded spikes are kept (8 bytes each); state recorders keep as many bytes (2 values per spike). */
  maxRecordedSpikes?: number;
  /** Chunks issued ahead of the one being read back (CPU 1, WebGPU 3). */
  pipelineDepth?: number;
  /** Steps per chunk when nothing shorter is needed (default 1,000). */
  chunkSteps?: number;
}

export interface RunSummary {
  model: string;
  backend: 'cpu' | 'webgpu';
  adapter: string;
  neurons: number;
  synapses: number;
  dtMs: number;
  seed: number;
  simulatedMs: number;
  steps: number;
  spikeCount: number;
  meanRateHz: number;
  populations: PopulationSummary[];
  recordedSpikes: number;
  recordingFull: boolean;
  /** The state recorders reached their budget; their values stop at `recordedStateSteps`. */
  stateRecordingFull: boolean;
  recordedStateSteps: number;
  setupWallMs: number;
  simulationWallMs: number;
  /** Wall-clock seconds per simulated second. */
  wallPerSimulatedSecond: number;
  /** The oscillators' order parameters, when the model has oscillators. */
  oscillators?: OscillatorSummary;
  /** Synapse memory (bytesPerSynapse: the synapses' own bytes; their row index apart), GPU buffers, dispatches per step. */
  memory?: MemoryReport & { bytesPerSynapse: number };
}

/** A plastic projection's synapses at one moment (Run.readPlasticWeights). */
export interface PlasticWeights {
  name: string;
  /** Neurons in the pre- and postsynaptic populations. */
  preSize: number;
  postSize: number;
  pre: Uint32Array; // local index in the presynaptic population
  post: Uint32Array;
  /** Magnitudes in the receptor's unit (transmitted negative onto inhibitory current receptors). */
  weights: Float32Array;
  variables: Record<string, Float32Array>;
  wMin: number;
  wMax: number;
}

export class Run {
  /** The spiking populations, when the model has any. */
  readonly spiking: SpikingComponent | null;
  /** The oscillators, when the model has an oscillators section. */
  readonly oscillators: OscillatorComponent | null;
  private readonly scheduler: ChunkScheduler;
  private readonly edits: EditLog<Run>;
  /** The model as parsed (of a model of oscillators only, the live one: oscillator edits are written into it). */
  private readonly baseModel: Model;

  private constructor(
    model: Model,
    readonly target: RunTarget,
    private readonly backends: RunBackends,
    network: BuiltNetwork | null,
    built: BuiltOscillators | null,
    readonly setupWallMs: number,
    private readonly opts: RunOptions,
  ) {
    this.baseModel = model;
    this.oscillators = built ? new OscillatorComponent(model, built, backends.oscillators!) : null;
    this.spiking = network
      ? new SpikingComponent(network, backends.spiking!, () => this.scheduler.nextIssueStep, opts.maxRecordedSpikes)
      : null;
    const components: RunComponent[] = [...(this.oscillators ? [this.oscillators] : []), ...(this.spiking ? [this.spiking] : [])];
    const depth = opts.pipelineDepth ?? (backends.kind === 'cpu' ? 1 : RECORD_BUFFERS - 1);
    this.scheduler = new ChunkScheduler(backends.loop, components, depth, opts.chunkSteps);
    this.edits = new EditLog(model);
  }

  /** Validates and builds a model, then its device parts on `target`. */
  static async create(input: Model | ModelInput, target: RunTarget = CPU, opts: RunOptions = {}): Promise<Run> {
    const t0 = performance.now();
    for (const key of ['chunkSteps', 'pipelineDepth', 'maxRecordedSpikes'] as const) {
      const v = opts[key];
      if (v !== undefined && !(Number.isInteger(v) && v >= (key === 'maxRecordedSpikes' ? 0 : 1)))
        throw new ParameterError(`${key}: expected a whole number ≥ ${key === 'maxRecordedSpikes' ? 0 : 1}, got ${v}`);
    }
    const model = parseModel(input);
    const network = model.populations.length ? buildNetwork(model) : null;
    const built = model.oscillators ? buildOscillators(model) : null;
    if (!network && !built) throw new ParameterError('the model has neither populations nor oscillators');
    // Each chunk in flight on the GPU keeps its own records buffer until it is read.
    if (target.kind === 'webgpu' && opts.pipelineDepth !== undefined && opts.pipelineDepth > RECORD_BUFFERS - 1)
      throw new RangeError(`pipelineDepth: at most ${RECORD_BUFFERS - 1} chunks in flight on WebGPU, got ${opts.pipelineDepth}`);
    const backends = await createBackends(target, network, built, model.dt);
    return new Run(model, target, backends, network, built, performance.now() - t0, opts);
  }

  // ---- time ---------------------------------------------------------------------------------

  get kind(): 'cpu' | 'webgpu' {
    return this.backends.kind;
  }
  get adapter(): string {
    return this.backends.adapter;
  }
  get dt(): number {
    return this.baseModel.dt;
  }
  /** Steps completed (results read back). */
  get step(): number {
    return this.scheduler.stepsDone;
  }
  get timeMs(): number {
    return this.step * this.dt;
  }
  get isRunning(): boolean {
    return this.scheduler.isRunning;
  }
  /** Steps the next chunk would hold (the policy, capped by what the device parts hold now and by stimulus breakpoints). */
  get nextChunkSteps(): number {
    return this.scheduler.nextChunkSteps();
  }
  /** Lengths of the last chunks issued (at most 64). */
  get recentChunkSteps(): readonly number[] {
    return this.scheduler.chunkLengths;
  }

  /** Runs for `durationMs` of simulated time (rounded to whole steps). */
  run(durationMs: number): Promise<void> {
    if (!(durationMs >= 0) || !Number.isFinite(durationMs))
      throw new ParameterError(`duration: expected a non-negative number of ms, got ${durationMs}`);
    return this.runSteps(Math.round(durationMs / this.dt));
  }

  /** Advances `steps` steps, or fewer if paused. Resolves when all their results are recorded. */
  runSteps(steps: number): Promise<void> {
    return this.scheduler.runSteps(steps);
  }

  /** Stops after the chunks already issued; `runSteps` then resolves. */
  pause(): void {
    this.scheduler.pause();
  }

  /** Back to t = 0 with the initial state and empty recordings; the run starts again from the current (edited) model. */
  reset(): void {
    this.scheduler.reset();
    this.backends.loop.reset();
    this.oscillators?.reset();
    this.spiking?.reset();
    this.edits.restart(this.exportModel());
  }

  // ---- components ---------------------------------------------------------------------------

  private requireSpiking(): SpikingComponent {
    if (!this.spiking) throw new ParameterError('the model has no spiking populations');
    return this.spiking;
  }

  private requireOscillators(): OscillatorComponent {
    if (!this.oscillators) throw new ParameterError('the model has no oscillators');
    return this.oscillators;
  }

  /** The built spiking network (CSR synapses, populations, probes). */
  get network(): BuiltNetwork {
    return this.requireSpiking().network;
  }

  /** The built oscillators (groups, couplings, frequencies). */
  get builtOscillators(): BuiltOscillators {
    return this.requireOscillators().built;
  }

  /** The current model, with every live edit (the run's own object: read it, do not change it; `exportModel()` gives a copy). */
  get model(): Model {
    return this.spiking?.model ?? this.baseModel;
  }

  /** Live edits applied since the run was created (a reset keeps counting): views that show the model redraw when it changes. */
  get editCount(): number {
    return this.editsLogged;
  }
  private editsLogged = 0;

  /** Logs an edit applied at the next step issued, for replay. */
  private logged(apply: (run: Run) => void): void {
    this.edits.record(this.scheduler.nextIssueStep, apply);
    this.editsLogged++;
  }

  // ---- live edits: spiking ------------------------------------------------------------------

  /** Records every state variable of these neurons from now on, for interactive views. */
  setLiveProbes(neurons: number[]): void {
    this.requireSpiking().setLiveProbes(neurons, this.backends.loop.maxChunkSteps() * this.scheduler.pipelineDepth);
  }

  /** Makes one neuron fire: a DC pulse from the next step issued (part of the model; exports replay it). */
  stimulateNeuron(neuron: number, durationMs = 2): void {
    this.requireSpiking().stimulateNeuron(neuron, durationMs);
    this.logged((r) => r.stimulateNeuron(neuron, durationMs));
  }

  /** Injects `amplitude` nA into neurons (global indices) for `durationMs` from the next step issued; returns its onset (ms). */
  injectCurrent(neurons: number[], amplitude: number, durationMs: number): number {
    const start = this.requireSpiking().injectCurrent(neurons, amplitude, durationMs);
    this.logged((r) => r.injectCurrent(neurons, amplitude, durationMs));
    return start;
  }

  /** Silences neurons from the next step issued (held at V_reset, no spikes); `on = false` ends the silencing. */
  silenceNeurons(neurons: number[], on = true): void {
    this.requireSpiking().silenceNeurons(neurons, on);
    this.logged((r) => r.silenceNeurons(neurons, on));
  }

  /** Changes one neuron parameter of a population while running (no rebuild). */
  setParameter(population: string, name: string, value: number): void {
    this.requireSpiking().setParameter(population, name, value);
    this.logged((r) => r.setParameter(population, name, value));
  }

  /** Changes one parameter of a plastic projection's rule (by projection name or model index) while running. */
  setPlasticityParameter(projection: number | string, name: string, value: number): void {
    this.requireSpiking().setPlasticityParameter(projection, name, value);
    this.logged((r) => r.setPlasticityParameter(projection, name, value));
  }

  /** Replaces fields of stimulus k (amplitude, rateHz, weight, start, stop, times, amplitudes…). */
  setStimulus(k: number, patch: Partial<Stimulus>): void {
    this.requireSpiking().setStimulus(k, patch);
    this.logged((r) => r.setStimulus(k, patch));
  }

  /** Sets the weight (nA or mV) of every synapse of a projection, drawing again for a distribution. */
  setProjectionWeight(projection: number | string, weight: Value): void {
    this.requireSpiking().setProjectionWeight(projection, weight);
    this.logged((r) => r.setProjectionWeight(projection, weight));
  }

  // ---- live edits: oscillators --------------------------------------------------------------

  setCouplingStrength(index: number, K: number): void {
    this.requireOscillators().setCouplingStrength(index, K);
    this.oscillators!.writeInto(this.model);
    this.logged((r) => r.setCouplingStrength(index, K));
  }

  setFrequencySpread(group: number, spread: number): void {
    this.requireOscillators().setFrequencySpread(group, spread);
    this.oscillators!.writeInto(this.model);
    this.logged((r) => r.setFrequencySpread(group, spread));
  }

  setNoise(D: number): void {
    this.requireOscillators().setNoise(D);
    this.oscillators!.writeInto(this.model);
    this.logged((r) => r.setNoise(D));
  }

  // ---- recordings ---------------------------------------------------------------------------

  /** Recorded spikes: global neuron indices and spike times (ms, start of the step; Brian2's convention). */
  spikes(): { neurons: Uint32Array; timesMs: Float64Array; steps: Uint32Array } {
    return this.requireSpiking().recording.spikes();
  }

  /**
   * Streams recording: `sink` receives every recorded spike of each chunk as it is read back
   * (global neuron, step; views valid during the call), whether or not the in-memory budget has
   * room. Returns the function that stops it.
   */
  addSpikeSink(sink: (neurons: Uint32Array, steps: Uint32Array) => void): () => void {
    return this.requireSpiking().recording.addSink(sink);
  }

  /** The recorded spikes without copying (for views drawing every frame): valid until the next chunk is recorded. */
  spikeView(): { neurons: Uint32Array; steps: Uint32Array } {
    return this.requireSpiking().recording.spikeView();
  }

  /** Index of the first recorded spike at or after `step`. */
  firstSpikeAtOrAfter(step: number): number {
    return this.requireSpiking().recording.firstSpikeAtOrAfter(step);
  }

  /** Recorded values of probe k (one per step, in `network.probes` order). */
  probe(k: number): Float32Array {
    return this.requireSpiking().recording.probe(k);
  }

  /** The live traces, in `setLiveProbes` order (each neuron's variables together). */
  liveTraces(): LiveTrace[] {
    return this.spiking?.recording.liveTraces() ?? [];
  }

  get maxRecordedSpikes(): number {
    return this.requireSpiking().recording.maxRecordedSpikes;
  }
  get recordingFull(): boolean {
    return this.spiking?.recording.recordingFull ?? false;
  }
  get stateRecordingFull(): boolean {
    return this.spiking?.recording.stateRecordingFull ?? false;
  }
  /** Steps of state recorded by the model's state recorders (less than `step` once their budget is full). */
  get recordedStateSteps(): number {
    return this.spiking?.recording.recordedStateSteps ?? 0;
  }
  get maxRecordedStateValues(): number {
    return this.requireSpiking().recording.maxRecordedStateValues;
  }

  /** The neurons' state now (V, currents, refractory counters). */
  readNeuronState(): Promise<StateSnapshot> {
    return this.requireSpiking().backend.readState();
  }

  /** The plastic projections, in the order `readPlasticWeights` takes them (model names and bounds). */
  get plasticProjections(): { name: string; projection: number; rule: string; synapses: number; wMin: number; wMax: number }[] {
    return (this.spiking?.network.plasticProjections ?? []).map((p) => ({
      name: p.name,
      projection: p.projection,
      rule: p.rule.name,
      synapses: p.postOf.length,
      wMin: p.params[p.rule.bounds.min],
      wMax: p.params[p.rule.bounds.max],
    }));
  }

  /**
   * The synapses of a plastic projection as they are now (by its name or its index among the
   * plastic projections), in the order its connector made them: local pre and post indices,
   * the weight magnitude (the receptor's unit) and the rule's other per-synapse variables.
   */
  async readPlasticWeights(projection: string | number): Promise<PlasticWeights> {
    const net = this.requireSpiking().network;
    const k = typeof projection === 'number' ? projection : net.plasticProjections.findIndex((p) => p.name === projection);
    const p = net.plasticProjections[k];
    if (!p)
      throw new Error(
        `no plastic projection ${JSON.stringify(projection)} (${net.plasticProjections.map((q) => q.name).join(', ') || 'none'})`,
      );
    const all = await this.requireSpiking().backend.readPlasticSynapses(k);
    const m = p.postOf.length;
    const pre = new Uint32Array(m);
    const post = new Uint32Array(m);
    const variables: Record<string, Float32Array> = {};
    for (const name of p.rule.synapseNames) variables[name] = new Float32Array(m);
    const preOf = new Uint32Array(m);
    for (let j = 0; j < p.pre.size; j++) for (let q = p.rowPtr[j]; q < p.rowPtr[j + 1]; q++) preOf[q] = j;
    for (let s = 0; s < m; s++) {
      const q = p.positionOf[s];
      pre[s] = preOf[q];
      post[s] = p.postOf[q];
      p.rule.synapseNames.forEach((name, v) => (variables[name][s] = all[v * m + q]));
    }
    return {
      name: p.name,
      preSize: p.pre.size,
      postSize: p.post.size,
      pre,
      post,
      weights: variables.w,
      variables,
      wMin: p.params[p.rule.bounds.min],
      wMax: p.params[p.rule.bounds.max],
    };
  }

  /** r(t), ψ(t) of a group or of all oscillators, and the energy (AKOrN); `maxPoints` subsamples. */
  orderSeries(group?: number, maxPoints?: number): OrderSeries {
    return this.requireOscillators().recording.series(group, maxPoints);
  }

  /** The last recorded order-parameter row: (r, ψ) per group, (r, ψ) of all, energy. */
  latestOrder(): Float32Array {
    return this.requireOscillators().recording.latest();
  }

  /** Phases (n) or AKOrN vectors (n × dimension) now. */
  readOscillatorState(): Promise<Float64Array> {
    return this.requireOscillators().backend.readState();
  }

  private memoryReport(m: MemoryReport): MemoryReport & { bytesPerSynapse: number } {
    return { ...m, bytesPerSynapse: m.synapses ? Math.round((m.synapseBytes / m.synapses) * 1000) / 1000 : 0 };
  }

  summary(): RunSummary {
    const simulatedMs = this.timeMs;
    const sec = simulatedMs / 1000;
    const s = this.spiking;
    const pops = s ? s.populationSummaries(simulatedMs) : [];
    const spikeCount = pops.reduce((a, p) => a + p.spikeCount, 0);
    const neurons = s?.network.numNeurons ?? 0;
    const wallMs = this.scheduler.wallMs;
    return {
      model: this.baseModel.name,
      backend: this.kind,
      adapter: this.adapter,
      neurons,
      synapses: (s?.network.targets.length ?? 0) + (s?.network.generated.count ?? 0),
      dtMs: this.dt,
      seed: this.baseModel.seed,
      simulatedMs: +simulatedMs.toFixed(6),
      steps: this.step,
      spikeCount,
      meanRateHz: sec > 0 && neurons > 0 ? spikeCount / neurons / sec : 0,
      populations: pops,
      recordedSpikes: s?.recording.recordedSpikes ?? 0,
      recordingFull: this.recordingFull,
      stateRecordingFull: this.stateRecordingFull,
      recordedStateSteps: this.recordedStateSteps,
      setupWallMs: +this.setupWallMs.toFixed(3),
      simulationWallMs: +wallMs.toFixed(3),
      wallPerSimulatedSecond: sec > 0 ? +(wallMs / 1000 / sec).toFixed(6) : 0,
      ...(this.oscillators ? { oscillators: this.oscillators.summary() } : {}),
      ...(s ? { memory: this.memoryReport(s.backend.memoryReport()) } : {}),
    };
  }

  // ---- export and replay --------------------------------------------------------------------

  /** The model with every live edit (opening it again reproduces the run for the same seed). */
  exportModel(): Model {
    return structuredClone(this.model);
  }

  exportModelJson(): string {
    return JSON.stringify(this.exportModel(), null, 2);
  }

  /**
   * The model with every live edit and the weights learnt so far: each plastic projection's
   * connector becomes the list of its synapses with their weights now (`fromList` rows
   * [pre, post, weight], in the connector's order), so a run of it starts from the learnt
   * weights. Traces and other per-synapse variables start again from their initial values.
   */
  async exportLearnedModel(): Promise<Model> {
    const m = this.exportModel();
    const plastic = this.spiking?.network.plasticProjections ?? [];
    for (const [k, p] of plastic.entries()) {
      const w = await this.readPlasticWeights(k);
      const connections = Array.from(w.pre, (j, s) => [j, w.post[s], p.sign * w.weights[s]]);
      m.projections[p.projection] = { ...m.projections[p.projection], connector: { type: 'fromList', connections } };
    }
    if (plastic.length) m.description = `${m.description ? `${m.description} ` : ''}(weights learnt over ${+this.timeMs.toFixed(3)} ms)`;
    return m;
  }

  /**
   * Rebuilds this run on another target: the same model, the same live edits at the same steps,
   * up to the last step recorded here. The spiking backends agree spike for spike (and the
   * oscillator twins within their tolerances), so the new run has the same state and recordings.
   */
  async replayOnto(target: RunTarget, onProgress?: (fraction: number) => Promise<void> | void): Promise<Run> {
    const run = await Run.create(this.edits.initialModel, target, { ...this.opts, pipelineDepth: undefined });
    const until = this.step;
    try {
      await this.edits.replay(run, until, async (to) => {
        while (run.step < to) {
          await run.runSteps(Math.min(1000, to - run.step));
          await onProgress?.(until ? run.step / until : 1);
        }
      });
    } catch (e) {
      run.destroy();
      throw e;
    }
    const live = this.spiking?.recording.liveTraces().map((t) => t.probe.neuron);
    if (live?.length) run.setLiveProbes([...new Set(live)]);
    return run;
  }

  destroy(): void {
    this.backends.destroy();
  }
}
