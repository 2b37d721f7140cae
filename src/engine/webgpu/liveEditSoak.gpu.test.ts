/**
 * A soak of live edits: 1,000 random edits of every kind (neuron parameters, stimuli, projection
 * weights, plasticity parameters, a neuron made to fire, current injected, neurons silenced and
 * released), each after a run of 1 to 10 steps, on a plastic E/I network on the GPU. The same
 * edits made live on the CPU, and the GPU run's edit log replayed onto the CPU (what happens when
 * the device is lost), give the same spikes, state and weights, bit for bit.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { acquireDevice } from '../../gpu/device';
import { CPU, webgpuTarget } from '../backends';
import { Run } from '../run';
import { cellTypeNetwork } from '../testModels';

let device: GPUDevice;
let description = '';

beforeAll(async () => {
  const acquired = await acquireDevice(navigator.gpu, 'live-edit-soak');
  device = acquired.device;
  description = acquired.description;
});

const N = 200; // E: 0–159, I: 160–199
const between = (lo: number, hi: number) => fc.double({ min: lo, max: hi, noNaN: true });
const pop = fc.constantFrom('E', 'I');
const neurons = fc.uniqueArray(fc.integer({ min: 0, max: N - 1 }), { minLength: 1, maxLength: 20 });

/** One live edit, as a function of the run it is made on (and a label for failures). */
const edit = fc.oneof(
  fc.tuple(pop, between(0, 0.4)).map(([p, v]) => ({ what: `${p}.i_offset = ${v}`, on: (r: Run) => r.setParameter(p, 'i_offset', v) })),
  fc.tuple(pop, between(5, 30)).map(([p, v]) => ({ what: `${p}.tau_m = ${v}`, on: (r: Run) => r.setParameter(p, 'tau_m', v) })),
  fc.tuple(pop, between(-55, -48)).map(([p, v]) => ({ what: `${p}.v_thresh = ${v}`, on: (r: Run) => r.setParameter(p, 'v_thresh', v) })),
  fc
    .tuple(fc.integer({ min: 0, max: 1 }), between(0, 5000))
    .map(([k, v]) => ({ what: `stimulus ${k} rate ${v}`, on: (r: Run) => r.setStimulus(k, { rateHz: v }) })),
  fc
    .tuple(fc.integer({ min: 0, max: 1 }), between(0, 0.3))
    .map(([k, v]) => ({ what: `stimulus ${k} weight ${v}`, on: (r: Run) => r.setStimulus(k, { weight: v }) })),
  between(0, 0.2).map((v) => ({ what: `E→I weight ${v}`, on: (r: Run) => r.setProjectionWeight(1, v) })),
  fc.tuple(fc.integer({ min: 2, max: 3 }), between(0, 0.6), between(0, 0.6)).map(([k, a, b]) => ({
    what: `projection ${k} weight uniform`,
    on: (r: Run) => r.setProjectionWeight(k, { distribution: 'uniform', low: -Math.max(a, b), high: -Math.min(a, b) }),
  })),
  fc
    .tuple(fc.constantFrom('A_plus', 'A_minus'), between(0, 0.05))
    .map(([name, v]) => ({ what: `E→E ${name} = ${v}`, on: (r: Run) => r.setPlasticityParameter(0, name, v) })),
  fc
    .tuple(fc.integer({ min: 0, max: N - 1 }), between(0.5, 3))
    .map(([n, ms]) => ({ what: `stimulate ${n}`, on: (r: Run) => r.stimulateNeuron(n, ms) })),
  fc
    .tuple(neurons, between(-0.5, 1.5), between(0.2, 5))
    .map(([ns, a, ms]) => ({ what: `inject ${a} nA`, on: (r: Run) => void r.injectCurrent(ns, a, ms) })),
  fc.tuple(neurons, fc.boolean()).map(([ns, on]) => ({ what: `silence ${on}`, on: (r: Run) => r.silenceNeurons(ns, on) })),
);

describe('live edits, soaked', () => {
  it('1,000 random live edits on the GPU: the CPU with the same edits, and the GPU run replayed onto the CPU, are identical to it', async () => {
    const model = cellTypeNetwork('IF_curr_exp', 'current', 5, { initialV: [-70, -52], n: N });
    model.projections![0].delay = 1.5; // a plastic projection has one delay
    model.projections![0].plasticity = {
      type: 'STDPMechanism',
      timingDependence: { type: 'SpikePairRule', tau_plus: 20, tau_minus: 20, A_plus: 0.01, A_minus: 0.012 },
      weightDependence: { type: 'AdditiveWeightDependence', w_min: 0, w_max: 0.3 },
    };
    const script = fc.sample(fc.array(fc.tuple(edit, fc.integer({ min: 1, max: 10 })), { minLength: 1000, maxLength: 1000 }), {
      numRuns: 1,
      seed: 16_100,
    })[0];
    const gpu = await Run.create(structuredClone(model), webgpuTarget(device, description));
    const cpu = await Run.create(structuredClone(model), CPU);
    for (const [e, steps] of script) {
      await gpu.runSteps(steps);
      await cpu.runSteps(steps);
      e.on(gpu);
      e.on(cpu);
    }
    await gpu.runSteps(10);
    await cpu.runSteps(10);
    const replayed = await gpu.replayOnto(CPU);
    expect(replayed.step).toBe(gpu.step);
    const spikes = gpu.spikes();
    expect(spikes.neurons.length).toBeGreaterThan(2000);
    const state = await gpu.readNeuronState();
    const weights = await gpu.readPlasticWeights(0);
    for (const other of [cpu, replayed]) {
      expect(Array.from(other.spikes().neurons)).toEqual(Array.from(spikes.neurons));
      expect(Array.from(other.spikes().steps)).toEqual(Array.from(spikes.steps));
      const s = await other.readNeuronState();
      expect(Array.from(s.v)).toEqual(Array.from(state.v));
      for (const name of Object.keys(state.variables)) expect(Array.from(s.variables[name])).toEqual(Array.from(state.variables[name]));
      expect(Array.from(s.refractory)).toEqual(Array.from(state.refractory));
      expect(Array.from((await other.readPlasticWeights(0)).weights)).toEqual(Array.from(weights.weights));
    }
    for (const r of [gpu, cpu, replayed]) r.destroy();
  });
});
