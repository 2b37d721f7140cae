/**
 * The oscillator kernels in Chromium (WebGPU on SwiftShader here): the Kuramoto facts suite on
 * the WebGPU backend, and every pass against the CPU twin. WGSL sin/cos/log are not correctly
 * rounded and the GPU state is f32, so the twins agree to tolerances stated per test.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseModel, type ModelInput } from '../../model/schema';
import { acquireDevice } from '../../gpu/device';
import { buildOscillators } from '../../network/buildOscillators';
import { CpuOscillators } from './cpu/cpuOscillators';
import { oscillatorFactsSuite } from './oscillatorFacts.suite';
import { example } from '../../examples';
import { akornModel, kuramotoAllToAll, symmetricCouplings } from './testModels';
import { Run } from '../run';
import { CPU, webgpuTarget } from '../backends';
import { DeviceLostError } from '../errors';

let device: GPUDevice;

beforeAll(async () => {
  device = (await acquireDevice(navigator.gpu, 'oscillator-tests')).device;
});

oscillatorFactsSuite('webgpu', () => webgpuTarget(device));

async function both(model: ModelInput, steps: number) {
  const cpu = await Run.create(model, CPU);
  const gpu = await Run.create(model, webgpuTarget(device));
  await cpu.runSteps(steps);
  await gpu.runSteps(steps);
  return { cpu, gpu };
}

function maxPhaseGap(a: Float64Array, b: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(Math.atan2(Math.sin(a[i] - b[i]), Math.cos(a[i] - b[i]))));
  return worst;
}

describe('oscillator kernels against the CPU twin', () => {
  // The synchronisation transient amplifies rounding (a 1e-6 rad perturbation grows ~10³× over
  // 200 steps on the CPU twin alone), so the twins are compared over 40 steps.
  it.each(['rk4', 'heun'] as const)(
    'Kuramoto %s, sparse + all-to-all couplings over 3 groups, noise: phases within 5e-4 rad, r within 2e-4 after 40 steps',
    async (integrator) => {
      const model: ModelInput = {
        format: 'luciole-model',
        version: 1,
        name: 'mixed',
        dt: 0.05,
        oscillators: {
          model: 'kuramoto',
          integrator,
          noise: 0.01,
          groups: [
            { name: 'a', size: 300, frequencies: { distribution: 'gaussian', mean: 0.5, sd: 0.3 } },
            { name: 'b', size: 200, frequencies: { distribution: 'uniform', low: -1, high: 1 } },
            { name: 'c', size: 37, frequencies: { distribution: 'lorentzian', center: 0, halfWidth: 0.1 } },
          ],
          couplings: [
            { from: 'a', to: 'a', K: 1.5, connector: { type: 'allToAll' } },
            { from: 'a', to: 'b', K: 2, connector: { type: 'fixedProbability', p: 0.1 } },
            {
              from: 'b',
              to: 'c',
              K: 1,
              connector: {
                type: 'fromList',
                connections: [
                  [0, 0, 2],
                  [5, 3, -1],
                  [7, 36],
                ],
              },
            },
            { from: 'c', to: 'a', K: 0.5, connector: { type: 'allToAll' } },
          ],
        },
      };
      const { cpu, gpu } = await both(model, 40);
      expect(maxPhaseGap(await cpu.readOscillatorState(), await gpu.readOscillatorState())).toBeLessThan(5e-4);
      for (const g of [0, 1, 2, undefined]) {
        const a = cpu.orderSeries(g).r;
        const b = gpu.orderSeries(g).r;
        expect(a.length).toBe(41);
        for (let k = 0; k < a.length; k++) expect(Math.abs(a[k] - b[k])).toBeLessThan(2e-4);
      }
    },
  );

  it('noise: the GPU draws the same ξ as the CPU (K = 0, ω = 0, D = 0.5: phases within 1e-3 rad after 100 steps)', async () => {
    const { cpu, gpu } = await both(kuramotoAllToAll({ n: 1000, K: 0, frequencies: 0, noise: 0.5 }), 100);
    const a = await cpu.readOscillatorState();
    expect(maxPhaseGap(a, cpu.builtOscillators.initialState)).toBeGreaterThan(0.5); // the noise moved them
    expect(maxPhaseGap(a, await gpu.readOscillatorState())).toBeLessThan(1e-3);
  });

  it('AKOrN, dimension 4, sparse symmetric J + all-to-all + stimulus + rotation: vectors within 1e-4, r and E within 1e-4 relative after 100 steps', async () => {
    const n = 64;
    const model = akornModel({
      n,
      dimension: 4,
      gamma: 0.05,
      frequencies: { distribution: 'gaussian', mean: 0, sd: 0.5 },
      couplings: [{ K: 3, connections: symmetricCouplings(n, 11) }],
      allToAllK: 1,
      stimulus: { random: 0.5 },
    });
    const { cpu, gpu } = await both(model, 100);
    const a = await cpu.readOscillatorState();
    const b = await gpu.readOscillatorState();
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
    expect(worst).toBeLessThan(1e-4);
    const sa = cpu.orderSeries();
    const sb = gpu.orderSeries();
    for (let k = 1; k < sa.r.length; k++) {
      expect(Math.abs(sa.r[k] - sb.r[k])).toBeLessThan(1e-4);
      expect(Math.abs(sa.energy[k] - sb.energy[k])).toBeLessThan(1e-4 * Math.max(1, Math.abs(sa.energy[k])));
    }
  });

  it('AKOrN live K: a coupling raised mid-run acts from the next step on the GPU as on the CPU (vectors within 1e-4)', async () => {
    const n = 64;
    const model = akornModel({
      n,
      dimension: 2,
      gamma: 0.05,
      couplings: [{ K: 1, connections: symmetricCouplings(n, 5) }],
      stimulus: { random: 0.3 },
    });
    const cpu = await Run.create(model, CPU);
    const gpu = await Run.create(model, webgpuTarget(device));
    for (const sim of [cpu, gpu]) {
      await sim.runSteps(30);
      sim.setCouplingStrength(0, 20);
      await sim.runSteps(1);
    }
    const [a, b] = [await cpu.readOscillatorState(), await gpu.readOscillatorState()];
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
    expect(worst).toBeLessThan(1e-4);
  });

  it('AKOrN one step on the GPU turns each angle by atan(γ·v_i) (dimension 2) within 1e-5 rad', async () => {
    const n = 8;
    const model = akornModel({
      n,
      dimension: 2,
      gamma: 0.3,
      frequencies: { distribution: 'gaussian', mean: 0.2, sd: 0.5 },
      couplings: [{ K: 3, connections: symmetricCouplings(n, 7) }],
      stimulus: { random: 0.4 },
    });
    const built = buildOscillators(parseModel(model));
    const twin = new CpuOscillators(built);
    const y = twin.refreshField().slice();
    const gpu = await Run.create(model, webgpuTarget(device));
    await gpu.runSteps(1);
    const after = await gpu.readOscillatorState();
    const before = built.initialState;
    for (let i = 0; i < n; i++) {
      const a = Math.atan2(before[2 * i + 1], before[2 * i]);
      const v = built.omega[i] - y[2 * i] * Math.sin(a) + y[2 * i + 1] * Math.cos(a);
      const turned = Math.atan2(after[2 * i + 1], after[2 * i]) - a;
      expect(Math.abs(Math.atan2(Math.sin(turned), Math.cos(turned)) - Math.atan(0.3 * v))).toBeLessThan(1e-5);
    }
  });

  it('oscillators driving neurons on the GPU (kuramoto-spiking, 300 ms): the same spike counts as the CPU, each spike within 0.5 ms, r within 1e-3', async () => {
    const model = parseModel(example('kuramoto-spiking'));
    const cpu = await Run.create(model, CPU);
    const gpu = await Run.create(model, webgpuTarget(device));
    for (const run of [cpu, gpu]) {
      await run.run(300);
    }
    const a = cpu.spikes();
    const b = gpu.spikes();
    expect(a.neurons.length).toBeGreaterThan(300); // ~8 Hz × 200 neurons × 0.3 s
    expect(b.neurons.length).toBe(a.neurons.length);
    const times = (s: typeof a, i: number) => Array.from(s.steps).filter((_, k) => s.neurons[k] === i);
    for (let i = 0; i < 200; i++) {
      const ta = times(a, i);
      const tb = times(b, i);
      expect(tb.length).toBe(ta.length);
      // f32 phases on the GPU: the drive differs by ~1e-7 nA, which can move a crossing at a crest by a few steps.
      ta.forEach((t, k) => expect(Math.abs(t - tb[k])).toBeLessThanOrEqual(5));
    }
    const ra = cpu.orderSeries().r;
    const rb = gpu.orderSeries().r;
    expect(rb.length).toBe(3001);
    for (let k = 0; k < ra.length; k += 10) expect(Math.abs(ra[k] - rb[k])).toBeLessThan(1e-3);
  });

  it('live K: raising K mid-run on the GPU follows the CPU twin (r within 1e-3)', async () => {
    const model = kuramotoAllToAll({ n: 2000, K: 0.2, frequencies: { distribution: 'lorentzian', center: 0, halfWidth: 0.5 } });
    const cpu = await Run.create(model, CPU);
    const gpu = await Run.create(model, webgpuTarget(device));
    for (const sim of [cpu, gpu]) {
      await sim.runSteps(100);
      sim.setCouplingStrength(0, 3);
      sim.setFrequencySpread(0, 0.25);
      await sim.runSteps(100);
    }
    const a = cpu.orderSeries().r;
    const b = gpu.orderSeries().r;
    for (let k = 0; k < a.length; k++) expect(Math.abs(a[k] - b[k])).toBeLessThan(1e-3);
    expect(a.at(-1)).toBeGreaterThan(a[100] + 0.1); // the edit took effect
  });

  it('a combined oscillator + spiking run is replayed on the CPU after device.destroy(), live edits included, with nothing lost', async () => {
    const own = await acquireDevice(navigator.gpu, 'combined-replay');
    const gpu = await Run.create(example('kuramoto-spiking'), webgpuTarget(own.device));
    await gpu.run(60);
    gpu.setCouplingStrength(0, 0.5 * gpu.oscillators!.couplingStrength(0));
    gpu.setNoise(1e-4);
    await gpu.run(40);
    gpu.setFrequencySpread(0, 1.5 * gpu.oscillators!.frequencySpread(0));
    gpu.stimulateNeuron(3);
    await gpu.run(50);
    const spikes = gpu.spikes();
    const rows = gpu.orderSeries().r.length;
    own.device.destroy();
    await expect(gpu.run(20)).rejects.toBeInstanceOf(DeviceLostError);
    // Nothing recorded before the loss is lost.
    expect(gpu.spikes().neurons).toEqual(spikes.neurons);
    expect(gpu.orderSeries().r.length).toBe(rows);
    expect(gpu.timeMs).toBeCloseTo(150, 9);

    const cpu = await gpu.replayOnto(CPU);
    expect(cpu.kind).toBe('cpu');
    expect(cpu.step).toBe(gpu.step);
    expect(cpu.oscillators!.couplingStrength(0)).toBe(gpu.oscillators!.couplingStrength(0));
    expect(cpu.oscillators!.noiseLevel).toBe(1e-4);
    expect(cpu.exportModel().oscillators).toEqual(gpu.exportModel().oscillators);
    expect(cpu.exportModel().stimuli).toEqual(gpu.exportModel().stimuli);
    // The same run, within the oscillator twins' tolerance (f32 phases on the GPU).
    const a = cpu.spikes();
    expect(a.neurons.length).toBe(spikes.neurons.length);
    const times = (s: typeof a, i: number) => Array.from(s.steps).filter((_, k) => s.neurons[k] === i);
    for (let i = 0; i < 200; i++) times(a, i).forEach((t, k) => expect(Math.abs(t - times(spikes, i)[k])).toBeLessThanOrEqual(5));
    const ra = cpu.orderSeries().r;
    const rb = gpu.orderSeries().r;
    expect(ra.length).toBe(rows);
    for (let k = 0; k < ra.length; k += 10) expect(Math.abs(ra[k] - rb[k])).toBeLessThan(2e-3);
    await cpu.run(10); // and it goes on
    expect(cpu.timeMs).toBeCloseTo(160, 9);
  });
});
