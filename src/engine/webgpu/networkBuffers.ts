/**
 * Every GPU buffer of one network, created once. Passes bind these; the backend writes and reads
 * them. Sizes come from the built network and are checked against the device first.
 */
import type { BuiltNetwork } from '../../network/network';
import { MAX_POISSON_TABLE_LENGTH } from '../../network/network';
import { CLOCK_STRIDE, POISSON_SOURCE_WORDS, chunkCounterLayout, packStructArray, structSize } from './layouts';
import type { BufferPlan } from '../../gpu/deviceLimits';
import type { GpuRuntime } from '../../gpu/gpuRuntime';
import { DEFAULT_WORKGROUP_SIZE } from '../../gpu/computePass';
import { MAX_LIVE_PROBES } from '../backend';
import { SpikeSourceSteps } from '../spikeSourceSteps';

export const WORKGROUP_SIZE = DEFAULT_WORKGROUP_SIZE;
/** Steps one chunk may hold at most (clock slots and probe rows are sized for it). */
export const MAX_CHUNK_STEPS = 1000;
const MIN_LOG_CAPACITY = 1 << 14;
/**
 * Chunks whose records are kept apart: a chunk's records are copied back only once its count is
 * known, while later chunks run, so each of the chunks in flight (at most RECORD_BUFFERS − 1, the
 * scheduler's pipeline depth) writes its own buffer.
 */
export const RECORD_BUFFERS = 4;
const MAX_LOG_CAPACITY = 1 << 21;

/**
 * At most this many spikes can occur in `steps` steps among `neuronsPerPopulation`: a neuron
 * fires at most once per refractory period (every step when it has none).
 */
export function spikeBound(neuronsPerPopulation: number[], refractorySteps: number[], steps: number): number {
  let total = 0;
  for (let p = 0; p < neuronsPerPopulation.length; p++)
    total += neuronsPerPopulation[p] * Math.ceil(steps / Math.max(1, refractorySteps[p]));
  return total;
}

/** The state word of each probe (src/network/stateLayout.ts). */
export function probeWords(net: BuiltNetwork, probes: readonly { neuron: number; variable: string }[]): Uint32Array {
  return Uint32Array.from(probes, (p) => {
    const pop = net.populations.findIndex((q) => p.neuron >= q.start && p.neuron < q.start + q.size);
    return net.stateLayout.wordOf(pop, p.neuron, p.variable);
  });
}

export class NetworkBuffers {
  readonly n: number;
  readonly ringSlots: number;
  /** Spikes one chunk can hold, in the spike log and in the records. */
  readonly logCapacity: number;
  readonly numPoissonEntries: number;
  readonly counterWords: number;

  readonly sizes: GPUBuffer;
  readonly clock: GPUBuffer;
  readonly populations: GPUBuffer;
  readonly state: GPUBuffer;
  readonly refractory: GPUBuffer;
  /** Step + 1 of each neuron's last spike (0: none), written by the neuron update, read by plasticity. */
  readonly lastSpike: GPUBuffer;
  readonly ring: GPUBuffer;
  readonly spikeLog: GPUBuffer;
  readonly stepEnds: GPUBuffer;
  readonly rowPtr: GPUBuffer;
  readonly targets: GPUBuffer;
  readonly weights: GPUBuffer;
  /** Sources, cdf tables, entry neurons and the per-neuron entry lists (layouts.ts). */
  readonly poissonData: GPUBuffer;
  /** Word offsets of its parts. */
  readonly poissonLayout: { cdfAt: number; entryNeuronAt: number; neuronPtrAt: number; neuronEntriesAt: number; words: number };
  readonly recordMask: GPUBuffer;
  readonly gapRowPtr: GPUBuffer;
  readonly gapPre: GPUBuffer;
  readonly gapConductance: GPUBuffer;
  readonly silenced: GPUBuffer;
  /** The SpikeSourceArray neurons (global indices) and one chunk's bit plane of their firings (engine/spikeSourceSteps.ts). */
  readonly spikeSources: SpikeSourceSteps;
  readonly sourceNeurons: GPUBuffer;
  readonly sourcePlane: GPUBuffer;
  readonly counters: GPUBuffer;
  /** One per chunk in flight (RECORD_BUFFERS). */
  readonly records: GPUBuffer[];
  readonly probeSpec: GPUBuffer;
  readonly probeOut: GPUBuffer;

  /**
   * `extraRingSlots`: slots beyond max delay + 1. A neuron update that delivers its own spikes
   * through a W-step window needs W − 1 more: workgroups are not in step within a dispatch, so a
   * spike of window step w must not wrap around into the slot of an earlier window step.
   */
  constructor(runtime: GpuRuntime, net: BuiltNetwork, initialRefractorySteps: number[], extraRingSlots = 0) {
    const n = (this.n = net.numNeurons);
    this.ringSlots = net.maxDelaySteps + 1 + extraRingSlots;
    this.numPoissonEntries = net.poissonSources.reduce((a, s) => a + s.targets.length, 0);
    const bound = spikeBound(
      net.populations.map((p) => p.size),
      initialRefractorySteps,
      MAX_CHUNK_STEPS,
    );
    // At least one step of every neuron firing, so a chunk of one step always fits.
    this.logCapacity = Math.max(n, Math.min(MAX_LOG_CAPACITY, Math.max(MIN_LOG_CAPACITY, bound)));
    this.counterWords = chunkCounterLayout(net.populations.length, net.plasticProjections.length).length;
    const numProbes = net.probes.length + MAX_LIVE_PROBES;
    const synapses = net.targets.length;

    this.spikeSources = new SpikeSourceSteps(net);
    const sourcePlaneBytes = MAX_CHUNK_STEPS * this.spikeSources.wordsPerStep * 4;
    const plan: BufferPlan[] = [
      {
        label: 'delay ring buffer (neurons × (max delay + 1 + window − 1 when the update delivers) × 2 receptors × 4 B)',
        bytes: n * this.ringSlots * 2 * 4,
      },
      { label: 'synapse targets (4 B per synapse)', bytes: synapses * 4 },
      { label: 'synapse weights (4 B per synapse)', bytes: synapses * 4 },
      { label: "neuron state (v, inputs and each cell type's variables, 4 B each)", bytes: net.stateLayout.words * 4 },
      { label: 'gap junctions (4 B each, twice)', bytes: net.gapPre.length * 4 },
      { label: 'spike log of one chunk (8 B per spike)', bytes: 8 + this.logCapacity * 8 },
      { label: `spike records of one chunk (8 B per spike; ${RECORD_BUFFERS} chunks in flight)`, bytes: this.logCapacity * 8 },
      { label: 'probe values of one chunk', bytes: MAX_CHUNK_STEPS * numProbes * 4 },
      {
        label: 'spike sources (4 B each) and their firing bits of one chunk (1 bit per source per step)',
        bytes: this.spikeSources.count * 4 + sourcePlaneBytes,
      },
      {
        label: 'Poisson data (sources, tables, 12 B per target entry)',
        bytes: 4 * (net.poissonSources.length * (POISSON_SOURCE_WORDS + MAX_POISSON_TABLE_LENGTH) + 3 * this.numPoissonEntries + n + 1),
      },
    ];
    runtime.checkLimits(
      plan,
      [
        { label: 'neuron update (one invocation per neuron)', workgroups: Math.ceil(n / WORKGROUP_SIZE) },
        { label: 'Poisson input (one invocation per target)', workgroups: Math.ceil(this.numPoissonEntries / WORKGROUP_SIZE) },
      ],
      { needed: 8, what: 'the spike recording pass' },
    );

    const S = GPUBufferUsage.STORAGE;
    const COPY_DST = GPUBufferUsage.COPY_DST;
    const COPY_SRC = GPUBufferUsage.COPY_SRC;
    const make = (label: string, size: number, usage: number) => runtime.createBuffer(`NetworkBuffers.${label}`, size, usage);
    const upload = (buf: GPUBuffer, data: ArrayBufferView) => runtime.write(buf, data);

    this.sizes = make('sizes', structSize('NetworkSizes'), GPUBufferUsage.UNIFORM | COPY_DST);
    this.clock = make('clock', MAX_CHUNK_STEPS * CLOCK_STRIDE, GPUBufferUsage.UNIFORM | COPY_DST);
    this.populations = make('populations', net.populations.length * structSize('PopulationRange'), S | COPY_DST);
    this.state = make('state', net.stateLayout.words * 4, S | COPY_DST | COPY_SRC);
    this.refractory = make('refractory', n * 4, S | COPY_DST | COPY_SRC);
    this.lastSpike = make('lastSpike', n * 4, S | COPY_DST);
    this.ring = make('ring', n * this.ringSlots * 2 * 4, S | COPY_DST);
    this.spikeLog = make('spikeLog', 8 + this.logCapacity * 8, S | COPY_DST | COPY_SRC);
    this.stepEnds = make('stepEnds', (MAX_CHUNK_STEPS + 1) * 4, S | COPY_DST);
    this.rowPtr = make('rowPtr', (n + 1) * 4, S | COPY_DST);
    this.targets = make('targets', synapses * 4, S | COPY_DST);
    this.weights = make('weights', synapses * 4, S | COPY_DST);
    const sources = net.poissonSources.length;
    const cdfAt = sources * POISSON_SOURCE_WORDS;
    const entryNeuronAt = cdfAt + sources * MAX_POISSON_TABLE_LENGTH;
    const neuronPtrAt = entryNeuronAt + this.numPoissonEntries;
    const neuronEntriesAt = neuronPtrAt + (sources ? n + 1 : 0);
    const words = neuronEntriesAt + 2 * this.numPoissonEntries;
    this.poissonLayout = { cdfAt, entryNeuronAt, neuronPtrAt, neuronEntriesAt, words };
    this.poissonData = make('poissonData', Math.max(4, words * 4), S | COPY_DST);
    this.recordMask = make('recordMask', net.spikeRecordMask.byteLength, S | COPY_DST);
    this.gapRowPtr = make('gapRowPtr', (n + 1) * 4, S | COPY_DST);
    this.gapPre = make('gapPre', net.gapPre.length * 4, S | COPY_DST);
    this.gapConductance = make('gapConductance', net.gapConductance.length * 4, S | COPY_DST);
    this.silenced = make('silenced', Math.ceil(n / 32) * 4, S | COPY_DST);
    this.sourceNeurons = make('sourceNeurons', Math.max(4, this.spikeSources.count * 4), S | COPY_DST);
    this.sourcePlane = make('sourcePlane', Math.max(4, sourcePlaneBytes), S | COPY_DST);
    this.counters = make('counters', this.counterWords * 4, S | COPY_DST | COPY_SRC);
    this.records = Array.from({ length: RECORD_BUFFERS }, (_, k) => make(`records${k}`, this.logCapacity * 8, S | COPY_SRC));
    this.probeSpec = make('probeSpec', numProbes * 4, S | COPY_DST);
    this.probeOut = make('probeOut', MAX_CHUNK_STEPS * numProbes * 4, S | COPY_SRC);

    upload(this.rowPtr, net.rowPtr);
    upload(this.targets, net.targets);
    upload(this.weights, net.weights);
    upload(this.recordMask, net.spikeRecordMask);
    upload(this.gapRowPtr, net.gapRowPtr);
    upload(this.gapPre, net.gapPre);
    upload(this.gapConductance, net.gapConductance);
    if (this.spikeSources.count) upload(this.sourceNeurons, this.spikeSources.neurons);
    if (sources) {
      // The entries' neurons, and per neuron its (entry, source) pairs in source order.
      const entries = new Uint32Array(this.numPoissonEntries);
      const ptr = new Uint32Array(n + 1);
      let e = 0;
      for (const src of net.poissonSources) {
        entries.set(src.targets, e);
        e += src.targets.length;
        for (const g of src.targets) ptr[g + 1]++;
      }
      for (let i = 0; i < n; i++) ptr[i + 1] += ptr[i];
      const fill = ptr.slice(0, n);
      const pairs = new Uint32Array(2 * this.numPoissonEntries);
      e = 0;
      net.poissonSources.forEach((src, k) => {
        for (const g of src.targets) {
          const at = fill[g]++;
          pairs[2 * at] = e++;
          pairs[2 * at + 1] = k;
        }
      });
      runtime.write(this.poissonData, entries, entryNeuronAt * 4);
      runtime.write(this.poissonData, ptr, neuronPtrAt * 4);
      runtime.write(this.poissonData, pairs, neuronEntriesAt * 4);
    }
    upload(this.probeSpec, probeWords(net, net.probes));
    upload(
      this.populations,
      new Uint8Array(
        packStructArray(
          'PopulationRange',
          net.populations.map((p) => ({ start: p.start, size: p.size })),
        ),
      ),
    );
  }
}
