/**
 * A spiking multilayer perceptron, inputs (64 or 784) → hidden layers → 10, trained with DSR
 * (Meng et al., "Training High-Performance Low-Latency Spiking Neural Networks by Differentiation
 * on Spike Representation", CVPR 2022), the default method of HLOP's paper:
 *   - every hidden layer is T steps of integrate-and-fire neurons (threshold θ, reset by
 *     subtraction); the first is driven by the constant current W₀x (direct input encoding), each
 *     later one by the spikes of the layer below, step by step;
 *   - a layer's spike representation is its firing rate a = (spike count)/T, which for these
 *     neurons is about clamp(ū/θ, 0, 1), ū the mean input current; DSR back-propagates through
 *     that map: ∂a/∂ū = 1/θ for 0 < ū < θ, else 0;
 *   - the readout integrates the last hidden layer's spikes without firing: logits = W_L a_L.
 * Cross-entropy over the task's classes (multi-head for split digits). This is the CPU reference.
 * One hidden layer of 200 is the digits network; 800-800 is the HLOP paper's permuted-MNIST network.
 */
import { CounterRng } from '../random/threefry';
import { CLASSES, LEARNING_STREAMS, PIXELS } from './digits';
import { accumulateAtB, multiplyABt } from './dense';

export interface MlpShape {
  /** Sizes of the hidden layers, input side first. */
  hidden: number[];
  steps: number; // T
  threshold: number; // θ
}

export const DEFAULT_MLP: MlpShape = { hidden: [200], steps: 20, threshold: 1 };

/** One sample's forward state: mean input currents ū and rates a of each hidden layer, and the logits. */
export class Activations {
  readonly u: Float64Array[];
  readonly a: Float64Array[];
  readonly logits = new Float64Array(CLASSES);
  /** Per-layer membrane potentials and the current of one step (scratch). */
  readonly v: Float64Array[];
  readonly current: Float64Array[];

  constructor(shape: MlpShape) {
    this.u = shape.hidden.map((h) => new Float64Array(h));
    this.a = shape.hidden.map((h) => new Float64Array(h));
    this.v = shape.hidden.map((h) => new Float64Array(h));
    this.current = shape.hidden.map((h) => new Float64Array(h));
  }
}

export class SpikingMlp {
  /** [inputs, …hidden, 10]. */
  readonly sizes: number[];
  /**
   * weights[k]: sizes[k+1] × sizes[k], row-major (postsynaptic rows). The last is the readout.
   * Whoever changes them in place calls `weightsEdited()`.
   */
  readonly weights: Float64Array[];
  private version = 0;
  /** weights[k]ᵀ of the hidden-to-hidden matrices (k ≥ 1), as of `transposedVersion`: a spike adds one contiguous row. */
  private readonly transposed: Float64Array[] = [];
  private transposedVersion = -1;

  constructor(
    readonly shape: MlpShape,
    seed: number,
    /** Pixels per image (64 for the digits, 784 for Fashion-MNIST). */
    readonly inputs = PIXELS,
  ) {
    if (shape.hidden.length < 1 || shape.hidden.some((h) => !Number.isInteger(h) || h < 1))
      throw new Error(`mlp.hidden: expected one or more whole layer sizes ≥ 1, got [${shape.hidden.join(', ')}]`);
    const rng = new CounterRng(seed, LEARNING_STREAMS.weights);
    this.sizes = [inputs, ...shape.hidden, CLASSES];
    // Uniform ±√(6/(fan_in + fan_out)) (Glorot), drawn layer after layer from one stream.
    this.weights = this.sizes.slice(0, -1).map((n, k) => {
      const out = this.sizes[k + 1];
      const a = Math.sqrt(6 / (n + out));
      return Float64Array.from({ length: out * n }, () => a * (2 * rng.nextDouble() - 1));
    });
  }

  get layers(): number {
    return this.shape.hidden.length;
  }

  /** Marks the weights as changed (the cached transposes are rebuilt before the next forward pass). */
  weightsEdited(): void {
    this.version++;
  }

  private transposes(): Float64Array[] {
    if (this.transposedVersion !== this.version) {
      for (let k = 1; k < this.layers; k++) {
        const W = this.weights[k];
        const out = this.sizes[k + 1];
        const n = this.sizes[k];
        const T = (this.transposed[k] ??= new Float64Array(W.length));
        for (let o = 0; o < out; o++) for (let i = 0; i < n; i++) T[i * out + o] = W[o * n + i];
      }
      this.transposedVersion = this.version;
    }
    return this.transposed;
  }

  /**
   * Runs one sample through T steps. `onSpike(layer, neuron, step)` sees every hidden spike.
   * Fills the mean input currents, rates and logits of `act`.
   */
  forward(x: ArrayLike<number>, act: Activations, onSpike?: (layer: number, neuron: number, step: number) => void): void {
    const { steps: T, threshold } = this.shape;
    const L = this.layers;
    const W0 = this.weights[0];
    const WT = L > 1 ? this.transposes() : [];
    const n0 = this.inputs;
    const u0 = act.u[0];
    multiplyABt(x, 1, W0, u0.length, n0, u0);
    for (let l = 0; l < L; l++) {
      act.v[l].fill(0);
      act.a[l].fill(0);
      if (l > 0) act.u[l].fill(0);
    }
    let spikes: number[] = [];
    let next: number[] = [];
    for (let t = 0; t < T; t++) {
      for (let l = 0; l < L; l++) {
        const v = act.v[l];
        const a = act.a[l];
        const H = v.length;
        let I: Float64Array;
        if (l === 0) I = u0;
        else {
          // The current of this step: the columns of the spiking presynaptic neurons (rows of Wᵀ).
          I = act.current[l];
          I.fill(0);
          const Wt = WT[l];
          // Eight rows at a time: an eighth of the loads and stores of I.
          let k = 0;
          for (; k + 8 <= spikes.length; k += 8) {
            const r0 = spikes[k] * H;
            const r1 = spikes[k + 1] * H;
            const r2 = spikes[k + 2] * H;
            const r3 = spikes[k + 3] * H;
            const r4 = spikes[k + 4] * H;
            const r5 = spikes[k + 5] * H;
            const r6 = spikes[k + 6] * H;
            const r7 = spikes[k + 7] * H;
            for (let o = 0; o < H; o++)
              I[o] += Wt[r0 + o] + Wt[r1 + o] + Wt[r2 + o] + Wt[r3 + o] + Wt[r4 + o] + Wt[r5 + o] + Wt[r6 + o] + Wt[r7 + o];
          }
          for (; k < spikes.length; k++) {
            const row = spikes[k] * H;
            for (let o = 0; o < H; o++) I[o] += Wt[row + o];
          }
          const u = act.u[l];
          for (let o = 0; o < H; o++) u[o] += I[o];
        }
        next.length = 0;
        for (let h = 0; h < H; h++) {
          v[h] += I[h];
          if (v[h] >= threshold) {
            v[h] -= threshold;
            a[h]++;
            next.push(h);
            onSpike?.(l, h, t);
          }
        }
        [spikes, next] = [next, spikes];
      }
    }
    for (let l = 0; l < L; l++) {
      const a = act.a[l];
      for (let h = 0; h < a.length; h++) a[h] /= T;
      if (l > 0) {
        const u = act.u[l];
        for (let h = 0; h < u.length; h++) u[h] /= T;
      }
    }
    // The readout integrates the last layer's spikes: Σ_t W s(t) / T = W a.
    const WL = this.weights[L];
    const aL = act.a[L - 1];
    const nL = aL.length;
    for (let c = 0; c < CLASSES; c++) {
      let s = 0;
      for (let h = 0; h < nL; h++) s += WL[c * nL + h] * aL[h];
      act.logits[c] = s;
    }
  }

  /** A hidden layer's spikes for one sample: (neuron, step) pairs, for the raster view. */
  hiddenSpikes(x: ArrayLike<number>, layer = 0): { neurons: number[]; steps: number[] } {
    const neurons: number[] = [];
    const steps: number[] = [];
    this.forward(x, new Activations(this.shape), (l, h, t) => {
      if (l !== layer) return;
      neurons.push(h);
      steps.push(t);
    });
    return { neurons, steps };
  }

  /** Accuracy on samples, choosing among `classes` only (multi-head). */
  accuracy(x: Float32Array, y: Uint8Array, count: number, classes: number[]): number {
    const act = new Activations(this.shape);
    let right = 0;
    for (let s = 0; s < count; s++) {
      this.forward(x.subarray(s * this.inputs, (s + 1) * this.inputs), act);
      let best = classes[0];
      for (const c of classes) if (act.logits[c] > act.logits[best]) best = c;
      if (best === y[s]) right++;
    }
    return count ? right / count : 0;
  }
}

/** Softmax cross-entropy over `classes`: writes δ = p − onehot into `delta` (0 elsewhere), returns −log p_y. */
export function softmaxDelta(logits: Float64Array, label: number, classes: number[], delta: Float64Array): number {
  delta.fill(0);
  let max = -Infinity;
  for (const c of classes) max = Math.max(max, logits[c]);
  let z = 0;
  for (const c of classes) z += Math.exp(logits[c] - max);
  for (const c of classes) delta[c] = Math.exp(logits[c] - max) / z;
  const loss = -Math.log(delta[label]);
  delta[label] -= 1;
  return loss;
}

/**
 * The error at every layer's output for one sample (DSR): deltas[L] = p − onehot at the readout,
 * and for hidden layer l, deltas[l] = (W_{l+1}ᵀ deltas[l+1]) / θ where 0 < ū_l < θ, else 0.
 * The gradient of weights[k] is deltas[k] ⊗ (the presynaptic rates of layer k).
 */
export function backpropagate(net: SpikingMlp, act: Activations, outputDelta: Float64Array, deltas: Float64Array[]): void {
  const { threshold } = net.shape;
  const L = net.layers;
  deltas[L].set(outputDelta);
  for (let l = L - 1; l >= 0; l--) {
    const W = net.weights[l + 1];
    const above = deltas[l + 1];
    const d = deltas[l];
    const n = d.length;
    d.fill(0);
    accumulateAtB(d, above, above.length, 1, W, n); // d = Wᵀ above
    const u = act.u[l];
    for (let h = 0; h < n; h++) d[h] = u[h] > 0 && u[h] < threshold ? d[h] / threshold : 0;
  }
}
