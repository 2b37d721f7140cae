/** The continual-learning GPU passes: one class per kernel (shaders/learning_*.wgsl, hlop_*.wgsl). */
import forwardWgsl from '../../../shaders/learning_forward.wgsl?raw';
import forwardSpikesWgsl from '../../../shaders/learning_forward_spikes.wgsl?raw';
import readoutWgsl from '../../../shaders/learning_readout.wgsl?raw';
import hiddenDeltaWgsl from '../../../shaders/learning_hidden_delta.wgsl?raw';
import weightGradientWgsl from '../../../shaders/learning_weight_gradient.wgsl?raw';
import sgdWgsl from '../../../shaders/learning_sgd.wgsl?raw';
import projectionWgsl from '../../../shaders/hlop_projection.wgsl?raw';
import lateralWgsl from '../../../shaders/hlop_lateral.wgsl?raw';
import { ComputePass, type Binding } from '../../gpu/computePass';
import { kernelSource } from '../../engine/webgpu/shaderSource';
import type { LearningBuffers, SubspaceBuffers } from './learningBuffers';

const WG = 64;
const groups = (n: number) => Math.max(1, Math.ceil(n / WG));

/** A pass whose dispatch size depends on the batch: `count()` invocations, one per output element. */
abstract class SizedPass extends ComputePass {
  constructor(
    device: GPUDevice,
    label: string,
    kernel: string,
    bindings: Binding[],
    private readonly count: () => number,
    constants: Record<string, number> = {},
  ) {
    super(device, label, kernelSource(kernel, 0), bindings, 1, { constants });
  }

  run(pass: GPUComputePassEncoder): void {
    const n = this.count();
    if (n === 0) return;
    this.encodeWithoutDispatch(pass);
    pass.dispatchWorkgroups(groups(n));
  }
}

/**
 * One hidden layer's forward pass: from the pixels' constant current (layer 0,
 * shaders/learning_forward.wgsl) or from the spikes of the layer below
 * (shaders/learning_forward_spikes.wgsl); records its own spikes when a layer above reads them.
 */
export class LearningForwardPass extends SizedPass {
  constructor(b: LearningBuffers, layer: number) {
    const L = b.layers[layer];
    const w = b.weights[layer];
    const record = layer < b.layers.length - 1;
    super(
      b.device,
      `LearningForwardPass[${layer}]`,
      layer === 0 ? forwardWgsl : forwardSpikesWgsl,
      [
        { kind: 'uniform', buffer: b.params },
        { kind: 'read-only-storage', buffer: layer === 0 ? b.X : b.layers[layer - 1].S },
        { kind: 'read-only-storage', buffer: w.W },
        { kind: 'storage', buffer: L.U },
        { kind: 'storage', buffer: L.A },
        { kind: 'storage', buffer: L.S },
      ],
      () => b.batch * L.size,
      { N_IN: w.nIn, N_OUT: w.nOut, RECORD: record ? 1 : 0 },
    );
  }
}

/** Logits, prediction and δ from the last hidden layer (shaders/learning_readout.wgsl). */
export class LearningReadoutPass extends SizedPass {
  constructor(b: LearningBuffers) {
    const last = b.layers.at(-1)!;
    const w = b.weights.at(-1)!;
    super(
      b.device,
      'LearningReadoutPass',
      readoutWgsl,
      [
        { kind: 'uniform', buffer: b.params },
        { kind: 'read-only-storage', buffer: last.A },
        { kind: 'read-only-storage', buffer: w.W },
        { kind: 'read-only-storage', buffer: b.labels },
        { kind: 'storage', buffer: b.delta },
        { kind: 'storage', buffer: b.predicted },
      ],
      () => b.batch,
      { N_IN: w.nIn },
    );
  }
}

/** A hidden layer's error through DSR's rate map, from the layer above (shaders/learning_hidden_delta.wgsl). */
export class HiddenDeltaPass extends SizedPass {
  constructor(b: LearningBuffers, layer: number) {
    const L = b.layers[layer];
    const above = b.weights[layer + 1];
    super(
      b.device,
      `HiddenDeltaPass[${layer}]`,
      hiddenDeltaWgsl,
      [
        { kind: 'uniform', buffer: b.params },
        { kind: 'read-only-storage', buffer: L.U },
        { kind: 'read-only-storage', buffer: above.W },
        { kind: 'read-only-storage', buffer: layer === b.layers.length - 1 ? b.delta : b.layers[layer + 1].back },
        { kind: 'storage', buffer: L.back },
      ],
      () => b.batch * L.size,
      { N: L.size, N_ABOVE: above.nOut },
    );
  }
}

/** G_k = err_kᵀ pre_k / B of weight matrix k (shaders/learning_weight_gradient.wgsl). */
export class WeightGradientPass extends SizedPass {
  constructor(b: LearningBuffers, k: number) {
    const w = b.weights[k];
    const pre = k === 0 ? b.X : b.layers[k - 1].A;
    const err = k === b.weights.length - 1 ? b.delta : b.layers[k].back;
    super(
      b.device,
      `WeightGradientPass[${k}]`,
      weightGradientWgsl,
      [
        { kind: 'uniform', buffer: b.params },
        { kind: 'read-only-storage', buffer: pre },
        { kind: 'read-only-storage', buffer: err },
        { kind: 'storage', buffer: w.G },
      ],
      () => w.nOut * w.nIn,
      { N_IN: w.nIn, N_OUT: w.nOut },
    );
  }
}

/** Momentum SGD (+ EWC) of weight matrix k (shaders/learning_sgd.wgsl). */
export class SgdPass extends SizedPass {
  constructor(b: LearningBuffers, k: number) {
    const w = b.weights[k];
    const count = w.nOut * w.nIn;
    super(
      b.device,
      `SgdPass[${k}]`,
      sgdWgsl,
      [
        { kind: 'uniform', buffer: b.params },
        { kind: 'storage', buffer: w.W },
        { kind: 'storage', buffer: w.V },
        { kind: 'read-only-storage', buffer: w.G },
        { kind: 'read-only-storage', buffer: w.F },
        { kind: 'read-only-storage', buffer: w.anchor },
      ],
      () => count,
      { COUNT: count },
    );
  }
}

/** G ← G(I − H_oldᵀ H_old), stage 0 or 1 (shaders/hlop_projection.wgsl). */
export class HlopProjectionPass extends SizedPass {
  constructor(s: SubspaceBuffers, gradient: GPUBuffer, stage: 0 | 1) {
    super(
      s.device,
      `HlopProjectionPass[${s.label},${stage}]`,
      projectionWgsl,
      [
        { kind: 'uniform', buffer: s.params },
        { kind: 'read-only-storage', buffer: s.H },
        { kind: 'storage', buffer: gradient },
        { kind: 'storage', buffer: s.C },
      ],
      () => (stage === 0 ? s.out * s.frozen : s.frozen > 0 ? s.out * s.n : 0),
      { STAGE: stage },
    );
  }
}

/** One stage of the lateral Hebbian iteration (shaders/hlop_lateral.wgsl). */
export class HlopLateralPass extends SizedPass {
  constructor(s: SubspaceBuffers, input: GPUBuffer, stage: 0 | 1 | 2) {
    super(
      s.device,
      `HlopLateralPass[${s.label},${stage}]`,
      lateralWgsl,
      [
        { kind: 'uniform', buffer: s.params },
        { kind: 'read-only-storage', buffer: input },
        { kind: 'storage', buffer: s.H },
        { kind: 'storage', buffer: s.velocity },
        { kind: 'storage', buffer: s.Y },
        { kind: 'storage', buffer: s.R },
      ],
      () => (s.rows === s.frozen ? 0 : stage === 0 ? s.batch * s.rows : stage === 1 ? s.batch * s.n : (s.rows - s.frozen) * s.n),
      { STAGE: stage },
    );
  }
}
