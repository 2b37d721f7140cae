/** The continual-learning GPU passes: one class per kernel (shaders/learning_*.wgsl, hlop_*.wgsl). */
import forwardWgsl from '../../../shaders/learning_forward.wgsl?raw';
import readoutWgsl from '../../../shaders/learning_readout.wgsl?raw';
import readoutGradientWgsl from '../../../shaders/learning_readout_gradient.wgsl?raw';
import hiddenDeltaWgsl from '../../../shaders/learning_hidden_delta.wgsl?raw';
import inputGradientWgsl from '../../../shaders/learning_input_gradient.wgsl?raw';
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

/** u = W1·x and IF spike rates a (shaders/learning_forward.wgsl). */
export class LearningForwardPass extends SizedPass {
  constructor(b: LearningBuffers) {
    super(
      b.device,
      'LearningForwardPass',
      forwardWgsl,
      [
        { kind: 'uniform', buffer: b.params },
        { kind: 'read-only-storage', buffer: b.X },
        { kind: 'read-only-storage', buffer: b.W1 },
        { kind: 'storage', buffer: b.U },
        { kind: 'storage', buffer: b.A },
      ],
      () => b.batch * b.hidden,
    );
  }
}

/** Logits, prediction and δ (shaders/learning_readout.wgsl). */
export class LearningReadoutPass extends SizedPass {
  constructor(b: LearningBuffers) {
    super(
      b.device,
      'LearningReadoutPass',
      readoutWgsl,
      [
        { kind: 'uniform', buffer: b.params },
        { kind: 'read-only-storage', buffer: b.A },
        { kind: 'read-only-storage', buffer: b.W2 },
        { kind: 'read-only-storage', buffer: b.labels },
        { kind: 'storage', buffer: b.delta },
        { kind: 'storage', buffer: b.predicted },
      ],
      () => b.batch,
    );
  }
}

/** g2 = δ aᵀ / B (shaders/learning_readout_gradient.wgsl). */
export class ReadoutGradientPass extends SizedPass {
  constructor(b: LearningBuffers) {
    super(
      b.device,
      'ReadoutGradientPass',
      readoutGradientWgsl,
      [
        { kind: 'uniform', buffer: b.params },
        { kind: 'read-only-storage', buffer: b.A },
        { kind: 'read-only-storage', buffer: b.delta },
        { kind: 'storage', buffer: b.G2 },
      ],
      () => 10 * b.hidden,
    );
  }
}

/** The hidden error through DSR's rate map (shaders/learning_hidden_delta.wgsl). */
export class HiddenDeltaPass extends SizedPass {
  constructor(b: LearningBuffers) {
    super(
      b.device,
      'HiddenDeltaPass',
      hiddenDeltaWgsl,
      [
        { kind: 'uniform', buffer: b.params },
        { kind: 'read-only-storage', buffer: b.U },
        { kind: 'read-only-storage', buffer: b.W2 },
        { kind: 'read-only-storage', buffer: b.delta },
        { kind: 'storage', buffer: b.back },
      ],
      () => b.batch * b.hidden,
    );
  }
}

/** g1 = back xᵀ / B (shaders/learning_input_gradient.wgsl). */
export class InputGradientPass extends SizedPass {
  constructor(b: LearningBuffers) {
    super(
      b.device,
      'InputGradientPass',
      inputGradientWgsl,
      [
        { kind: 'uniform', buffer: b.params },
        { kind: 'read-only-storage', buffer: b.X },
        { kind: 'read-only-storage', buffer: b.back },
        { kind: 'storage', buffer: b.G1 },
      ],
      () => b.hidden * b.inputs,
    );
  }
}

/** Momentum SGD (+ EWC) of one layer (shaders/learning_sgd.wgsl). */
export class SgdPass extends SizedPass {
  constructor(b: LearningBuffers, layer: 1 | 2) {
    const [W, V, G, F, A] = layer === 1 ? [b.W1, b.V1, b.G1, b.F1, b.anchor1] : [b.W2, b.V2, b.G2, b.F2, b.anchor2];
    const count = layer === 1 ? b.hidden * b.inputs : 10 * b.hidden;
    super(
      b.device,
      `SgdPass[${layer}]`,
      sgdWgsl,
      [
        { kind: 'uniform', buffer: b.params },
        { kind: 'storage', buffer: W },
        { kind: 'storage', buffer: V },
        { kind: 'read-only-storage', buffer: G },
        { kind: 'read-only-storage', buffer: F },
        { kind: 'read-only-storage', buffer: A },
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
