/**
 * Continual-learning benchmark: wall time of one training epoch of the spiking MLP, for
 * fine-tuning and for HLOP (with its projections and lateral updates), on the CPU reference (Node,
 * f64) and on WebGPU in Node (Dawn: a real GPU if there is one, else SwiftShader), with the ratio.
 *   - digits (default): 1,347 digits, 64 → 200 → 10, batch 32, 2 permuted tasks;
 *   - `--dataset fashion-mnist`: 10,000 images at the paper's input size, 1 task of batch 64:
 *     the HLOP paper's 784 → 800 → 800 → 10 (`--network paper`, the default) or 784 → 800 → 10
 *     (`--network wide`).
 * The time includes testing after each task.
 *
 *   node bin/luciole.mjs bench-hlop [--epochs 2] [--dataset digits|fashion-mnist] [--network wide|paper] [--method baseline,hlop]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { acquireNodeDevice } from '../src/gpu/nodeDevice';
import {
  DEFAULT_CONTINUAL,
  HLOP_PAPER_PERMUTED,
  cpuTrainer,
  runContinual,
  type Method,
  type TrainerFactory,
} from '../src/learning/continual';
import { parseDigitsGzip } from '../src/learning/digits';
import { FASHION_FILES, fashionSmallNetwork, parseFashionMnist } from '../src/learning/fashionMnist';
import { webgpuTrainer } from '../src/learning/webgpu/webgpuTrainer';

export async function benchHlop(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      epochs: { type: 'string' },
      dataset: { type: 'string', default: 'digits' },
      network: { type: 'string', default: 'paper' },
      method: { type: 'string', default: 'baseline,hlop' },
    },
  });
  const methods = values.method!.split(',') as Method[];
  const fashion = values.dataset === 'fashion-mnist';
  if (!fashion && values.dataset !== 'digits') throw new Error(`--dataset: expected digits or fashion-mnist, got "${values.dataset}"`);
  const epochs = Number(values.epochs ?? (fashion ? 1 : 2));
  const tasks = fashion ? 1 : 2;
  const data = fashion
    ? parseFashionMnist(
        Object.fromEntries(
          Object.entries(FASHION_FILES).map(([k, f]) => [k, readFileSync(new URL(`../public/data/fashion-mnist/${f}`, import.meta.url))]),
        ) as unknown as Parameters<typeof parseFashionMnist>[0],
      )
    : parseDigitsGzip(readFileSync(new URL('../public/data/digits/digits.csv.gz', import.meta.url)));
  const preset = !fashion
    ? DEFAULT_CONTINUAL
    : values.network === 'paper'
      ? HLOP_PAPER_PERMUTED
      : { ...fashionSmallNetwork(DEFAULT_CONTINUAL), batch: 64, mlp: { ...DEFAULT_CONTINUAL.mlp, hidden: [800] } };
  const gpu = await acquireNodeDevice();
  console.log(`WebGPU adapter: ${gpu.description}`);
  console.log(
    `network ${[fashion ? 784 : 64, ...preset.mlp.hidden, 10].join('-')}, batch ${preset.batch}, ${tasks} permuted task(s) × ${epochs} epoch(s)`,
  );
  console.log('method     CPU s/epoch   GPU s/epoch   CPU/GPU');
  for (const method of methods) {
    const time = async (factory: TrainerFactory) => {
      const r = await runContinual(data, { ...preset, protocol: 'permuted', tasks, method, seed: 1, epochs }, {}, factory);
      return r.wallMs / 1000 / (tasks * epochs);
    };
    const c = await time(cpuTrainer);
    const g = await time(webgpuTrainer(gpu.device));
    console.log(`${method.padEnd(10)} ${c.toFixed(3).padStart(11)} ${g.toFixed(3).padStart(13)} ${(c / g).toFixed(2).padStart(9)}`);
  }
  gpu.device.destroy();
  return 0;
}
