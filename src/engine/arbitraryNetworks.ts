/**
 * Random spiking networks for property tests (fast-check; tests only): one to four populations
 * of mixed built-in cell types (spike sources among them), random connectors, weights signed by
 * receptor and scaled by the receptor's unit, delays from one step to 4 ms, Poisson drive, DC,
 * silence windows, and now and then an STDP projection. Every network is valid by construction
 * (arbitraryNetworks.test.ts parses a thousand) and active (driven above threshold).
 */
import fc from 'fast-check';
import { cellTypeOf } from '../model/cellTypes';
import type { ModelInput } from '../model/schema';
import { CELL_TYPE_INITIAL_V, CELL_TYPE_PARAMS } from './testModels';

type Receptors = 'current' | 'voltage' | 'conductance';

/** Weight scale per receptor unit: nA, mV or µS (excitatory, inhibitory magnitude, Poisson drive). */
const SCALE: Record<Receptors, { exc: number; inh: number; drive: number }> = {
  current: { exc: 0.15, inh: 0.5, drive: 0.2 },
  voltage: { exc: 0.8, inh: 2, drive: 1.2 },
  conductance: { exc: 0.005, inh: 0.03, drive: 0.008 },
};

const NEURONS = ['IF_curr_exp', 'IF_curr_alpha', 'IF_curr_delta', 'IF_cond_exp', 'EIF_cond_exp_isfa_ista', 'Izhikevich'];
const SOURCES = ['SpikeSourcePoisson', 'SpikeSourceArray'];

const population = fc.record({
  cellType: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...NEURONS) }, { weight: 1, arbitrary: fc.constantFrom(...SOURCES) }),
  size: fc.integer({ min: 1, max: 150 }),
  spreadV: fc.boolean(),
  spikeTimesSeed: fc.integer({ min: 0, max: 1000 }),
});

const connector = fc.oneof(
  fc.record({ type: fc.constant('fixedProbability' as const), p: fc.double({ min: 0.01, max: 0.3, noNaN: true }) }),
  fc.record({ type: fc.constant('fixedInDegree' as const), n: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ type: fc.constant('fixedTotalNumber' as const), n: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ type: fc.constant('allToAll' as const), allowSelfConnections: fc.boolean() }),
  fc.constant({ type: 'oneToOne' as const }),
);

const projection = fc.record({
  pre: fc.nat(),
  post: fc.nat(),
  connector,
  inhibitory: fc.boolean(),
  weight: fc.oneof(
    fc.double({ min: 0.2, max: 1.5, noNaN: true }).map((f) => ({ f })),
    fc
      .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
      .map(([a, b]) => ({ lo: Math.min(a, b), hi: Math.max(a, b) })),
  ),
  delaySteps: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 40 }), fc.constant(null)),
  stdp: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

const stimulus = fc.record({
  pop: fc.nat(),
  kind: fc.constantFrom('dc', 'silence', 'stepCurrent'),
  amplitude: fc.double({ min: 0, max: 1.5, noNaN: true }),
  start: fc.integer({ min: 0, max: 20 }),
  length: fc.integer({ min: 1, max: 20 }),
});

export const arbitraryNetwork: fc.Arbitrary<ModelInput> = fc
  .record({
    seed: fc.integer({ min: 0, max: 0xffffffff }),
    dt: fc.constantFrom(0.1, 0.05), // PyNN's default tau_refrac (0.1 ms) must be at least a step
    populations: fc.array(population, { minLength: 1, maxLength: 4 }),
    projections: fc.array(projection, { maxLength: 6 }),
    stimuli: fc.array(stimulus, { maxLength: 3 }),
    driveHz: fc.integer({ min: 1000, max: 5000 }),
  })
  .map(({ seed, dt, populations, projections, stimuli, driveHz }) => {
    const pops = populations.map((p, i) => {
      const initial = CELL_TYPE_INITIAL_V[p.cellType];
      return {
        name: `P${i}`,
        size: p.size,
        cellType: p.cellType,
        ...(CELL_TYPE_PARAMS[p.cellType] ? { params: { ...CELL_TYPE_PARAMS[p.cellType] } } : {}),
        ...(SOURCES.includes(p.cellType)
          ? {}
          : { initialV: p.spreadV ? { distribution: 'uniform' as const, low: initial[0], high: initial[1] } : initial[0] }),
        ...(p.cellType === 'SpikeSourceArray'
          ? {
              spikeTimes: Array.from({ length: p.size }, (_, k) =>
                Array.from({ length: 8 }, (_, j) => +((((p.spikeTimesSeed + k) * 0.7) % 3.7) + 3.7 * j).toFixed(3)),
              ),
            }
          : {}),
      };
    });
    const receptorsOf = (i: number): Receptors => cellTypeOf({}, pops[i].cellType).receptors.excitatory as Receptors;
    const neurons = pops.map((_, i) => i).filter((i) => !SOURCES.includes(pops[i].cellType));
    const model: ModelInput = {
      format: 'luciole-model',
      version: 1,
      name: 'arbitrary-network',
      seed,
      dt,
      durationMs: 30,
      populations: pops,
      projections: [],
      stimuli: [],
      recorders: pops.map((p) => ({ type: 'spikes' as const, population: p.name })),
    };
    for (const pr of projections) {
      if (!neurons.length) break;
      const pre = pr.pre % pops.length;
      const post = neurons[pr.post % neurons.length];
      if (pr.connector.type === 'oneToOne' && pops[pre].size !== pops[post].size) continue;
      const receptors = receptorsOf(post);
      const s = SCALE[receptors];
      // PyNN signs: inhibitory currents and voltage jumps negative, conductances positive.
      const sign = pr.inhibitory && receptors !== 'conductance' ? -1 : 1;
      const magnitude = pr.inhibitory ? s.inh : s.exc;
      const weight =
        'f' in pr.weight
          ? sign * magnitude * pr.weight.f
          : {
              distribution: 'uniform' as const,
              low: sign > 0 ? magnitude * pr.weight.lo : -magnitude * pr.weight.hi,
              high: sign > 0 ? magnitude * pr.weight.hi : -magnitude * pr.weight.lo,
            };
      const stdp = pr.stdp && !pr.inhibitory;
      model.projections!.push({
        pre: pops[pre].name,
        post: pops[post].name,
        connector: pr.connector,
        receptor: pr.inhibitory ? 'inhibitory' : 'excitatory',
        weight,
        ...(pr.delaySteps === null ? {} : { delay: +(pr.delaySteps * dt).toFixed(6) }),
        ...(stdp
          ? {
              plasticity: {
                type: 'STDPMechanism',
                timingDependence: {
                  type: 'SpikePairRule',
                  tau_plus: 20,
                  tau_minus: 20,
                  A_plus: 0.05 * magnitude,
                  A_minus: 0.06 * magnitude,
                },
                weightDependence: { type: 'AdditiveWeightDependence', w_min: 0, w_max: 2 * magnitude },
              },
            }
          : {}),
      });
    }
    for (const i of neurons)
      model.stimuli!.push({
        type: 'poisson',
        population: pops[i].name,
        rateHz: driveHz,
        weight: SCALE[receptorsOf(i)].drive,
        receptor: 'excitatory',
      });
    for (const st of stimuli) {
      if (!neurons.length) break;
      const pop = pops[neurons[st.pop % neurons.length]].name;
      const [start, stop] = [st.start, st.start + st.length];
      if (st.kind === 'dc') model.stimuli!.push({ type: 'dc', population: pop, amplitude: st.amplitude, start, stop });
      else if (st.kind === 'silence') model.stimuli!.push({ type: 'silence', population: pop, start, stop });
      else model.stimuli!.push({ type: 'stepCurrent', population: pop, times: [start, stop], amplitudes: [st.amplitude, 0] });
    }
    return model;
  });
