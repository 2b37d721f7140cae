/**
 * The WebGPU backend. Per step: Poisson input (if the model has Poisson sources), neuron update,
 * spike propagation, state probes (if it has state recorders); per chunk of steps: spike
 * recording. A chunk is encoded into one compute pass and one submit, and its results are read
 * back asynchronously through a rotating pool of staging buffers, so the step loop never waits on
 * a map while earlier chunks are still running. It is handed a GPUDevice and never touches the DOM.
 */
import type { BuiltNetwork } from '../../network/network';
import { MAX_LIVE_PROBES, type Backend, type BackendFactory, type ChunkResult, type LiveProbe, type PoissonSourceState, type StateSnapshot, type StepCompanion } from '../backend';
import { DeviceLostError } from '../errors';
import type { PopulationConstants } from '../propagators';
import { CLOCK_STRIDE, NUM_STATE_PLANES, STATE_PLANES, chunkCounterLayout, packStructArray, structSize } from './layouts';
import { MAX_CHUNK_STEPS, NetworkBuffers, spikeBound } from './networkBuffers';
import { NeuronUpdatePass } from './passes/neuronUpdatePass';
import { PoissonInputPass } from './passes/poissonInputPass';
import { ElectricalCouplingPass } from './passes/electricalCouplingPass';
import { SpikePropagationPass } from './passes/spikePropagationPass';
import { SpikeRecordingPass } from './passes/spikeRecordingPass';
import { StateProbePass } from './passes/stateProbePass';
import { MAX_POISSON_TABLE_LENGTH } from '../../network/network';

export interface WebGpuBackendOptions {
  /** Shown to users, e.g. "NVIDIA … (Vulkan)" or "SwiftShader (software GPU)". */
  adapterDescription?: string;
  /** Workgroups sharing the spikes of a step in propagation and recording. */
  spikeWorkgroups?: number;
}

export function webgpuBackend(device: GPUDevice, opts: WebGpuBackendOptions = {}): BackendFactory {
  return async (network) => {
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    const backend = new WebGpuBackend(device, network, opts);
    const validation = await device.popErrorScope();
    const oom = await device.popErrorScope();
    if (oom) throw new Error(`the GPU could not allocate the network's buffers: ${oom.message}`);
    if (validation) throw new Error(`WebGPU rejected the network's buffers or kernels: ${validation.message}`);
    return backend;
  };
}

const ZEROS = new Uint32Array(4);

interface Staging {
  buffer: GPUBuffer;
}

export class WebGpuBackend implements Backend {
  readonly kind = 'webgpu' as const;
  readonly adapter: string;
  private readonly buffers: NetworkBuffers;
  private readonly poissonPass: PoissonInputPass;
  private readonly couplingPass: ElectricalCouplingPass;
  private readonly neuronPass: NeuronUpdatePass;
  private readonly propagationPass: SpikePropagationPass;
  private readonly probePass: StateProbePass;
  private readonly recordingPass: SpikeRecordingPass;
  private readonly populationSizes: number[];
  private readonly constants: PopulationConstants[];
  private readonly recordedPerPopulation: number[];
  private readonly counterInit: Uint32Array;
  private readonly clockData = new Uint32Array((MAX_CHUNK_STEPS * CLOCK_STRIDE) / 4);
  private readonly stagingBytes: number;
  private readonly freeStaging: Staging[] = [];
  private readonly weightsCopy: Int32Array;
  private step = 0;
  /** The model's probes plus the live ones. */
  private activeProbes = 0;
  private lost: GPUDeviceLostInfo | null = null;
  private uncaptured: string | null = null;
  private destroyed = false;
  private companion: StepCompanion | null = null;

  constructor(
    readonly device: GPUDevice,
    private readonly net: BuiltNetwork,
    opts: WebGpuBackendOptions,
  ) {
    this.adapter = opts.adapterDescription ?? 'WebGPU device';
    const pops = net.populations.length;
    this.recordedPerPopulation = net.recordedPerPopulation;
    this.constants = net.populations.map(() => ({}) as PopulationConstants);
    const refr = net.populations.map((p) => {
      const params = net.model.populations[p.index].params as Record<string, number> | undefined;
      return Math.round((params?.tau_refrac ?? 0.1) / net.dt);
    });
    this.populationSizes = net.populations.map((p) => p.size);
    this.buffers = new NetworkBuffers(device, net, refr);
    const b = this.buffers;
    const spikeWorkgroups = opts.spikeWorkgroups ?? Math.max(1, Math.min(64, Math.ceil(net.numNeurons / 256)));
    const recordWorkgroups = Math.max(1, Math.min(256, Math.ceil(b.logCapacity / 64 / 16)));
    this.poissonPass = new PoissonInputPass(device, b, pops);
    this.couplingPass = new ElectricalCouplingPass(device, b, pops, net.gapPre.length > 0);
    this.neuronPass = new NeuronUpdatePass(device, b, pops);
    this.propagationPass = new SpikePropagationPass(device, b, pops, spikeWorkgroups);
    this.probePass = new StateProbePass(device, b, pops, net.probes.length + MAX_LIVE_PROBES);
    this.activeProbes = net.probes.length;
    this.recordingPass = new SpikeRecordingPass(device, b, pops, recordWorkgroups);

    this.writeSizes();
    let first = 0;
    const sources = net.poissonSources.map((s, k) => {
      const item = { stream: s.stream, firstEntry: first, count: s.targets.length, cdfOffset: k * MAX_POISSON_TABLE_LENGTH, cdfLength: 1, weightFixed: 0, receptor: s.receptor, startStep: 0, stopStep: 0 };
      first += s.targets.length;
      return item;
    });
    if (sources.length) device.queue.writeBuffer(b.poissonSources, 0, packStructArray('PoissonSource', sources));
    const layout = chunkCounterLayout(pops);
    this.counterInit = new Uint32Array(layout.length);
    this.counterInit.fill(0xffffffff, layout.firstNonFinite);
    this.weightsCopy = net.weights.slice();
    this.stagingBytes = 8 + layout.length * 4 + b.logCapacity * 8 + MAX_CHUNK_STEPS * (net.probes.length + MAX_LIVE_PROBES) * 4;
    this.reset();

    // Errors are caught by an error scope around each chunk rather than an 'uncapturederror'
    // listener: that listener crashes the `webgpu` package in Node.
    void device.lost.then((info) => {
      this.lost = info;
    });
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
      },
    ]);
    this.device.queue.writeBuffer(b.sizes, 0, sizes);
  }

  setLiveProbes(probes: LiveProbe[]): void {
    if (probes.length > MAX_LIVE_PROBES) throw new Error(`at most ${MAX_LIVE_PROBES} live probes, got ${probes.length}`);
    const spec = Uint32Array.from(probes, (p) => p.neuron | (STATE_PLANES[p.variable] << 24));
    if (spec.length) this.device.queue.writeBuffer(this.buffers.probeSpec, this.net.probes.length * 4, spec);
    this.activeProbes = this.net.probes.length + probes.length;
    this.writeSizes();
  }

  /** Largest chunk whose spikes are sure to fit the log, given the current refractory periods. */
  get maxChunkSteps(): number {
    const refr = this.constants.map((c) => c.refractorySteps ?? 0);
    let lo = 1;
    let hi = MAX_CHUNK_STEPS;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (spikeBound(this.populationSizes, refr, mid) <= this.buffers.logCapacity) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  setPopulationConstants(index: number, c: PopulationConstants): void {
    this.constants[index] = { ...c };
    this.device.queue.writeBuffer(this.buffers.populations, index * structSize('PopulationConstants'), packStructArray('PopulationConstants', [c as unknown as Record<string, number>]));
  }

  setStimulusCurrent(current: Float32Array): void {
    this.device.queue.writeBuffer(this.buffers.state, STATE_PLANES.i_stim * this.net.numNeurons * 4, current.buffer, current.byteOffset, current.byteLength);
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
    this.device.queue.writeBuffer(b.poissonSources, index * structSize('PoissonSource'), packStructArray('PoissonSource', [item]));
    this.device.queue.writeBuffer(b.poissonCdf, index * MAX_POISSON_TABLE_LENGTH * 4, st.cdf.buffer, st.cdf.byteOffset, st.cdf.byteLength);
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
    this.device.queue.writeBuffer(this.buffers.weights, lo * 4, this.weightsCopy.buffer, this.weightsCopy.byteOffset + lo * 4, (hi - lo + 1) * 4);
  }

  reset(): void {
    const b = this.buffers;
    const n = this.net.numNeurons;
    const q = this.device.queue;
    const planes = new Float32Array(n * 3);
    planes.set(this.net.initialV, STATE_PLANES.v * n); // v, then isyn_exc = isyn_inh = 0
    q.writeBuffer(b.state, 0, planes);
    q.writeBuffer(b.state, STATE_PLANES.i_gap * n * 4, new Float32Array(n * 2)); // gap and oscillator currents: rewritten every step they are used
    const enc = this.device.createCommandEncoder({ label: 'WebGpuBackend.reset' });
    enc.clearBuffer(b.refractory);
    enc.clearBuffer(b.ring);

    q.submit([enc.finish()]);
    this.step = 0;
    this.companion?.reset();
  }

  /** The neuron state buffer (planes `STATE_PLANES`), for companion passes that write a plane. */
  get stateBuffer(): GPUBuffer {
    return this.buffers.state;
  }

  get numNeurons(): number {
    return this.net.numNeurons;
  }

  attachCompanion(companion: StepCompanion): void {
    this.companion = companion;
  }

  submitChunk(steps: number): Promise<ChunkResult> {
    const failure = this.failure();
    if (failure) return Promise.reject(failure);
    if (steps < 1 || steps > this.maxChunkSteps) return Promise.reject(new Error(`chunk of ${steps} steps: expected 1..${this.maxChunkSteps}`));
    const { device, buffers: b, net } = this;
    const q = device.queue;
    const firstStep = this.step;
    const words = CLOCK_STRIDE / 4;
    for (let k = 0; k < steps; k++) {
      this.clockData[k * words] = firstStep + k;
      this.clockData[k * words + 1] = k;
    }
    q.writeBuffer(b.clock, 0, this.clockData.buffer, 0, steps * CLOCK_STRIDE);
    q.writeBuffer(b.counters, 0, this.counterInit);
    q.writeBuffer(b.spikeLog, 0, ZEROS, 0, 1); // empty log
    q.writeBuffer(b.stepEnds, 0, ZEROS, 0, 1); // step 0 starts at entry 0

    this.companion?.beginChunk(firstStep, steps);
    device.pushErrorScope('validation');
    const enc = device.createCommandEncoder({ label: 'WebGpuBackend.chunk' });
    const pass = enc.beginComputePass({ label: 'WebGpuBackend.steps' });
    const poisson = this.poissonPass.active;
    const coupled = this.couplingPass.active;
    const probesPerStep = this.activeProbes;
    const probes = probesPerStep > 0;
    for (let k = 0; k < steps; k++) {
      const offset = k * CLOCK_STRIDE;
      this.companion?.encodeStep?.(pass, k);
      if (poisson) this.poissonPass.encode(pass, offset);
      if (coupled) this.couplingPass.encode(pass);
      this.neuronPass.encode(pass, offset);
      this.propagationPass.encode(pass, offset);
      if (probes) this.probePass.encode(pass, offset);
    }
    this.recordingPass.encode(pass);
    pass.end();

    const refr = this.constants.map((c) => c.refractorySteps);
    const recordEntries = Math.min(b.logCapacity, spikeBound(this.recordedPerPopulation, refr, steps));
    const counterBytes = b.counterWords * 4;
    const probeBytes = steps * probesPerStep * 4;
    const staging = this.takeStaging();
    // staging: [log count, pad][counters][records][probes]
    enc.copyBufferToBuffer(b.spikeLog, 0, staging.buffer, 0, 4);
    enc.copyBufferToBuffer(b.counters, 0, staging.buffer, 8, counterBytes);
    const recordsAt = 8 + counterBytes;
    if (recordEntries) enc.copyBufferToBuffer(b.records, 0, staging.buffer, recordsAt, recordEntries * 8);
    const probeAt = recordsAt + b.logCapacity * 8;
    if (probeBytes) enc.copyBufferToBuffer(b.probeOut, 0, staging.buffer, probeAt, probeBytes);
    this.companion?.endChunk(enc);
    q.submit([enc.finish()]);
    const scope = device.popErrorScope().then((e) => {
      if (e) this.uncaptured ??= e.message;
    });
    this.step += steps;

    return Promise.all([staging.buffer.mapAsync(GPUMapMode.READ), scope]).then(
      () => {
        const bytes = staging.buffer.getMappedRange();
        const logged = new Uint32Array(bytes, 0, 1)[0];
        const counters = new Uint32Array(bytes, 8, b.counterWords);
        const recorded = counters[0];
        const result = this.parseChunk(firstStep, steps, counters, new Uint32Array(bytes, recordsAt, Math.min(recorded, recordEntries) * 2), new Float32Array(bytes, probeAt, probeBytes / 4), probesPerStep);
        staging.buffer.unmap();
        this.freeStaging.push(staging);
        // The chunk length is chosen so that neither can happen; if one does, say so rather than lose spikes silently.
        if (logged > b.logCapacity || recorded > recordEntries) throw new Error(`internal: ${logged} spikes in a chunk whose log holds ${b.logCapacity} (${recorded} recorded, bound ${recordEntries})`);
        const late = this.failure();
        if (late) throw late;
        return result;
      },
      (e) => {
        throw this.failure() ?? new DeviceLostError(String((e as Error)?.message ?? e), firstStep * net.dt);
      },
    );
  }

  private parseChunk(firstStep: number, steps: number, counters: Uint32Array, records: Uint32Array, probes: Float32Array, probesPerStep: number): ChunkResult {
    const pops = this.net.populations.length;
    const layout = chunkCounterLayout(pops);
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
    return {
      firstStep,
      steps,
      spikeNeurons,
      spikeSteps,
      probeValues: probes.slice(),
      probesPerStep,
      spikeCounts: counters.slice(layout.populationSpikes, layout.populationSpikes + pops),
      nonFinite,
    };
  }

  private takeStaging(): Staging {
    return (
      this.freeStaging.pop() ?? {
        buffer: this.device.createBuffer({ label: 'WebGpuBackend.staging', size: this.stagingBytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }),
      }
    );
  }

  private failure(): Error | null {
    if (this.lost) return new DeviceLostError(this.lost.message || this.lost.reason || 'unknown reason', this.step * this.net.dt);
    if (this.uncaptured) return new Error(`WebGPU error: ${this.uncaptured}`);
    if (this.destroyed) return new Error('the backend was destroyed');
    return null;
  }

  async readState(): Promise<StateSnapshot> {
    const n = this.net.numNeurons;
    const bytes = n * NUM_STATE_PLANES * 4;
    const staging = this.device.createBuffer({ label: 'WebGpuBackend.readState', size: bytes + n * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const enc = this.device.createCommandEncoder({ label: 'WebGpuBackend.readState' });
    enc.copyBufferToBuffer(this.buffers.state, 0, staging, 0, bytes);
    enc.copyBufferToBuffer(this.buffers.refractory, 0, staging, bytes, n * 4);
    this.device.queue.submit([enc.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const all = new Float32Array(staging.getMappedRange().slice(0));
    staging.destroy();
    return {
      v: all.slice(STATE_PLANES.v * n, STATE_PLANES.v * n + n),
      isynExc: all.slice(STATE_PLANES.isyn_exc * n, STATE_PLANES.isyn_exc * n + n),
      isynInh: all.slice(STATE_PLANES.isyn_inh * n, STATE_PLANES.isyn_inh * n + n),
      refractory: new Uint32Array(all.buffer, bytes, n).slice(),
    };
  }

  destroy(): void {
    this.destroyed = true;
    this.buffers.destroy();
    for (const s of this.freeStaging) s.buffer.destroy();
  }
}
