/**
 * The WebGPU backend. Per step: the neuron update (drawing Poisson input itself, or after a
 * Poisson pass on a device with 8 storage buffers), spike propagation of stored and generated
 * rows, plasticity, state probes (if it has state recorders); per chunk of steps: spike
 * recording. The run's step loop (../stepLoop.ts) encodes a chunk of steps into one compute pass
 * and one submit; the results come back asynchronously through the GPU runtime's readback pool,
 * so the loop never waits on a map while earlier chunks are still running. It is handed a
 * `GpuRuntime` (over a GPUDevice) and never touches the DOM.
 */
import type { BuiltNetwork } from '../../network/network';
import { MAX_POISSON_TABLE_LENGTH } from '../../network/network';
import type { GpuRuntime } from '../../gpu/gpuRuntime';
import {
  MAX_LIVE_PROBES,
  type Backend,
  type MemoryReport,
  type ChunkResult,
  type LiveProbe,
  type PoissonSourceState,
  type StateSnapshot,
} from '../backend';
import type { PopulationConstants } from '../cellConstants';
import type { GpuStepper } from '../stepLoop';
import { CLOCK_STRIDE, POISSON_SOURCE_WORDS, chunkCounterLayout, packStructArray, poissonSourceWords } from './layouts';
import { MAX_CHUNK_STEPS, NetworkBuffers, RECORD_BUFFERS, probeWords, spikeBound } from './networkBuffers';
import { DELAY_MASK, DELAY_SHIFT } from '../../network/synapseEncoding';
import { refractorySteps as cellRefractorySteps } from '../../model/cellTypes';
import { resolvedParams } from '../../model/schema';
import { NeuronUpdatePass } from './passes/neuronUpdatePass';
import { neuronUpdateBindings, storageBindings, type OwnDelivery } from './neuronUpdateKernel';
import { SpikeSourcePass } from './passes/spikeSourcePass';
import { PoissonInputPass } from './passes/poissonInputPass';
import { ElectricalCouplingPass } from './passes/electricalCouplingPass';
import { SpikePropagationPass } from './passes/spikePropagationPass';
import { GeneratedBuffers } from './generatedBuffers';
import { GeneratedSynapseBuildPass } from './passes/generatedSynapseBuildPass';
import { GeneratedPropagationPass } from './passes/generatedPropagationPass';
import { SpikeRecordingPass } from './passes/spikeRecordingPass';
import { StateProbePass } from './passes/stateProbePass';
import { PlasticBuffers, PlasticityPass } from './passes/plasticityPass';
import { plasticValues } from '../plasticConstants';

export interface WebGpuBackendOptions {
  /** Workgroups sharing the spikes of a step in propagation and recording. */
  spikeWorkgroups?: number;
  /**
   * Workgroups of the generated-row delivery (each takes one 64-synapse chunk of one spike at a
   * time; beyond the dispatch they take more in turn). Default: on a GPU, enough for a quarter of
   * the neurons firing in one step, at most 4,096 (about one wave of 64-wide workgroups on a large
   * GPU; not yet tuned on one); on a software GPU, 64 (an idle workgroup costs about 8 µs there).
   */
  generatedWorkgroups?: number;
  /** At most this many generated synapse words per binding (default: what the device allows). */
  generatedWordsPerBinding?: number;
  /** Draw Poisson input in the neuron update (default, where the device allows 9 storage buffers) or in a pass of its own. */
  poissonInNeuronUpdate?: boolean;
  /** false: one step per dispatch even where every delay would allow a window of several. */
  multiStepDispatch?: boolean;
  /**
   * true: the neuron update delivers its own spikes (OwnDelivery in neuronUpdateKernel.ts): one
   * dispatch per step, or per window, where the network needs nothing else per step and the
   * device has the storage bindings it takes. Off by default: on SwiftShader it is 2.5–4× slower
   * than the delivery passes (workgroup barriers are costly there, and one workgroup delivers each
   * spike's whole row); bench/gpu/run.sh measures both on a real GPU.
   */
  ownDelivery?: boolean;
}

/** The neuron update's own delivery where the device has every storage binding it takes. */
function ownDeliveryFor(net: BuiltNetwork, wordsPerBinding: number, poisson: boolean, device: GPUDevice): OwnDelivery | null {
  const delivery: OwnDelivery = {
    stored: net.targets.length > 0,
    generatedWordBindings: net.generated.count > 0 ? Math.ceil(net.generated.count / wordsPerBinding) : 0,
  };
  if (!delivery.stored && !delivery.generatedWordBindings) return null; // no synapses: nothing to deliver
  return storageBindings(neuronUpdateBindings(poisson, delivery)) <= device.limits.maxStorageBuffersPerShaderStage ? delivery : null;
}

/** Most steps one neuron-update dispatch advances. */
export const MAX_WINDOW_STEPS = 32;

/** The shortest delay of any synapse, stored or generated, in steps (MAX_WINDOW_STEPS when there is none). */
export function minDelaySteps(net: BuiltNetwork): number {
  let min = MAX_WINDOW_STEPS;
  for (let s = 0; s < net.targets.length; s++) min = Math.min(min, ((net.targets[s] >>> DELAY_SHIFT) & DELAY_MASK) + 1);
  for (const p of net.generated.projections) {
    let first = 0; // steps whose threshold is 0 are never drawn
    while (first < p.delayThresholds.length && p.delayThresholds[first] === 0) first++;
    min = Math.min(min, first + 1);
  }
  return min;
}

const ZEROS = new Uint32Array(4);

/** Refractory period of each population in steps, from the model as built. */
function refractorySteps(net: BuiltNetwork): number[] {
  return net.populations.map((p) => cellRefractorySteps(p.cell, resolvedParams(net.model, net.model.populations[p.index]), net.dt));
}

export class WebGpuBackend implements Backend, GpuStepper<ChunkResult> {
  readonly kind = 'webgpu' as const;
  readonly adapter: string;
  private readonly buffers: NetworkBuffers;
  private readonly poissonPass: PoissonInputPass;
  private readonly sourcePass: SpikeSourcePass;
  private readonly poissonInUpdate: boolean;
  private readonly couplingPass: ElectricalCouplingPass;
  /** One per cell type in the network, each generated from its descriptor. */
  private readonly neuronPasses: NeuronUpdatePass[] = [];
  private readonly neuronPassOf: NeuronUpdatePass[] = [];
  private readonly propagationPass: SpikePropagationPass;
  private dispatchesLastStep = 0;
  private readbackBytesLastChunk = 0;
  /** Generated projections (src/network/generatedSynapses.ts): their buffers and delivery pass, if any. */
  private readonly generated: { buffers: GeneratedBuffers; pass: GeneratedPropagationPass } | null;
  private readonly probePass: StateProbePass;
  /** One per records buffer (NetworkBuffers.records); chunk c uses c mod RECORD_BUFFERS. */
  private readonly recordingPasses: SpikeRecordingPass[];
  private chunksEncoded = 0;
  /** Per plastic projection: its buffers and its passes, in step order (pre, post, per step). */
  private readonly plastic: { buffers: PlasticBuffers; passes: PlasticityPass[] }[];
  private readonly populationSizes: number[];
  private readonly constants: PopulationConstants[];
  private readonly recordedPerPopulation: number[];
  private readonly counterInit: Uint32Array;
  private readonly clockData = new Uint32Array((MAX_CHUNK_STEPS * CLOCK_STRIDE) / 4);
  private readonly stagingBytes: number;
  private readonly weightsCopy: Int32Array;
  /** Refractory steps of each population in force (from the constants last set). */
  private readonly refractory: number[];
  private chunkLimit = 1;
  private chunk: { firstStep: number; steps: number; probesPerStep: number; records: number } | null = null;
  /** The model's probes plus the live ones. */
  private activeProbes = 0;
  readonly device: GPUDevice;

  constructor(
    private readonly runtime: GpuRuntime,
    private readonly net: BuiltNetwork,
    opts: WebGpuBackendOptions = {},
  ) {
    const device = (this.device = runtime.device);
    this.adapter = runtime.adapter;
    const pops = net.populations.length;
    this.recordedPerPopulation = net.recordedPerPopulation;
    this.constants = net.populations.map(() => ({}) as PopulationConstants);
    this.refractory = refractorySteps(net);
    this.populationSizes = net.populations.map((p) => p.size);
    // Every limit is checked before anything is allocated: the generated synapses' first, then
    // the network buffers' (each checks its own before allocating).
    const wordsPerBinding =
      net.generated.count > 0 ? GeneratedBuffers.plan(runtime, net, opts.generatedWordsPerBinding).wordsPerBinding : 0;
    // The neuron update draws Poisson input itself when the device has a ninth storage binding.
    this.poissonInUpdate =
      net.poissonSources.length > 0 && (opts.poissonInNeuronUpdate ?? true) && device.limits.maxStorageBuffersPerShaderStage >= 9;
    // Spike sources are set per step by a pass of their own, so they too need one step per dispatch.
    const spikeSources = net.model.populations.some((p) => p.spikeTimes);
    const simple = net.plasticProjections.length === 0 && net.gapPre.length === 0 && net.probes.length === 0 && !spikeSources;
    const poissonOk = net.poissonSources.length === 0 || this.poissonInUpdate;
    this.maxWindowSteps = opts.multiStepDispatch !== false && simple && poissonOk ? Math.min(MAX_WINDOW_STEPS, minDelaySteps(net)) : 1;
    this.ownDelivery =
      opts.ownDelivery === true && simple && poissonOk ? ownDeliveryFor(net, wordsPerBinding, this.poissonInUpdate, device) : null;
    this.buffers = new NetworkBuffers(runtime, net, this.refractory, this.ownDelivery ? this.maxWindowSteps - 1 : 0);
    const generatedBuffers = net.generated.count > 0 ? new GeneratedBuffers(runtime, net, opts.generatedWordsPerBinding) : null;
    this.updateChunkLimit();
    const b = this.buffers;
    const spikeWorkgroups = opts.spikeWorkgroups ?? Math.max(1, Math.min(64, Math.ceil(net.numNeurons / 256)));
    const recordWorkgroups = Math.max(1, Math.min(256, Math.ceil(b.logCapacity / 64 / 16)));
    this.poissonPass = new PoissonInputPass(device, b, pops);
    this.sourcePass = new SpikeSourcePass(device, b, pops);
    this.couplingPass = new ElectricalCouplingPass(device, b, pops, net.gapPre.length > 0);
    const byType = new Map<string, { index: number; start: number; size: number; base: number }[]>();
    net.populations.forEach((p) => {
      const list = byType.get(p.cellType) ?? [];
      list.push({ index: p.index, start: p.start, size: p.size, base: net.stateLayout.blocks[p.index].base });
      byType.set(p.cellType, list);
    });
    for (const list of byType.values()) {
      const cell = net.populations[list[0].index].cell;
      const constants = runtime.createBuffer(
        `WebGpuBackend.cellConstants(${cell.name})`,
        NeuronUpdatePass.constantsBytes(cell, list.length),
        GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
      );
      const pass = new NeuronUpdatePass(
        device,
        b,
        pops,
        cell,
        net.dt,
        list,
        constants,
        this.poissonInUpdate,
        this.ownDelivery,
        generatedBuffers,
      );
      this.neuronPasses.push(pass);
      for (const p of list) this.neuronPassOf[p.index] = pass;
    }
    this.propagationPass = new SpikePropagationPass(device, b, pops, spikeWorkgroups);
    this.generated = generatedBuffers && {
      buffers: generatedBuffers,
      pass: new GeneratedPropagationPass(
        device,
        b,
        generatedBuffers,
        pops,
        Math.max(
          1,
          Math.min(
            device.limits.maxComputeWorkgroupsPerDimension,
            opts.generatedWorkgroups ??
              (/\(software GPU\)/.test(runtime.adapter)
                ? 64
                : Math.min(4096, Math.ceil((net.numNeurons * generatedBuffers.rowChunks) / 4))),
          ),
        ),
      ),
    };
    this.probePass = new StateProbePass(device, b, pops, net.probes.length + MAX_LIVE_PROBES);
    this.activeProbes = net.probes.length;
    this.recordingPasses = b.records.map((records) => new SpikeRecordingPass(device, b, pops, recordWorkgroups, records));
    this.plastic = net.plasticProjections.map((p, index) => {
      const buffers = new PlasticBuffers(runtime, p);
      buffers.writeValues(device.queue, plasticValues(p, p.params, net.dt));
      const make = (which: 'pre' | 'post' | 'step') =>
        new PlasticityPass(device, b, pops, buffers, { dt: net.dt, fixedPointScale: net.fixedPointScale, which, index });
      return { buffers, passes: p.rule.perStep ? [make('pre'), make('post'), make('step')] : [make('pre'), make('post')] };
    });

    this.writeSizes();
    if (this.generated) {
      // Fill the generated synapse words on the GPU, once.
      const build = new GeneratedSynapseBuildPass(device, b, this.generated.buffers, pops, net.numNeurons);
      const enc = device.createCommandEncoder({ label: 'WebGpuBackend.buildGeneratedSynapses' });
      const pass = enc.beginComputePass({ label: 'GeneratedSynapseBuildPass' });
      build.encode(pass);
      pass.end();
      device.queue.submit([enc.finish()]);
    }
    let first = 0;
    const sources = net.poissonSources.map((s, k) => {
      const item = {
        stream: s.stream,
        firstEntry: first,
        count: s.targets.length,
        cdfOffset: k * MAX_POISSON_TABLE_LENGTH,
        cdfLength: 1,
        weightFixed: 0,
        receptor: s.receptor,
        startStep: 0,
        stopStep: 0,
      };
      first += s.targets.length;
      return item;
    });
    sources.forEach((item, k) => runtime.write(b.poissonData, poissonSourceWords(item), k * POISSON_SOURCE_WORDS * 4));
    const layout = chunkCounterLayout(pops, net.plasticProjections.length);
    this.counterInit = new Uint32Array(layout.length);
    this.counterInit.fill(0xffffffff, layout.firstNonFinite);
    this.weightsCopy = net.weights.slice();
    this.stagingBytes = 8 + layout.length * 4 + MAX_CHUNK_STEPS * (net.probes.length + MAX_LIVE_PROBES) * 4;
    this.reset();
  }

  private writeSizes(): void {
    const { net, buffers: b } = this;
    const sizes = packStructArray('NetworkSizes', [
      {
        numNeurons: net.numNeurons,
        numPopulations: net.populations.length,
        ringSlots: b.ringSlots,
        invScale: 1 / net.fixedPointScale,
        numProbes: this.activeProbes,
        logCapacity: b.logCapacity,
        numPoissonEntries: b.numPoissonEntries,
        numPoissonSources: net.poissonSources.length,
        seed: net.seed,
        poissonCdfAt: b.poissonLayout.cdfAt,
        poissonEntryNeuronAt: b.poissonLayout.entryNeuronAt,
        poissonNeuronPtrAt: b.poissonLayout.neuronPtrAt,
        poissonNeuronEntriesAt: b.poissonLayout.neuronEntriesAt,
      },
    ]);
    this.device.queue.writeBuffer(b.sizes, 0, sizes);
  }

  setLiveProbes(probes: LiveProbe[]): void {
    if (probes.length > MAX_LIVE_PROBES) throw new Error(`at most ${MAX_LIVE_PROBES} live probes, got ${probes.length}`);
    const spec = probeWords(this.net, probes);
    if (spec.length) this.device.queue.writeBuffer(this.buffers.probeSpec, this.net.probes.length * 4, spec);
    this.activeProbes = this.net.probes.length + probes.length;
    this.writeSizes();
  }

  /** Largest chunk whose spikes are sure to fit the log, given the refractory periods in force. */
  get maxChunkSteps(): number {
    return this.chunkLimit;
  }

  private updateChunkLimit(): void {
    let lo = 1;
    let hi = MAX_CHUNK_STEPS;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (spikeBound(this.populationSizes, this.refractory, mid) <= this.buffers.logCapacity) lo = mid;
      else hi = mid - 1;
    }
    this.chunkLimit = lo;
  }

  setPopulationConstants(index: number, c: PopulationConstants): void {
    this.constants[index] = { ...c, values: c.values.slice() };
    this.refractory[index] = c.refractorySteps;
    this.updateChunkLimit();
    this.neuronPassOf[index].writeConstants(this.device.queue, index, c);
  }

  setStimulusCurrent(current: Float32Array): void {
    this.device.queue.writeBuffer(
      this.buffers.state,
      this.net.stateLayout.plane('i_stim') * 4,
      current.buffer,
      current.byteOffset,
      current.byteLength,
    );
  }

  setSilenced(mask: Uint32Array): void {
    this.device.queue.writeBuffer(this.buffers.silenced, 0, mask.buffer, mask.byteOffset, mask.byteLength);
  }

  setPoissonSource(index: number, st: PoissonSourceState): void {
    const b = this.buffers;
    if (st.cdf.length > MAX_POISSON_TABLE_LENGTH) throw new Error(`Poisson table longer than ${MAX_POISSON_TABLE_LENGTH}`);
    const first = this.net.poissonSources.slice(0, index).reduce((a, s) => a + s.targets.length, 0);
    const src = this.net.poissonSources[index];
    const item = {
      stream: src.stream,
      firstEntry: first,
      count: src.targets.length,
      cdfOffset: index * MAX_POISSON_TABLE_LENGTH,
      cdfLength: st.cdf.length,
      weightFixed: st.weightFixed,
      receptor: src.receptor,
      startStep: st.startStep,
      stopStep: st.stopStep,
    };
    this.runtime.write(b.poissonData, poissonSourceWords(item), index * POISSON_SOURCE_WORDS * 4);
    this.runtime.write(b.poissonData, st.cdf, (b.poissonLayout.cdfAt + index * MAX_POISSON_TABLE_LENGTH) * 4);
  }

  setGeneratedKnots(j: number, knots: Float64Array): void {
    this.generated?.buffers.writeKnots(j, knots, this.net.fixedPointScale);
  }

  setWeights(slots: Uint32Array, weightsFixed: Int32Array): void {
    let lo = Infinity;
    let hi = -1;
    for (let k = 0; k < slots.length; k++) {
      this.weightsCopy[slots[k]] = weightsFixed[k];
      lo = Math.min(lo, slots[k]);
      hi = Math.max(hi, slots[k]);
    }
    if (hi < 0) return;
    this.device.queue.writeBuffer(
      this.buffers.weights,
      lo * 4,
      this.weightsCopy.buffer,
      this.weightsCopy.byteOffset + lo * 4,
      (hi - lo + 1) * 4,
    );
  }

  setGapConductances(slots: Uint32Array, conductanceNs: Float32Array): void {
    const all = this.net.gapConductance;
    for (let k = 0; k < slots.length; k++) all[slots[k]] = conductanceNs[k];
    if (all.length) this.device.queue.writeBuffer(this.buffers.gapConductance, 0, all.buffer, all.byteOffset, all.byteLength);
  }

  reset(): void {
    const b = this.buffers;
    const q = this.device.queue;
    // The initial state, all but the stimulus plane (the stimulus in force stays).
    const layout = this.net.stateLayout;
    const init = this.net.initialState;
    q.writeBuffer(b.state, 0, init.buffer, init.byteOffset, layout.plane('i_stim') * 4);
    const after = layout.plane('i_gap');
    q.writeBuffer(b.state, after * 4, init.buffer, init.byteOffset + after * 4, (layout.words - after) * 4);
    const enc = this.device.createCommandEncoder({ label: 'WebGpuBackend.reset' });
    enc.clearBuffer(b.refractory);
    enc.clearBuffer(b.ring);
    enc.clearBuffer(b.lastSpike);
    for (const p of this.plastic) p.buffers.reset(q, enc);

    q.submit([enc.finish()]);
  }

  /** The neuron state buffer (src/network/stateLayout.ts), for other components' passes that write a plane (phase drive). */
  get stateBuffer(): GPUBuffer {
    return this.buffers.state;
  }

  get numNeurons(): number {
    return this.net.numNeurons;
  }

  /** Word of the oscillator-drive plane in the state buffer. */
  get oscillatorPlane(): number {
    return this.net.stateLayout.plane('i_osc');
  }

  /**
   * Steps one neuron-update dispatch may advance: where every delay is at least W steps, no spike
   * of a W-step window reaches a slot read within it, so each neuron runs the window alone and
   * its spikes are delivered after it (2 dispatches per W steps). Only for networks whose neurons
   * need nothing else per step: no plasticity, gap junctions, probes or oscillator drive, and
   * Poisson drawn in the neuron update.
   */
  private maxWindowSteps: number;
  /** The neuron update delivers its own spikes (null: the propagation passes do). */
  readonly ownDelivery: OwnDelivery | null;
  private window = 1;

  /** An oscillator drive is connected: it writes a plane every step, so one step per dispatch. */
  oneStepPerDispatch(): void {
    this.maxWindowSteps = 1;
  }

  beginChunk(firstStep: number, steps: number): void {
    const { buffers: b } = this;
    const q = this.device.queue;
    const words = CLOCK_STRIDE / 4;
    this.window = this.activeProbes === 0 ? this.maxWindowSteps : 1;
    for (let k = 0; k < steps; k++) {
      this.clockData[k * words] = firstStep + k;
      this.clockData[k * words + 1] = k;
      this.clockData[k * words + 2] = k % this.window === 0 ? Math.min(this.window, steps - k) : 1;
    }
    q.writeBuffer(b.clock, 0, this.clockData.buffer, 0, steps * CLOCK_STRIDE);
    q.writeBuffer(b.counters, 0, this.counterInit);
    q.writeBuffer(b.spikeLog, 0, ZEROS, 0, 1); // empty log
    q.writeBuffer(b.stepEnds, 0, ZEROS, 0, 1); // step 0 starts at entry 0
    if (this.sourcePass.active) this.runtime.write(b.sourcePlane, b.spikeSources.plane(firstStep, steps));
    this.chunk = { firstStep, steps, probesPerStep: this.activeProbes, records: this.chunksEncoded++ % RECORD_BUFFERS };
  }

  encodeStep(pass: GPUComputePassEncoder, k: number): void {
    if (k % this.window !== 0) return; // inside a window: its first step's dispatches advanced it
    const offset = k * CLOCK_STRIDE;
    let d = 0;
    const run = (p: { encode(pass: GPUComputePassEncoder, offset?: number): void }, withClock = true) => {
      p.encode(pass, withClock ? offset : undefined);
      d++;
    };
    if (this.sourcePass.active) run(this.sourcePass);
    if (this.poissonPass.active && !this.poissonInUpdate) run(this.poissonPass);
    if (this.couplingPass.active) run(this.couplingPass, false);
    for (const p of this.neuronPasses) run(p);
    if (!this.ownDelivery) {
      if (this.net.targets.length > 0) run(this.propagationPass); // no stored rows: nothing to deliver
      if (this.generated) run(this.generated.pass);
    }
    for (const p of this.plastic) for (const pp of p.passes) run(pp);
    if (this.chunk!.probesPerStep > 0) run(this.probePass);
    this.dispatchesLastStep = d / Math.min(this.window, this.chunk!.steps - k);
  }

  /** Memory the network takes and the dispatches of the last step encoded. */
  memoryReport(): MemoryReport {
    const stored = this.net.targets.length;
    return {
      synapses: stored + this.net.generated.count,
      // Stored: a 4 B word and a 4 B weight; generated: the 4 B word only (the weight is drawn at delivery).
      synapseBytes: stored * 8 + this.net.generated.count * 4,
      indexBytes: (this.net.numNeurons + 1) * 4 + (this.generated?.buffers.indexBytes ?? 0),
      deviceBytes: this.runtime.allocatedBytes,
      dispatchesPerStep: this.dispatchesLastStep,
      readbackBytes: this.readbackBytesLastChunk,
    };
  }

  encodeChunkEnd(pass: GPUComputePassEncoder): void {
    this.recordingPasses[this.chunk!.records].encode(pass);
  }

  copyResults(enc: GPUCommandEncoder): () => Promise<ChunkResult> {
    const { buffers: b } = this;
    const { firstStep, steps, probesPerStep, records } = this.chunk!;
    this.chunk = null;
    const recordEntries = Math.min(b.logCapacity, spikeBound(this.recordedPerPopulation, this.refractory, steps));
    const counterBytes = b.counterWords * 4;
    const probeBytes = steps * probesPerStep * 4;
    const staging = this.runtime.readback.take(this.stagingBytes);
    // staging: [log count, pad][counters][probes]; the records follow once their count is known.
    enc.copyBufferToBuffer(b.spikeLog, 0, staging, 0, 4);
    enc.copyBufferToBuffer(b.counters, 0, staging, 8, counterBytes);
    const probeAt = 8 + counterBytes;
    if (probeBytes) enc.copyBufferToBuffer(b.probeOut, 0, staging, probeAt, probeBytes);
    return async () => {
      const head = await this.runtime.readback.mapped(staging, this.stagingBytes, (bytes) => {
        const logged = new Uint32Array(bytes, 0, 1)[0];
        const counters = new Uint32Array(bytes, 8, b.counterWords).slice();
        // The chunk length is chosen so that neither can happen; if one does, say so rather than lose spikes silently.
        if (logged > b.logCapacity || counters[0] > recordEntries)
          throw new Error(
            `internal: ${logged} spikes in a chunk whose log holds ${b.logCapacity} (${counters[0]} recorded, bound ${recordEntries})`,
          );
        return { counters, probes: new Float32Array(bytes, probeAt, probeBytes / 4).slice() };
      });
      // Copy back exactly the spikes recorded: this chunk's records buffer is not reused until
      // RECORD_BUFFERS − 1 later chunks have been read.
      const recorded = head.counters[0];
      let spikes = new Uint32Array(0);
      if (recorded > 0) {
        const copy = this.device.createCommandEncoder({ label: 'WebGpuBackend.records' });
        const read = this.runtime.readback.copy(copy, b.records[records], recorded * 8);
        this.device.queue.submit([copy.finish()]);
        spikes = new Uint32Array(await read(), 0, recorded * 2);
      }
      this.readbackBytesLastChunk = 8 + counterBytes + probeBytes + recorded * 8;
      return this.parseChunk(firstStep, steps, head.counters, spikes, head.probes, probesPerStep);
    };
  }

  private parseChunk(
    firstStep: number,
    steps: number,
    counters: Uint32Array,
    records: Uint32Array,
    probes: Float32Array,
    probesPerStep: number,
  ): ChunkResult {
    const pops = this.net.populations.length;
    const layout = chunkCounterLayout(pops, this.net.plasticProjections.length);
    const count = records.length / 2;
    // Sort by (step, neuron): thread order on the GPU is arbitrary.
    const keys = new Float64Array(count);
    for (let k = 0; k < count; k++) keys[k] = (records[2 * k + 1] - firstStep) * 4194304 + records[2 * k];
    keys.sort();
    const spikeNeurons = new Uint32Array(count);
    const spikeSteps = new Uint32Array(count);
    for (let k = 0; k < count; k++) {
      spikeNeurons[k] = keys[k] % 4194304;
      spikeSteps[k] = firstStep + Math.floor(keys[k] / 4194304);
    }
    const nonFinite = new Map<number, number>();
    for (let p = 0; p < pops; p++) {
      const s = counters[layout.firstNonFinite + p];
      if (s !== 0xffffffff) nonFinite.set(p, s);
    }
    const nonFinitePlastic = new Map<number, number>();
    for (let k = 0; k < this.net.plasticProjections.length; k++) {
      const s = counters[layout.firstNonFinitePlastic + k];
      if (s !== 0xffffffff) nonFinitePlastic.set(k, s);
    }
    return {
      firstStep,
      steps,
      spikeNeurons,
      spikeSteps,
      probeValues: probes.slice(),
      probesPerStep,
      spikeCounts: counters.slice(layout.populationSpikes, layout.populationSpikes + pops),
      nonFinite,
      nonFinitePlastic,
    };
  }

  async readState(): Promise<StateSnapshot> {
    const n = this.net.numNeurons;
    const layout = this.net.stateLayout;
    const [state, refractory] = await Promise.all([
      this.runtime.readback.read(this.buffers.state, layout.words * 4),
      this.runtime.readback.read(this.buffers.refractory, n * 4),
    ]);
    const all = new Float32Array(state);
    return { v: all.slice(0, n), variables: layout.variablesOf(all), refractory: new Uint32Array(refractory, 0, n) };
  }

  setPlasticValues(k: number, values: Float32Array): void {
    this.plastic[k].buffers.writeValues(this.device.queue, values);
  }

  async readPlasticSynapses(k: number): Promise<Float32Array> {
    const buf = this.plastic[k].buffers.synapses;
    return new Float32Array(await this.runtime.readback.read(buf, buf.size));
  }

  /** Its buffers belong to the run's GPU runtime, which frees them. */
  destroy(): void {}
}
