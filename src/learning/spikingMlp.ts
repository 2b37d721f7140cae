/**
 * A spiking multilayer perceptron, inputs (64 or 784) → H → 10, trained with DSR (Meng et al., "Training
 * High-Performance Low-Latency Spiking Neural Networks by Differentiation on Spike
 * Representation", CVPR 2022), the default method of HLOP's paper:
 *   - the hidden layer is T steps of integrate-and-fire neurons (threshold θ, reset by
 *     subtraction) driven by the constant current u = W₁x (direct input encoding);
 *   - its spike representation is the firing rate a = (spike count)/T, which for these neurons is
 *     clamp(u/θ, 0, 1) up to 1/T; DSR back-propagates through that map: ∂a/∂u = 1/θ for
 *     0 < u < θ, else 0;
 *   - the readout integrates the hidden spikes without firing: logits = W₂ a.
 * Cross-entropy over the task's classes (multi-head for split digits). This is the CPU reference.
 */
import { CounterRng } from '../random/threefry';
import { CLASSES, LEARNING_STREAMS, PIXELS } from './digits';

export interface MlpShape {
  hidden: number;
  steps: number; // T
  threshold: number; // θ
}

export const DEFAULT_MLP: MlpShape = { hidden: 200, steps: 20, threshold: 1 };

export class SpikingMlp {
  readonly W1: Float64Array; // hidden × inputs
  readonly W2: Float64Array; // 10 × hidden
  readonly u = new Float64Array(0);

  constructor(
    readonly shape: MlpShape,
    seed: number,
    /** Pixels per image (64 for the digits, 784 for Fashion-MNIST). */
    readonly inputs = PIXELS,
  ) {
    const rng = new CounterRng(seed, LEARNING_STREAMS.weights);
    const H = shape.hidden;
    // Uniform ±√(6/(fan_in + fan_out)) (Glorot).
    const a1 = Math.sqrt(6 / (inputs + H));
    const a2 = Math.sqrt(6 / (H + CLASSES));
    this.W1 = Float64Array.from({ length: H * inputs }, () => a1 * (2 * rng.nextDouble() - 1));
    this.W2 = Float64Array.from({ length: CLASSES * H }, () => a2 * (2 * rng.nextDouble() - 1));
  }

  /** Hidden input currents u = W₁x, spike rates a, and logits, for one sample. */
  forward(x: ArrayLike<number>, u: Float64Array, a: Float64Array, logits: Float64Array): void {
    const { hidden: H, steps: T, threshold } = this.shape;
    for (let h = 0; h < H; h++) {
      let s = 0;
      for (let i = 0, n = this.inputs; i < n; i++) s += this.W1[h * n + i] * x[i];
      u[h] = s;
      // Integrate-and-fire over T steps with reset by subtraction.
      let v = 0;
      let count = 0;
      for (let t = 0; t < T; t++) {
        v += s;
        if (v >= threshold) {
          v -= threshold;
          count++;
        }
      }
      a[h] = count / T;
    }
    for (let c = 0; c < CLASSES; c++) {
      let s = 0;
      for (let h = 0; h < H; h++) s += this.W2[c * H + h] * a[h];
      logits[c] = s;
    }
  }

  /** The hidden layer's spikes for one sample: (neuron, step) pairs, for the raster view. */
  hiddenSpikes(x: ArrayLike<number>): { neurons: number[]; steps: number[] } {
    const { hidden: H, steps: T, threshold } = this.shape;
    const neurons: number[] = [];
    const steps: number[] = [];
    for (let h = 0; h < H; h++) {
      let s = 0;
      for (let i = 0, n = this.inputs; i < n; i++) s += this.W1[h * n + i] * x[i];
      let v = 0;
      for (let t = 0; t < T; t++) {
        v += s;
        if (v >= threshold) {
          v -= threshold;
          neurons.push(h);
          steps.push(t);
        }
      }
    }
    return { neurons, steps };
  }

  /** Accuracy on samples, choosing among `classes` only (multi-head). */
  accuracy(x: Float32Array, y: Uint8Array, count: number, classes: number[]): number {
    const H = this.shape.hidden;
    const u = new Float64Array(H);
    const a = new Float64Array(H);
    const logits = new Float64Array(CLASSES);
    let right = 0;
    for (let s = 0; s < count; s++) {
      this.forward(x.subarray(s * this.inputs, (s + 1) * this.inputs), u, a, logits);
      let best = classes[0];
      for (const c of classes) if (logits[c] > logits[best]) best = c;
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
 * Gradients of the loss of one sample into g1 (hidden × inputs) and g2 (10 × hidden), accumulated;
 * DSR: ∂a/∂u = 1/θ inside (0, θ).
 */
export function accumulateGradients(
  net: SpikingMlp,
  x: ArrayLike<number>,
  u: Float64Array,
  a: Float64Array,
  delta: Float64Array,
  g1: Float64Array,
  g2: Float64Array,
): void {
  const { hidden: H, threshold } = net.shape;
  for (let c = 0; c < CLASSES; c++) {
    const d = delta[c];
    if (d === 0) continue;
    for (let h = 0; h < H; h++) g2[c * H + h] += d * a[h];
  }
  for (let h = 0; h < H; h++) {
    if (!(u[h] > 0 && u[h] < threshold)) continue;
    let back = 0;
    for (let c = 0; c < CLASSES; c++) back += net.W2[c * H + h] * delta[c];
    back /= threshold;
    if (back === 0) continue;
    for (let i = 0, n = net.inputs; i < n; i++) g1[h * n + i] += back * x[i];
  }
}
