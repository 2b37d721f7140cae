/**
 * The `Simulation` facade: the one object users drive. It owns simulated time, the stimulus
 * schedule, live parameter edits and the recordings, and advances a `Backend` in chunks, keeping
 * a few chunks in flight so that reading results back never stalls the step loop.
 */
import { NEVER, buildNetwork, poissonTableFor, toSteps, worstCaseFixedInput, type BuiltNetwork } from '../network/network';
import { I32_MAX, toFixed } from '../network/synapseEncoding';
import { CounterRng, Stream } from '../random/threefry';
import { stepTimeMs } from '../model/time';
import { parseModel, resolvedParams, type Model, type ModelInput, type Stimulus, type Value } from '../model/schema';
import { stateVariables } from '../model/cellTypes';
import { MAX_LIVE_PROBES, type Backend, type BackendFactory, type ChunkResult, type LiveProbe } from './backend';
import { NonFiniteStateError, ParameterError } from './errors';
import { populationConstants } from './propagators';
import { StimulusSchedule } from './stimulusSchedule';

export interface SimulationOptions {
  /** Recording budget: at most this many recorded spikes are kept (8 bytes each). */
  maxRecordedSpikes?: number;
  /** Chunks issued ahead of the one being read back. */
  pipelineDepth?: number;
  /** Steps per chunk (capped by the backend). */
  chunkSteps?: number;
}

export const DEFAULT_MAX_RECORDED_SPIKES = 20_000_000; // 160 MB

/** Live traces keep this much simulated time. */
export const LIVE_TRACE_MS = 2000;

/** The recent values of one live probe: `values[k]` is the state at the end of step `firstStep + k`. */
export interface LiveTrace {
  probe: LiveProbe;
  firstStep: number;
  values: Float32Array;
}

export interface PopulationSummary {
  name: string;
  size: number;
  spikeCount: number;
  meanRateHz: number;
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
  setupWallMs: number;
  simulationWallMs: number;
  /** Wall-clock seconds per simulated second. */
  wallPerSimulatedSecond: number;
}

class GrowingU32 {
  data = new Uint32Array(1 << 16);
  length = 0;
  append(src: Uint32Array, count = src.length): void {
    if (this.length + count > this.data.length) {
      const next = new Uint32Array(Math.max(this.data.length * 2, this.length + count));
      next.set(this.data.subarray(0, this.length));
      this.data = next;
    }
    this.data.set(src.subarray(0, count), this.length);
    this.length += count;
  }
}

export class Simulation {
  private stepsDone = 0;
  private stepsIssued = 0;
  private running = false;
  private pauseRequested = false;
  private stimulusDirty = true;
  private readonly schedule: StimulusSchedule;
  private readonly spikeNeurons = new GrowingU32();
  private readonly spikeSteps = new GrowingU32();
  private probeData: Float32Array[] = [];
  private probeSteps = 0;
  private readonly popSpikeCounts: Float64Array;
  private simulationWallMs = 0;
  private failure: Error | null = null;
  readonly maxRecordedSpikes: number;
  recordingFull = false;
  private readonly pipelineDepth: number;
  private readonly chunkSteps: number;
  private liveProbes: LiveProbe[] = [];
  private liveData: Float32Array[] = [];
  private liveLength = 0;
  private liveFirstStep = 0;
  /** Live-probe set of each chunk in flight (a changed set discards older chunks' live values). */
  private liveGeneration = 0;
  private readonly inflightGenerations: number[] = [];
  /** The model as built, and every live edit with the step from which it applied (for replay). */
  private initialModel: Model;
  private readonly editLog: { step: number; apply: (sim: Simulation) => void }[] = [];

  private constructor(
    readonly network: BuiltNetwork,
    readonly backend: Backend,
    readonly setupWallMs: number,
    opts: SimulationOptions,
  ) {
    this.initialModel = structuredClone(network.model);
    this.schedule = new StimulusSchedule(network);
    this.popSpikeCounts = new Float64Array(network.populations.length);
    this.maxRecordedSpikes = opts.maxRecordedSpikes ?? DEFAULT_MAX_RECORDED_SPIKES;
    this.pipelineDepth = opts.pipelineDepth ?? (backend.kind === 'cpu' ? 1 : 3);
    this.chunkSteps = Math.max(1, Math.min(opts.chunkSteps ?? 1000, backend.maxChunkSteps));
    this.probeData = network.probes.map(() => new Float32Array(1024));
    network.populations.forEach((p) => backend.setPopulationConstants(p.index, populationConstants(network.model, p)));
    network.poissonSources.forEach((_, k) => this.uploadPoisson(k));
  }

  /** Validates and builds a model, then creates the backend for it. */
  static async create(model: Model | ModelInput, makeBackend: BackendFactory, opts: SimulationOptions = {}): Promise<Simulation> {
    const t0 = performance.now();
    const valid = parseModel(model);
    const network = buildNetwork(valid);
    const backend = await makeBackend(network);
    return new Simulation(network, backend, performance.now() - t0, opts);
  }

  get model(): Model {
    return this.network.model;
  }
  get dt(): number {
    return this.network.dt;
  }
  /** Steps completed (results read back). */
  get step(): number {
    return this.stepsDone;
  }
  get timeMs(): number {
    return this.stepsDone * this.network.dt;
  }
  get isRunning(): boolean {
    return this.running;
  }

  /** Runs for `durationMs` of simulated time (rounded to whole steps). */
  run(durationMs: number): Promise<void> {
    if (!(durationMs >= 0) || !Number.isFinite(durationMs)) throw new ParameterError(`duration: expected a non-negative number of ms, got ${durationMs}`);
    return this.runSteps(Math.round(durationMs / this.network.dt));
  }

  /** Advances `steps` steps, or fewer if paused. Resolves when all their results are recorded. */
  async runSteps(steps: number): Promise<void> {
    if (this.running) throw new ParameterError('the simulation is already running');
    if (this.failure) throw this.failure;
    this.running = true;
    this.pauseRequested = false;
    const t0 = performance.now();
    const inflight: Promise<ChunkResult>[] = [];
    const target = this.stepsIssued + steps;
    try {
      while (this.stepsIssued < target && !this.pauseRequested) {
        const at = this.stepsIssued;
        let n = Math.min(target - at, this.chunkSteps);
        n = Math.min(n, this.schedule.nextBreakpointAfter(at) - at);
        if (this.stimulusDirty || this.schedule.nextBreakpointAfter(at - 1) === at) {
          this.backend.setStimulusCurrent(this.schedule.currentAt(at));
          this.backend.setSilenced(this.schedule.silencedAt(at));
          this.stimulusDirty = false;
        }
        inflight.push(this.backend.submitChunk(n));
        this.inflightGenerations.push(this.liveGeneration);
        this.stepsIssued += n;
        if (inflight.length >= this.pipelineDepth) this.consume(await inflight.shift()!);
      }
      while (inflight.length) this.consume(await inflight.shift()!);
    } catch (e) {
      // Keep what was recorded; later chunks of a failed run are dropped.
      await Promise.allSettled(inflight);
      this.inflightGenerations.length = 0;
      this.failure = e as Error;
      this.stepsIssued = this.stepsDone;
      throw e;
    } finally {
      this.simulationWallMs += performance.now() - t0;
      this.running = false;
    }
  }

  /** Stops after the chunks already issued; `runSteps` then resolves. */
  pause(): void {
    this.pauseRequested = true;
  }

  /** Back to t = 0 with the initial state and empty recordings (the same seed gives the same run). */
  reset(): void {
    if (this.running) throw new ParameterError('pause the simulation before resetting it');
    this.backend.reset();
    this.stepsDone = 0;
    this.stepsIssued = 0;
    this.spikeNeurons.length = 0;
    this.spikeSteps.length = 0;
    this.probeSteps = 0;
    this.popSpikeCounts.fill(0);
    this.simulationWallMs = 0;
    this.recordingFull = false;
    this.failure = null;
    this.stimulusDirty = true;
    this.liveLength = 0;
    // After a reset the run starts again from the current (edited) model.
    this.editLog.length = 0;
    this.initialModel = structuredClone(this.network.model);
  }

  private consume(r: ChunkResult): void {
    const generation = this.inflightGenerations.shift();
    let steps = r.steps;
    let error: NonFiniteStateError | null = null;
    if (r.nonFinite.size) {
      const [pop, step] = [...r.nonFinite.entries()].sort((a, b) => a[1] - b[1])[0];
      error = new NonFiniteStateError(this.network.populations[pop].name, step, step * this.network.dt);
      steps = step - r.firstStep + 1;
    }
    let keep = r.spikeNeurons.length;
    if (error) {
      keep = 0;
      while (keep < r.spikeSteps.length && r.spikeSteps[keep] < r.firstStep + steps) keep++;
    }
    const room = this.maxRecordedSpikes - this.spikeNeurons.length;
    if (keep > room) {
      keep = room;
      this.recordingFull = true;
    }
    this.spikeNeurons.append(r.spikeNeurons, keep);
    this.spikeSteps.append(r.spikeSteps, keep);
    for (let p = 0; p < this.popSpikeCounts.length; p++) this.popSpikeCounts[p] += r.spikeCounts[p];
    const nProbes = this.network.probes.length;
    const stride = r.probesPerStep;
    if (nProbes) {
      for (let p = 0; p < nProbes; p++) {
        let arr = this.probeData[p];
        if (this.probeSteps + steps > arr.length) {
          const next = new Float32Array(Math.max(arr.length * 2, this.probeSteps + steps));
          next.set(arr.subarray(0, this.probeSteps));
          this.probeData[p] = arr = next;
        }
        for (let k = 0; k < steps; k++) arr[this.probeSteps + k] = r.probeValues[k * stride + p];
      }
      this.probeSteps += steps;
    }
    if (generation === this.liveGeneration && stride === nProbes + this.liveProbes.length && this.liveProbes.length) this.appendLive(r, steps, nProbes, stride);
    this.stepsDone = r.firstStep + steps;
    if (error) throw error;
  }

  private appendLive(r: ChunkResult, steps: number, offset: number, stride: number): void {
    const keep = Math.round(LIVE_TRACE_MS / this.network.dt);
    if (this.liveLength === 0) this.liveFirstStep = r.firstStep;
    if (this.liveLength + steps > this.liveData[0].length) {
      // drop the oldest values, keeping `keep` steps of room
      const drop = Math.max(0, this.liveLength + steps - keep);
      for (const arr of this.liveData) arr.copyWithin(0, drop, this.liveLength);
      this.liveLength -= drop;
      this.liveFirstStep += drop;
    }
    this.liveData.forEach((arr, p) => {
      for (let k = 0; k < steps; k++) arr[this.liveLength + k] = r.probeValues[k * stride + offset + p];
    });
    this.liveLength += steps;
  }

  /**
   * Records every state variable of these neurons from now on, for interactive views (the last
   * LIVE_TRACE_MS of simulated time is kept). At most MAX_LIVE_PROBES variables in all.
   */
  setLiveProbes(neurons: number[]): void {
    const probes: LiveProbe[] = [];
    for (const neuron of neurons) {
      if (!(Number.isInteger(neuron) && neuron >= 0 && neuron < this.network.numNeurons))
        throw new ParameterError(`neuron ${neuron}: expected an index in 0..${this.network.numNeurons - 1}`);
      const pop = this.network.populations.find((p) => neuron >= p.start && neuron < p.start + p.size)!;
      for (const variable of stateVariables(pop.cellType)) probes.push({ neuron, variable });
    }
    if (probes.length > MAX_LIVE_PROBES) throw new ParameterError(`at most ${MAX_LIVE_PROBES} live probes (state variables), got ${probes.length}`);
    this.backend.setLiveProbes(probes);
    this.liveProbes = probes;
    const room = 2 * Math.round(LIVE_TRACE_MS / this.network.dt) + this.backend.maxChunkSteps * this.pipelineDepth;
    this.liveData = probes.map(() => new Float32Array(room));
    this.liveLength = 0;
    this.liveGeneration++;
  }

  /** The live traces, in `setLiveProbes` order (each neuron's variables together). */
  liveTraces(): LiveTrace[] {
    return this.liveProbes.map((probe, k) => ({ probe, firstStep: this.liveFirstStep, values: this.liveData[k].slice(0, this.liveLength) }));
  }

  /** Simulated time (ms) of the next step to be issued: where a live stimulus starts. */
  private nextIssueMs(): number {
    return +(Math.max(this.stepsIssued, this.stepsDone) * this.dt).toFixed(9);
  }

  /** Global neuron indices grouped by population, as local indices. */
  private byPopulation(neurons: number[]): { population: string; local: number[] }[] {
    return this.network.populations
      .map((p) => ({ population: p.name, local: neurons.filter((i) => i >= p.start && i < p.start + p.size).map((i) => i - p.start) }))
      .filter((g) => g.local.length > 0);
  }

  /** Applies a validated edit of the model's stimuli, reschedules them, and logs it for replay. */
  private editStimuli(edit: (m: Model) => void, replay: (sim: Simulation) => void): void {
    this.applyEdit(edit);
    this.schedule.rebuild();
    this.stimulusDirty = true;
    this.logEdit(replay);
  }

  /**
   * Makes one neuron fire: a DC pulse of `durationMs` large enough to lift V from V_reset past
   * threshold, starting at the next step issued. It becomes part of the model (exports replay it).
   */
  stimulateNeuron(neuron: number, durationMs = 2): void {
    const pop = this.network.populations.find((p) => neuron >= p.start && neuron < p.start + p.size);
    if (!pop) throw new ParameterError(`neuron ${neuron}: expected an index in 0..${this.network.numNeurons - 1}`);
    const params = resolvedParams(this.model.populations[pop.index]);
    const amplitude = +((params.cm * (params.v_thresh - Math.min(params.v_reset, params.v_rest) + 10)) / durationMs).toPrecision(6); // nA
    const start = this.nextIssueMs();
    this.editStimuli(
      (m) => m.stimuli.push({ type: 'dc', population: pop.name, neurons: [neuron - pop.start], amplitude, start, stop: +(start + durationMs).toFixed(9) }),
      (sim) => sim.stimulateNeuron(neuron, durationMs),
    );
  }

  /**
   * Injects `amplitude` nA into neurons (global indices) for `durationMs` from the next step
   * issued on (a DC stimulus added to the model, so an export replays it). Returns its onset (ms).
   */
  injectCurrent(neurons: number[], amplitude: number, durationMs: number): number {
    if (!Number.isFinite(amplitude)) throw new ParameterError(`amplitude: expected a number of nA, got ${amplitude}`);
    if (!(durationMs > 0)) throw new ParameterError(`duration: expected a positive number of ms, got ${durationMs}`);
    const start = this.nextIssueMs();
    const stop = +(start + durationMs).toFixed(9);
    this.editStimuli(
      (m) => {
        for (const g of this.byPopulation(neurons)) m.stimuli.push({ type: 'dc', population: g.population, neurons: g.local, amplitude, start, stop });
      },
      (sim) => sim.injectCurrent(neurons, amplitude, durationMs),
    );
    return start;
  }

  /**
   * Silences neurons (global indices) from the next step issued on: held at V_reset, no spikes
   * out, as an optogenetic experiment would; `on = false` ends the silencing of every silence
   * stimulus still running. Both become part of the model, so an export replays them.
   */
  silenceNeurons(neurons: number[], on = true): void {
    const now = this.nextIssueMs();
    this.editStimuli(
      (m) => {
        if (on) for (const g of this.byPopulation(neurons)) m.stimuli.push({ type: 'silence', population: g.population, neurons: g.local, start: now });
        else for (const s of m.stimuli) if (s.type === 'silence' && (s.stop === undefined || s.stop > now) && (s.start ?? 0) <= now) s.stop = now;
      },
      (sim) => sim.silenceNeurons(neurons, on),
    );
  }

  // ---- recordings -------------------------------------------------------------------------

  /** Recorded spikes: global neuron indices and spike times (ms, start of the step; Brian2's convention). */
  spikes(): { neurons: Uint32Array; timesMs: Float64Array; steps: Uint32Array } {
    const n = this.spikeNeurons.length;
    const steps = this.spikeSteps.data.slice(0, n);
    const timesMs = new Float64Array(n);
    for (let k = 0; k < n; k++) timesMs[k] = stepTimeMs(steps[k], this.network.dt);
    return { neurons: this.spikeNeurons.data.slice(0, n), timesMs, steps };
  }

  /**
   * The recorded spikes without copying (for views drawing every frame): valid until the next
   * chunk is recorded. Sorted by step, then neuron.
   */
  spikeView(): { neurons: Uint32Array; steps: Uint32Array } {
    const n = this.spikeNeurons.length;
    return { neurons: this.spikeNeurons.data.subarray(0, n), steps: this.spikeSteps.data.subarray(0, n) };
  }

  /** Index of the first recorded spike at or after `step` (spikes are sorted by step). */
  firstSpikeAtOrAfter(step: number): number {
    const steps = this.spikeSteps.data;
    let lo = 0;
    let hi = this.spikeSteps.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (steps[mid] < step) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Recorded values of probe k (one per step, in `network.probes` order). */
  probe(k: number): Float32Array {
    return this.probeData[k].slice(0, this.probeSteps);
  }

  spikeCountOf(population: string): number {
    const p = this.populationIndex(population);
    return this.popSpikeCounts[p];
  }

  summary(): RunSummary {
    const simulatedMs = this.timeMs;
    const sec = simulatedMs / 1000;
    const pops = this.network.populations.map((p) => ({
      name: p.name,
      size: p.size,
      spikeCount: this.popSpikeCounts[p.index],
      meanRateHz: sec > 0 ? this.popSpikeCounts[p.index] / p.size / sec : 0,
    }));
    const spikeCount = pops.reduce((a, p) => a + p.spikeCount, 0);
    return {
      model: this.model.name,
      backend: this.backend.kind,
      adapter: this.backend.adapter,
      neurons: this.network.numNeurons,
      synapses: this.network.targets.length,
      dtMs: this.network.dt,
      seed: this.network.seed,
      simulatedMs: +simulatedMs.toFixed(6),
      steps: this.stepsDone,
      spikeCount,
      meanRateHz: sec > 0 ? spikeCount / this.network.numNeurons / sec : 0,
      populations: pops,
      recordedSpikes: this.spikeNeurons.length,
      recordingFull: this.recordingFull,
      setupWallMs: +this.setupWallMs.toFixed(3),
      simulationWallMs: +this.simulationWallMs.toFixed(3),
      wallPerSimulatedSecond: sec > 0 ? +(this.simulationWallMs / 1000 / sec).toFixed(6) : 0,
    };
  }

  // ---- live changes -----------------------------------------------------------------------

  private populationIndex(name: string): number {
    const i = this.network.populations.findIndex((p) => p.name === name);
    if (i < 0) throw new ParameterError(`no population named "${name}" (${this.network.populations.map((p) => p.name).join(', ')})`);
    return i;
  }

  /** Validates an edited copy of the model; on success it becomes the model. Nothing changes on error. */
  private applyEdit(edit: (m: Model) => void): Model {
    const copy = structuredClone(this.network.model);
    edit(copy);
    const valid = parseModel(copy);
    this.network.model = valid;
    return valid;
  }

  private logEdit(apply: (sim: Simulation) => void): void {
    this.editLog.push({ step: this.stepsIssued, apply });
  }

  /**
   * Rebuilds this run on another backend: the same model, the same live edits at the same steps,
   * up to the last step recorded here. The backends agree spike for spike, so the new simulation
   * has the same state and recordings (used to continue on the CPU after a GPU is lost).
   */
  async replayOnto(makeBackend: BackendFactory, onProgress?: (fraction: number) => Promise<void> | void): Promise<Simulation> {
    const sim = await Simulation.create(this.initialModel, makeBackend, { maxRecordedSpikes: this.maxRecordedSpikes });
    const until = this.stepsDone;
    const advance = async (to: number) => {
      while (sim.stepsDone < to) {
        await sim.runSteps(Math.min(1000, to - sim.stepsDone));
        await onProgress?.(until ? sim.stepsDone / until : 1);
      }
    };
    for (const edit of this.editLog) {
      if (edit.step > until) break;
      await advance(edit.step);
      edit.apply(sim);
    }
    await advance(until);
    return sim;
  }

  /** Changes one neuron parameter of a population while running (no rebuild). */
  setParameter(population: string, name: string, value: number): void {
    const p = this.populationIndex(population);
    if (name === 'size' || name === 'cellType') throw new ParameterError(`"${name}" is structural: change the model and rebuild`);
    const model = this.applyEdit((m) => {
      m.populations[p].params = { ...(m.populations[p].params ?? {}), [name]: value };
    });
    this.backend.setPopulationConstants(p, populationConstants(model, this.network.populations[p]));
    this.logEdit((sim) => sim.setParameter(population, name, value));
  }

  /** Replaces fields of stimulus k (amplitude, rateHz, weight, start, stop, times, amplitudes…). */
  setStimulus(k: number, patch: Partial<Stimulus>): void {
    if (!(k >= 0 && k < this.model.stimuli.length)) throw new ParameterError(`no stimulus ${k} (the model has ${this.model.stimuli.length})`);
    const old = this.model.stimuli[k];
    const before = this.network.model;
    for (const key of ['type', 'population', 'neurons'] as const)
      if (key in patch && JSON.stringify(patch[key]) !== JSON.stringify(old[key])) throw new ParameterError(`stimuli[${k}].${key} is structural: change the model and rebuild`);
    this.applyEdit((m) => {
      m.stimuli[k] = { ...m.stimuli[k], ...patch } as Stimulus;
    });
    if (old.type === 'poisson') {
      const src = this.network.poissonSources.findIndex((s) => s.stimulusIndex === k);
      const s = this.model.stimuli[k] as Extract<Stimulus, { type: 'poisson' }>;
      const source = this.network.poissonSources[src];
      const previous = { ...source };
      Object.assign(source, {
        rateHz: s.rateHz,
        weight: s.weight,
        startStep: toSteps(s.start ?? 0, this.dt),
        stopStep: s.stop === undefined ? NEVER : toSteps(s.stop, this.dt),
      });
      try {
        this.checkFixedPoint(`stimuli[${k}].weight`);
      } catch (e) {
        Object.assign(source, previous);
        this.network.model = before;
        throw e;
      }
      this.uploadPoisson(src);
    } else {
      this.schedule.rebuild();
      this.stimulusDirty = true;
    }
    this.logEdit((sim) => sim.setStimulus(k, patch));
  }

  /** Sets the weight (nA or mV) of every synapse of a projection, drawing again for a distribution. */
  setProjectionWeight(projection: number | string, weight: Value): void {
    const k = typeof projection === 'number' ? projection : this.model.projections.findIndex((p) => p.name === projection);
    if (!(k >= 0 && k < this.model.projections.length)) throw new ParameterError(`no projection ${JSON.stringify(projection)}`);
    const before = this.network.model;
    const model = this.applyEdit((m) => {
      m.projections[k].weight = weight;
    });
    const pr = model.projections[k];
    if (pr.receptor === 'electrical') {
      this.network.model = before;
      throw new ParameterError(`projections[${k}] is electrical: change its conductance in the model and rebuild`);
    }
    if (pr.connector.type === 'fromList' && pr.connector.connections.some((c) => c.length >= 3))
      throw new ParameterError(`projections[${k}] lists its own weights: edit the list and rebuild`);
    const slots = this.network.projectionSlots[k];
    const rng = typeof weight === 'number' ? null : new CounterRng(this.network.seed, Stream.connectivity + 4 * k + 1);
    const scale = this.network.fixedPointScale;
    const fixed = new Int32Array(slots.length);
    for (let s = 0; s < slots.length; s++) {
      let w: number;
      if (typeof weight === 'number') w = weight;
      else if (weight.distribution === 'uniform') w = weight.low + (weight.high - weight.low) * rng!.nextDouble();
      else w = weight.mean + weight.sd * rng!.nextNormal();
      w = pr.receptor === 'excitatory' ? Math.max(0, w) : Math.min(0, w);
      fixed[s] = toFixed(w, scale);
    }
    const previous = Int32Array.from(slots, (s) => this.network.weights[s]);
    for (let s = 0; s < slots.length; s++) this.network.weights[slots[s]] = fixed[s];
    try {
      this.checkFixedPoint(`projections[${k}].weight`);
    } catch (e) {
      for (let s = 0; s < slots.length; s++) this.network.weights[slots[s]] = previous[s];
      this.network.model = before;
      throw e;
    }
    this.backend.setWeights(slots, fixed);
    this.logEdit((sim) => sim.setProjectionWeight(projection, weight));
  }

  /** Refuses a change that could overflow the fixed-point input of one step (saturation guard). */
  private checkFixedPoint(path: string): void {
    const worst = worstCaseFixedInput(this.network);
    if (worst > I32_MAX)
      throw new ParameterError(
        `${path}: too large for the fixed-point input range chosen at build (a neuron could receive ` +
          `${(worst / this.network.fixedPointScale).toPrecision(4)} in one step, the range is ±${(I32_MAX / this.network.fixedPointScale).toPrecision(4)}); rebuild the model with it`,
      );
  }

  private uploadPoisson(k: number): void {
    const src = this.network.poissonSources[k];
    this.backend.setPoissonSource(k, {
      cdf: poissonTableFor(src, this.network.dt),
      weightFixed: toFixed(src.weight, this.network.fixedPointScale),
      startStep: src.startStep,
      stopStep: src.stopStep,
    });
  }

  /** The current model (with every live edit) as JSON text. */
  exportModelJson(): string {
    return JSON.stringify(this.network.model, null, 2);
  }

  destroy(): void {
    this.backend.destroy();
  }
}
