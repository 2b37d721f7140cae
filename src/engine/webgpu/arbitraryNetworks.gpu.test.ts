/**
 * CPU = GPU bit for bit on 50 random networks per run (fast-check, fixed seed): mixed cell types
 * (a user-defined one among them), spike sources, random connectors, delays, drives, plasticity
 * rules, and random live edits made mid-run on both (arbitraryNetworks.ts). The spike trains,
 * every state variable, the refractory counters and the plastic weights are identical.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { acquireDevice } from '../../gpu/device';
import { applyLiveEdit, arbitraryLiveEdits, arbitraryNetwork } from '../arbitraryNetworks';
import { CPU, webgpuTarget } from '../backends';
import { Run } from '../run';

let device: GPUDevice;
let description = '';

beforeAll(async () => {
  const acquired = await acquireDevice(navigator.gpu, 'arbitrary-network-tests');
  device = acquired.device;
  description = acquired.description;
});

/** '' where the two arrays hold the same values (NaN and signed zeros included), else the first difference. */
function difference(what: string, a: ArrayLike<number>, b: ArrayLike<number>): string {
  if (a.length !== b.length) return `${what}: ${a.length} values on the CPU, ${b.length} on the GPU`;
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) return `${what}[${k}]: cpu ${a[k]}, gpu ${b[k]}`;
  return '';
}

describe('CPU = GPU on random networks', () => {
  it('50 random networks, 30 ms each with live edits mid-run: the same spikes, state and plastic weights, bit for bit', async () => {
    let spikes = 0;
    let plastic = 0;
    let edited = 0;
    const withEdits = arbitraryNetwork.chain((model) => fc.tuple(fc.constant(model), arbitraryLiveEdits(model)));
    await fc.assert(
      fc.asyncProperty(withEdits, async ([model, edits]) => {
        const cpu = await Run.create(structuredClone(model), CPU);
        const gpu = await Run.create(structuredClone(model), webgpuTarget(device, description));
        try {
          // The edits within the first 20 ms (each after its steps of running), then on to 30 ms.
          const dt = model.dt!;
          const last = Math.round(20 / dt);
          for (const { edit, afterSteps } of edits) {
            if (cpu.step + afterSteps > last) break;
            await cpu.runSteps(afterSteps);
            await gpu.runSteps(afterSteps);
            applyLiveEdit(cpu, model, edit);
            applyLiveEdit(gpu, model, edit);
            edited++;
          }
          const rest = Math.round(30 / dt) - cpu.step;
          await cpu.runSteps(rest);
          await gpu.runSteps(rest);
          const [a, b] = [cpu.spikes(), gpu.spikes()];
          spikes += a.neurons.length;
          const found = [difference('spiking neurons', a.neurons, b.neurons), difference('spike steps', a.steps, b.steps)];
          const [sa, sb] = [await cpu.readNeuronState(), await gpu.readNeuronState()];
          found.push(difference('v', sa.v, sb.v), difference('refractory', sa.refractory, sb.refractory));
          expect(Object.keys(sb.variables).sort()).toEqual(Object.keys(sa.variables).sort());
          for (const name of Object.keys(sa.variables)) found.push(difference(name, sa.variables[name], sb.variables[name]));
          for (let k = 0; k < cpu.plasticProjections.length; k++) {
            plastic++;
            const [wa, wb] = [await cpu.readPlasticWeights(k), await gpu.readPlasticWeights(k)];
            found.push(difference(`plastic projection ${k} weights`, wa.weights, wb.weights));
          }
          expect(found.filter(Boolean)).toEqual([]);
        } finally {
          cpu.destroy();
          gpu.destroy();
        }
      }),
      { numRuns: 50, seed: 16_050 },
    );
    expect(spikes).toBeGreaterThan(5000); // the comparison covers spikes, resets and delivery
    expect(plastic).toBeGreaterThan(5);
    expect(edited).toBeGreaterThan(100);
  });
});
