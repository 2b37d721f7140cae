/**
 * The CPU reference backend: plain TypeScript, written to be read, and the oracle every GPU
 * kernel is tested against. It computes in f32 (`Math.fround` after every operation, in the
 * order the WGSL kernels write them) so that both backends produce the same spikes.
 *
 * One step, in the order of the GPU passes:
 *   1. Poisson events for this step are added to this step's ring-buffer slot;
 *   2. gap-junction currents from V at the start of the step;
 *   3. each population: its cell type's generated update (neuronUpdateTwin.ts), which reads this
 *      step's input, integrates, and appends spikes;
 *   4. each spike adds its fixed-point weights into the slots `delay` steps ahead;
 *   5. recorded spikes and probes are stored.
 * The state is a Float32Array in the layout both backends share (src/network/stateLayout.ts).
 *
 * Steps 3 and 4 have two implementations on the same arrays (cpuArrays.ts): the TypeScript twins
 * (the reference), or WebAssembly SIMD kernels generated from the same descriptors
 * (wasm/wasmKernels.ts), four neurons per instruction, tested bit-identical to the twins.
 */
import { SpikeSourceSteps } from '../spikeSourceSteps';
import { MAX_POISSON_TABLE_LENGTH, NetworkTooLargeError, type BuiltNetwork } from '../../network/network';
import { expandGeneratedSynapses, inDegreeBound, redrawGeneratedWeights, type GeneratedSynapses } from '../../network/generatedSynapses';
import { MAX_HOST_BUILT_SYNAPSES } from '../../model/limits';
import { poissonCount } from '../../network/poissonTable';
import { DELAY_MASK, DELAY_SHIFT, POST_MASK, RECEPTOR_SHIFT } from '../../network/synapseEncoding';
import { threefry2x32, uniform01 } from '../../random/threefry';
import type { Backend, ChunkResult, MemoryReport, LiveProbe, PoissonSourceState, StateSnapshot } from '../backend';
import type { CpuStepper } from '../stepLoop';
import type { PopulationConstants } from '../cellConstants';
import { growU32 } from '../../network/growable';
import { neuronUpdateTwin, type NeuronUpdateTwin, type TwinContext } from './neuronUpdateTwin';
import { plasticityTwin, type PlasticContext, type PlasticityTwin } from './plasticityTwin';
import { plasticLayout, plasticTopology, plasticValues } from '../plasticConstants';
import { plainCpuArrays, wasmCpuArrays, type CpuMemory } from './cpuArrays';
import { instantiateCpuKernels, wasmSimdAvailable, type WasmKernels } from './wasm/wasmKernels';

/** One plastic projection's state on the CPU (layout: ../plasticConstants.ts). */
interface PlasticState {
  twin: PlasticityTwin;
  ctx: PlasticContext;
}

/** Which code runs the neuron update and the spike delivery. */
export type CpuKernels = 'typescript' | 'wasm';

export interface CpuBackendOptions {
  /** Round `a*b + c` once, as a GPU compiler that contracts to FMA would (TypeScript kernels only). */
  fusedMultiplyAdd?: boolean;
  /** The TypeScript reference (default) or 'wasm' (the fast path where the engine has WebAssembly SIMD: see cpuTarget()). */
  kernels?: CpuKernels;
}

/** nS × mV = pA → nA, rounded to f32 like the literal in shaders/electrical_coupling.wgsl. */
const PA_TO_NA = Math.fround(0.001);

export class CpuBackend implements Backend, CpuStepper<ChunkResult> {
  readonly kind = 'cpu' as const;
  readonly adapter: string;
  readonly maxChunkSteps = 10_000;

  private readonly n: number;
  private readonly slots: number;
  /** Every state variable and the input planes (src/network/stateLayout.ts). */
  private readonly state: Float32Array;
  private readonly v: Float32Array; // mV, the shared plane
  private readonly stim: Float32Array; // nA
  private readonly sources: SpikeSourceSteps;
  /** This chunk's firing bits of the SpikeSourceArray neurons (SpikeSourceSteps.plane), or null. */
  private sourcePlane: Uint32Array | null = null;
  private readonly gap: Float32Array; // nA, gap-junction current of this step
  /** nA, the oscillator drive of this step, written by the oscillators' twin (phase drive). */
  readonly oscillatorCurrent: Float32Array;
  private readonly silenced: Uint32Array; // one bit per neuron
  private readonly refractory: Int32Array;
  private readonly ring: Int32Array; // [slot][receptor][neuron], fixed point
  private readonly spikeList: Uint32Array;
  private readonly constants: PopulationConstants[] = [];
  private readonly twins: NeuronUpdateTwin[];
  private readonly memory: CpuMemory;
  private readonly wasm: WasmKernels | null;
  private readonly twinContext: TwinContext;
  private readonly poisson: PoissonSourceState[] = [];
  private readonly weights: Int32Array;
  private readonly generatedWords: Uint32Array;
  private readonly generatedWeights: Int32Array;
  private readonly populationValues: Float32Array; // the WebAssembly kernels' copy of each population's constants
  private readonly poissonTargetStart: number[]; // source k's first word in the poissonTargets array
  private readonly invScale: number;
  private currentStep = 0;
  /** Step + 1 of each neuron's last spike (0: none yet); the plasticity twins read it. */
  private readonly lastSpike: Uint32Array;
  private readonly plastic: PlasticState[];
  private liveProbes: LiveProbe[] = [];
  private readonly rngOut = new Uint32Array(2);
  private anySilenced = 0;

  /**
   * A backend on its arrays and kernels: `create` builds both. `fusedMultiplyAdd`: round `a*b + c`
   * once, as a GPU compiler that contracts to FMA would (the product of two f32 is exact in f64).
   * Off for the oracle; used to measure the contraction bound.
   */
  static async create(net: BuiltNetwork, opts: CpuBackendOptions = {}): Promise<CpuBackend> {
    checkHostLimit(net);
    const kernels = opts.kernels ?? 'typescript';
    if (kernels === 'wasm' && !wasmSimdAvailable())
      throw new Error('this JavaScript engine does not run WebAssembly SIMD: use the TypeScript kernels');
    if (kernels === 'wasm' && opts.fusedMultiplyAdd) throw new Error('internal: the FMA emulation runs on the TypeScript kernels only');
    if (kernels === 'typescript') return new CpuBackend(net, opts.fusedMultiplyAdd ?? false);
    const memory = wasmCpuArrays(net);
    return new CpuBackend(net, false, memory, await instantiateCpuKernels(net, memory));
  }

  constructor(
    private readonly net: BuiltNetwork,
    fusedMultiplyAdd = false,
    memory?: CpuMemory,
    wasm: WasmKernels | null = null,
  ) {
    checkHostLimit(net);
    this.memory = memory ?? plainCpuArrays(net);
    this.wasm = wasm;
    this.adapter = wasm ? 'CPU (WebAssembly SIMD)' : 'CPU (TypeScript reference)';
    const arrays = this.memory.arrays;
    this.n = net.numNeurons;
    this.slots = net.maxDelaySteps + 1;
    const layout = net.stateLayout;
    this.state = arrays.state;
    const plane = (name: 'v' | 'i_stim' | 'i_gap' | 'i_osc') => this.state.subarray(layout.plane(name), layout.plane(name) + this.n);
    this.v = plane('v');
    this.stim = plane('i_stim');
    this.sources = new SpikeSourceSteps(net);
    this.gap = plane('i_gap');
    this.oscillatorCurrent = plane('i_osc');
    this.silenced = arrays.silenced;
    this.refractory = arrays.refractory;
    this.ring = arrays.ring;
    this.spikeList = arrays.spikeList;
    this.weights = arrays.weights;
    this.weights.set(net.weights); // a copy: live weight edits must not touch the built network
    // Generated projections: the CPU twin expands every synapse (the GPU never holds them on the host).
    const generated = net.generated;
    const expanded = expandGeneratedSynapses(generated, net.seed, net.fixedPointScale);
    checkInDegreeBounds(generated, expanded.words);
    this.populationValues = arrays.constants;
    this.poissonTargetStart = [];
    if (wasm) {
      // The WebAssembly kernels read the rows, tables and targets from their memory; the
      // TypeScript kernels read the built network's own arrays.
      arrays.generatedWords.set(expanded.words);
      arrays.generatedWeights.set(expanded.weights);
      arrays.rowPtr.set(net.rowPtr);
      arrays.targets.set(net.targets);
      arrays.segmentStart.set(generated.segmentStart);
      arrays.neuronSegments.set(generated.neuronSegments);
      let first = 0;
      for (const src of net.poissonSources) {
        this.poissonTargetStart.push(first);
        arrays.poissonTargets.set(src.targets, first);
        first += src.targets.length;
      }
    }
    this.generatedWords = wasm ? arrays.generatedWords : expanded.words;
    this.generatedWeights = wasm ? arrays.generatedWeights : expanded.weights;
    this.invScale = 1 / net.fixedPointScale;
    this.twins = net.populations.map((p) => neuronUpdateTwin(p.cell, net.dt, fusedMultiplyAdd));
    this.lastSpike = new Uint32Array(this.n);
    this.plastic = net.plasticProjections.map((p) => {
      const L = plasticLayout(p);
      return {
        twin: plasticityTwin(p, net.dt),
        ctx: {
          step: 0,
          lastSpike: this.lastSpike,
          history: new Uint32Array(L.historyWords),
          traces: new Float32Array(L.traceWords),
          topology: plasticTopology(p),
          synapses: new Float32Array(L.synapseWords),
          ring: this.ring,
          n: this.n,
          ringSlots: this.slots,
          values: plasticValues(p, p.params, net.dt),
          fixedPointScale: net.fixedPointScale,
        },
      };
    });
    this.twinContext = {
      state: this.state,
      refractory: this.refractory,
      inExc: this.ring,
      inInh: this.ring,
      silenced: this.silenced,
      spikeList: this.spikeList,
      count: 0,
      n: this.n,
      invScale: this.invScale,
      start: 0,
      size: 0,
      base: 0,
      refractorySteps: 0,
      values: new Float32Array(0),
      step: 0,
      population: 0,
      seed: net.seed,
    };
    this.reset();
  }

  reset(): void {
    const stim = this.stim.slice(); // the stimulus in force survives a reset, as on the GPU
    this.state.set(this.net.initialState);
    this.stim.set(stim);
    this.refractory.fill(0);
    this.ring.fill(0);
    this.lastSpike.fill(0);
    this.net.plasticProjections.forEach((p, k) => {
      const ctx = this.plastic[k].ctx;
      ctx.synapses.set(p.initialSynapse);
      ctx.traces.fill(0);
      ctx.history.fill(0);
    });
    this.currentStep = 0;
  }

  setPlasticValues(k: number, values: Float32Array): void {
    this.plastic[k].ctx.values = values.slice();
  }

  async readPlasticSynapses(k: number): Promise<Float32Array> {
    return this.plastic[k].ctx.synapses.slice();
  }

  setPopulationConstants(index: number, c: PopulationConstants): void {
    this.constants[index] = { ...c, values: c.values.slice() };
    if (this.wasm) this.populationValues.set(c.values, index * this.memory.constantsStride);
  }

  setStimulusCurrent(current: Float32Array): void {
    this.stim.set(current);
  }

  setSilenced(mask: Uint32Array): void {
    this.silenced.set(mask);
    this.anySilenced = mask.some((w) => w !== 0) ? 1 : 0;
  }

  setPoissonSource(index: number, state: PoissonSourceState): void {
    this.poisson[index] = state;
    if (this.wasm) this.memory.arrays.poissonCdf.set(state.cdf, index * MAX_POISSON_TABLE_LENGTH);
  }

  setLiveProbes(probes: LiveProbe[]): void {
    this.liveProbes = probes.map((p) => ({ ...p }));
  }

  memoryReport(): MemoryReport {
    const stored = this.net.targets.length;
    const generated = this.net.generated.count;
    // Every synapse as a 4 B word and a 4 B weight (generated ones expanded), and the row offsets.
    return {
      synapses: stored + generated,
      synapseBytes: (stored + generated) * 8,
      indexBytes: (this.n + 1) * 4 + this.net.generated.segmentStart.byteLength + this.net.generated.neuronSegments.byteLength,
      deviceBytes: 0,
      dispatchesPerStep: 0,
      readbackBytes: 0,
    };
  }

  setGeneratedKnots(j: number, knots: Float64Array): void {
    const gen = this.net.generated;
    gen.projections[j].knots = knots;
    redrawGeneratedWeights(gen, this.net.seed, this.net.fixedPointScale, this.generatedWeights, j);
  }

  setWeights(slots: Uint32Array, weightsFixed: Int32Array): void {
    for (let k = 0; k < slots.length; k++) this.weights[slots[k]] = weightsFixed[k];
  }

  setGapConductances(slots: Uint32Array, conductanceNs: Float32Array): void {
    // coupleElectrically() reads the network's own array
    for (let k = 0; k < slots.length; k++) this.net.gapConductance[slots[k]] = conductanceNs[k];
  }

  async readState(): Promise<StateSnapshot> {
    const state = this.state.slice();
    return { v: state.slice(0, this.n), variables: this.net.stateLayout.variablesOf(state), refractory: Uint32Array.from(this.refractory) };
  }

  destroy(): void {}

  private chunk: {
    firstStep: number;
    steps: number;
    neurons: ReturnType<typeof growU32>;
    spikeSteps: ReturnType<typeof growU32>;
    probes: LiveProbe[];
    probeWords: Uint32Array;
    probeValues: Float32Array;
    nonFinite: Map<number, number>;
    nonFinitePlastic: Map<number, number>;
    spikeCounts: Uint32Array;
  } | null = null;

  beginChunk(firstStep: number, steps: number): void {
    this.sourcePlane = this.sources.count ? this.sources.plane(firstStep, steps) : null;
    const probes: LiveProbe[] = [...this.net.probes, ...this.liveProbes];
    const layout = this.net.stateLayout;
    const words = Uint32Array.from(probes, (p) => layout.wordOf(this.populationOf(p.neuron), p.neuron, p.variable));
    this.chunk = {
      firstStep,
      steps,
      neurons: growU32(),
      spikeSteps: growU32(),
      probes,
      probeWords: words,
      probeValues: new Float32Array(steps * probes.length),
      nonFinite: new Map(),
      nonFinitePlastic: new Map(),
      spikeCounts: new Uint32Array(this.constants.length),
    };
  }

  /** One step (k of the chunk), in the order of the GPU passes. */
  step(k: number): void {
    const c = this.chunk!;
    const step = this.currentStep;
    if (this.sourcePlane) this.driveSpikeSources(k, this.sourcePlane);
    if (this.wasm) this.addPoissonInputWasm(this.wasm, step);
    else this.addPoissonInput(step);
    if (this.net.gapPre.length) this.coupleElectrically();
    const count = this.wasm
      ? this.updateNeuronsWasm(this.wasm, step, c.nonFinite, c.spikeCounts)
      : this.updateNeurons(step, c.nonFinite, c.spikeCounts);
    if (this.wasm) this.wasm.propagate(count, step);
    else this.propagate(step, count);
    if (this.plastic.length) this.learn(step, count);
    const mask = this.net.spikeRecordMask;
    for (let s = 0; s < count; s++) {
      const i = this.spikeList[s];
      if (mask[i >>> 5] & (1 << (i & 31))) {
        c.neurons.push(i);
        c.spikeSteps.push(step);
      }
    }
    const words = c.probeWords;
    for (let p = 0; p < words.length; p++) c.probeValues[k * words.length + p] = this.state[words[p]];
    this.currentStep++;
  }

  /** The spike sources' i_stim for step k of the chunk: 1 where they fire, else 0 (the SpikeSourcePass on the GPU). */
  private driveSpikeSources(k: number, plane: Uint32Array): void {
    const { neurons, wordsPerStep } = this.sources;
    const row = k * wordsPerStep;
    for (let j = 0; j < neurons.length; j++) this.stim[neurons[j]] = (plane[row + (j >>> 5)] >>> (j & 31)) & 1;
  }

  endChunk(): ChunkResult {
    const c = this.chunk!;
    this.chunk = null;
    return {
      firstStep: c.firstStep,
      steps: c.steps,
      spikeNeurons: c.neurons.view().slice(),
      spikeSteps: c.spikeSteps.view().slice(),
      probeValues: c.probeValues,
      probesPerStep: c.probes.length,
      spikeCounts: c.spikeCounts,
      nonFinite: c.nonFinite,
      nonFinitePlastic: c.nonFinitePlastic,
    };
  }

  private addPoissonInput(step: number): void {
    const sources = this.net.poissonSources;
    const base = (step % this.slots) * 2 * this.n;
    for (let k = 0; k < sources.length; k++) {
      const src = sources[k];
      const st = this.poisson[k];
      if (step < st.startStep || step >= st.stopStep || st.weightFixed === 0) continue;
      const offset = base + src.receptor * this.n;
      for (let t = 0; t < src.targets.length; t++) {
        threefry2x32(this.net.seed, src.stream, t, step, this.rngOut);
        const events = poissonCount(uniform01(this.rngOut[0]), st.cdf);
        if (events > 0) this.ring[offset + src.targets[t]] += events * st.weightFixed;
      }
    }
  }

  /** addPoissonInput on the WebAssembly kernel: the same draws, the same additions. */
  private addPoissonInputWasm(wasm: WasmKernels, step: number): void {
    const sources = this.net.poissonSources;
    const at = this.memory.at!;
    const base = (step % this.slots) * 2 * this.n;
    for (let k = 0; k < sources.length; k++) {
      const src = sources[k];
      const st = this.poisson[k];
      if (step < st.startStep || step >= st.stopStep || st.weightFixed === 0) continue;
      wasm.poissonInput(
        at.poissonTargets + this.poissonTargetStart[k] * 4,
        src.targets.length,
        at.ring + (base + src.receptor * this.n) * 4,
        this.net.seed,
        src.stream,
        step,
        at.poissonCdf + k * MAX_POISSON_TABLE_LENGTH * 4,
        st.cdf.length,
        st.weightFixed,
      );
    }
  }

  /**
   * Gap junctions: I_j = Σ_k g_k (V_pre(k) − V_j) from V at the start of the step, summed in CSR
   * order in f32 (shaders/electrical_coupling.wgsl does the same); nS × mV = pA → nA.
   */
  private coupleElectrically(): void {
    const { gapRowPtr, gapPre, gapConductance } = this.net;
    const { v, gap, n } = this;
    const fr = Math.fround;
    for (let j = 0; j < n; j++) {
      const vj = v[j];
      let sum = 0;
      for (let k = gapRowPtr[j]; k < gapRowPtr[j + 1]; k++) sum = fr(sum + fr(gapConductance[k] * fr(v[gapPre[k]] - vj)));
      gap[j] = fr(sum * PA_TO_NA); // f32(0.001), as the WGSL literal is
    }
  }

  private populationOf(neuron: number): number {
    return this.net.populations.findIndex((p) => neuron >= p.start && neuron < p.start + p.size);
  }

  /** Advances every population over one step (its cell type's twin); fills the spike list and returns its length. */
  private updateNeurons(step: number, nonFinite: Map<number, number>, spikeCounts: Uint32Array): number {
    const n = this.n;
    const slotBase = (step % this.slots) * 2 * n;
    const ctx = this.twinContext;
    ctx.inExc = this.ring.subarray(slotBase, slotBase + n); // this step's input, fixed point
    ctx.inInh = this.ring.subarray(slotBase + n, slotBase + 2 * n);
    ctx.count = 0;
    ctx.step = step;
    const blocks = this.net.stateLayout.blocks;
    for (let p = 0; p < this.constants.length; p++) {
      const c = this.constants[p];
      ctx.start = c.start;
      ctx.size = c.size;
      ctx.base = blocks[p].base;
      ctx.refractorySteps = c.refractorySteps;
      ctx.values = c.values;
      ctx.population = p;
      const countBefore = ctx.count;
      // Sum of every updated value: non-finite iff one of them is (f32 values cannot overflow f64).
      const guard = this.twins[p](ctx);
      spikeCounts[p] += ctx.count - countBefore;
      if (guard - guard !== 0 && !nonFinite.has(p)) nonFinite.set(p, step);
    }
    ctx.inExc.fill(0);
    ctx.inInh.fill(0);
    return ctx.count;
  }

  /** updateNeurons on the WebAssembly kernels: the same arrays, the same order. */
  private updateNeuronsWasm(wasm: WasmKernels, step: number, nonFinite: Map<number, number>, spikeCounts: Uint32Array): number {
    const n = this.n;
    const at = this.memory.at!;
    const slotBase = (step % this.slots) * 2 * n;
    const inExc = at.ring + slotBase * 4;
    const blocks = this.net.stateLayout.blocks;
    const stride = this.memory.constantsStride * 4;
    const seed = this.net.seed;
    let count = 0;
    for (let p = 0; p < this.constants.length; p++) {
      const c = this.constants[p];
      const before = count;
      count = wasm.updates[p](
        at.state,
        n,
        at.refractory,
        inExc,
        inExc + n * 4,
        at.silenced,
        at.spikeList,
        count,
        c.start,
        c.size,
        blocks[p].base,
        at.constants + p * stride,
        c.refractorySteps,
        step,
        p,
        seed,
        this.anySilenced,
      );
      spikeCounts[p] += count - before;
      if (wasm.nonFinite.value) {
        wasm.nonFinite.value = 0;
        if (!nonFinite.has(p)) nonFinite.set(p, step);
      }
    }
    this.ring.fill(0, slotBase, slotBase + 2 * n);
    return count;
  }

  /** The plastic projections' passes, in the GPU's order (plasticityTwin.ts): pre, post, per step. */
  private learn(step: number, count: number): void {
    for (let s = 0; s < count; s++) this.lastSpike[this.spikeList[s]] = step + 1;
    const nonFinite = this.chunk!.nonFinitePlastic;
    this.plastic.forEach(({ twin, ctx }, index) => {
      ctx.step = step;
      const pre = twin.pre(ctx);
      const post = twin.post(ctx);
      const perStep = twin.perStep?.(ctx) ?? false;
      if ((pre || post || perStep) && !nonFinite.has(index)) nonFinite.set(index, step);
    });
  }

  /** Scatters each spike's CSR row into the ring-buffer slots `delay` steps ahead. */
  private propagate(step: number, count: number): void {
    const { rowPtr, targets } = this.net;
    const { weights, ring, spikeList, n, slots } = this;
    for (let s = 0; s < count; s++) {
      const pre = spikeList[s];
      const end = rowPtr[pre + 1];
      for (let k = rowPtr[pre]; k < end; k++) {
        const t = targets[k];
        const slot = (step + ((t >>> DELAY_SHIFT) & DELAY_MASK) + 1) % slots;
        ring[(slot * 2 + (t >>> RECEPTOR_SHIFT)) * n + (t & POST_MASK)] += weights[k];
      }
    }
    const { neuronSegments, segmentStart } = this.net.generated;
    if (segmentStart.length <= 1) return;
    const words = this.generatedWords;
    const gw = this.generatedWeights;
    for (let s = 0; s < count; s++) {
      const pre = spikeList[s];
      const end = segmentStart[neuronSegments[pre + 1]];
      for (let k = segmentStart[neuronSegments[pre]]; k < end; k++) {
        const t = words[k];
        const slot = (step + ((t >>> DELAY_SHIFT) & DELAY_MASK) + 1) % slots;
        ring[(slot * 2 + (t >>> RECEPTOR_SHIFT)) * n + (t & POST_MASK)] += gw[k];
      }
    }
  }
}

/** A CPU run of generated projections holds every synapse on the host: refused above the host limit, before anything is allocated. */
function checkHostLimit(net: BuiltNetwork): void {
  const hostSynapses = net.targets.length + net.generated.count;
  if (net.generated.count > 0 && hostSynapses > MAX_HOST_BUILT_SYNAPSES)
    throw new NetworkTooLargeError(hostSynapses, MAX_HOST_BUILT_SYNAPSES);
}

/**
 * The fixed-point guard assumed each generated projection's in-degree stays below inDegreeBound;
 * the expanded network is checked here, so a violation is an error rather than a silent overflow.
 */
function checkInDegreeBounds(gen: GeneratedSynapses, words: Uint32Array): void {
  if (gen.count === 0) return;
  const counts = new Map<number, Uint32Array>();
  gen.projections.forEach((p, j) => counts.set(j, new Uint32Array(p.post.size)));
  const n = gen.neuronSegments.length - 1;
  for (let g = 0; g < n; g++) {
    for (let s = gen.neuronSegments[g]; s < gen.neuronSegments[g + 1]; s++) {
      const j = gen.segmentProjection[s];
      const c = counts.get(j)!;
      const start = gen.projections[j].post.start;
      for (let k = gen.segmentStart[s]; k < gen.segmentStart[s + 1]; k++) c[(words[k] & POST_MASK) - start]++;
    }
  }
  gen.projections.forEach((p, j) => {
    const bound = inDegreeBound(p);
    const c = counts.get(j)!;
    for (let i = 0; i < c.length; i++)
      if (c[i] > bound)
        throw new Error(`internal: generated projection ${p.name} gives neuron ${i} ${c[i]} inputs, above its fixed-point bound ${bound}`);
  });
}
