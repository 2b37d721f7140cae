/**
 * The built-in cell types on WebGPU (Chromium, SwiftShader here): their references
 * (cellTypes.suite.ts), CPU = GPU bit for bit on a seeded network of each type, and a
 * user-defined cell type from JSON with identical spikes on both backends.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { acquireDevice } from '../../gpu/device';
import { BUILT_IN_CELL_TYPES, cellTypeOf } from '../../model/cellTypes';
import type { ModelInput } from '../../model/schema';
import { cellTypeSuite } from '../cellTypes.suite';
import { CPU, webgpuTarget } from '../backends';
import { Run } from '../run';
import { CELL_TYPE_INITIAL_V as INITIAL_V, CELL_TYPE_PARAMS as PARAMS, QIF_CELL_TYPE, cellTypeNetwork } from '../testModels';

let device: GPUDevice;
let description = '';

beforeAll(async () => {
  const acquired = await acquireDevice(navigator.gpu, 'cell-type-tests');
  device = acquired.device;
  description = acquired.description;
});

cellTypeSuite('webgpu', () => webgpuTarget(device, description));

async function expectIdentical(model: ModelInput, ms: number): Promise<number> {
  const cpu = await Run.create(structuredClone(model), CPU);
  const gpu = await Run.create(structuredClone(model), webgpuTarget(device, description));
  await cpu.run(ms);
  await gpu.run(ms);
  const a = cpu.spikes();
  const b = gpu.spikes();
  expect(Array.from(b.neurons)).toEqual(Array.from(a.neurons));
  expect(Array.from(b.steps)).toEqual(Array.from(a.steps));
  const sa = await cpu.readNeuronState();
  const sb = await gpu.readNeuronState();
  expect(Object.keys(sb.variables).sort()).toEqual(Object.keys(sa.variables).sort());
  for (const name of Object.keys(sa.variables)) {
    const [x, y] = [sa.variables[name], sb.variables[name]];
    const i = x.findIndex((value, k) => !Object.is(value, y[k]));
    expect(i < 0 ? 'identical' : `${name}[${i}]: cpu ${x[i]}, gpu ${y[i]}`).toBe('identical');
  }
  expect(sb.refractory).toEqual(sa.refractory);
  cpu.destroy();
  gpu.destroy();
  return a.neurons.length;
}

describe('CPU = GPU bit for bit for every built-in cell type', () => {
  it.each(Object.keys(BUILT_IN_CELL_TYPES))(
    '%s: a seeded E/I network with Poisson drive, 100 ms: the same spikes and every state variable',
    async (name) => {
      const cell = cellTypeOf({}, name);
      for (const seed of [1, 2]) {
        const params = PARAMS[name];
        const spikes = await expectIdentical(
          cellTypeNetwork(name, cell.receptors.excitatory, seed, { initialV: INITIAL_V[name], params }),
          100,
        );
        expect(spikes).toBeGreaterThan(100); // the network is active: the comparison covers spikes and resets
      }
    },
  );
});

describe('a user-defined cell type (quadratic integrate-and-fire, in JSON)', () => {
  it('runs with identical spikes and state on the CPU twin and on WebGPU', async () => {
    const m = cellTypeNetwork('QIF', 'voltage', 3, { initialV: [-70, -55], cellTypes: { QIF: structuredClone(QIF_CELL_TYPE) } });
    const spikes = await expectIdentical(JSON.parse(JSON.stringify(m)), 100);
    expect(spikes).toBeGreaterThan(100);
  });
});
