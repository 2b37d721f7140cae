/**
 * Continual learning on digits tasks, task after task, with four methods:
 *   - hlop: gradients projected off the frozen Hebbian subspaces of earlier tasks (hlop.ts);
 *   - baseline: plain sequential fine-tuning;
 *   - ewc: elastic weight consolidation (Kirkpatrick et al., PNAS 2017) with the diagonal
 *     empirical Fisher, summed over tasks, anchored at the weights after the last task;
 *   - multitask: one model trained on all tasks at once (the upper bound).
 * Metrics as in the HLOP paper: R[t][j] = test accuracy on task j after training task t,
 * ACC = mean_j R[T−1][j], BWT = mean_{j<T−1} (R[T−1][j] − R[j][j]).
 */
import { CounterRng } from '../random/threefry';
import { CLASSES, LEARNING_STREAMS, makeTasks, shuffle, splitDigits, type Digits, type Protocol, type Split, type Task } from './digits';
import { DEFAULT_SUBSPACE_OPTIONS, Subspace, orthonormalBasis, type SubspaceOptions } from './hlop';
import { DEFAULT_MLP, SpikingMlp, accumulateGradients, softmaxDelta, type MlpShape } from './spikingMlp';

export const METHODS = ['hlop', 'baseline', 'ewc', 'multitask'] as const;
export type Method = (typeof METHODS)[number];

export interface ContinualOptions {
  protocol: Protocol;
  tasks: number;
  method: Method;
  seed: number;
  epochs: number; // per task
  batch: number;
  learningRate: number; // SGD with momentum
  momentum: number;
  mlp: MlpShape;
  /** HLOP: subspace rows added per task for the input layer (n = the pixels) and the hidden layer (n = H). */
  inputRowsPerTask: number;
  hiddenRowsPerTask: number;
  subspace: SubspaceOptions;
  /**
   * η of the input layer's subspace when it differs from `subspace.learningRate`: the HLOP paper
   * uses 0.001 for a high-dimensional input layer (784 pixels), where 0.01 diverges.
   */
  inputSubspaceLearningRate?: number;
  /** EWC: penalty strength λ. */
  ewcLambda: number;
}

export const DEFAULT_CONTINUAL: Omit<ContinualOptions, 'protocol' | 'tasks' | 'method' | 'seed'> = {
  epochs: 10,
  batch: 32,
  learningRate: 0.05,
  momentum: 0.9,
  mlp: DEFAULT_MLP,
  inputRowsPerTask: 10,
  hiddenRowsPerTask: 30,
  subspace: DEFAULT_SUBSPACE_OPTIONS,
  ewcLambda: 500,
};

export interface SubspaceReport {
  /** [t][j], j ≤ t: fraction of task j's test activity energy inside the frozen subspace after task t (input layer, hidden layer). */
  capturedInput: number[][];
  capturedHidden: number[][];
  /** Cosines of the principal angles between the hidden-layer rows of task t and of task t − 1 (t ≥ 1). */
  principalCosines: number[][];
}

export interface ContinualResult {
  protocol: Protocol;
  method: Method;
  seed: number;
  tasks: number;
  /** R[t][j]; multitask has only the last row. */
  R: (number | null)[][];
  ACC: number;
  BWT: number | null;
  wallMs: number;
  subspace?: SubspaceReport;
}

export interface ContinualHooks {
  /** After each epoch: task index, fraction of that task done. */
  onProgress?: (task: number, fraction: number) => void;
  /** After each task: the row R[t] so far, the network (for rasters) and, for HLOP, the subspace report so far. */
  onTaskDone?: (task: number, row: number[], net: SpikingMlp, subspace?: SubspaceReport) => void;
  /** Lets a page breathe between epochs. */
  yieldEvery?: () => Promise<void>;
}

/** What trains the network: the CPU reference (`cpuTrainer`) or the WebGPU kernels (`webgpuTrainer`). */
export interface ContinualTrainer {
  readonly kind: 'cpu' | 'webgpu';
  /** Up to date after each task (HLOP only). */
  readonly inputSpace: Subspace | null;
  readonly hiddenSpace: Subspace | null;
  readonly blockStarts: number[];
  beginTask(t: number): void;
  /** Trains on the union of `tasks` for the configured epochs. */
  train(tasks: Task[], progressTask: number, hooks: ContinualHooks): Promise<void>;
  endTask(task: Task): Promise<void>;
  /** Test accuracy on each task, with its classes. */
  accuracies(tasks: Task[]): Promise<number[]>;
  /** The weights now, as a CPU network (for rasters and analyses). */
  network(): Promise<SpikingMlp>;
  destroy(): void;
}

export type TrainerFactory = (net: SpikingMlp, opts: ContinualOptions) => ContinualTrainer;

/** The input layer's subspace options (its own η if the options give one). */
export function inputSubspaceOptions(opts: ContinualOptions): SubspaceOptions {
  return { ...opts.subspace, learningRate: opts.inputSubspaceLearningRate ?? opts.subspace.learningRate };
}

export const cpuTrainer: TrainerFactory = (net, opts) => new CpuTrainer(net, opts);

/** Runs the tasks on `data`: a dataset split here (the digits), or already split into train and test (Fashion-MNIST). */
export async function runContinual(
  data: Digits | Split,
  opts: ContinualOptions,
  hooks: ContinualHooks = {},
  factory: TrainerFactory = cpuTrainer,
): Promise<ContinualResult> {
  const t0 = performance.now();
  const split = 'train' in data ? data : splitDigits(data, opts.seed);
  const tasks = makeTasks(opts.protocol, opts.tasks, split, opts.seed);
  const trainer = factory(new SpikingMlp(opts.mlp, opts.seed, split.train.inputs), opts);
  try {
    return await runTasks(tasks, trainer, opts, hooks, t0);
  } finally {
    trainer.destroy();
  }
}

async function runTasks(
  tasks: Task[],
  trainer: ContinualTrainer,
  opts: ContinualOptions,
  hooks: ContinualHooks,
  t0: number,
): Promise<ContinualResult> {
  const T = tasks.length;
  const R: (number | null)[][] = [];

  if (opts.method === 'multitask') {
    await trainer.train(tasks, 0, hooks);
    for (let t = 0; t < T - 1; t++) R.push(new Array(T).fill(null));
    const row = await trainer.accuracies(tasks);
    R.push(row);
    hooks.onTaskDone?.(T - 1, row, await trainer.network());
    return {
      protocol: opts.protocol,
      method: opts.method,
      seed: opts.seed,
      tasks: T,
      R,
      ACC: mean(row),
      BWT: null,
      wallMs: performance.now() - t0,
    };
  }

  const report: SubspaceReport = { capturedInput: [], capturedHidden: [], principalCosines: [] };
  for (const task of tasks) {
    trainer.beginTask(task.index);
    await trainer.train([task], task.index, hooks);
    await trainer.endTask(task);
    const row = await trainer.accuracies(tasks);
    R.push(row);
    const net = await trainer.network();
    if (opts.method === 'hlop') {
      report.capturedInput.push(tasks.slice(0, task.index + 1).map((tk) => trainer.inputSpace!.capturedEnergy(tk.test.x, tk.test.count)));
      report.capturedHidden.push(
        tasks.slice(0, task.index + 1).map((tk) => trainer.hiddenSpace!.capturedEnergy(hiddenRates(net, tk.test), tk.test.count)),
      );
      if (task.index > 0)
        report.principalCosines.push(
          principalCosines(
            trainer.hiddenSpace!,
            trainer.blockStarts[task.index - 1],
            trainer.blockStarts[task.index],
            trainer.blockStarts[task.index + 1],
          ),
        );
    }
    hooks.onTaskDone?.(task.index, row, net, opts.method === 'hlop' ? report : undefined);
  }
  const last = R[T - 1] as number[];
  const bwt = T > 1 ? mean(tasks.slice(0, T - 1).map((_, j) => last[j] - (R[j][j] as number))) : 0;
  return {
    protocol: opts.protocol,
    method: opts.method,
    seed: opts.seed,
    tasks: T,
    R,
    ACC: mean(last),
    BWT: bwt,
    wallMs: performance.now() - t0,
    ...(opts.method === 'hlop' ? { subspace: report } : {}),
  };
}

/** Hidden spike rates of every sample (B × H), the presynaptic activity of the readout. */
export function hiddenRates(net: SpikingMlp, d: Digits): Float64Array {
  const H = net.shape.hidden;
  const out = new Float64Array(d.count * H);
  const u = new Float64Array(H);
  const logits = new Float64Array(CLASSES);
  const n = d.inputs;
  for (let s = 0; s < d.count; s++) net.forward(d.x.subarray(s * n, (s + 1) * n), u, out.subarray(s * H, (s + 1) * H), logits);
  return out;
}

class CpuTrainer implements ContinualTrainer {
  readonly kind = 'cpu' as const;
  readonly inputSpace: Subspace | null;
  readonly hiddenSpace: Subspace | null;
  /** Hidden-subspace row where each task's block starts (and the end of the last). */
  readonly blockStarts: number[] = [0];
  private readonly v1: Float64Array;
  private readonly v2: Float64Array;
  private fisher1: Float64Array | null = null;
  private fisher2: Float64Array | null = null;
  private anchor1: Float64Array | null = null;
  private anchor2: Float64Array | null = null;

  constructor(
    readonly net: SpikingMlp,
    readonly opts: ContinualOptions,
  ) {
    const hlop = opts.method === 'hlop';
    this.inputSpace = hlop ? new Subspace(net.inputs, inputSubspaceOptions(opts)) : null;
    this.hiddenSpace = hlop ? new Subspace(net.shape.hidden, opts.subspace) : null;
    this.v1 = new Float64Array(net.W1.length);
    this.v2 = new Float64Array(net.W2.length);
  }

  beginTask(t: number): void {
    const rng = new CounterRng(this.opts.seed, LEARNING_STREAMS.subspace + t);
    this.inputSpace?.addRows(this.opts.inputRowsPerTask, rng);
    this.hiddenSpace?.addRows(this.opts.hiddenRowsPerTask, rng);
  }

  async accuracies(tasks: Task[]): Promise<number[]> {
    return tasks.map((tk) => this.net.accuracy(tk.test.x, tk.test.y, tk.test.count, tk.classes));
  }

  async network(): Promise<SpikingMlp> {
    return this.net;
  }

  destroy(): void {}

  async endTask(task: Task): Promise<void> {
    if (this.hiddenSpace) {
      this.blockStarts.push(this.hiddenSpace.m);
      this.inputSpace!.freeze();
      this.hiddenSpace.freeze();
    }
    if (this.opts.method === 'ewc') this.consolidate(task);
  }

  /** Trains on the union of `tasks` for the configured epochs. */
  async train(tasks: Task[], progressTask: number, hooks: ContinualHooks): Promise<void> {
    const { net, opts } = this;
    const H = net.shape.hidden;
    const samples = trainingSamples(tasks);
    const order = samples.map((_, k) => k);
    const w = new GradientWorkspace(net);
    const P = this.net.inputs;
    const X = new Float64Array(opts.batch * P);
    const A = new Float64Array(opts.batch * H);
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      shuffleForEpoch(order, opts.seed, progressTask, epoch);
      for (let start = 0; start < order.length; start += opts.batch) {
        const B = Math.min(opts.batch, order.length - start);
        const { g1, g2 } = w;
        g1.fill(0);
        g2.fill(0);
        for (let b = 0; b < B; b++) {
          const { task, row } = samples[order[start + b]];
          const x = task.train.x.subarray(row * P, (row + 1) * P);
          w.accumulate(x, task.train.y[row], task.classes);
          X.set(x, b * P);
          A.set(w.a, b * H);
        }
        for (let k = 0; k < g1.length; k++) g1[k] /= B;
        for (let k = 0; k < g2.length; k++) g2[k] /= B;
        if (this.fisher1) {
          for (let k = 0; k < g1.length; k++) g1[k] += opts.ewcLambda * this.fisher1[k] * (net.W1[k] - this.anchor1![k]);
          for (let k = 0; k < g2.length; k++) g2[k] += opts.ewcLambda * this.fisher2![k] * (net.W2[k] - this.anchor2![k]);
        }
        this.inputSpace?.projectGradient(g1, H);
        this.hiddenSpace?.projectGradient(g2, CLASSES);
        step(net.W1, g1, this.v1, opts);
        step(net.W2, g2, this.v2, opts);
        // The current task's subspace neurons learn from the same batch.
        this.inputSpace?.learn(X, B);
        this.hiddenSpace?.learn(A, B);
      }
      hooks.onProgress?.(progressTask, (epoch + 1) / opts.epochs);
      await hooks.yieldEvery?.();
    }
  }

  private consolidate(task: Task): void {
    const { net } = this;
    this.fisher1 ??= new Float64Array(net.W1.length);
    this.fisher2 ??= new Float64Array(net.W2.length);
    addFisher(net, task, this.fisher1, this.fisher2);
    this.anchor1 = net.W1.slice();
    this.anchor2 = net.W2.slice();
  }
}

/** EWC: adds a task's diagonal empirical Fisher (on up to 300 of its training samples) to f1, f2. */
export function addFisher(net: SpikingMlp, task: Task, f1: Float64Array, f2: Float64Array): void {
  const w = new GradientWorkspace(net);
  const count = Math.min(300, task.train.count);
  for (let s = 0; s < count; s++) {
    w.g1.fill(0);
    w.g2.fill(0);
    w.accumulate(task.train.x.subarray(s * task.train.inputs, (s + 1) * task.train.inputs), task.train.y[s], task.classes);
    for (let k = 0; k < w.g1.length; k++) f1[k] += (w.g1[k] * w.g1[k]) / count;
    for (let k = 0; k < w.g2.length; k++) f2[k] += (w.g2[k] * w.g2[k]) / count;
  }
}

/** Buffers for one sample's forward pass and loss gradient, added into g1, g2. */
class GradientWorkspace {
  readonly g1: Float64Array;
  readonly g2: Float64Array;
  readonly u: Float64Array;
  readonly a: Float64Array;
  private readonly logits = new Float64Array(CLASSES);
  private readonly delta = new Float64Array(CLASSES);

  constructor(private readonly net: SpikingMlp) {
    this.g1 = new Float64Array(net.W1.length);
    this.g2 = new Float64Array(net.W2.length);
    this.u = new Float64Array(net.shape.hidden);
    this.a = new Float64Array(net.shape.hidden);
  }

  accumulate(x: Float32Array, label: number, classes: number[]): void {
    this.net.forward(x, this.u, this.a, this.logits);
    softmaxDelta(this.logits, label, classes, this.delta);
    accumulateGradients(this.net, x, this.u, this.a, this.delta, this.g1, this.g2);
  }
}

export interface Sample {
  task: Task;
  row: number;
}

/** Every training sample of `tasks` (the union for multitask). */
export function trainingSamples(tasks: Task[]): Sample[] {
  return tasks.flatMap((task) => Array.from({ length: task.train.count }, (_, row) => ({ task, row })));
}

/** The sample order of one epoch: the same on every backend. */
export function shuffleForEpoch(order: number[], seed: number, task: number, epoch: number): void {
  shuffle(order, new CounterRng(seed, LEARNING_STREAMS.order + 1000 * task + epoch));
}

/** Bit mask of a task's classes (its output head). */
export function classMask(task: Task): number {
  return task.classes.reduce((m, c) => m | (1 << c), 0);
}

function step(W: Float64Array, g: Float64Array, v: Float64Array, opts: ContinualOptions): void {
  for (let k = 0; k < W.length; k++) {
    v[k] = opts.momentum * v[k] + g[k];
    W[k] -= opts.learningRate * v[k];
  }
}

function mean(a: number[]): number {
  return a.reduce((s, x) => s + x, 0) / a.length;
}

/** Cosines of the principal angles between row blocks [a0, a1) and [b0, b1) of a subspace (singular values of A Bᵀ). */
export function principalCosines(s: Subspace, a0: number, a1: number, b1: number): number[] {
  const n = s.n;
  const rowsA = a1 - a0;
  const rowsB = b1 - a1;
  if (rowsA === 0 || rowsB === 0) return [];
  const orth = (from: number, to: number) => orthonormalBasis(s.rows.slice(from * n, to * n), to - from, n);
  const A = orth(a0, a1);
  const B = orth(a1, b1);
  // M = A Bᵀ (rowsA × rowsB); singular values = sqrt(eig(M Mᵀ)).
  const M = new Float64Array(rowsA * rowsB);
  for (let i = 0; i < rowsA; i++)
    for (let j = 0; j < rowsB; j++) {
      let d = 0;
      for (let k = 0; k < n; k++) d += A[i * n + k] * B[j * n + k];
      M[i * rowsB + j] = d;
    }
  const S = new Float64Array(rowsA * rowsA);
  for (let i = 0; i < rowsA; i++)
    for (let j = 0; j < rowsA; j++) {
      let d = 0;
      for (let k = 0; k < rowsB; k++) d += M[i * rowsB + k] * M[j * rowsB + k];
      S[i * rowsA + j] = d;
    }
  return symmetricEigenvalues(S, rowsA)
    .map((e) => Math.sqrt(Math.max(0, e)))
    .sort((x, y) => y - x)
    .slice(0, Math.min(rowsA, rowsB));
}

/** Eigenvalues of a symmetric k × k matrix (cyclic Jacobi rotations). */
export function symmetricEigenvalues(S: Float64Array, k: number): number[] {
  const a = S.slice();
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < k; p++) for (let q = p + 1; q < k; q++) off += a[p * k + q] ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < k; p++)
      for (let q = p + 1; q < k; q++) {
        const apq = a[p * k + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * k + q] - a[p * k + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < k; r++) {
          const arp = a[r * k + p];
          const arq = a[r * k + q];
          a[r * k + p] = c * arp - s * arq;
          a[r * k + q] = s * arp + c * arq;
        }
        for (let r = 0; r < k; r++) {
          const apr = a[p * k + r];
          const aqr = a[q * k + r];
          a[p * k + r] = c * apr - s * aqr;
          a[q * k + r] = s * apr + c * aqr;
        }
      }
  }
  return Array.from({ length: k }, (_, i) => a[i * k + i]);
}
