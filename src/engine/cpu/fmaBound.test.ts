/**
 * The bound the numerical contract documents for GPUs that contract a*b + c into one FMA (the CPU
 * backend with fusedMultiplyAdd emulates them): closed forms still hold, V stays within 2·10⁻⁴ mV
 * of the unfused run until the first spike differs, and a chaotic network's rates are unchanged.
 */
import { describe, expect, it } from 'vitest';
import { example } from '../../examples';
import { closedFormSuite } from '../closedForms.suite';
import { Run } from '../run';
import { CPU } from '../backends';

closedFormSuite('cpu with fused multiply-add', () => ({ kind: 'cpu', fusedMultiplyAdd: true }) as const);

describe('fused multiply-add against the f32 reference on cuba', () => {
  it.each([1, 2, 3])(
    'seed %d: identical spikes for 50 ms with |ΔV| < 2e-4 mV until the first difference; rates within 3 %',
    async (seed) => {
      const m = example('cuba');
      m.seed = seed;
      const ref = await Run.create(structuredClone(m), CPU);
      const fused = await Run.create(structuredClone(m), { kind: 'cpu', fusedMultiplyAdd: true } as const);
      let diverged = false;
      for (let t = 0; t < 100 && !diverged; t++) {
        await ref.run(1);
        await fused.run(1);
        const a = ref.spikes();
        const b = fused.spikes();
        diverged = a.neurons.length !== b.neurons.length || a.neurons.some((x, k) => x !== b.neurons[k] || a.steps[k] !== b.steps[k]);
        if (t < 50) expect(diverged).toBe(false);
        if (!diverged) {
          const va = (await ref.readNeuronState()).v;
          const vb = (await fused.readNeuronState()).v;
          let max = 0;
          for (let i = 0; i < va.length; i++) max = Math.max(max, Math.abs(va[i] - vb[i]));
          expect(max).toBeLessThan(2e-4);
        }
      }
      await ref.run(1000 - ref.timeMs);
      await fused.run(1000 - fused.timeMs);
      const ra = ref.summary().meanRateHz;
      const rb = fused.summary().meanRateHz;
      expect(Math.abs(ra - rb) / ra).toBeLessThan(0.03);
    },
  );
});
