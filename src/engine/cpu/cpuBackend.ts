/**
 * The CPU reference backend: plain TypeScript, written to be read, and the oracle every GPU
 * kernel is tested against. It computes in f32 (`Math.fround` after every operation, in the
 * order the WGSL kernels write them) so that both backends produce the same spikes.
 *
 * One step, in NEST `iaf_psc_exp` order (shaders/neuron_update.wgsl does the same):
 *   1. Poisson events for this step are added to this step's ring-buffer slot;
 *   2. each neuron: refractory counter − 1; if not refractory, V ← exact update with the *old*
 *      synaptic currents; currents decay and take this step's input; V ≥ V_th → spike, reset,
 *      refractory counter ← round(tau_refrac/dt);
 *   3. each spike adds its fixed-point weights into the slots `delay` steps ahead;
 *   4. recorded spikes and probes are stored.
 */
import type { BuiltNetwork } from '../../network/network';
import { poissonCount } from '../../network/poissonTable';
import { DELAY_MASK, DELAY_SHIFT, POST_MASK, RECEPTOR_SHIFT } from '../../network/synapseEncoding';
import { threefry2x32, uniform01 } from '../../random/threefry';
import type { Backend, ChunkResult, LiveProbe, PoissonSourceState, StateSnapshot } from '../backend';
import type { CpuStepper } from '../stepLoop';
import type { PopulationConstants } from '../propagators';
import { growU32 } from '../../network/growable';

/** nS × mV = pA → nA, rounded to f32 like the literal in shaders/electrical_coupling.wgsl. */
const PA_TO_NA = Math.fround(0.001);

export class CpuBackend implements Backend, CpuStepper<ChunkResult> {
  readonly kind = 'cpu' as const;
  readonly adapter = 'CPU (reference backend)';
  readonly maxChunkSteps = 10_000;

  private readonly n: number;
  private readonly slots: number;
  private readonly v: Float32Array;
  private readonly ie: Float32Array;
  private readonly ii: Float32Array;
  private readonly stim: Float32Array;
  private readonly gap: Float32Array; // nA, gap-junction current of this step
  /** nA, the oscillator drive of this step, written by the oscillators' twin (phase drive). */
  readonly oscillatorCurrent: Float32Array;
  private readonly silenced: Uint32Array; // one bit per neuron
  private readonly refractory: Int32Array;
  private readonly ring: Int32Array; // [slot][receptor][neuron], fixed point
  private readonly spikeList: Uint32Array;
  private readonly constants: PopulationConstants[] = [];
  private readonly poisson: PoissonSourceState[] = [];
  private readonly weights: Int32Array;
  private readonly invScale: number;
  private currentStep = 0;
  private liveProbes: LiveProbe[] = [];
  private readonly rngOut = new Uint32Array(2);

  /**
   * `fusedMultiplyAdd`: round `a*b + c` once, as a GPU compiler that contracts to FMA would (the
   * product of two f32 is exact in f64). Off for the oracle; used to measure the contraction bound.
   */
  constructor(
    private readonly net: BuiltNetwork,
    private readonly fusedMultiplyAdd = false,
  ) {
    this.n = net.numNeurons;
    this.slots = net.maxDelaySteps + 1;
    this.v = new Float32Array(this.n);
    this.ie = new Float32Array(this.n);
    this.ii = new Float32Array(this.n);
    this.stim = new Float32Array(this.n);
    this.gap = new Float32Array(this.n);
    this.oscillatorCurrent = new Float32Array(this.n);
    this.silenced = new Uint32Array(Math.ceil(this.n / 32));
    this.refractory = new Int32Array(this.n);
    this.ring = new Int32Array(this.slots * 2 * this.n);
    this.spikeList = new Uint32Array(this.n);
    this.weights = net.weights.slice(); // live weight edits must not touch the built network
    this.invScale = 1 / net.fixedPointScale;
    this.reset();
  }

  reset(): void {
    this.v.set(this.net.initialV);
    this.ie.fill(0);
    this.ii.fill(0);
    this.refractory.fill(0);
    this.ring.fill(0);
    this.oscillatorCurrent.fill(0);
    this.currentStep = 0;
  }

  setPopulationConstants(index: number, c: PopulationConstants): void {
    this.constants[index] = { ...c };
  }

  setStimulusCurrent(current: Float32Array): void {
    this.stim.set(current);
  }

  setSilenced(mask: Uint32Array): void {
    this.silenced.set(mask);
  }

  setPoissonSource(index: number, state: PoissonSourceState): void {
    this.poisson[index] = state;
  }

  setLiveProbes(probes: LiveProbe[]): void {
    this.liveProbes = probes.map((p) => ({ ...p }));
  }

  setWeights(slots: Uint32Array, weightsFixed: Int32Array): void {
    for (let k = 0; k < slots.length; k++) this.weights[slots[k]] = weightsFixed[k];
  }

  async readState(): Promise<StateSnapshot> {
    return { v: this.v.slice(), isynExc: this.ie.slice(), isynInh: this.ii.slice(), refractory: Uint32Array.from(this.refractory) };
  }

  destroy(): void {}

  private chunk: {
    firstStep: number;
    steps: number;
    neurons: ReturnType<typeof growU32>;
    spikeSteps: ReturnType<typeof growU32>;
    probes: LiveProbe[];
    probeValues: Float32Array;
    nonFinite: Map<number, number>;
    spikeCounts: Uint32Array;
  } | null = null;

  beginChunk(firstStep: number, steps: number): void {
    const probes: LiveProbe[] = [...this.net.probes, ...this.liveProbes];
    this.chunk = {
      firstStep,
      steps,
      neurons: growU32(),
      spikeSteps: growU32(),
      probes,
      probeValues: new Float32Array(steps * probes.length),
      nonFinite: new Map(),
      spikeCounts: new Uint32Array(this.constants.length),
    };
  }

  /** One step (k of the chunk), in the order of the GPU passes. */
  step(k: number): void {
    const c = this.chunk!;
    const step = this.currentStep;
    this.addPoissonInput(step);
    if (this.net.gapPre.length) this.coupleElectrically();
    const count = this.updateNeurons(step, c.nonFinite, c.spikeCounts);
    this.propagate(step, count);
    const mask = this.net.spikeRecordMask;
    for (let s = 0; s < count; s++) {
      const i = this.spikeList[s];
      if (mask[i >>> 5] & (1 << (i & 31))) {
        c.neurons.push(i);
        c.spikeSteps.push(step);
      }
    }
    const probes = c.probes;
    for (let p = 0; p < probes.length; p++) {
      const pr = probes[p];
      const arr = pr.variable === 'v' ? this.v : pr.variable === 'isyn_exc' ? this.ie : this.ii;
      c.probeValues[k * probes.length + p] = arr[pr.neuron];
    }
    this.currentStep++;
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

  /** Integrates every neuron over one step; fills the spike list and returns its length. */
  private updateNeurons(step: number, nonFinite: Map<number, number>, spikeCounts: Uint32Array): number {
    const { v, ie, ii, stim, gap, oscillatorCurrent: osc, refractory, spikeList, n, invScale, silenced } = this;
    const slotBase = (step % this.slots) * 2 * n;
    const inExc = this.ring.subarray(slotBase, slotBase + n); // this step's input, fixed point
    const inInh = this.ring.subarray(slotBase + n, slotBase + 2 * n);
    const fr = Math.fround;
    const fused = this.fusedMultiplyAdd;
    let count = 0;
    for (let p = 0; p < this.constants.length; p++) {
      const c = this.constants[p];
      const { p22, p21e, p21i, p20, pe, pi, vRest, vReset, vThresh, iOffset, refractorySteps } = c;
      const end = c.start + c.size;
      const countBefore = count;
      // Sum of every pre-reset value: non-finite iff one of them is (f32 values cannot overflow f64).
      let guard = 0;
      if (c.cellType === 0) {
        for (let i = c.start; i < end; i++) {
          const inE = inExc[i];
          const inI = inInh[i];
          let r = refractory[i];
          if (r > 0) r--;
          let x = v[i];
          const e = ie[i];
          const h = ii[i];
          let e2: number;
          let h2: number;
          if (!fused) {
            if (r === 0) {
              x = fr(vRest + fr(fr(x - vRest) * p22));
              x = fr(x + fr(e * p21e));
              x = fr(x + fr(h * p21i));
              x = fr(x + fr(fr(fr(fr(iOffset + stim[i]) + gap[i]) + osc[i]) * p20));
            }
            e2 = fr(fr(e * pe) + fr(fr(inE) * invScale));
            h2 = fr(fr(h * pi) + fr(fr(inI) * invScale));
          } else {
            if (r === 0) {
              x = fr(vRest + fr(x - vRest) * p22);
              x = fr(x + e * p21e);
              x = fr(x + h * p21i);
              x = fr(x + fr(fr(fr(iOffset + stim[i]) + gap[i]) + osc[i]) * p20);
            }
            e2 = fr(e * pe + fr(inE) * invScale);
            h2 = fr(h * pi + fr(inI) * invScale);
          }
          ie[i] = e2;
          ii[i] = h2;
          guard += x + e2 + h2;
          const quiet = (silenced[i >>> 5] >>> (i & 31)) & 1;
          if (quiet)
            x = vReset; // silenced: held at V_reset, no spike
          else if (r === 0 && x >= vThresh) {
            x = vReset;
            r = refractorySteps;
            spikeList[count++] = i;
          }
          v[i] = x;
          refractory[i] = r;
        }
      } else {
        for (let i = c.start; i < end; i++) {
          const input = inExc[i] + inInh[i];
          let r = refractory[i];
          if (r > 0) r--;
          let x = v[i];
          if (r === 0) {
            // NEST iaf_psc_delta: input arriving while refractory is discarded.
            x = fused ? fr(vRest + fr(x - vRest) * p22) : fr(vRest + fr(fr(x - vRest) * p22));
            x = fused
              ? fr(x + fr(fr(fr(iOffset + stim[i]) + gap[i]) + osc[i]) * p20)
              : fr(x + fr(fr(fr(fr(iOffset + stim[i]) + gap[i]) + osc[i]) * p20));
            x = fr(x + fr(fr(input) * invScale)); // exact product: invScale is a power of two
          }
          guard += x;
          const quiet = (silenced[i >>> 5] >>> (i & 31)) & 1;
          if (quiet)
            x = vReset; // silenced: held at V_reset, no spike
          else if (r === 0 && x >= vThresh) {
            x = vReset;
            r = refractorySteps;
            spikeList[count++] = i;
          }
          v[i] = x;
          refractory[i] = r;
        }
      }
      spikeCounts[p] += count - countBefore;
      if (guard - guard !== 0 && !nonFinite.has(p)) nonFinite.set(p, step);
    }
    inExc.fill(0);
    inInh.fill(0);
    return count;
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
  }
}
