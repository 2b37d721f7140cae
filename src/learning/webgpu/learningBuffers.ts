/**
 * GPU buffers of the spiking MLP and one batch (layouts in LearningParams / SubspaceParams of
 * shaders/common.wgsl). `maxBatch` samples fit at once (a training batch, or a chunk of a test set).
 */
import { packStructArray, structSize } from '../../engine/webgpu/layouts';
import type { GpuRuntime } from '../../gpu/gpuRuntime';
import { CLASSES, PIXELS } from '../digits';
import type { SubspaceOptions } from '../hlop';

/** Read when buffers are made: Node has the WebGPU globals only once a device is being acquired. */
const storage = () => GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;

export class LearningBuffers {
  readonly params: GPUBuffer;
  readonly X: GPUBuffer;
  readonly labels: GPUBuffer;
  readonly U: GPUBuffer;
  readonly A: GPUBuffer;
  readonly back: GPUBuffer;
  readonly delta: GPUBuffer;
  readonly predicted: GPUBuffer;
  readonly W1: GPUBuffer;
  readonly W2: GPUBuffer;
  readonly V1: GPUBuffer;
  readonly V2: GPUBuffer;
  readonly G1: GPUBuffer;
  readonly G2: GPUBuffer;
  readonly F1: GPUBuffer;
  readonly F2: GPUBuffer;
  readonly anchor1: GPUBuffer;
  readonly anchor2: GPUBuffer;
  /** Samples in the current batch (sizes the dispatches). */
  batch = 0;
  readonly device: GPUDevice;

  constructor(
    runtime: GpuRuntime,
    readonly hidden: number,
    readonly maxBatch: number,
    /** Pixels per image (64 for the digits, 784 for Fashion-MNIST). */
    readonly inputs = PIXELS,
  ) {
    this.device = runtime.device;
    const make = (name: string, floats: number, usage = storage()) => runtime.createBuffer(`LearningBuffers.${name}`, floats * 4, usage);
    const H = hidden;
    this.params = runtime.createBuffer(
      'LearningBuffers.params',
      structSize('LearningParams'),
      GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    );
    this.X = make('X', maxBatch * inputs);
    this.labels = make('labels', maxBatch);
    this.U = make('U', maxBatch * H);
    this.A = make('A', maxBatch * H);
    this.back = make('back', maxBatch * H);
    this.delta = make('delta', maxBatch * CLASSES);
    this.predicted = make('predicted', maxBatch);
    this.W1 = make('W1', H * inputs);
    this.W2 = make('W2', CLASSES * H);
    this.V1 = make('V1', H * inputs);
    this.V2 = make('V2', CLASSES * H);
    this.G1 = make('G1', H * inputs);
    this.G2 = make('G2', CLASSES * H);
    this.F1 = make('F1', H * inputs);
    this.F2 = make('F2', CLASSES * H);
    this.anchor1 = make('anchor1', H * inputs);
    this.anchor2 = make('anchor2', CLASSES * H);
  }

  writeParams(p: { batch: number; steps: number; threshold: number; learningRate: number; momentum: number; ewcLambda: number }): void {
    this.batch = p.batch;
    this.device.queue.writeBuffer(
      this.params,
      0,
      packStructArray('LearningParams', [{ ...p, hidden: this.hidden, inputs: this.inputs, invBatch: 1 / Math.max(1, p.batch) }]),
    );
  }
}

/** One layer's HLOP subspace on the GPU: rows H (at most n), their momentum, and scratch. */
export class SubspaceBuffers {
  readonly params: GPUBuffer;
  readonly H: GPUBuffer;
  readonly velocity: GPUBuffer;
  readonly Y: GPUBuffer;
  readonly R: GPUBuffer;
  readonly C: GPUBuffer;
  rows = 0;
  frozen = 0;
  batch = 0;
  readonly device: GPUDevice;

  constructor(
    runtime: GpuRuntime,
    readonly label: string,
    readonly n: number,
    readonly out: number,
    maxBatch: number,
    private readonly opts: SubspaceOptions,
  ) {
    this.device = runtime.device;
    const make = (name: string, floats: number, usage = storage()) =>
      runtime.createBuffer(`SubspaceBuffers[${label}].${name}`, floats * 4, usage);
    this.params = make('params', 12, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    this.H = make('H', n * n);
    this.velocity = make('velocity', n * n);
    this.Y = make('Y', maxBatch * n);
    this.R = make('R', maxBatch * n);
    this.C = make('C', out * n);
  }

  writeParams(batch: number): void {
    this.batch = batch;
    const o = this.opts;
    this.device.queue.writeBuffer(
      this.params,
      0,
      packStructArray('SubspaceParams', [
        {
          n: this.n,
          out: this.out,
          rows: this.rows,
          frozen: this.frozen,
          batch,
          learningRate: o.learningRate,
          momentum: o.momentum,
          lateralSteps: o.lateralSteps,
          invBatch: 1 / Math.max(1, batch),
        },
      ]),
    );
  }
}
