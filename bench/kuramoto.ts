/**
 * Kuramoto benchmark: all-to-all RK4 (8 dispatches per step on the GPU: 4 stages, 4 group
 * reductions) and a sparse coupling (fixed in-degree 100), wall time per step on the CPU twin
 * (Node, f64) and on WebGPU in Node (Dawn; a real GPU when the machine has one, else
 * SwiftShader), with the ratio GPU / CPU. Also the coupling sweep: 32 values of K batched as
 * groups of 2,000 oscillators.
 *
 *   node bin/luciole.mjs bench-kuramoto [--steps 200] [--sizes 1000,10000,100000]
 */
import { parseArgs } from 'node:util';
import { acquireNodeDevice } from '../src/gpu/nodeDevice';
import type { ModelInput } from '../src/model/schema';
import { couplingSweep } from '../src/analysis/couplingSweep';
import { kuramotoAllToAll } from '../src/engine/oscillators/testModels';
import { Run } from '../src/engine/run';
import { CPU, webgpuTarget, type RunTarget } from '../src/engine/backends';

function sparse(n: number): ModelInput {
  const m = kuramotoAllToAll({ n, K: 2, frequencies: { distribution: 'lorentzian', center: 0, halfWidth: 0.5 } });
  m.oscillators!.couplings = [{ from: 'osc', to: 'osc', K: 2, connector: { type: 'fixedInDegree', n: 100 } }];
  return m;
}

async function msPerStep(model: ModelInput, factory: RunTarget, steps: number): Promise<number> {
  const sim = await Run.create(model, factory);
  await sim.runSteps(Math.min(20, steps)); // warm up (pipelines, first submit)
  const t0 = performance.now();
  await sim.runSteps(steps);
  await sim.readOscillatorState(); // all work done
  const ms = (performance.now() - t0) / steps;
  sim.destroy();
  return ms;
}

export async function benchKuramoto(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { steps: { type: 'string', default: '200' }, sizes: { type: 'string', default: '1000,10000,100000' } },
  });
  const steps = Number(values.steps);
  const sizes = values.sizes!.split(',').map(Number);
  const gpu = await acquireNodeDevice();
  const gpuFactory = webgpuTarget(gpu.device, gpu.description);
  console.log(`WebGPU adapter: ${gpu.description}`);
  console.log('model                         N   CPU ms/step   GPU ms/step   CPU/GPU');
  for (const [label, make] of [
    [
      'all-to-all RK4',
      (n: number) => kuramotoAllToAll({ n, K: 2, frequencies: { distribution: 'lorentzian', center: 0, halfWidth: 0.5 } }),
    ],
    ['sparse in-degree 100, RK4', sparse],
  ] as const) {
    for (const n of sizes) {
      const cpuSteps = Math.max(2, Math.round((steps * 1000) / n));
      const cpu = await msPerStep(make(n), CPU, Math.min(steps, cpuSteps));
      const g = await msPerStep(make(n), gpuFactory, steps);
      console.log(
        `${label.padEnd(26)} ${String(n).padStart(7)} ${cpu.toFixed(3).padStart(12)} ${g.toFixed(3).padStart(13)} ${(cpu / g).toFixed(2).padStart(9)}`,
      );
    }
  }
  const Ks = Array.from({ length: 32 }, (_, k) => (4 * k) / 31);
  const req = { law: { kind: 'lorentzian' as const, center: 0, spread: 0.5 }, Ks, oscillatorsPerK: 2000, dt: 0.1, settleMs: 60 };
  const sweepGpu = await couplingSweep(req, gpuFactory);
  const sweepCpu = await couplingSweep(req, CPU);
  const worst = Math.max(...sweepGpu.r.map((r, k) => Math.abs(r - sweepGpu.theory![k])));
  console.log(
    `coupling sweep, 32 K × 2,000 oscillators × 600 steps: GPU ${(sweepGpu.wallMs / 1000).toFixed(2)} s, CPU ${(sweepCpu.wallMs / 1000).toFixed(2)} s; largest |r − theory| ${worst.toFixed(3)}`,
  );
  gpu.device.destroy();
  return 0;
}
