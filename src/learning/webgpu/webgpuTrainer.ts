/**
 * Continual learning on the GPU: every batch step runs in WGSL — the spiking forward pass, the
 * DSR gradients, HLOP's gradient projection, momentum SGD (with the EWC penalty) and HLOP's
 * lateral Hebbian updates — one submit per batch, no readback while a task trains. Between tasks
 * the subspace rows and weights are read back (for the reports and, for EWC, the Fisher, which is
 * computed by the CPU twin from the GPU weights).
 */
import { CLASSES, type Digits, type Task } from '../digits';
import { Subspace } from '../hlop';
import { SpikingMlp } from '../spikingMlp';
import {
  addFisher,
  addTaskRows,
  classMask,
  makeSpaces,
  shuffleForEpoch,
  trainingSamples,
  type ContinualHooks,
  type ContinualOptions,
  type ContinualTrainer,
  type TrainerFactory,
} from '../continual';
import { LearningBuffers, SubspaceBuffers } from './learningBuffers';
import { GpuRuntime } from '../../gpu/gpuRuntime';
import {
  HiddenDeltaPass,
  HlopLateralPass,
  HlopProjectionPass,
  InputGradientPass,
  LearningForwardPass,
  LearningReadoutPass,
  ReadoutGradientPass,
  SgdPass,
} from './learningPasses';

/** Test sets are evaluated in chunks of this many samples. */
const EVAL_CHUNK = 512;

export function webgpuTrainer(device: GPUDevice): TrainerFactory {
  return (net, opts) => {
    if (net.layers !== 1)
      throw new Error(
        `mlp.hidden: the WebGPU trainer trains one hidden layer; this network has ${net.layers} ([${net.shape.hidden.join(', ')}]). Train it with the CPU trainer (--backend cpu).`,
      );
    const runtime = new GpuRuntime(device);
    try {
      return new WebGpuTrainer(runtime, net, opts);
    } catch (e) {
      runtime.destroy(); // a limit refused part-way: free what was made
      throw e;
    }
  };
}

export class WebGpuTrainer implements ContinualTrainer {
  readonly kind = 'webgpu' as const;
  readonly spaces: Subspace[] | null;
  readonly blockStarts: number[] = [0];
  private readonly b: LearningBuffers;
  private readonly sIn: SubspaceBuffers | null;
  private readonly sHid: SubspaceBuffers | null;
  private readonly forward: LearningForwardPass;
  private readonly readout: LearningReadoutPass;
  private readonly training: { run(pass: GPUComputePassEncoder): void }[];
  private ewcLambda = 0;
  private fisher: Float64Array[] | null = null;

  readonly device: GPUDevice;

  constructor(
    private readonly runtime: GpuRuntime,
    private readonly initial: SpikingMlp,
    readonly opts: ContinualOptions,
  ) {
    const device = (this.device = runtime.device);
    const H = initial.shape.hidden[0];
    const b = (this.b = new LearningBuffers(runtime, H, Math.max(opts.batch, EVAL_CHUNK), initial.inputs));
    device.queue.writeBuffer(b.W1, 0, Float32Array.from(initial.weights[0]));
    device.queue.writeBuffer(b.W2, 0, Float32Array.from(initial.weights[1]));
    for (const buf of [b.V1, b.V2, b.F1, b.F2, b.anchor1, b.anchor2]) device.queue.writeBuffer(buf, 0, new Float32Array(buf.size / 4));
    const hlop = opts.method === 'hlop';
    this.spaces = hlop ? makeSpaces(initial, opts) : null;
    this.sIn = this.spaces ? new SubspaceBuffers(runtime, 'input', initial.inputs, H, b.maxBatch, this.spaces[0].opts) : null;
    this.sHid = this.spaces ? new SubspaceBuffers(runtime, 'hidden', H, CLASSES, b.maxBatch, this.spaces[1].opts) : null;
    this.forward = new LearningForwardPass(b);
    this.readout = new LearningReadoutPass(b);
    this.training = [this.forward, this.readout, new ReadoutGradientPass(b), new HiddenDeltaPass(b), new InputGradientPass(b)];
    if (this.sIn && this.sHid) {
      for (const [s, g] of [
        [this.sIn, b.G1],
        [this.sHid, b.G2],
      ] as const)
        this.training.push(new HlopProjectionPass(s, g, 0), new HlopProjectionPass(s, g, 1));
    }
    this.training.push(new SgdPass(b, 1), new SgdPass(b, 2));
    if (this.sIn && this.sHid) {
      const lateral = [
        new HlopLateralPass(this.sIn, b.X, 0),
        new HlopLateralPass(this.sIn, b.X, 1),
        new HlopLateralPass(this.sIn, b.X, 2),
        new HlopLateralPass(this.sHid, b.A, 0),
        new HlopLateralPass(this.sHid, b.A, 1),
        new HlopLateralPass(this.sHid, b.A, 2),
      ];
      for (let it = 0; it < opts.subspace.iterations; it++) this.training.push(...lateral);
    }
  }

  beginTask(t: number): void {
    if (!this.spaces) return;
    // The same seeded orthonormal start as the CPU twin.
    addTaskRows(this.spaces, this.opts, t);
    for (const [space, gpu] of [
      [this.spaces[0], this.sIn!],
      [this.spaces[1], this.sHid!],
    ] as const) {
      gpu.rows = space.m;
      gpu.frozen = space.frozen;
      this.device.queue.writeBuffer(gpu.H, 0, Float32Array.from(space.rows));
      this.device.queue.writeBuffer(gpu.velocity, 0, new Float32Array(space.m * space.n));
    }
  }

  /** Uploads samples (data set, row, class mask) as the batch: pixels, and label | mask << 8. */
  private writeBatch(samples: { data: Digits; row: number; mask: number }[]): void {
    const n = samples.length;
    const P = this.b.inputs;
    const X = new Float32Array(n * P);
    const labels = new Uint32Array(n);
    samples.forEach(({ data, row, mask }, k) => {
      X.set(data.x.subarray(row * P, (row + 1) * P), k * P);
      labels[k] = data.y[row] | (mask << 8);
    });
    this.device.queue.writeBuffer(this.b.X, 0, X);
    this.device.queue.writeBuffer(this.b.labels, 0, labels);
  }

  private writeParams(batch: number): void {
    const o = this.opts;
    this.b.writeParams({
      batch,
      steps: o.mlp.steps,
      threshold: o.mlp.threshold,
      learningRate: o.learningRate,
      momentum: o.momentum,
      ewcLambda: this.ewcLambda,
    });
    this.sIn?.writeParams(batch);
    this.sHid?.writeParams(batch);
  }

  async train(tasks: Task[], progressTask: number, hooks: ContinualHooks): Promise<void> {
    const { device, opts } = this;
    const samples = trainingSamples(tasks);
    const order = samples.map((_, k) => k);
    const checks: Promise<void>[] = [];
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      shuffleForEpoch(order, opts.seed, progressTask, epoch);
      for (let start = 0; start < order.length; start += opts.batch) {
        const batch = order
          .slice(start, start + opts.batch)
          .map((k) => ({ data: samples[k].task.train, row: samples[k].row, mask: classMask(samples[k].task) }));
        this.writeBatch(batch);
        this.writeParams(batch.length);
        const submitted = this.runtime.submit('WebGpuTrainer.batch', (enc) => {
          const pass = enc.beginComputePass({ label: 'WebGpuTrainer.step' });
          for (const p of this.training) p.run(pass);
          pass.end();
        });
        checks.push(submitted.checked);
      }
      await device.queue.onSubmittedWorkDone();
      hooks.onProgress?.(progressTask, (epoch + 1) / opts.epochs);
      await hooks.yieldEvery?.();
    }
    await Promise.all(checks);
    const failure = this.runtime.failure(0);
    if (failure) throw new Error(`a training pass failed: ${failure.message}`);
  }

  async endTask(task: Task): Promise<void> {
    if (this.spaces) {
      for (const [space, gpu] of [
        [this.spaces[0], this.sIn!],
        [this.spaces[1], this.sHid!],
      ] as const) {
        space.rows = Float64Array.from(await this.read(gpu.H, space.m * space.n));
        space.freeze();
        gpu.frozen = space.frozen;
      }
      this.blockStarts.push(this.spaces[1].m);
    }
    if (this.opts.method === 'ewc') {
      const net = await this.network();
      this.fisher ??= net.weights.map((W) => new Float64Array(W.length));
      addFisher(net, task, this.fisher, this.opts);
      const q = this.device.queue;
      q.writeBuffer(this.b.F1, 0, Float32Array.from(this.fisher[0]));
      q.writeBuffer(this.b.F2, 0, Float32Array.from(this.fisher[1]));
      const enc = this.device.createCommandEncoder({ label: 'WebGpuTrainer.anchor' });
      enc.copyBufferToBuffer(this.b.W1, 0, this.b.anchor1, 0, this.b.W1.size);
      enc.copyBufferToBuffer(this.b.W2, 0, this.b.anchor2, 0, this.b.W2.size);
      q.submit([enc.finish()]);
      this.ewcLambda = this.opts.ewcLambda;
    }
  }

  async accuracies(tasks: Task[]): Promise<number[]> {
    const out: number[] = [];
    for (const task of tasks) {
      let right = 0;
      const mask = classMask(task);
      for (let start = 0; start < task.test.count; start += EVAL_CHUNK) {
        const rows = Array.from({ length: Math.min(EVAL_CHUNK, task.test.count - start) }, (_, k) => ({
          data: task.test,
          row: start + k,
          mask,
        }));
        this.writeBatch(rows);
        this.writeParams(rows.length);
        const enc = this.device.createCommandEncoder({ label: 'WebGpuTrainer.evaluate' });
        const pass = enc.beginComputePass();
        this.forward.run(pass);
        this.readout.run(pass);
        pass.end();
        this.device.queue.submit([enc.finish()]);
        const predicted = new Uint32Array((await this.read(this.b.predicted, rows.length)).buffer);
        rows.forEach(({ row }, k) => (right += predicted[k] === task.test.y[row] ? 1 : 0));
      }
      out.push(task.test.count ? right / task.test.count : 0);
    }
    return out;
  }

  async network(): Promise<SpikingMlp> {
    const net = new SpikingMlp(this.initial.shape, 0, this.initial.inputs);
    net.weights[0].set(await this.read(this.b.W1, net.weights[0].length));
    net.weights[1].set(await this.read(this.b.W2, net.weights[1].length));
    net.weightsEdited();
    return net;
  }

  /** Reads `floats` words of a buffer (as f32; u32 buffers are reinterpreted by the caller). */
  private async read(buffer: GPUBuffer, floats: number): Promise<Float32Array> {
    return new Float32Array(await this.runtime.readback.read(buffer, floats * 4), 0, floats);
  }

  destroy(): void {
    this.runtime.destroy();
  }
}
