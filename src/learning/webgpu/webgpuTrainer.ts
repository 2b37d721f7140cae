/**
 * Continual learning on the GPU: every batch step runs in WGSL — the spiking forward pass, the
 * DSR gradients, HLOP's gradient projection, momentum SGD (with the EWC penalty) and HLOP's
 * lateral Hebbian updates — one submit per batch, no readback while a task trains. Between tasks
 * the subspace rows and weights are read back (for the reports and, for EWC, the Fisher, which is
 * computed by the CPU twin from the GPU weights), and so is a checkpoint for the CPU to go on from
 * if the device is lost (`runContinual` does that). The weights are read after every epoch to
 * stop a diverged run there.
 */
import { type Digits, type Task } from '../digits';
import { Subspace } from '../hlop';
import { SpikingMlp } from '../spikingMlp';
import {
  addFisher,
  addTaskRows,
  checkWeightsFinite,
  classMask,
  epochLabel,
  makeSpaces,
  shuffleForEpoch,
  trainingSamples,
  type ContinualHooks,
  type ContinualOptions,
  type ContinualTrainer,
  type TrainerCheckpoint,
  type TrainerFactory,
} from '../continual';
import { LearningBuffers, SubspaceBuffers } from './learningBuffers';
import { DeviceLostError } from '../../gpu/errors';
import { GpuRuntime } from '../../gpu/gpuRuntime';
import {
  HiddenDeltaPass,
  HlopLateralPass,
  HlopProjectionPass,
  LearningForwardPass,
  LearningReadoutPass,
  SgdPass,
  WeightGradientPass,
} from './learningPasses';

/** Test sets are evaluated in chunks of this many samples. */
const EVAL_CHUNK = 512;

export function webgpuTrainer(device: GPUDevice): TrainerFactory {
  return (net, opts) => {
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
  /** One per weight matrix (HLOP only), beside `spaces`. */
  private readonly gpuSpaces: SubspaceBuffers[];
  /** Every hidden layer's forward pass, then the readout. */
  private readonly inference: { run(pass: GPUComputePassEncoder): void }[];
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
    const b = (this.b = new LearningBuffers(runtime, initial.sizes, Math.max(opts.batch, EVAL_CHUNK), opts.mlp.steps));
    b.weights.forEach((w, k) => {
      device.queue.writeBuffer(w.W, 0, Float32Array.from(initial.weights[k]));
      for (const buf of [w.V, w.F, w.anchor]) device.queue.writeBuffer(buf, 0, new Float32Array(buf.size / 4));
    });
    this.spaces = opts.method === 'hlop' ? makeSpaces(initial, opts) : null;
    this.gpuSpaces = (this.spaces ?? []).map(
      (space, k) => new SubspaceBuffers(runtime, `layer ${k}`, space.n, initial.sizes[k + 1], b.maxBatch, space.opts),
    );
    const L = b.layers.length;
    this.inference = [...b.layers.map((_, l) => new LearningForwardPass(b, l)), new LearningReadoutPass(b)];
    // Forward, then the errors from the top down, then every weight matrix's gradient.
    this.training = [...this.inference];
    for (let l = L - 1; l >= 0; l--) this.training.push(new HiddenDeltaPass(b, l));
    b.weights.forEach((_, k) => this.training.push(new WeightGradientPass(b, k)));
    this.gpuSpaces.forEach((s, k) =>
      this.training.push(new HlopProjectionPass(s, b.weights[k].G, 0), new HlopProjectionPass(s, b.weights[k].G, 1)),
    );
    b.weights.forEach((_, k) => this.training.push(new SgdPass(b, k)));
    const presynaptic = (k: number) => (k === 0 ? b.X : b.layers[k - 1].A);
    const lateral = this.gpuSpaces.flatMap((s, k) => ([0, 1, 2] as const).map((stage) => new HlopLateralPass(s, presynaptic(k), stage)));
    for (let it = 0; it < opts.subspace.iterations && lateral.length; it++) this.training.push(...lateral);
  }

  beginTask(t: number): void {
    if (!this.spaces) return;
    // The same seeded orthonormal start as the CPU twin.
    addTaskRows(this.spaces, this.opts, t);
    this.spaces.forEach((space, k) => {
      const gpu = this.gpuSpaces[k];
      gpu.rows = space.m;
      gpu.frozen = space.frozen;
      this.device.queue.writeBuffer(gpu.H, 0, Float32Array.from(space.rows));
      this.device.queue.writeBuffer(gpu.velocity, 0, new Float32Array(space.m * space.n));
    });
  }

  /** Uploads samples (data set, row, class mask) as the batch: pixels, and label | mask << 8. */
  private writeBatch(samples: { data: Digits; row: number; mask: number }[]): void {
    const n = samples.length;
    const P = this.b.sizes[0];
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
    for (const s of this.gpuSpaces) s.writeParams(batch);
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
      this.throwIfFailed();
      checkWeightsFinite(await this.weights(), epochLabel(tasks, progressTask, epoch));
      hooks.onProgress?.(progressTask, (epoch + 1) / opts.epochs);
      await hooks.yieldEvery?.();
    }
    await Promise.all(checks);
    this.throwIfFailed();
  }

  /** A lost device as a DeviceLostError (the run goes on on the CPU); a rejected pass as what it is. */
  private throwIfFailed(): void {
    const failure = this.runtime.failure();
    if (failure instanceof DeviceLostError) throw failure;
    if (failure) throw new Error(`a training pass failed: ${failure.message}`);
  }

  async endTask(task: Task): Promise<void> {
    if (this.spaces) {
      for (let k = 0; k < this.spaces.length; k++) {
        const space = this.spaces[k];
        space.rows = Float64Array.from(await this.read(this.gpuSpaces[k].H, space.m * space.n));
        space.freeze();
        this.gpuSpaces[k].frozen = space.frozen;
      }
      this.blockStarts.push(this.spaces.at(-1)!.m);
    }
    if (this.opts.method === 'ewc') {
      const net = await this.network();
      this.fisher ??= net.weights.map((W) => new Float64Array(W.length));
      addFisher(net, task, this.fisher, this.opts);
      const q = this.device.queue;
      const enc = this.device.createCommandEncoder({ label: 'WebGpuTrainer.anchor' });
      this.b.weights.forEach((w, k) => {
        q.writeBuffer(w.F, 0, Float32Array.from(this.fisher![k]));
        enc.copyBufferToBuffer(w.W, 0, w.anchor, 0, w.W.size);
      });
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
        for (const p of this.inference) p.run(pass);
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
    (await this.weights()).forEach((W, k) => net.weights[k].set(W));
    net.weightsEdited();
    return net;
  }

  async checkpoint(tasksDone: number): Promise<TrainerCheckpoint> {
    const words = this.b.weights.map((w) => w.nIn * w.nOut);
    const readAll = async (pick: (k: number) => GPUBuffer) => {
      const out: Float64Array[] = [];
      for (let k = 0; k < words.length; k++) out.push(Float64Array.from(await this.read(pick(k), words[k])));
      return out;
    };
    const weights = await readAll((k) => this.b.weights[k].W);
    return {
      tasksDone,
      weights,
      velocity: await readAll((k) => this.b.weights[k].V),
      spaces: this.spaces?.map((s) => s.clone()) ?? null, // up to date after endTask
      blockStarts: [...this.blockStarts],
      fisher: this.fisher?.map((F) => F.slice()) ?? null,
      anchor: this.fisher ? await readAll((k) => this.b.weights[k].anchor) : null,
    };
  }

  /** Every weight matrix as it is now, input side first. */
  private async weights(): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (const w of this.b.weights) out.push(await this.read(w.W, w.nIn * w.nOut));
    return out;
  }

  /** Reads `floats` words of a buffer (as f32; u32 buffers are reinterpreted by the caller); a failed read names its cause, a lost device as such. */
  private async read(buffer: GPUBuffer, floats: number): Promise<Float32Array> {
    try {
      return new Float32Array(await this.runtime.readback.read(buffer, floats * 4), 0, floats);
    } catch (e) {
      throw this.runtime.readFailure(e);
    }
  }

  destroy(): void {
    this.runtime.destroy();
  }
}
