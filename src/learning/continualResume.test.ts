/**
 * A continual-learning run whose GPU device is lost goes on on the CPU from the checkpoint after
 * the last finished task, and a diverged run stops naming what went non-finite and when. The
 * "GPU" here is a CPU trainer that reports a lost device after training a task: it has then
 * trained the whole task, so the run matches the uninterrupted one bit for bit only if the
 * resumed trainer starts from the checkpoint (weights, momentum, subspaces, EWC state, block
 * starts) rather than from where the lost trainer got to.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DeviceLostError } from '../gpu/errors';
import {
  DEFAULT_CONTINUAL,
  METHODS,
  TrainingDivergedError,
  cpuTrainer,
  runContinual,
  type ContinualOptions,
  type ContinualTrainer,
  type Method,
  type TrainerFactory,
} from './continual';
import { parseDigitsGzip, splitDigits } from './digits';

const digits = parseDigitsGzip(readFileSync('public/data/digits/digits.csv.gz'));

const options = (method: Method, overrides: Partial<ContinualOptions> = {}): ContinualOptions => ({
  ...DEFAULT_CONTINUAL,
  protocol: 'permuted',
  tasks: 3,
  method,
  seed: 4,
  epochs: 2,
  ...overrides,
});

/** A CPU trainer posing as a GPU one whose device is lost after it trains stage `loseAt` (once). */
function losingTrainer(
  loseAt: number,
  error: Error = new DeviceLostError('destroyed', null),
): { factory: TrainerFactory; made: () => number } {
  let made = 0;
  let stage = 0;
  const factory: TrainerFactory = (net, opts) => {
    made++;
    const inner = cpuTrainer(net, opts);
    const trainer: ContinualTrainer = {
      kind: 'webgpu',
      get spaces() {
        return inner.spaces;
      },
      get blockStarts() {
        return inner.blockStarts;
      },
      beginTask: (t) => inner.beginTask(t),
      train: async (tasks, progressTask, hooks) => {
        await inner.train(tasks, progressTask, hooks);
        if (stage++ === loseAt) throw error;
      },
      endTask: (task) => inner.endTask(task),
      accuracies: (tasks) => inner.accuracies(tasks),
      network: () => inner.network(),
      checkpoint: (done) => inner.checkpoint(done),
      destroy: () => inner.destroy(),
    };
    return trainer;
  };
  return { factory, made: () => made };
}

describe('continual learning after a lost GPU device', () => {
  it.each(METHODS)(
    '%s: lost while training task 1 (multitask: its one run), the run goes on on the CPU from the checkpoint before it and equals the uninterrupted run bit for bit',
    async (method) => {
      const opts = options(method);
      const reference = await runContinual(digits, opts);
      const lost: [number, string][] = [];
      const rows: number[] = [];
      const { factory, made } = losingTrainer(method === 'multitask' ? 0 : 1);
      const result = await runContinual(
        digits,
        opts,
        { onDeviceLost: (t, e) => lost.push([t, e.message]), onTaskDone: (t) => rows.push(t) },
        factory,
      );
      expect(made()).toBe(1);
      expect(result.R).toEqual(reference.R);
      expect(result.ACC).toBe(reference.ACC);
      expect(result.subspace).toEqual(reference.subspace);
      if (method === 'multitask') {
        expect(lost).toEqual([[0, 'the GPU device was lost (destroyed)']]);
        expect(result.trainedOn).toEqual(['cpu']);
      } else {
        expect(lost).toEqual([[1, 'the GPU device was lost (destroyed)']]);
        expect(result.trainedOn).toEqual(['webgpu', 'cpu', 'cpu']);
        expect(rows).toEqual([0, 1, 2]); // task 0's row was delivered once, before the loss
      }
      expect(reference.trainedOn).toEqual(method === 'multitask' ? ['cpu'] : ['cpu', 'cpu', 'cpu']);
    },
  );

  it('lost in task 0, the run starts over on the CPU from the initial weights', async () => {
    const opts = options('hlop', { tasks: 2 });
    const reference = await runContinual(digits, opts);
    const result = await runContinual(digits, opts, {}, losingTrainer(0).factory);
    expect(result.R).toEqual(reference.R);
    expect(result.trainedOn).toEqual(['cpu', 'cpu']);
  });

  it('any other failure is not retried: it rejects the run with its own message', async () => {
    const lost: number[] = [];
    await expect(
      runContinual(
        digits,
        options('baseline'),
        { onDeviceLost: (t) => lost.push(t) },
        losingTrainer(1, new Error('WebGPU error: bad bind group')).factory,
      ),
    ).rejects.toThrow('WebGPU error: bad bind group');
    expect(lost).toEqual([]);
  });
});

describe('a diverged continual-learning run', () => {
  it('a NaN pixel in one training digit of task 1 stops the run after that epoch, naming the weight matrix; task 0 is kept', async () => {
    const split = splitDigits(digits, 4);
    const i = split.train.y.indexOf(2); // task 1 of split digits has classes 2 and 3
    split.train.x[i * split.train.inputs + 20] = NaN;
    const rows: (number | null)[][] = [];
    const run = runContinual(split, options('baseline', { protocol: 'split', tasks: 2 }), { onTaskDone: (_, row) => rows.push(row) });
    await expect(run).rejects.toThrow(TrainingDivergedError);
    await expect(run).rejects.toThrow(
      'training diverged: the weights input → hidden 1 holds a non-finite value (NaN or ±Inf) after epoch 1 of task 1; the accuracies of the tasks finished before it are kept',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0][0]).toBeGreaterThan(0.9);
  });

  it('options that cannot train are refused, naming the field', async () => {
    await expect(runContinual(digits, options('hlop', { learningRate: Infinity }))).rejects.toThrow(
      'continual options: learningRate: expected a finite number > 0, got Infinity',
    );
    await expect(runContinual(digits, options('hlop', { momentum: 1 }))).rejects.toThrow(
      'continual options: momentum: expected a number in [0, 1), got 1',
    );
    await expect(runContinual(digits, options('hlop', { batch: 0 }))).rejects.toThrow(
      'continual options: batch: expected a whole number ≥ 1, got 0',
    );
  });
});
