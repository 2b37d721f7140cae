/**
 * GPU buffers of the spiking MLP and one batch (layouts in LearningParams / SubspaceParams of
 * shaders/common.wgsl). `maxBatch` samples fit at once (a training batch, or a chunk of a test set).
 */
import { packStructArray, structSize } from '../../engine/webgpu/layouts';
import type { GpuRuntime } from '../../gpu/gpuRuntime';
import { CLASSES } from '../digits';
import type { SubspaceOptions } from '../hlop';

/** Read when buffers are made: Node has the WebGPU globals only once a device is being acquired. */
const storage = () => GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;

/** One weight matrix's buffers: the weights, their momentum, gradient, and EWC's Fisher and anchor. */
export interface WeightBuffers {
  readonly W: GPUBuffer;
  readonly V: GPUBuffer;
  readonly G: GPUBuffer;
  readonly F: GPUBuffer;
  readonly anchor: GPUBuffer;
  /** Presynaptic and postsynaptic sizes. */
  readonly nIn: number;
  readonly nOut: number;
}

/** One hidden layer's per-sample buffers: mean currents, rates, errors and (below the last) spikes per step. */
export interface LayerBuffers {
  readonly U: GPUBuffer;
  readonly A: GPUBuffer;
  readonly back: GPUBuffer;
  /** batch × T × size, 0/1; a 4-byte placeholder for the last hidden layer (nothing reads its spikes). */
  readonly S: GPUBuffer;
  readonly size: number;
}

export class LearningBuffers {
  readonly params: GPUBuffer;
  readonly X: GPUBuffer;
  readonly labels: GPUBuffer;
  readonly delta: GPUBuffer;
  readonly predicted: GPUBuffer;
  /** weights[k]: sizes[k+1] × sizes[k]; the last is the readout. */
  readonly weights: WeightBuffers[];
  readonly layers: LayerBuffers[];
  /** Samples in the current batch (sizes the dispatches). */
  batch = 0;
  readonly device: GPUDevice;

  constructor(
    runtime: GpuRuntime,
    /** [inputs, …hidden, 10]. */
    readonly sizes: number[],
    readonly maxBatch: number,
    steps: number,
  ) {
    this.device = runtime.device;
    const make = (name: string, floats: number, usage = storage()) => runtime.createBuffer(`LearningBuffers.${name}`, floats * 4, usage);
    this.params = runtime.createBuffer(
      'LearningBuffers.params',
      structSize('LearningParams'),
      GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    );
    this.X = make('X', maxBatch * sizes[0]);
    this.labels = make('labels', maxBatch);
    this.delta = make('delta', maxBatch * CLASSES);
    this.predicted = make('predicted', maxBatch);
    const hidden = sizes.slice(1, -1);
    this.layers = hidden.map((size, l) => ({
      U: make(`U${l}`, maxBatch * size),
      A: make(`A${l}`, maxBatch * size),
      back: make(`back${l}`, maxBatch * size),
      S: make(`S${l}`, l < hidden.length - 1 ? maxBatch * steps * size : 1),
      size,
    }));
    this.weights = sizes.slice(0, -1).map((nIn, k) => {
      const nOut = sizes[k + 1];
      const w = (name: string) => make(`${name}${k}`, nOut * nIn);
      return { W: w('W'), V: w('V'), G: w('G'), F: w('F'), anchor: w('anchor'), nIn, nOut };
    });
  }

  writeParams(p: { batch: number; steps: number; threshold: number; learningRate: number; momentum: number; ewcLambda: number }): void {
    this.batch = p.batch;
    this.device.queue.writeBuffer(this.params, 0, packStructArray('LearningParams', [{ ...p, invBatch: 1 / Math.max(1, p.batch) }]));
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
    readonly opts: SubspaceOptions,
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
