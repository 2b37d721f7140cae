/**
 * The CPU backend's WebAssembly kernels in Chromium (this project runs in the browser): wabt as
 * Vite bundles it assembles the module, the page's engine compiles it asynchronously, and the run
 * matches the TypeScript twin bit for bit, as it does in Node (wasmKernels.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { example } from '../../../examples';
import { CPU, CPU_WASM, cpuTarget } from '../../backends';
import { Run } from '../../run';

describe('WebAssembly SIMD CPU kernels in Chromium', () => {
  it('cuba, 50 ms: the same spikes and state as the TypeScript twin; cpuTarget() picks them', async () => {
    expect(cpuTarget()).toEqual(CPU_WASM);
    const runs = await Promise.all([Run.create(example('cuba'), CPU), Run.create(example('cuba'), CPU_WASM)]);
    expect(runs.map((r) => r.summary().adapter)).toEqual(['CPU (TypeScript reference)', 'CPU (WebAssembly SIMD)']);
    for (const r of runs) await r.run(50);
    const [a, b] = runs.map((r) => r.spikes());
    expect(a.neurons.length).toBeGreaterThan(500);
    expect(Array.from(b.neurons)).toEqual(Array.from(a.neurons));
    expect(Array.from(b.steps)).toEqual(Array.from(a.steps));
    const [sa, sb] = await Promise.all(runs.map((r) => r.readNeuronState()));
    expect(sb.v.every((v, i) => Object.is(v, sa.v[i]))).toBe(true);
    for (const name of Object.keys(sa.variables))
      expect(sb.variables[name].every((v, i) => Object.is(v, sa.variables[name][i]))).toBe(true);
    for (const r of runs) r.destroy();
  });
});
