/**
 * WebGPU kernels in real Chromium (SwiftShader here) against the CPU twin, and the closed-form
 * suite on the WebGPU backend.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import threefryWgsl from '../../../shaders/threefry.wgsl?raw';
import { threefry2x32 } from '../../random/threefry';
import { example } from '../../examples';
import { microcircuitModel } from '../../examples/microcircuit';
import type { ModelInput } from '../../model/schema';
import { acquireDevice } from '../../gpu/device';
import { closedFormSuite } from '../closedForms.suite';
import { DeviceLimitError, DeviceLostError } from '../errors';
import { randomNetwork } from '../testModels';
import { Run } from '../run';
import { spikeBound } from './networkBuffers';
import { CPU, webgpuTarget, type RunTarget } from '../backends';

let device: GPUDevice;
let description = '';

beforeAll(async () => {
  const acquired = await acquireDevice(navigator.gpu, 'gpu-tests');
  device = acquired.device;
  description = acquired.description;
});

closedFormSuite('webgpu', () => webgpuTarget(device, description));

/** Runs a model on both backends and returns both simulations after `ms`. */
async function both(model: ModelInput, ms: number): Promise<[Run, Run]> {
  const cpu = await Run.create(structuredClone(model), CPU);
  const gpu = await Run.create(structuredClone(model), webgpuTarget(device, description));
  await cpu.run(ms);
  await gpu.run(ms);
  return [cpu, gpu];
}

async function expectSameState(cpu: Run, gpu: Run): Promise<void> {
  const a = await cpu.readNeuronState();
  const b = await gpu.readNeuronState();
  expect(b.v).toEqual(a.v);
  expect(b.variables.isyn_exc).toEqual(a.variables.isyn_exc);
  expect(b.variables.isyn_inh).toEqual(a.variables.isyn_inh);
  expect(b.refractory).toEqual(a.refractory);
}

describe('WebGPU kernels against the CPU twin', () => {
  it('reports the adapter (a fallback adapter says "software GPU")', () => {
    expect(description.length).toBeGreaterThan(0);
    if (/swiftshader/i.test(description)) expect(description).toContain('software GPU');
  });

  it('threefry.wgsl gives the same bits as threefry.ts', async () => {
    const n = 4096;
    const code = `${threefryWgsl}
      @group(0) @binding(0) var<storage, read_write> out: array<vec2u>;
      @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3u) {
        out[g.x] = threefry2x32(vec2u(12345u, 0xdeadbeefu), vec2u(g.x * 7919u, g.x ^ 0xffffffffu));
      }`;
    const pipeline = device.createComputePipeline({
      layout: 'auto',
      compute: { module: device.createShaderModule({ code }), entryPoint: 'main' },
    });
    const buf = device.createBuffer({ size: n * 8, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const read = device.createBuffer({ size: n * 8, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(
      0,
      device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: buf } }] }),
    );
    pass.dispatchWorkgroups(n / 64);
    pass.end();
    enc.copyBufferToBuffer(buf, 0, read, 0, n * 8);
    device.queue.submit([enc.finish()]);
    await read.mapAsync(GPUMapMode.READ);
    const gpu = new Uint32Array(read.getMappedRange().slice(0));
    const cpu = new Uint32Array(n * 2);
    const out = new Uint32Array(2);
    for (let i = 0; i < n; i++) {
      threefry2x32(12345, 0xdeadbeef, Math.imul(i, 7919) >>> 0, (i ^ 0xffffffff) >>> 0, out);
      cpu.set(out, 2 * i);
    }
    expect(gpu).toEqual(cpu);
  });

  it('Poisson input pass: identical event counts (non-spiking integrators)', async () => {
    const model: ModelInput = {
      format: 'luciole-model',
      version: 1,
      name: 'poisson-only',
      populations: [
        { name: 'n', size: 300, cellType: 'IF_curr_delta', params: { tau_m: 1e9, v_rest: 0, v_reset: -1, v_thresh: 1e9 }, initialV: 0 },
      ],
      stimuli: [
        { type: 'poisson', population: 'n', rateHz: 700, weight: 0.25, receptor: 'excitatory', start: 2, stop: 20 },
        { type: 'poisson', population: 'n', neurons: [1, 3, 5, 7], rateHz: 90000, weight: -0.5, receptor: 'inhibitory' },
      ],
    };
    const [cpu, gpu] = await both(model, 30);
    const v = (await cpu.readNeuronState()).v;
    expect(v.some((x) => x > 0)).toBe(true);
    await expectSameState(cpu, gpu);
  });

  it('neuron update pass: identical membrane traces for both cell types under DC', async () => {
    const model: ModelInput = {
      format: 'luciole-model',
      version: 1,
      name: 'neurons',
      populations: [
        {
          name: 'exp',
          size: 40,
          cellType: 'IF_curr_exp',
          params: { tau_m: 13, tau_refrac: 1.3 },
          initialV: { distribution: 'uniform', low: -70, high: -50 },
        },
        {
          name: 'delta',
          size: 24,
          cellType: 'IF_curr_delta',
          params: { tau_m: 7, tau_refrac: 0 },
          initialV: { distribution: 'normal', mean: -60, sd: 3 },
        },
      ],
      stimuli: [
        { type: 'dc', population: 'exp', amplitude: 1.3 },
        { type: 'stepCurrent', population: 'delta', times: [0, 20], amplitudes: [2.5, 4] },
      ],
      recorders: [
        { type: 'spikes', population: 'exp' },
        { type: 'spikes', population: 'delta' },
        { type: 'state', population: 'exp', neurons: [0, 7, 39], variables: ['v'] },
        { type: 'state', population: 'delta', neurons: [0, 23], variables: ['v'] },
      ],
    };
    const [cpu, gpu] = await both(model, 50);
    expect(cpu.summary().spikeCount).toBeGreaterThan(50);
    for (let k = 0; k < 5; k++) expect(gpu.probe(k)).toEqual(cpu.probe(k));
    expect(gpu.spikes().steps).toEqual(cpu.spikes().steps);
    await expectSameState(cpu, gpu);
  });

  it('propagation and recording passes: identical spike trains, probes and state for a seeded network of 1,000 neurons over 1,000 steps', async () => {
    const [cpu, gpu] = await both(randomNetwork(1000, 7), 100);
    const a = cpu.spikes();
    const b = gpu.spikes();
    expect(a.neurons.length).toBeGreaterThan(1000);
    expect(b.neurons).toEqual(a.neurons);
    expect(b.steps).toEqual(a.steps);
    for (let k = 0; k < 6; k++) expect(gpu.probe(k)).toEqual(cpu.probe(k));
    expect(gpu.summary().populations).toEqual(cpu.summary().populations);
    await expectSameState(cpu, gpu);
  });

  it('cuba: identical spike trains on both backends over 2,000 steps', async () => {
    const [cpu, gpu] = await both(example('cuba'), 200);
    expect(gpu.spikes().neurons).toEqual(cpu.spikes().neurons);
    expect(gpu.spikes().steps).toEqual(cpu.spikes().steps);
  });

  it('live probes and a stimulated neuron give the same traces and spikes as on the CPU', async () => {
    const model = randomNetwork(500, 11);
    const cpu = await Run.create(structuredClone(model), CPU);
    const gpu = await Run.create(structuredClone(model), webgpuTarget(device));
    for (const sim of [cpu, gpu]) {
      await sim.run(10);
      sim.setLiveProbes([3, 450]);
      sim.stimulateNeuron(450);
      await sim.run(30);
    }
    const a = cpu.liveTraces();
    const b = gpu.liveTraces();
    expect(b.length).toBe(6);
    for (let k = 0; k < a.length; k++) {
      expect(b[k].firstStep).toBe(a[k].firstStep);
      expect(b[k].values).toEqual(a[k].values);
    }
    expect(gpu.spikes().steps).toEqual(cpu.spikes().steps);
    expect(Array.from(gpu.spikes().neurons)).toContain(450);
  });

  it('electrical coupling pass: gap junctions give the same spikes and state as on the CPU', async () => {
    const model = randomNetwork(500, 13);
    model.projections!.push({
      pre: 'E',
      post: 'E',
      connector: { type: 'fixedProbability', p: 0.01 },
      receptor: 'electrical',
      weight: { distribution: 'uniform', low: 1, high: 20 },
    });
    const [cpu, gpu] = await both(model, 40);
    expect(cpu.network.gapPre.length).toBeGreaterThan(1000);
    expect(gpu.spikes().steps).toEqual(cpu.spikes().steps);
    expect(gpu.spikes().neurons).toEqual(cpu.spikes().neurons);
    await expectSameState(cpu, gpu);
    // A live change of the conductances (drawn again from the projection's stream) keeps them identical.
    const k = model.projections!.length - 1;
    for (const sim of [cpu, gpu]) {
      sim.setProjectionWeight(k, { distribution: 'uniform', low: 10, high: 40 });
      await sim.run(20);
    }
    expect(Array.from(gpu.network.gapConductance)).toEqual(Array.from(cpu.network.gapConductance));
    expect(Math.min(...cpu.network.gapConductance)).toBeGreaterThanOrEqual(10);
    expect(gpu.spikes().neurons).toEqual(cpu.spikes().neurons);
    await expectSameState(cpu, gpu);
  });

  it('silencing (scheduled and live) gives the same spikes and state as on the CPU', async () => {
    const model = randomNetwork(400, 9);
    model.stimuli!.push({ type: 'silence', population: 'E', neurons: [1, 2, 3, 40, 41], start: 5, stop: 25 });
    const cpu = await Run.create(structuredClone(model), CPU);
    const gpu = await Run.create(structuredClone(model), webgpuTarget(device));
    for (const sim of [cpu, gpu]) {
      await sim.run(30);
      sim.silenceNeurons([350, 351, 352]);
      await sim.run(10);
    }
    expect(gpu.spikes().steps).toEqual(cpu.spikes().steps);
    expect(gpu.spikes().neurons).toEqual(cpu.spikes().neurons);
    await expectSameState(cpu, gpu);
  });

  it('a live weight change reaches the GPU exactly as on the CPU', async () => {
    const model = randomNetwork(400, 3);
    const cpu = await Run.create(structuredClone(model), CPU);
    const gpu = await Run.create(structuredClone(model), webgpuTarget(device));
    for (const sim of [cpu, gpu]) {
      await sim.run(20);
      sim.setProjectionWeight(0, 0.3);
      sim.setStimulus(0, { rateHz: 12000 });
      await sim.run(20);
    }
    expect(gpu.spikes().steps).toEqual(cpu.spikes().steps);
    await expectSameState(cpu, gpu);
  });
});

describe('several steps per dispatch on WebGPU', () => {
  /** Every delay is at least 6 steps: stored rows at 1.5 ms, generated ones redrawn below 0.6 ms. */
  const delayed: ModelInput = {
    format: 'luciole-model',
    version: 1,
    name: 'delayed',
    seed: 9,
    populations: [
      { name: 'E', size: 400, cellType: 'IF_curr_exp', initialV: { distribution: 'uniform', low: -65, high: -50 } },
      { name: 'I', size: 100, cellType: 'IF_curr_exp', initialV: { distribution: 'uniform', low: -65, high: -50 } },
    ],
    projections: [
      { pre: 'E', post: 'E', connector: { type: 'fixedProbability', p: 0.1 }, receptor: 'excitatory', weight: 0.05, delay: 1.5 },
      { pre: 'E', post: 'I', connector: { type: 'fixedProbability', p: 0.1 }, receptor: 'excitatory', weight: 0.08, delay: 1.5 },
      {
        pre: 'I',
        post: 'E',
        connector: { type: 'fixedTotalNumber', n: 8000 },
        receptor: 'inhibitory',
        weight: { distribution: 'normal', mean: -0.25, sd: 0.05 },
        delay: { distribution: 'normalClipped', mean: 1, sd: 0.5, low: 0.6 },
      },
    ],
    stimuli: [
      { type: 'poisson', population: 'E', rateHz: 8000, weight: 0.1, receptor: 'excitatory' },
      { type: 'poisson', population: 'I', rateHz: 8000, weight: 0.1, receptor: 'excitatory' },
    ],
    recorders: [
      { type: 'spikes', population: 'E' },
      { type: 'spikes', population: 'I' },
    ],
  };

  it('advances each neuron alone through windows as long as the shortest delay: the same spikes and state as one step at a time and as the CPU', async () => {
    const cpu = await Run.create(structuredClone(delayed), CPU);
    const windowed = await Run.create(structuredClone(delayed), webgpuTarget(device, description));
    const stepwise = await Run.create(structuredClone(delayed), { kind: 'webgpu', device, adapter: description, multiStepDispatch: false });
    for (const sim of [cpu, windowed, stepwise]) {
      await sim.run(40.3); // 403 steps: the last window is cut short
      sim.setLiveProbes([7]); // a probe needs every step: one step per dispatch while it is on
      await sim.run(10);
      sim.setLiveProbes([]);
      sim.setStimulus(0, { rateHz: 12000 });
      await sim.run(30);
    }
    expect(cpu.spikes().neurons.length).toBeGreaterThan(1000);
    for (const gpu of [windowed, stepwise]) {
      expect(gpu.spikes().neurons).toEqual(cpu.spikes().neurons);
      expect(gpu.spikes().steps).toEqual(cpu.spikes().steps);
      await expectSameState(cpu, gpu);
    }
    // Neuron update, stored rows and generated rows: 3 dispatches per 6-step window.
    expect(windowed.summary().memory!.dispatchesPerStep).toBeCloseTo(0.5, 9);
    expect(stepwise.summary().memory!.dispatchesPerStep).toBe(3);
  });
});

describe('Poisson input on WebGPU', () => {
  it('drawn in the neuron update or in a pass of its own: the same spikes and state as on the CPU, with one dispatch fewer', async () => {
    const model = microcircuitModel({ scale: 0.02 }); // one independent Poisson train per neuron
    const cpu = await Run.create(structuredClone(model), CPU);
    const fused = await Run.create(structuredClone(model), webgpuTarget(device, description));
    const separate = await Run.create(structuredClone(model), {
      kind: 'webgpu',
      device,
      adapter: description,
      poissonInNeuronUpdate: false,
    });
    for (const sim of [cpu, fused, separate]) {
      await sim.run(40);
      sim.setStimulus(2, { rateHz: 30000 }); // a live rate change reaches both paths
      await sim.run(40);
    }
    expect(cpu.spikes().neurons.length).toBeGreaterThan(100);
    for (const gpu of [fused, separate]) {
      expect(gpu.spikes().neurons).toEqual(cpu.spikes().neurons);
      expect(gpu.spikes().steps).toEqual(cpu.spikes().steps);
      await expectSameState(cpu, gpu);
    }
    expect(fused.summary().memory!.dispatchesPerStep).toBe(2); // neuron update + generated delivery
    expect(separate.summary().memory!.dispatchesPerStep).toBe(3);
  });
});

describe('the neuron update delivering its own spikes on WebGPU', () => {
  const variants = (model: ModelInput) =>
    Promise.all([
      Run.create(structuredClone(model), CPU),
      Run.create(structuredClone(model), { kind: 'webgpu', device, adapter: description, ownDelivery: true }),
      Run.create(structuredClone(model), webgpuTarget(device, description)),
    ]);

  it.each([
    ['cuba (stored rows, 1-step delays)', () => example('cuba'), 30, 1, 2],
    ['PD14 at 2 % (generated rows, Poisson drawn in the update, 1-step delays)', () => microcircuitModel({ scale: 0.02 }), 60, 1, 2],
  ] as const)('%s: the same spikes and state as the CPU and as delivery passes, in fewer dispatches', async (_, make, ms, own, passes) => {
    const runs = await variants(make());
    for (const sim of runs) {
      await sim.run(ms);
      sim.silenceNeurons([0, 1, 2, 3, 64, 65]);
      await sim.run(ms);
    }
    const [cpu, gpu, separate] = runs;
    expect(cpu.spikes().neurons.length).toBeGreaterThan(100);
    for (const g of [gpu, separate]) {
      expect(g.spikes().neurons).toEqual(cpu.spikes().neurons);
      expect(g.spikes().steps).toEqual(cpu.spikes().steps);
      await expectSameState(cpu, g);
    }
    expect(gpu.summary().memory!.dispatchesPerStep).toBe(own);
    expect(separate.summary().memory!.dispatchesPerStep).toBe(passes);
  });

  it('through windows of several steps (ring slots past the longest delay): one dispatch per window', async () => {
    // Delays 0.5 … 4 ms: 5-step windows, and a spike of a window's last step with a 4 ms delay
    // would land, without the extra slots, in the slot its first step reads.
    const model: ModelInput = {
      format: 'luciole-model',
      version: 1,
      name: 'own-delivery-windows',
      seed: 4,
      populations: [{ name: 'E', size: 300, cellType: 'IF_curr_exp', initialV: { distribution: 'uniform', low: -65, high: -50 } }],
      projections: [
        {
          pre: 'E',
          post: 'E',
          connector: { type: 'fixedTotalNumber', n: 15000 },
          receptor: 'excitatory',
          weight: { distribution: 'uniform', low: 0.02, high: 0.2 },
          delay: { distribution: 'uniform', low: 0.5, high: 4 },
        },
      ],
      stimuli: [{ type: 'poisson', population: 'E', rateHz: 9000, weight: 0.12, receptor: 'excitatory' }],
      recorders: [{ type: 'spikes', population: 'E' }],
    };
    const runs = await variants(model);
    for (const sim of runs) await sim.run(60);
    const [cpu, gpu, separate] = runs;
    expect(cpu.spikes().neurons.length).toBeGreaterThan(500);
    for (const g of [gpu, separate]) {
      expect(g.spikes().neurons).toEqual(cpu.spikes().neurons);
      expect(g.spikes().steps).toEqual(cpu.spikes().steps);
      await expectSameState(cpu, g);
    }
    expect(gpu.summary().memory!.dispatchesPerStep).toBeCloseTo(1 / 5, 9);
    expect(separate.summary().memory!.dispatchesPerStep).toBeCloseTo(2 / 5, 9);
  });
});

describe('readback on WebGPU', () => {
  it('copies back exactly the spikes recorded in a chunk, not the bound', async () => {
    const run = await Run.create(example('cuba'), webgpuTarget(device, description), { chunkSteps: 500 });
    await run.run(50); // one chunk of 500 steps
    const m = run.summary().memory!;
    const spikes = run.spikes().neurons.length;
    expect(spikes).toBeGreaterThan(100);
    // log count + pad, the counters (1 + 2 × 2 populations), no probes, then 8 B per recorded spike.
    expect(m.readbackBytes).toBe(8 + 5 * 4 + spikes * 8);
    // The bound it replaces: 4,000 neurons × ⌈500 / 50 refractory steps⌉ × 8 B = 320 kB.
    expect(m.readbackBytes).toBeLessThan(4000 * 10 * 8);
  });
});

describe('generated connectivity on WebGPU', () => {
  it('the GPU fills the same rows as the CPU twin (PD14 at 2 % scale, words split over three bindings): identical spikes and state over 2,000 steps', async () => {
    const model = microcircuitModel({ scale: 0.02 });
    const cpu = await Run.create(structuredClone(model), CPU);
    const synapses = cpu.summary().synapses;
    expect(synapses).toBe(model.projections!.reduce((a, p) => a + (p.connector.type === 'fixedTotalNumber' ? p.connector.n : 0), 0));
    const gpu = await Run.create(structuredClone(model), {
      kind: 'webgpu',
      device,
      adapter: description,
      generatedWordsPerBinding: Math.ceil(synapses / 3 / 64) * 64,
    });
    await cpu.run(200);
    await gpu.run(200);
    expect(cpu.spikes().neurons.length).toBeGreaterThan(200);
    expect(gpu.spikes().neurons).toEqual(cpu.spikes().neurons);
    expect(gpu.spikes().steps).toEqual(cpu.spikes().steps);
    await expectSameState(cpu, gpu);
  });

  it('refuses generated synapses that three bindings cannot hold, naming the limit, before allocating', async () => {
    const err = await Run.create(microcircuitModel({ scale: 0.02 }), {
      kind: 'webgpu',
      device,
      adapter: description,
      generatedWordsPerBinding: 64 * 100, // 19,200 words in three bindings, for 119,548 synapses
    }).catch((e) => e);
    expect(err).toBeInstanceOf(DeviceLimitError);
    expect(err.message).toMatch(/119,548 generated synapses \(4 B each, split over 3 bindings\) needs maxStorageBufferBindingSize/);
  });

  it('without self-connections, with uniform weights and delays, and after a live weight edit: the same as on the CPU', async () => {
    const model: ModelInput = {
      format: 'luciole-model',
      version: 1,
      name: 'generated-edits',
      seed: 4,
      populations: [{ name: 'E', size: 300, cellType: 'IF_curr_exp', initialV: { distribution: 'uniform', low: -65, high: -50 } }],
      projections: [
        {
          pre: 'E',
          post: 'E',
          connector: { type: 'fixedTotalNumber', n: 15000, allowSelfConnections: false },
          receptor: 'excitatory',
          weight: { distribution: 'uniform', low: 0.02, high: 0.2 },
          delay: { distribution: 'uniform', low: 0.5, high: 4 },
        },
        {
          pre: 'E',
          post: 'E',
          connector: { type: 'fixedTotalNumber', n: 6000 },
          receptor: 'inhibitory',
          weight: { distribution: 'normal', mean: -0.3, sd: 0.1 },
          delay: 0.3,
        },
      ],
      stimuli: [{ type: 'poisson', population: 'E', rateHz: 9000, weight: 0.12, receptor: 'excitatory' }],
      recorders: [{ type: 'spikes', population: 'E' }],
    };
    const cpu = await Run.create(structuredClone(model), CPU);
    const gpu = await Run.create(structuredClone(model), webgpuTarget(device, description));
    for (const sim of [cpu, gpu]) {
      await sim.run(30);
      sim.setProjectionWeight(1, { distribution: 'normalClipped', mean: -0.5, sd: 0.2, high: -0.1 });
      sim.setProjectionWeight(0, 0.05);
      await sim.run(30);
    }
    expect(cpu.spikes().neurons.length).toBeGreaterThan(500);
    expect(gpu.spikes().neurons).toEqual(cpu.spikes().neurons);
    expect(gpu.spikes().steps).toEqual(cpu.spikes().steps);
    await expectSameState(cpu, gpu);
  });
});

describe('chunk length on WebGPU', () => {
  it('is 1,000 steps for cuba and follows a live tau_refrac edit (the spike-log bound)', async () => {
    const run = await Run.create(example('cuba'), webgpuTarget(device));
    expect(run.nextChunkSteps).toBe(1000);
    await run.run(250);
    expect(run.recentChunkSteps).toEqual([1000, 1000, 500]);
    // tau_refrac 0.1 ms = 1 step: every E neuron may fire every step, so a chunk must be short
    // enough that 3,200 × steps + 800 × ceil(steps / 50) spikes fit the log (80,000 entries).
    run.setParameter('E', 'tau_refrac', 0.1);
    const bound = (steps: number) => spikeBound([3200, 800], [1, 50], steps);
    const expected = Array.from({ length: 1000 }, (_, k) => k + 1)
      .filter((n) => bound(n) <= 80_000)
      .at(-1)!;
    expect(expected).toBe(24);
    expect(run.nextChunkSteps).toBe(expected);
    await run.run(10);
    expect(run.recentChunkSteps.slice(3)).toEqual([24, 24, 24, 24, 4]);
    run.setParameter('E', 'tau_refrac', 5);
    expect(run.nextChunkSteps).toBe(1000);
    await run.run(150);
    expect(run.recentChunkSteps.at(-2)).toBe(1000);
    run.destroy();
  });
});

describe('WebGPU errors', () => {
  it('refuses a network larger than the device allows, naming the limit and the overshoot', async () => {
    const model: ModelInput = {
      format: 'luciole-model',
      version: 1,
      name: 'too-big',
      populations: [{ name: 'huge', size: 4_000_000, cellType: 'IF_curr_exp' }],
      projections: [{ pre: 'huge', post: 'huge', connector: { type: 'oneToOne' }, receptor: 'excitatory', weight: 0.1, delay: 50 }],
    };
    const err = await Run.create(model, webgpuTarget(device)).catch((e) => e);
    expect(err).toBeInstanceOf(DeviceLimitError);
    expect(err.message).toMatch(
      /delay ring buffer .* needs maxStorageBufferBindingSize ≥ 16,032,000,000, but the device allows [\d,]+ \(over by [\d,]+/,
    );
  });

  it('after a lost device the run replays onto the CPU with the same state and recording, live edits included', async () => {
    const own = await acquireDevice(navigator.gpu, 'to-lose-and-replay');
    const sim = await Run.create(randomNetwork(600, 5), webgpuTarget(own.device));
    await sim.run(15);
    sim.setProjectionWeight(0, 0.2);
    sim.stimulateNeuron(17);
    await sim.run(10);
    sim.setStimulus(0, { rateHz: 9000 });
    await sim.run(12);
    const gpuState = await sim.readNeuronState();
    own.device.destroy();
    await expect(sim.run(5)).rejects.toBeInstanceOf(DeviceLostError);
    const cpu = await sim.replayOnto(CPU);
    expect(cpu.kind).toBe('cpu');
    expect(cpu.timeMs).toBeCloseTo(37, 9);
    expect(cpu.spikes().steps).toEqual(sim.spikes().steps);
    expect(cpu.spikes().neurons).toEqual(sim.spikes().neurons);
    const s = await cpu.readNeuronState();
    expect(s.v).toEqual(gpuState.v);
    expect(s.variables.isyn_exc).toEqual(gpuState.variables.isyn_exc);
    await cpu.run(10); // and it goes on
    expect(cpu.timeMs).toBeCloseTo(47, 9);
  });

  it('a lost device is reported and the recording so far is kept', async () => {
    const own = await acquireDevice(navigator.gpu, 'to-lose');
    const factory: RunTarget = webgpuTarget(own.device);
    const sim = await Run.create(example('cuba'), factory);
    await sim.run(50);
    const kept = sim.spikes().neurons.length;
    expect(kept).toBeGreaterThan(0);
    own.device.destroy();
    await expect(sim.run(50)).rejects.toBeInstanceOf(DeviceLostError);
    expect(sim.spikes().neurons.length).toBe(kept);
    expect(sim.timeMs).toBeCloseTo(50, 6);
  });
});
