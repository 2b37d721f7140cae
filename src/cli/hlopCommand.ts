/**
 * `luciole hlop`: continual learning on digits tasks, printing the accuracy matrix, ACC and BWT
 * of each method and seed as JSON, with mean and standard deviation over seeds.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  DEFAULT_CONTINUAL,
  HLOP_PAPER_PERMUTED,
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
import { FASHION_FILES, fashionSmallNetwork, parseFashionMnist } from '../learning/fashionMnist';

export const HLOP_USAGE = `luciole hlop [--dataset digits|fashion-mnist] [--network small|paper] [--protocol permuted|split] [--tasks N]
             [--method hlop|baseline|ewc|multitask[,…]] [--seed S | --seeds S1,S2,…] [--epochs E] [--backend cpu|webgpu]
             [--lateral-steps T_h]
  --network small: inputs → 200 → 10 (the default for the digits); paper: 784 → 800 → 800 → 10 with the HLOP
            paper's schedule (the default for fashion-mnist)`;

/** The options a network name stands for on a data set. */
function preset(dataset: string, network: string) {
  if (network === 'paper') return HLOP_PAPER_PERMUTED;
  return dataset === 'fashion-mnist' ? fashionSmallNetwork(DEFAULT_CONTINUAL) : DEFAULT_CONTINUAL;
}

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
      network: { type: 'string' },
      epochs: { type: 'string' },
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
  const network = values.network ?? (values.dataset === 'fashion-mnist' ? 'paper' : 'small');
  if (network !== 'small' && network !== 'paper') throw new UsageError(`--network: expected small or paper, got "${values.network}"`);
  if (network === 'paper' && values.dataset !== 'fashion-mnist')
    throw new UsageError(`--network paper: the HLOP paper's network takes 784 inputs; use it with --dataset fashion-mnist`);
  const base = preset(values.dataset, network);
  const epochs = Number(values.epochs ?? base.epochs);
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
      for (const seed of seeds) {
        const run = await runContinual(
          data,
          { ...base, subspace: { ...base.subspace, lateralSteps }, protocol, tasks, method, seed, epochs },
          {
            // Progress on stderr, so that a long run shows where it is and stdout stays JSON.
            onTaskDone: (t, row) =>
              console.error(
                `${method} seed ${seed}: task ${t} done, R[${t}] = [${row.map((x) => (x === null ? '·' : x.toFixed(3))).join(' ')}]`,
              ),
            onDeviceLost: (t, e) =>
              console.error(`${method} seed ${seed}: ${e.message} in task ${t}; it is trained again on the CPU reference`),
          },
          factory,
        );
        console.error(
          `${method} seed ${seed}: ACC ${run.ACC.toFixed(4)}, BWT ${run.BWT === null ? '—' : run.BWT.toFixed(4)}, ${(run.wallMs / 1000).toFixed(0)} s`,
        );
        runs.push(run);
      }
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
        network: { name: network, layers: ['train' in data ? data.train.inputs : data.inputs, ...base.mlp.hidden, 10] },
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
