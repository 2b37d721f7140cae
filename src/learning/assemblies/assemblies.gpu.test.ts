/** The assembly calculus on WebGPU (Chromium, SwiftShader here): the facts, and CPU = GPU bit for bit for every rule. */
import { beforeAll, describe, expect, it } from 'vitest';
import { acquireDevice } from '../../gpu/device';
import { GpuRuntime } from '../../gpu/gpuRuntime';
import { assemblySuite } from './assemblies.suite';
import { ASSEMBLY_RULES, buildAssemblyGraph, CpuAssemblyArea } from './assemblyArea';
import { WebGpuAssemblyArea } from './webgpuAssemblyArea';

let runtime: GpuRuntime;

beforeAll(async () => {
  runtime = new GpuRuntime((await acquireDevice(navigator.gpu, 'assembly-tests')).device);
});

assemblySuite('webgpu', (g) => new WebGpuAssemblyArea(runtime, g));

describe('assemblies: CPU = GPU bit for bit', () => {
  it.each(ASSEMBLY_RULES)(
    '%s, n = 2,000, k = 40, p = 0.05, β = 0.07, 70 rounds (two batches): the same counts, winners and every weight',
    async (rule) => {
      const graph = buildAssemblyGraph({ n: 2000, k: 40, p: 0.05, beta: 0.07, rule, seed: 9 });
      const cpu = new CpuAssemblyArea(graph);
      const gpu = new WebGpuAssemblyArea(runtime, graph);
      expect(await gpu.run(70)).toEqual(await cpu.run(70));
      const [a, b] = [await cpu.readState(), await gpu.readState()];
      expect(Array.from(b.winners)).toEqual(Array.from(a.winners));
      const i = a.weights.findIndex((w, e) => !Object.is(w, b.weights[e]));
      expect(i < 0 ? 'identical' : `weight ${i}: cpu ${a.weights[i]}, gpu ${b.weights[i]}`).toBe('identical');
    },
  );
});
