/**
 * The recording store of a spiking run: recorded spikes (global neuron, step) in step order
 * within a memory budget, spikes counted per population, the model's probes one value per step
 * within a budget of the same bytes (two f32 values per spike of the spike budget), and live
 * probe traces of the last LIVE_TRACE_MS for interactive views.
 */
import { stepTimeMs } from '../../model/time';
import type { ChunkResult, LiveProbe } from '../backend';

export const DEFAULT_MAX_RECORDED_SPIKES = 20_000_000; // 160 MB

/** Live traces keep this much simulated time. */
export const LIVE_TRACE_MS = 2000;

/** The recent values of one live probe: `values[k]` is the state at the end of step `firstStep + k`. */
export interface LiveTrace {
  probe: LiveProbe;
  firstStep: number;
  values: Float32Array;
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

export class SpikeRecording {
  private readonly spikeNeurons = new GrowingU32();
  private readonly spikeSteps = new GrowingU32();
  private probeData: Float32Array[];
  private probeSteps = 0;
  readonly populationSpikes: Float64Array;
  recordingFull = false;
  /** The state recorders' budget was reached: their values stop at `probeSteps` steps. */
  stateRecordingFull = false;
  /** At most this many state values (all probes together) are kept: the spike budget's bytes. */
  readonly maxRecordedStateValues: number;
  private liveProbes: LiveProbe[] = [];
  private liveData: Float32Array[] = [];
  private liveLength = 0;
  private liveFirstStep = 0;
  /** Live-probe set of each chunk in flight (a changed set discards older chunks' live values). */
  private liveGeneration = 0;
  private readonly inflightGenerations: number[] = [];
  /** Listeners given every recorded spike of each chunk, budget or not (streaming to disk). */
  private readonly sinks = new Set<(neurons: Uint32Array, steps: Uint32Array) => void>();

  constructor(
    numPopulations: number,
    private readonly numProbes: number,
    private readonly dtMs: number,
    readonly maxRecordedSpikes = DEFAULT_MAX_RECORDED_SPIKES,
  ) {
    this.populationSpikes = new Float64Array(numPopulations);
    this.maxRecordedStateValues = 2 * maxRecordedSpikes;
    this.probeData = Array.from({ length: numProbes }, () => new Float32Array(Math.min(1024, this.maxProbeSteps)));
  }

  /** Calls `sink` with each chunk's recorded spikes (views, valid during the call) until the returned function is called. */
  addSink(sink: (neurons: Uint32Array, steps: Uint32Array) => void): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  /** Steps of state the budget holds. */
  private get maxProbeSteps(): number {
    return this.numProbes ? Math.floor(this.maxRecordedStateValues / this.numProbes) : 0;
  }

  /** Steps of state recorded (each probe holds one value per step). */
  get recordedStateSteps(): number {
    return this.probeSteps;
  }

  get recordedSpikes(): number {
    return this.spikeNeurons.length;
  }

  /** A chunk was issued with the live probes in force now. */
  chunkIssued(): void {
    this.inflightGenerations.push(this.liveGeneration);
  }

  /** Chunks in flight were dropped (a failed run). */
  dropInflight(): void {
    this.inflightGenerations.length = 0;
  }

  /** Records the first `steps` steps of a chunk (all of it unless the state went non-finite). */
  append(r: ChunkResult, steps: number): void {
    const generation = this.inflightGenerations.shift();
    let keep = r.spikeNeurons.length;
    if (steps < r.steps) {
      keep = 0;
      while (keep < r.spikeSteps.length && r.spikeSteps[keep] < r.firstStep + steps) keep++;
    }
    if (keep && this.sinks.size) {
      const neurons = r.spikeNeurons.subarray(0, keep);
      const stepsOf = r.spikeSteps.subarray(0, keep);
      for (const sink of this.sinks) sink(neurons, stepsOf);
    }
    const room = this.maxRecordedSpikes - this.spikeNeurons.length;
    if (keep > room) {
      keep = room;
      this.recordingFull = true;
    }
    this.spikeNeurons.append(r.spikeNeurons, keep);
    this.spikeSteps.append(r.spikeSteps, keep);
    for (let p = 0; p < this.populationSpikes.length; p++) this.populationSpikes[p] += r.spikeCounts[p];
    const nProbes = this.numProbes;
    const stride = r.probesPerStep;
    if (nProbes) {
      const room = this.maxProbeSteps - this.probeSteps;
      const take = Math.min(steps, room);
      if (take < steps) this.stateRecordingFull = true;
      for (let p = 0; p < nProbes && take > 0; p++) {
        let arr = this.probeData[p];
        if (this.probeSteps + take > arr.length) {
          const next = new Float32Array(Math.min(this.maxProbeSteps, Math.max(arr.length * 2, this.probeSteps + take)));
          next.set(arr.subarray(0, this.probeSteps));
          this.probeData[p] = arr = next;
        }
        for (let k = 0; k < take; k++) arr[this.probeSteps + k] = r.probeValues[k * stride + p];
      }
      this.probeSteps += take;
    }
    if (generation === this.liveGeneration && this.liveProbes.length && stride === nProbes + this.liveProbes.length)
      this.appendLive(r, steps, nProbes, stride);
  }

  private appendLive(r: ChunkResult, steps: number, offset: number, stride: number): void {
    const keep = Math.round(LIVE_TRACE_MS / this.dtMs);
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

  /** New live probes; `room` steps of values are kept (more than one trace window plus the chunks in flight). */
  setLiveProbes(probes: LiveProbe[], room: number): void {
    this.liveProbes = probes;
    this.liveData = probes.map(() => new Float32Array(room));
    this.liveLength = 0;
    this.liveGeneration++;
  }

  liveTraces(): LiveTrace[] {
    return this.liveProbes.map((probe, k) => ({
      probe,
      firstStep: this.liveFirstStep,
      values: this.liveData[k].slice(0, this.liveLength),
    }));
  }

  /** Spikes as copies: global neuron indices, times (ms, start of the step: Brian2's convention), steps. */
  spikes(): { neurons: Uint32Array; timesMs: Float64Array; steps: Uint32Array } {
    const n = this.spikeNeurons.length;
    const steps = this.spikeSteps.data.slice(0, n);
    const timesMs = new Float64Array(n);
    for (let k = 0; k < n; k++) timesMs[k] = stepTimeMs(steps[k], this.dtMs);
    return { neurons: this.spikeNeurons.data.slice(0, n), timesMs, steps };
  }

  /** The recorded spikes without copying: valid until the next chunk is recorded. Sorted by step, then neuron. */
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

  /** Recorded values of probe k (one per step). */
  probe(k: number): Float32Array {
    return this.probeData[k].slice(0, this.probeSteps);
  }

  clear(): void {
    this.spikeNeurons.length = 0;
    this.spikeSteps.length = 0;
    this.probeSteps = 0;
    this.populationSpikes.fill(0);
    this.recordingFull = false;
    this.stateRecordingFull = false;
    this.liveLength = 0;
  }
}
