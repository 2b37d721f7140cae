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
import { DeviceLostError } from '../gpu/errors';
import { CounterRng } from '../random/threefry';
import { accumulateAtB } from './dense';
import { CLASSES, LEARNING_STREAMS, makeTasks, shuffle, splitDigits, type Digits, type Protocol, type Split, type Task } from './digits';
import { DEFAULT_SUBSPACE_OPTIONS, Subspace, orthonormalBasis, type SubspaceOptions } from './hlop';
import { Activations, DEFAULT_MLP, SpikingMlp, backpropagate, softmaxDelta, type MlpShape } from './spikingMlp';

/** The CPU trainer hands the page a turn (`yieldEvery`) after this much work. */
const YIELD_AFTER_MS = 50;
/** Subspace reports use at most this many test samples of each task. */
const REPORT_SAMPLES = 500;

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
  /** HLOP: how many subspace rows each weight matrix's presynaptic space gains per task. */
  subspaceRows: SubspaceSchedule;
  subspace: SubspaceOptions;
  /** η of each weight matrix's subspace (input side first) where it differs from `subspace.learningRate`. */
  subspaceLearningRates?: number[];
  /** EWC: penalty strength λ. */
  ewcLambda: number;
}

/**
 * Rows per task, one entry per weight matrix (input side first): `initial[k]` for task 0, then
 * `increment[k]`, less `shrinkBy` after every `shrinkEvery` tasks (never below 0), as in HLOP's
 * permuted-MNIST script.
 */
export interface SubspaceSchedule {
  initial: number[];
  increment: number[];
  shrinkEvery: number;
  shrinkBy: number;
}

export function subspaceRowsForTask(s: SubspaceSchedule, task: number, layer: number): number {
  if (task === 0) return s.initial[layer];
  const shrink = s.shrinkBy > 0 && s.shrinkEvery > 0 ? s.shrinkBy * Math.floor(task / s.shrinkEvery) : 0;
  return Math.max(0, s.increment[layer] - shrink);
}

export type ContinualPreset = Omit<ContinualOptions, 'protocol' | 'tasks' | 'method' | 'seed'>;

/** The digits network: 64 → 200 → 10, 10 epochs per task. */
export const DEFAULT_CONTINUAL: ContinualPreset = {
  epochs: 10,
  batch: 32,
  learningRate: 0.05,
  momentum: 0.9,
  mlp: DEFAULT_MLP,
  subspaceRows: { initial: [10, 30], increment: [10, 30], shrinkEvery: 0, shrinkBy: 0 },
  subspace: DEFAULT_SUBSPACE_OPTIONS,
  ewcLambda: 500,
};

/**
 * HLOP's permuted-MNIST network and schedule (Xiao et al. 2024; HLOP-SNN's spiking_train_pmnist.py
 * and models/spiking_mlp_hlop.py): 784 → 800 → 800 → 10, T = 20, one epoch per task, batch 64,
 * SGD at 0.1 without momentum; subspaces of 80, 200 and 100 rows for task 0, then 70 per task, 20
 * fewer after every 3 tasks; Hebbian η 0.001 on the input and 0.01 on the hidden spaces. That code's
 * lateral momentum is v ← 0.9v + 0.1g, ours v ← 0.9v + g, so our η is theirs ÷ 10.
 * Deviations: integrate-and-fire neurons with a fixed θ = 1 (the script's default is LIF with a
 * trained threshold), and the 10,000-image Fashion-MNIST subset in place of MNIST.
 */
export const HLOP_PAPER_PERMUTED: ContinualPreset = {
  epochs: 1,
  batch: 64,
  learningRate: 0.1,
  momentum: 0,
  mlp: { hidden: [800, 800], steps: 20, threshold: 1 },
  subspaceRows: { initial: [80, 200, 100], increment: [70, 70, 70], shrinkEvery: 3, shrinkBy: 20 },
  subspace: DEFAULT_SUBSPACE_OPTIONS,
  subspaceLearningRates: [0.0001, 0.001, 0.001],
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
  /** The backend that trained each task (one entry for multitask): 'cpu' after a lost GPU device. */
  trainedOn: ('cpu' | 'webgpu')[];
}

export interface ContinualHooks {
  /** After each epoch: task index, fraction of that task done. */
  onProgress?: (task: number, fraction: number) => void;
  /** After each task: the row R[t] so far, the network (for rasters) and, for HLOP, the subspace report so far. */
  onTaskDone?: (task: number, row: (number | null)[], net: SpikingMlp, subspace?: SubspaceReport) => void;
  /** Lets a page breathe between epochs. */
  yieldEvery?: () => Promise<void>;
  /**
   * The GPU device was lost while training `task` (multitask: its one run): that task is trained
   * again on the CPU reference, from the checkpoint after the task before it (or the initial weights).
   */
  onDeviceLost?: (task: number, error: DeviceLostError) => void;
}

/**
 * Everything a trainer carries from one task to the next, on the CPU: a run resumes from it on
 * the CPU reference after a lost GPU device.
 */
export interface TrainerCheckpoint {
  /** Tasks finished: the next task to train. */
  tasksDone: number;
  /** One per weight matrix, input side first. */
  weights: Float64Array[];
  /** SGD momentum of each weight matrix. */
  velocity: Float64Array[];
  /** HLOP's subspaces (copies), all rows frozen. */
  spaces: Subspace[] | null;
  blockStarts: number[];
  /** EWC once a task is consolidated: the summed Fisher and the anchor weights. */
  fisher: Float64Array[] | null;
  anchor: Float64Array[] | null;
}

/** Training went non-finite: names what (a weight matrix, a subspace) and when (epoch and task). */
export class TrainingDivergedError extends Error {
  constructor(
    readonly what: string,
    readonly when: string,
  ) {
    super(
      `training diverged: ${what} holds a non-finite value (NaN or ±Inf) after ${when}; the accuracies of the tasks finished before it are kept`,
    );
    this.name = 'TrainingDivergedError';
  }
}

/** "input → hidden 1", …, "hidden L → readout": weight matrix k of a network with `layers` hidden layers. */
export function weightMatrixName(k: number, layers: number): string {
  return `${k === 0 ? 'input' : `hidden ${k}`} → ${k === layers ? 'readout' : `hidden ${k + 1}`}`;
}

/** Throws a TrainingDivergedError naming the first weight matrix with a non-finite entry. */
export function checkWeightsFinite(weights: ArrayLike<number>[], when: string): void {
  const k = weights.findIndex((W) => !allFinite(W));
  if (k >= 0) throw new TrainingDivergedError(`the weights ${weightMatrixName(k, weights.length - 1)}`, when);
}

/** When a trainer's epoch ended, in words. */
export function epochLabel(tasks: Task[], progressTask: number, epoch: number): string {
  return `epoch ${epoch + 1} of ${tasks.length > 1 ? 'the multitask training' : `task ${progressTask}`}`;
}

function allFinite(a: ArrayLike<number>): boolean {
  let sum = 0;
  for (let q = 0; q < a.length; q++) sum += a[q] * 0; // 0 · x is NaN iff x is NaN or ±Inf
  return sum === 0;
}

/** What trains the network: the CPU reference (`cpuTrainer`) or the WebGPU kernels (`webgpuTrainer`). */
export interface ContinualTrainer {
  readonly kind: 'cpu' | 'webgpu';
  /** One per weight matrix, input side first; up to date after each task (HLOP only). */
  readonly spaces: Subspace[] | null;
  /** Where each task's rows start in the readout's subspace (and the end of the last). */
  readonly blockStarts: number[];
  beginTask(t: number): void;
  /** Trains on the union of `tasks` for the configured epochs. */
  train(tasks: Task[], progressTask: number, hooks: ContinualHooks): Promise<void>;
  endTask(task: Task): Promise<void>;
  /** Test accuracy on each task, with its classes. */
  accuracies(tasks: Task[]): Promise<number[]>;
  /** The weights now, as a CPU network (for rasters and analyses). */
  network(): Promise<SpikingMlp>;
  /** The state after `tasksDone` tasks (call between tasks), copied to the CPU. */
  checkpoint(tasksDone: number): Promise<TrainerCheckpoint>;
  destroy(): void;
}

export type TrainerFactory = (net: SpikingMlp, opts: ContinualOptions) => ContinualTrainer;

/** The subspace options of weight matrix k (its own η if the options give one). */
export function subspaceOptions(opts: ContinualOptions, k: number): SubspaceOptions {
  return { ...opts.subspace, learningRate: opts.subspaceLearningRates?.[k] ?? opts.subspace.learningRate };
}

export const cpuTrainer: TrainerFactory = (net, opts) => new CpuTrainer(net, opts);

/** A CPU trainer that goes on from a checkpoint (its arrays are copied). */
export function cpuTrainerFrom(checkpoint: TrainerCheckpoint, opts: ContinualOptions, inputs: number): ContinualTrainer {
  const net = new SpikingMlp(opts.mlp, opts.seed, inputs);
  checkpoint.weights.forEach((W, k) => net.weights[k].set(W));
  net.weightsEdited();
  return new CpuTrainer(net, opts, checkpoint);
}

/** The checkpoint before task 0: the initial weights, no momentum, empty subspaces. */
export function initialCheckpoint(net: SpikingMlp, opts: ContinualOptions): TrainerCheckpoint {
  return {
    tasksDone: 0,
    weights: net.weights.map((W) => W.slice()),
    velocity: net.weights.map((W) => new Float64Array(W.length)),
    spaces: opts.method === 'hlop' ? makeSpaces(net, opts) : null,
    blockStarts: [0],
    fisher: null,
    anchor: null,
  };
}

/** Refuses options that cannot train, naming the field. */
export function checkContinualOptions(opts: ContinualOptions): void {
  const fail = (field: string, expected: string, got: unknown) => {
    throw new Error(`continual options: ${field}: expected ${expected}, got ${String(got)}`);
  };
  const whole = (field: string, v: number, min: number) => {
    if (!Number.isInteger(v) || v < min) fail(field, `a whole number ≥ ${min}`, v);
  };
  whole('tasks', opts.tasks, 1);
  whole('epochs', opts.epochs, 1);
  whole('batch', opts.batch, 1);
  whole('seed', opts.seed, 0);
  if (!(opts.learningRate > 0 && Number.isFinite(opts.learningRate))) fail('learningRate', 'a finite number > 0', opts.learningRate);
  if (!(opts.momentum >= 0 && opts.momentum < 1)) fail('momentum', 'a number in [0, 1)', opts.momentum);
  if (!(opts.ewcLambda >= 0 && Number.isFinite(opts.ewcLambda))) fail('ewcLambda', 'a finite number ≥ 0', opts.ewcLambda);
  if (!(opts.mlp.threshold > 0 && Number.isFinite(opts.mlp.threshold))) fail('mlp.threshold', 'a finite number > 0', opts.mlp.threshold);
  whole('mlp.steps', opts.mlp.steps, 1);
}

/** Runs the tasks on `data`: a dataset split here (the digits), or already split into train and test (Fashion-MNIST). */
export async function runContinual(
  data: Digits | Split,
  opts: ContinualOptions,
  hooks: ContinualHooks = {},
  factory: TrainerFactory = cpuTrainer,
): Promise<ContinualResult> {
  checkContinualOptions(opts);
  const t0 = performance.now();
  const split = 'train' in data ? data : splitDigits(data, opts.seed);
  const tasks = makeTasks(opts.protocol, opts.tasks, split, opts.seed);
  const net = new SpikingMlp(opts.mlp, opts.seed, split.train.inputs);
  const start = initialCheckpoint(net, opts); // before the trainer: the CPU trainer trains `net` in place
  const training = new Training(factory(net, opts), start, opts.method === 'multitask' ? 1 : tasks.length, hooks, (checkpoint) =>
    cpuTrainerFrom(checkpoint, opts, split.train.inputs),
  );
  try {
    return await runTasks(tasks, training, opts, hooks, t0);
  } finally {
    training.trainer.destroy();
  }
}

/**
 * The trainer a run is on, and where it goes on when that trainer's GPU device is lost: a CPU
 * trainer resumed from the checkpoint after the last finished task, which trains the lost task again.
 */
class Training {
  private saved: TrainerCheckpoint;

  constructor(
    public trainer: ContinualTrainer,
    start: TrainerCheckpoint,
    private readonly stages: number,
    private readonly hooks: ContinualHooks,
    private readonly resume: (checkpoint: TrainerCheckpoint) => ContinualTrainer,
  ) {
    this.saved = start;
  }

  /** Runs stage `index` (a task; multitask has one stage) with `work`, again on the CPU after a lost device; then checkpoints a GPU trainer. */
  async stage<T>(index: number, work: (trainer: ContinualTrainer) => Promise<T>): Promise<T> {
    try {
      const result = await work(this.trainer);
      if (this.trainer.kind === 'webgpu' && index + 1 < this.stages) this.saved = await this.trainer.checkpoint(index + 1);
      return result;
    } catch (e) {
      if (!(e instanceof DeviceLostError) || this.trainer.kind === 'cpu') throw e;
      this.trainer.destroy();
      this.trainer = this.resume(this.saved);
      this.hooks.onDeviceLost?.(index, e);
      return await work(this.trainer);
    }
  }
}

async function runTasks(
  tasks: Task[],
  training: Training,
  opts: ContinualOptions,
  hooks: ContinualHooks,
  t0: number,
): Promise<ContinualResult> {
  const T = tasks.length;
  const R: (number | null)[][] = [];
  const trainedOn: ('cpu' | 'webgpu')[] = [];

  if (opts.method === 'multitask') {
    const { row, net } = await training.stage(0, async (trainer) => {
      await trainer.train(tasks, 0, hooks);
      return { row: await trainer.accuracies(tasks), net: await trainer.network() };
    });
    trainedOn.push(training.trainer.kind);
    for (let t = 0; t < T - 1; t++) R.push(new Array(T).fill(null));
    R.push(row);
    hooks.onTaskDone?.(T - 1, row, net);
    return {
      protocol: opts.protocol,
      method: opts.method,
      seed: opts.seed,
      tasks: T,
      R,
      ACC: mean(row),
      BWT: null,
      wallMs: performance.now() - t0,
      trainedOn,
    };
  }

  const report: SubspaceReport = { capturedInput: [], capturedHidden: [], principalCosines: [] };
  for (const task of tasks) {
    // Tasks not yet trained are not tested (R[t][j] for j > t is not part of ACC or BWT).
    const seen = tasks.slice(0, task.index + 1);
    const { row, net } = await training.stage(task.index, async (trainer) => {
      trainer.beginTask(task.index);
      await trainer.train([task], task.index, hooks);
      await trainer.endTask(task);
      checkSubspacesFinite(trainer.spaces, task.index);
      const row: (number | null)[] = [...(await trainer.accuracies(seen)), ...new Array(T - seen.length).fill(null)];
      return { row, net: await trainer.network() };
    });
    const trainer = training.trainer;
    trainedOn.push(trainer.kind);
    R.push(row);
    if (opts.method === 'hlop') {
      const spaces = trainer.spaces!;
      const readoutSpace = spaces.at(-1)!;
      const few = seen.map((tk) => firstSamples(tk.test, REPORT_SAMPLES));
      report.capturedInput.push(few.map((d) => spaces[0].capturedEnergy(d.x, d.count)));
      report.capturedHidden.push(few.map((d) => readoutSpace.capturedEnergy(hiddenRates(net, d), d.count)));
      if (task.index > 0)
        report.principalCosines.push(
          principalCosines(
            readoutSpace,
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
    trainedOn,
  };
}

/** HLOP's subspace rows after a task: a non-finite row stops the run, naming the layer. */
function checkSubspacesFinite(spaces: Subspace[] | null, task: number): void {
  const k = spaces?.findIndex((s) => !allFinite(s.rows)) ?? -1;
  if (k >= 0) throw new TrainingDivergedError(`the HLOP subspace over the ${k === 0 ? 'input' : `hidden ${k}`} rates`, `task ${task}`);
}

/** The last hidden layer's spike rates for every sample (B × H), the presynaptic activity of the readout. */
export function hiddenRates(net: SpikingMlp, d: Digits): Float64Array {
  const H = net.shape.hidden.at(-1)!;
  const out = new Float64Array(d.count * H);
  const act = new Activations(net.shape);
  const n = d.inputs;
  for (let s = 0; s < d.count; s++) {
    net.forward(d.x.subarray(s * n, (s + 1) * n), act);
    out.set(act.a[net.layers - 1], s * H);
  }
  return out;
}

/** The first `count` samples of a data set (a view). */
function firstSamples(d: Digits, count: number): Digits {
  const c = Math.min(count, d.count);
  return { x: d.x.subarray(0, c * d.inputs), y: d.y.subarray(0, c), count: c, inputs: d.inputs };
}

class CpuTrainer implements ContinualTrainer {
  readonly kind = 'cpu' as const;
  readonly spaces: Subspace[] | null;
  /** Readout-subspace row where each task's block starts (and the end of the last). */
  readonly blockStarts: number[] = [0];
  private readonly velocity: Float64Array[];
  private fisher: Float64Array[] | null = null;
  private anchor: Float64Array[] | null = null;

  /** Trains `net` in place; from `resumed` (copied) when given, which must match `net`'s weights. */
  constructor(
    readonly net: SpikingMlp,
    readonly opts: ContinualOptions,
    resumed?: TrainerCheckpoint,
  ) {
    if (resumed) {
      this.spaces = resumed.spaces?.map((s) => s.clone()) ?? null;
      this.velocity = resumed.velocity.map((v) => v.slice());
      this.blockStarts = [...resumed.blockStarts];
      this.fisher = resumed.fisher?.map((F) => F.slice()) ?? null;
      this.anchor = resumed.anchor?.map((A) => A.slice()) ?? null;
    } else {
      this.spaces = opts.method === 'hlop' ? makeSpaces(net, opts) : null;
      this.velocity = net.weights.map((W) => new Float64Array(W.length));
    }
  }

  async checkpoint(tasksDone: number): Promise<TrainerCheckpoint> {
    return {
      tasksDone,
      weights: this.net.weights.map((W) => W.slice()),
      velocity: this.velocity.map((v) => v.slice()),
      spaces: this.spaces?.map((s) => s.clone()) ?? null,
      blockStarts: [...this.blockStarts],
      fisher: this.fisher?.map((F) => F.slice()) ?? null,
      anchor: this.anchor?.map((A) => A.slice()) ?? null,
    };
  }

  beginTask(t: number): void {
    if (this.spaces) addTaskRows(this.spaces, this.opts, t);
  }

  async accuracies(tasks: Task[]): Promise<number[]> {
    return tasks.map((tk) => this.net.accuracy(tk.test.x, tk.test.y, tk.test.count, tk.classes));
  }

  async network(): Promise<SpikingMlp> {
    return this.net;
  }

  destroy(): void {}

  async endTask(task: Task): Promise<void> {
    if (this.spaces) {
      this.blockStarts.push(this.spaces.at(-1)!.m);
      for (const s of this.spaces) s.freeze();
    }
    if (this.opts.method === 'ewc') this.consolidate(task);
  }

  /** Trains on the union of `tasks` for the configured epochs. */
  async train(tasks: Task[], progressTask: number, hooks: ContinualHooks): Promise<void> {
    const { net, opts } = this;
    const samples = trainingSamples(tasks);
    const order = samples.map((_, k) => k);
    const batch = new BatchGradient(net, opts.batch);
    let lastYield = performance.now();
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      shuffleForEpoch(order, opts.seed, progressTask, epoch);
      for (let start = 0; start < order.length; start += opts.batch) {
        const B = Math.min(opts.batch, order.length - start);
        for (let b = 0; b < B; b++) {
          const { task, row } = samples[order[start + b]];
          batch.sample(b, task.train.x.subarray(row * net.inputs, (row + 1) * net.inputs), task.train.y[row], task.classes);
        }
        const grads = batch.gradients(B, this.spaces);
        for (let k = 0; k < grads.length; k++) {
          const g = grads[k];
          if (this.fisher) {
            const F = this.fisher[k];
            const A = this.anchor![k];
            const W = net.weights[k];
            for (let q = 0; q < g.length; q++) g[q] += opts.ewcLambda * F[q] * (W[q] - A[q]);
          }
          step(net.weights[k], g, this.velocity[k], opts);
        }
        net.weightsEdited();
        // The current task's subspace neurons learn from the same batch.
        if (this.spaces) for (let k = 0; k < this.spaces.length; k++) this.spaces[k].learn(batch.presynaptic[k], B);
        if (hooks.yieldEvery && performance.now() - lastYield > YIELD_AFTER_MS) {
          await hooks.yieldEvery();
          lastYield = performance.now();
        }
      }
      checkWeightsFinite(net.weights, epochLabel(tasks, progressTask, epoch));
      hooks.onProgress?.(progressTask, (epoch + 1) / opts.epochs);
    }
  }

  private consolidate(task: Task): void {
    const { net } = this;
    this.fisher ??= net.weights.map((W) => new Float64Array(W.length));
    addFisher(net, task, this.fisher, this.opts);
    this.anchor = net.weights.map((W) => W.slice());
  }
}

/** The subspaces of an HLOP run: one on the presynaptic space of each weight matrix, with its η. */
export function makeSpaces(net: SpikingMlp, opts: ContinualOptions): Subspace[] {
  return net.sizes.slice(0, -1).map((n, k) => new Subspace(n, subspaceOptions(opts, k)));
}

/** Adds task t's rows to every subspace, from the same seeded stream on every backend. */
export function addTaskRows(spaces: Subspace[], opts: ContinualOptions, t: number): void {
  const rng = new CounterRng(opts.seed, LEARNING_STREAMS.subspace + t);
  spaces.forEach((s, k) => s.addRows(subspaceRowsForTask(opts.subspaceRows, t, k), rng));
}

/**
 * EWC: adds a task's diagonal empirical Fisher (on up to 300 of its training samples) to `fisher`
 * (one per weight matrix), each entry capped at 1/(η λ): the penalty's stiffness λF then never
 * exceeds 1/η, so one SGD step cannot overshoot the anchor (with λ = 500 at η = 0.1 the uncapped
 * penalty diverges).
 */
export function addFisher(
  net: SpikingMlp,
  task: Task,
  fisher: Float64Array[],
  opts: Pick<ContinualOptions, 'learningRate' | 'ewcLambda'>,
): void {
  const cap = 1 / (opts.learningRate * opts.ewcLambda);
  const count = Math.min(300, task.train.count);
  const one = new BatchGradient(net, 1);
  for (let s = 0; s < count; s++) {
    one.sample(0, task.train.x.subarray(s * task.train.inputs, (s + 1) * task.train.inputs), task.train.y[s], task.classes);
    one.gradients(1, null).forEach((g, k) => {
      const F = fisher[k];
      for (let q = 0; q < g.length; q++) F[q] += (g[q] * g[q]) / count;
    });
  }
  for (const F of fisher) for (let q = 0; q < F.length; q++) F[q] = Math.min(F[q], cap);
}

/**
 * A batch's samples (presynaptic rates and errors of every layer) and its mean loss gradient per
 * weight matrix: G_k = (1/B) Δ_kᵀ X_k, X_k the presynaptic rates (B × n_k), Δ_k the errors (B × out_k).
 * HLOP's projection G_k ← G_k (I − H_oldᵀ H_old) is applied to whichever side is smaller: to G_k,
 * or to the rows of X_k before the product (the same matrix, fewer operations when out_k > B).
 */
export class BatchGradient {
  /** presynaptic[k]: B × sizes[k] (the input pixels, then each hidden layer's rates). */
  readonly presynaptic: Float64Array[];
  readonly errors: Float64Array[];
  readonly grads: Float64Array[];
  private readonly act: Activations;
  private readonly deltas: Float64Array[];
  private readonly outputDelta = new Float64Array(CLASSES);

  constructor(
    private readonly net: SpikingMlp,
    readonly maxBatch: number,
  ) {
    const sizes = net.sizes;
    this.presynaptic = sizes.slice(0, -1).map((n) => new Float64Array(maxBatch * n));
    this.errors = sizes.slice(1).map((n) => new Float64Array(maxBatch * n));
    this.grads = net.weights.map((W) => new Float64Array(W.length));
    this.act = new Activations(net.shape);
    this.deltas = sizes.slice(1).map((n) => new Float64Array(n));
  }

  /** Forward and backward pass of sample b of the batch. */
  sample(b: number, x: Float32Array, label: number, classes: number[]): void {
    const { net, act } = this;
    net.forward(x, act);
    softmaxDelta(act.logits, label, classes, this.outputDelta);
    backpropagate(net, act, this.outputDelta, this.deltas);
    this.presynaptic[0].set(x, b * net.inputs);
    for (let l = 0; l < net.layers; l++) this.presynaptic[l + 1].set(act.a[l], b * act.a[l].length);
    for (let k = 0; k < this.deltas.length; k++) this.errors[k].set(this.deltas[k], b * this.deltas[k].length);
  }

  /** The mean gradients over samples 0 … B−1, projected off `spaces`' frozen rows when given. */
  gradients(B: number, spaces: Subspace[] | null): Float64Array[] {
    const sizes = this.net.sizes;
    for (let k = 0; k < this.grads.length; k++) {
      const n = sizes[k];
      const out = sizes[k + 1];
      const G = this.grads[k];
      const space = spaces?.[k];
      const projectInputs = space && space.frozen > 0 && out > B;
      const X = projectInputs ? space.projectRows(this.presynaptic[k], B) : this.presynaptic[k];
      G.fill(0);
      accumulateAtB(G, this.errors[k], B, out, X, n);
      for (let q = 0; q < G.length; q++) G[q] /= B;
      if (space && !projectInputs) space.projectGradient(G, out);
    }
    return this.grads;
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
