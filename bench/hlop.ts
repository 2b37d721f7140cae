/**
 * Continual-learning benchmark: wall time of one training epoch (1,347 digits, batch 32) of the
 * spiking MLP, for fine-tuning and for HLOP (with its projections and lateral updates), on the CPU
 * reference (Node, f64) and on WebGPU in Node (Dawn: a real GPU if there is one, else
 * SwiftShader), with the ratio.
 *
 *   node bin/luciole.mjs bench-hlop [--epochs 2]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { acquireNodeDevice } from '../src/gpu/nodeDevice';
import { DEFAULT_CONTINUAL, cpuTrainer, runContinual, type Method, type TrainerFactory } from '../src/learning/continual';
import { parseDigitsGzip } from '../src/learning/digits';
import { webgpuTrainer } from '../src/learning/webgpu/webgpuTrainer';

export async function benchHlop(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { epochs: { type: 'string', default: '2' } } });
  const epochs = Number(values.epochs);
  const digits = parseDigitsGzip(readFileSync(new URL('../public/data/digits/digits.csv.gz', import.meta.url)));
  const gpu = await acquireNodeDevice();
  console.log(`WebGPU adapter: ${gpu.description}`);
  console.log('method     CPU s/epoch   GPU s/epoch   CPU/GPU   (2 permuted tasks)');
  for (const method of ['baseline', 'hlop'] as Method[]) {
    const time = async (factory: TrainerFactory) => {
      const r = await runContinual(digits, { ...DEFAULT_CONTINUAL, protocol: 'permuted', tasks: 2, method, seed: 1, epochs }, {}, factory);
      return r.wallMs / 1000 / (2 * epochs);
    };
    const c = await time(cpuTrainer);
    const g = await time(webgpuTrainer(gpu.device));
    console.log(`${method.padEnd(10)} ${c.toFixed(3).padStart(11)} ${g.toFixed(3).padStart(13)} ${(c / g).toFixed(2).padStart(9)}`);
  }
  gpu.device.destroy();
  return 0;
}
