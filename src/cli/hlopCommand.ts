/**
 * `luciole hlop`: continual learning on digits tasks, printing the accuracy matrix, ACC and BWT
 * of each method and seed as JSON, with mean and standard deviation over seeds.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  DEFAULT_CONTINUAL,
  METHODS,
  cpuTrainer,
  runContinual,
  type ContinualResult,
  type Method,
  type TrainerFactory,
} from '../learning/continual';
import { webgpuTrainer } from '../learning/webgpu/webgpuTrainer';
import { acquireNodeDevice } from '../gpu/nodeDevice';
import { parseDigitsGzip, type Protocol } from '../learning/digits';
import { FASHION_FILES, FASHION_INPUT_SUBSPACE_LEARNING_RATE, parseFashionMnist } from '../learning/fashionMnist';

export const HLOP_USAGE = `luciole hlop [--dataset digits|fashion-mnist] [--protocol permuted|split] [--tasks N] [--method hlop|baseline|ewc|multitask[,…]]
             [--seed S | --seeds S1,S2,…] [--epochs E] [--backend cpu|webgpu] [--lateral-steps T_h]`;

export async function hlopCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      dataset: { type: 'string', default: 'digits' },
      protocol: { type: 'string', default: 'permuted' },
      tasks: { type: 'string' },
      method: { type: 'string', default: 'hlop' },
      seed: { type: 'string' },
      seeds: { type: 'string' },
      epochs: { type: 'string', default: String(DEFAULT_CONTINUAL.epochs) },
      backend: { type: 'string', default: 'cpu' },
      'lateral-steps': { type: 'string', default: '0' },
    },
  });
  const protocol = values.protocol as Protocol;
  if (protocol !== 'permuted' && protocol !== 'split')
    throw new UsageError(`--protocol: expected permuted or split, got "${values.protocol}"`);
  if (values.dataset !== 'digits' && values.dataset !== 'fashion-mnist')
    throw new UsageError(`--dataset: expected digits or fashion-mnist, got "${values.dataset}"`);
  const tasks = Number(values.tasks ?? 5);
  if (!Number.isInteger(tasks) || tasks < 1 || (protocol === 'split' && tasks > 5))
    throw new UsageError(`--tasks: expected a whole number of tasks${protocol === 'split' ? ' in 1..5' : ' ≥ 1'}, got "${values.tasks}"`);
  const methods = values.method!.split(',') as Method[];
  for (const m of methods) if (!METHODS.includes(m)) throw new UsageError(`--method: expected ${METHODS.join(', ')}, got "${m}"`);
  const seeds = (values.seeds ?? values.seed ?? '1').split(',').map(Number);
  for (const s of seeds)
    if (!Number.isInteger(s) || s < 0) throw new UsageError(`--seed: expected whole numbers ≥ 0, got "${values.seeds ?? values.seed}"`);
  const epochs = Number(values.epochs);
  if (!Number.isInteger(epochs) || epochs < 1) throw new UsageError(`--epochs: expected a whole number ≥ 1, got "${values.epochs}"`);
  const lateralSteps = Number(values['lateral-steps']);
  if (!Number.isInteger(lateralSteps) || lateralSteps < 0)
    throw new UsageError(`--lateral-steps: expected a whole number ≥ 0 (0: analog lateral neurons), got "${values['lateral-steps']}"`);
  if (values.backend !== 'cpu' && values.backend !== 'webgpu')
    throw new UsageError(`--backend: expected cpu or webgpu, got "${values.backend}"`);
  let factory: TrainerFactory = cpuTrainer;
  let adapter = 'CPU (reference)';
  let release = () => {};
  if (values.backend === 'webgpu') {
    const gpu = await acquireNodeDevice();
    factory = webgpuTrainer(gpu.device);
    adapter = gpu.description;
    release = () => gpu.device.destroy();
  }

  const data =
    values.dataset === 'digits'
      ? parseDigitsGzip(readFileSync(new URL('../../public/data/digits/digits.csv.gz', import.meta.url)))
      : parseFashionMnist(
          Object.fromEntries(
            Object.entries(FASHION_FILES).map(([k, f]) => [
              k,
              readFileSync(new URL(`../../public/data/fashion-mnist/${f}`, import.meta.url)),
            ]),
          ) as unknown as Parameters<typeof parseFashionMnist>[0],
        );
  const runs: ContinualResult[] = [];
  try {
    for (const method of methods)
      for (const seed of seeds)
        runs.push(
          await runContinual(
            data,
            {
              ...DEFAULT_CONTINUAL,
              subspace: { ...DEFAULT_CONTINUAL.subspace, lateralSteps },
              // The paper's η for a high-dimensional input layer (784 pixels).
              ...(values.dataset === 'fashion-mnist' ? { inputSubspaceLearningRate: FASHION_INPUT_SUBSPACE_LEARNING_RATE } : {}),
              protocol,
              tasks,
              method,
              seed,
              epochs,
            },
            {},
            factory,
          ),
        );
  } finally {
    release();
  }
  const stats = (xs: number[]) => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) : 0;
    return { mean: round(m), sd: round(sd) };
  };
  const summary = methods.map((method) => {
    const mine = runs.filter((r) => r.method === method);
    const bwt = mine.map((r) => r.BWT).filter((b): b is number => b !== null);
    return { method, seeds: mine.length, ACC: stats(mine.map((r) => r.ACC)), BWT: bwt.length ? stats(bwt) : null };
  });
  console.log(
    JSON.stringify(
      {
        dataset: values.dataset,
        inputs: 'train' in data ? data.train.inputs : data.inputs,
        protocol,
        tasks,
        backend: values.backend,
        adapter,
        epochsPerTask: epochs,
        lateralSteps,
        summary,
        runs: runs.map((r) => ({
          method: r.method,
          seed: r.seed,
          ACC: round(r.ACC),
          BWT: r.BWT === null ? null : round(r.BWT),
          R: r.R.map((row) => row.map((x) => (x === null ? null : round(x)))),
          wallMs: Math.round(r.wallMs),
        })),
      },
      null,
      2,
    ),
  );
  return 0;
}

export class UsageError extends Error {}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
