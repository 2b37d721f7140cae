/**
 * Plasticity on WebGPU (Chromium, SwiftShader here): the closed-form suite (../plasticity.suite.ts)
 * and CPU = GPU bit for bit for a recurrent network with every kind of plastic projection.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { acquireDevice } from '../../gpu/device';
import { plasticitySuite } from '../plasticity.suite';
import { CPU, webgpuTarget } from '../backends';
import { Run } from '../run';
import { plasticNetwork } from '../testModels';
import { DeviceLostError } from '../errors';

let device: GPUDevice;
let description = '';

beforeAll(async () => {
  const acquired = await acquireDevice(navigator.gpu, 'plasticity-tests');
  device = acquired.device;
  description = acquired.description;
});

plasticitySuite('webgpu', () => webgpuTarget(device, description));

describe('CPU = GPU bit for bit with plasticity', () => {
  it('a recurrent E/I network with four plastic projections (additive, nearest multiplicative, Vogels, a rule of its own), 10,000 steps with a live rule edit: the same spikes and every synapse variable', async () => {
    const model = plasticNetwork(5);
    const cpu = await Run.create(structuredClone(model), CPU);
    const gpu = await Run.create(structuredClone(model), webgpuTarget(device, description));
    const before = await Promise.all(cpu.plasticProjections.map((p) => cpu.readPlasticWeights(p.name)));
    // Half way, a live edit of a rule parameter on both (the GPU takes it as a uniform write).
    await cpu.run(500);
    await gpu.run(500);
    for (const r of [cpu, gpu]) r.setPlasticityParameter(2, 'eta', 0.01);
    await cpu.run(500);
    await gpu.run(500);
    const [a, b] = [cpu.spikes(), gpu.spikes()];
    expect(a.neurons.length).toBeGreaterThan(2000);
    expect(Array.from(b.steps)).toEqual(Array.from(a.steps));
    expect(Array.from(b.neurons)).toEqual(Array.from(a.neurons));
    for (const [k, p] of cpu.plasticProjections.entries()) {
      const [x, y] = [await cpu.readPlasticWeights(p.name), await gpu.readPlasticWeights(p.name)];
      for (const name of Object.keys(x.variables)) {
        const [u, v] = [x.variables[name], y.variables[name]];
        const i = u.findIndex((value, k) => !Object.is(value, v[k]));
        expect(i < 0 ? 'identical' : `${p.name}.${name}[${i}]: cpu ${u[i]}, gpu ${v[i]}`).toBe('identical');
      }
      // Learning happened: most weights moved from where they started.
      const moved = x.weights.filter((w, s) => w !== before[k].weights[s]).length;
      expect(moved, p.name).toBeGreaterThan(x.weights.length / 2);
    }
    cpu.destroy();
    gpu.destroy();
  }, 300_000);
});

describe('a lost device with plasticity', () => {
  it('a plastic network whose device is lost goes on on the CPU with every learnt weight and synapse variable, and learns on', async () => {
    const own = await acquireDevice(navigator.gpu, 'plastic-to-lose');
    const gpu = await Run.create(plasticNetwork(9), webgpuTarget(own.device, own.description));
    await gpu.run(200);
    gpu.setPlasticityParameter(2, 'eta', 0.01); // a live rule edit, replayed with the rest
    await gpu.run(100);
    const learnt = await Promise.all(gpu.plasticProjections.map((p) => gpu.readPlasticWeights(p.name)));
    const spikes = gpu.spikes().neurons.length;
    own.device.destroy();
    await expect(gpu.run(10)).rejects.toBeInstanceOf(DeviceLostError);
    expect(gpu.spikes().neurons.length).toBe(spikes); // the recording is kept
    const cpu = await gpu.replayOnto(CPU);
    expect(cpu.timeMs).toBeCloseTo(300, 9);
    expect(Array.from(cpu.spikes().neurons)).toEqual(Array.from(gpu.spikes().neurons));
    for (const [k, p] of cpu.plasticProjections.entries()) {
      const now = await cpu.readPlasticWeights(p.name);
      expect(Array.from(now.weights), p.name).toEqual(Array.from(learnt[k].weights));
      for (const name of Object.keys(now.variables))
        expect(Array.from(now.variables[name]), `${p.name}.${name}`).toEqual(Array.from(learnt[k].variables[name]));
    }
    await cpu.run(100);
    const later = await cpu.readPlasticWeights(0);
    expect(later.weights.filter((w, s) => w !== learnt[0].weights[s]).length).toBeGreaterThan(0); // it learns on
    cpu.destroy();
  }, 300_000);
});
