/**
 * The continual-learning kernels in Chromium (WebGPU on SwiftShader) against the CPU twin. The GPU
 * works in f32 and the twin in f64; an IF neuron's spike count can differ where u·T sits on an
 * integer, so the comparisons carry tolerances.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { acquireDevice } from '../gpu/device';
import { DeviceLostError } from '../gpu/errors';
import { DEFAULT_CONTINUAL, cpuTrainer, principalCosines, runContinual, type ContinualOptions, type ContinualTrainer } from './continual';
import { makeTasks, parseDigitsGzip, splitDigits, type Digits } from './digits';
import { Subspace } from './hlop';
import { SpikingMlp } from './spikingMlp';
import { webgpuTrainer } from './webgpu/webgpuTrainer';

let device: GPUDevice;
let digits: Digits;

beforeAll(async () => {
  device = (await acquireDevice(navigator.gpu, 'learning-tests')).device;
  digits = parseDigitsGzip(new Uint8Array(await (await fetch('/public/data/digits/digits.csv.gz')).arrayBuffer()));
});

const options = (method: ContinualOptions['method'], epochs: number): ContinualOptions => ({
  ...DEFAULT_CONTINUAL,
  protocol: 'permuted',
  tasks: 2,
  method,
  seed: 3,
  epochs,
});

async function trainBoth(opts: ContinualOptions, taskCount: number): Promise<{ cpu: ContinualTrainer; gpu: ContinualTrainer }> {
  const tasks = makeTasks(opts.protocol, opts.tasks, splitDigits(digits, opts.seed), opts.seed);
  const cpu = cpuTrainer(new SpikingMlp(opts.mlp, opts.seed), opts);
  const gpu = webgpuTrainer(device)(new SpikingMlp(opts.mlp, opts.seed), opts);
  for (const trainer of [cpu, gpu])
    for (const task of tasks.slice(0, taskCount)) {
      trainer.beginTask(task.index);
      await trainer.train([task], task.index, {});
      await trainer.endTask(task);
    }
  return { cpu, gpu };
}

describe('continual-learning kernels against the CPU twin', () => {
  it('one epoch of task 0 (forward, DSR gradients, momentum SGD): weights within 2 % of their range, same test accuracy ± 2 points', async () => {
    const opts = options('baseline', 1);
    const { cpu, gpu } = await trainBoth(opts, 1);
    const [a, b] = [await cpu.network(), await gpu.network()];
    for (const [x, y] of [
      [a.weights[0], b.weights[0]],
      [a.weights[1], b.weights[1]],
    ]) {
      const range = Math.max(...x.map(Math.abs));
      let worst = 0;
      for (let k = 0; k < x.length; k++) worst = Math.max(worst, Math.abs(x[k] - y[k]));
      expect(worst / range).toBeLessThan(0.02);
    }
    const tasks = makeTasks('permuted', 1, splitDigits(digits, 3), 3);
    const [ca, ga] = [(await cpu.accuracies(tasks))[0], (await gpu.accuracies(tasks))[0]];
    expect(ca).toBeGreaterThan(0.85);
    expect(Math.abs(ca - ga)).toBeLessThan(0.02);
    gpu.destroy();
  });

  it.each([0, 16])(
    'HLOP on the GPU (lateral steps %d: analog or spiking lateral neurons): task 0 rows learned like the twin (principal cosines > 0.95), frozen through task 1, new rows orthogonal to them',
    async (lateralSteps) => {
      const opts = { ...options('hlop', 2), subspace: { ...DEFAULT_CONTINUAL.subspace, lateralSteps } };
      const { cpu, gpu } = await trainBoth(opts, 2);
      const n = gpu.spaces![1].n;
      const first = gpu.blockStarts[1];
      // Same span as the CPU twin's task-0 rows.
      const both = new Subspace(n);
      both.rows = Float64Array.from([...cpu.spaces![1].rows.slice(0, first * n), ...gpu.spaces![1].rows.slice(0, first * n)]);
      both.m = 2 * first;
      for (const c of principalCosines(both, 0, first, 2 * first)) expect(c).toBeGreaterThan(0.95);
      // The task-1 block is orthogonal to the frozen task-0 block.
      for (const c of principalCosines(gpu.spaces![1], 0, first, gpu.blockStarts[2])) expect(c).toBeLessThan(0.1);
      gpu.destroy();
    },
  );

  it('two hidden layers (64 → 60 → 40 → 10; the later layer driven by spikes): one epoch of fine-tuning gives the same weights (within 1e-4 of their range) and accuracy; HLOP learns the same three subspaces (principal cosines > 0.95)', async () => {
    const deep = {
      mlp: { hidden: [60, 40], steps: 20, threshold: 1 },
      subspaceRows: { initial: [10, 20, 20], increment: [10, 20, 20], shrinkEvery: 0, shrinkBy: 0 },
    };
    const base = { ...options('baseline', 1), ...deep };
    const { cpu, gpu } = await trainBoth(base, 1);
    const [a, b] = [await cpu.network(), await gpu.network()];
    expect(b.weights).toHaveLength(3);
    a.weights.forEach((x, k) => {
      const range = Math.max(...x.map(Math.abs));
      let worst = 0;
      for (let q = 0; q < x.length; q++) worst = Math.max(worst, Math.abs(x[q] - b.weights[k][q]));
      expect(worst / range).toBeLessThan(1e-4);
    });
    const tasks = makeTasks('permuted', 1, splitDigits(digits, 3), 3);
    const [ca, ga] = [(await cpu.accuracies(tasks))[0], (await gpu.accuracies(tasks))[0]];
    expect(ca).toBeGreaterThan(0.8);
    expect(Math.abs(ca - ga)).toBeLessThan(0.02);
    gpu.destroy();

    const hlop = await trainBoth({ ...options('hlop', 1), ...deep }, 1);
    for (let k = 0; k < 3; k++) {
      const rows = deep.subspaceRows.initial[k];
      const n = hlop.gpu.spaces![k].n;
      const both = new Subspace(n);
      both.rows = Float64Array.from([...hlop.cpu.spaces![k].rows.slice(0, rows * n), ...hlop.gpu.spaces![k].rows.slice(0, rows * n)]);
      both.m = 2 * rows;
      for (const c of principalCosines(both, 0, rows, 2 * rows)) expect(c).toBeGreaterThan(0.95);
    }
    hlop.gpu.destroy();
  });

  it('a short permuted run on the GPU (2 tasks): HLOP forgets far less than the baseline', async () => {
    const base = await runContinual(digits, options('baseline', 5), {}, webgpuTrainer(device));
    const hlop = await runContinual(digits, options('hlop', 5), {}, webgpuTrainer(device));
    expect(base.BWT!).toBeLessThan(-0.2);
    expect(hlop.BWT!).toBeGreaterThan(base.BWT! / 3);
  });
});

/** Largest |a − b| over the largest |a|. */
function relativeWorst(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  let range = 0;
  for (let q = 0; q < a.length; q++) {
    worst = Math.max(worst, Math.abs(a[q] - b[q]));
    range = Math.max(range, Math.abs(a[q]));
  }
  return worst / range;
}

describe('continual learning on the GPU: checkpoints, a lost device, divergence', () => {
  it("the checkpoint after task 0 (EWC) holds the GPU's weights, momentum, anchor and Fisher, like the CPU twin's", async () => {
    const opts = options('ewc', 1);
    const { cpu, gpu } = await trainBoth(opts, 1);
    const [a, b] = [await cpu.checkpoint(1), await gpu.checkpoint(1)];
    const net = await gpu.network();
    expect(b.tasksDone).toBe(1);
    b.weights.forEach((W, k) => {
      expect(Array.from(W)).toEqual(Array.from(net.weights[k])); // the weights as read for rasters
      expect(Array.from(b.anchor![k])).toEqual(Array.from(W)); // anchored where task 0 ended
      expect(relativeWorst(a.weights[k], W)).toBeLessThan(0.02);
      expect(relativeWorst(a.velocity[k], b.velocity[k])).toBeLessThan(0.05);
      expect(relativeWorst(a.fisher![k], b.fisher![k])).toBeLessThan(0.05);
    });
    expect(b.velocity[0].some((v) => v !== 0)).toBe(true);
    gpu.destroy();
  });

  it('a device lost while task 1 trains: task 0 is kept as the GPU learnt it, task 1 is trained again on the CPU from the checkpoint, and the run ends', async () => {
    const opts = { ...options('hlop', 2), tasks: 3 };
    const reference = await runContinual(digits, opts, {}, webgpuTrainer(device));
    const own = await acquireDevice(navigator.gpu, 'learning-to-lose');
    const lost: [number, Error][] = [];
    const result = await runContinual(
      digits,
      opts,
      {
        onProgress: (t, f) => {
          if (t === 1 && f === 0.5) own.device.destroy(); // after the first of its two epochs
        },
        onDeviceLost: (t, e) => lost.push([t, e]),
      },
      webgpuTrainer(own.device),
    );
    expect(lost).toHaveLength(1);
    expect(lost[0][0]).toBe(1);
    expect(lost[0][1]).toBeInstanceOf(DeviceLostError);
    expect(lost[0][1].message).toMatch(/^the GPU device was lost \(/);
    expect(result.trainedOn).toEqual(['webgpu', 'cpu', 'cpu']);
    expect(result.R[0]).toEqual(reference.R[0]);
    for (let t = 1; t < 3; t++) for (let j = 0; j <= t; j++) expect(Math.abs(result.R[t][j]! - reference.R[t][j]!)).toBeLessThan(0.05);
    expect(result.subspace!.capturedHidden).toHaveLength(3);
  });

  it('a NaN pixel in one training digit of task 1 stops the GPU run after that epoch, naming the weight matrix', async () => {
    const split = splitDigits(digits, 3);
    split.train.x[split.train.y.indexOf(2) * split.train.inputs + 20] = NaN; // task 1 of split digits: classes 2 and 3
    const rows: number[] = [];
    await expect(
      runContinual(split, { ...options('baseline', 1), protocol: 'split' }, { onTaskDone: (t) => rows.push(t) }, webgpuTrainer(device)),
    ).rejects.toThrow('training diverged: the weights input → hidden 1 holds a non-finite value (NaN or ±Inf) after epoch 1 of task 1');
    expect(rows).toEqual([0]);
  });
});
