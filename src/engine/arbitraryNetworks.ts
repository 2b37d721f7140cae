/**
 * Random spiking networks for property tests (fast-check; tests only): one to four populations
 * of mixed cell types (every built-in, spike sources among them, and a user-defined QIF), random
 * connectors, weights signed by receptor and scaled by the receptor's unit, delays from one step
 * to 4 ms, Poisson drive, DC, silence windows, and now and then a plastic projection (additive or
 * multiplicative STDP, all-to-all or nearest pairing; Vogels' inhibitory rule; a rule of the
 * model's own); and random live edits for each network. Every network is valid by construction
 * (arbitraryNetworks.test.ts parses a thousand and applies their edits) and active.
 */
import fc from 'fast-check';
import { cellTypeOf } from '../model/cellTypes';
import type { ModelInput } from '../model/schema';
import type { Run } from './run';
import { CELL_TYPE_INITIAL_V, CELL_TYPE_PARAMS, ELIGIBILITY_RULE, QIF_CELL_TYPE } from './testModels';

type Receptors = 'current' | 'voltage' | 'conductance';

/** Weight scale per receptor unit: nA, mV or µS (excitatory, inhibitory magnitude, Poisson drive). */
const SCALE: Record<Receptors, { exc: number; inh: number; drive: number }> = {
  current: { exc: 0.15, inh: 0.5, drive: 0.2 },
  voltage: { exc: 0.8, inh: 2, drive: 1.2 },
  conductance: { exc: 0.005, inh: 0.03, drive: 0.008 },
};

const NEURONS = ['IF_curr_exp', 'IF_curr_alpha', 'IF_curr_delta', 'IF_cond_exp', 'EIF_cond_exp_isfa_ista', 'Izhikevich', 'QIF'];
const USER_CELL_TYPES = { QIF: QIF_CELL_TYPE };
const QIF_RECEPTORS = QIF_CELL_TYPE.receptors.excitatory as Receptors;
const INITIAL_V: Record<string, [number, number]> = { ...CELL_TYPE_INITIAL_V, QIF: [-70, -52] };
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
  plasticity: fc.oneof(
    { weight: 12, arbitrary: fc.constant(null) },
    { weight: 3, arbitrary: fc.constantFrom('additive', 'multiplicative-nearest', 'vogels', 'own') },
  ),
});

const stimulus = fc.record({
  pop: fc.nat(),
  kind: fc.constantFrom('dc', 'silence', 'stepCurrent'),
  amplitude: fc.double({ min: 0, max: 1.5, noNaN: true }),
  start: fc.integer({ min: 0, max: 20 }),
  length: fc.integer({ min: 1, max: 20 }),
});

function plasticityOf(rule: 'additive' | 'multiplicative-nearest' | 'vogels' | 'own', magnitude: number) {
  if (rule === 'own') return { type: 'Eligibility', params: { eta: 0.01 * magnitude, w_max: 2 * magnitude } };
  if (rule === 'vogels')
    return {
      type: 'STDPMechanism',
      timingDependence: { type: 'Vogels2011Rule', tau: 20, eta: 0.05 * magnitude, rho: 5 },
      weightDependence: { type: 'AdditiveWeightDependence', w_min: 0, w_max: 2 * magnitude },
    };
  return {
    type: 'STDPMechanism',
    timingDependence: {
      type: 'SpikePairRule',
      ...(rule === 'multiplicative-nearest' ? { pairing: 'nearest' } : {}),
      tau_plus: 20,
      tau_minus: 20,
      A_plus: 0.05 * magnitude,
      A_minus: 0.06 * magnitude,
    },
    weightDependence: {
      type: rule === 'additive' ? 'AdditiveWeightDependence' : 'MultiplicativeWeightDependence',
      w_min: 0,
      w_max: 2 * magnitude,
    },
  };
}

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
      const initial = INITIAL_V[p.cellType];
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
    const receptorsOf = (i: number): Receptors =>
      pops[i].cellType === 'QIF' ? QIF_RECEPTORS : (cellTypeOf({}, pops[i].cellType).receptors.excitatory as Receptors);
    const usesQif = pops.some((p) => p.cellType === 'QIF');
    const neurons = pops.map((_, i) => i).filter((i) => !SOURCES.includes(pops[i].cellType));
    const model: ModelInput = {
      format: 'luciole-model',
      version: 1,
      name: 'arbitrary-network',
      seed,
      dt,
      durationMs: 30,
      ...(usesQif ? { cellTypes: structuredClone(USER_CELL_TYPES) } : {}),
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
      // Vogels' rule and the own rule are written in nA: onto current receptors only. STDP is excitatory here.
      const rule =
        pr.plasticity === 'vogels' || pr.plasticity === 'own'
          ? receptors === 'current'
            ? pr.plasticity
            : null
          : pr.inhibitory
            ? null
            : pr.plasticity;
      if (rule === 'own') model.plasticityRules = { Eligibility: structuredClone(ELIGIBILITY_RULE) };
      model.projections!.push({
        pre: pops[pre].name,
        post: pops[post].name,
        connector: pr.connector,
        receptor: pr.inhibitory ? 'inhibitory' : 'excitatory',
        weight,
        ...(pr.delaySteps === null ? {} : { delay: +(pr.delaySteps * dt).toFixed(6) }),
        ...(rule ? { plasticity: plasticityOf(rule, magnitude) } : {}),
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

/** A live edit as data (so a failing case prints it): what Run method, with what arguments. */
export type LiveEdit =
  | { kind: 'parameter'; population: string; value: number }
  | { kind: 'poissonRate'; stimulus: number; rateHz: number }
  | { kind: 'weight'; projection: number; factor: number }
  | { kind: 'plasticity'; projection: number; factor: number }
  | { kind: 'stimulate'; neuron: number; ms: number }
  | { kind: 'inject'; neurons: number[]; amplitude: number; ms: number }
  | { kind: 'silence'; neurons: number[]; on: boolean };

const RULE_RATE: Record<string, string> = { SpikePairRule: 'A_plus', Vogels2011Rule: 'eta' };

/** The parameter a plasticity edit scales: the learning rate of the projection's rule. */
function learningRateOf(plasticity: NonNullable<NonNullable<ModelInput['projections']>[number]['plasticity']>): [string, number] {
  if (plasticity.type === 'Eligibility') return ['eta', plasticity.params!.eta as number];
  const timing = (plasticity as { timingDependence: Record<string, number | string> }).timingDependence;
  const name = RULE_RATE[timing.type as string];
  return [name, timing[name] as number];
}

/** Random live edits of `model` (one of arbitraryNetwork's), each after 1 to 60 steps of running. */
export function arbitraryLiveEdits(model: ModelInput): fc.Arbitrary<{ edit: LiveEdit; afterSteps: number }[]> {
  const pops = model.populations ?? [];
  const starts = pops.map((_, i) => pops.slice(0, i).reduce((a, p) => a + p.size, 0));
  const neuronPops = pops.map((_, i) => i).filter((i) => !SOURCES.includes(pops[i].cellType));
  const projections = model.projections ?? [];
  const fixed = projections.map((_, k) => k).filter((k) => !projections[k].plasticity);
  const plastic = projections.map((_, k) => k).filter((k) => projections[k].plasticity);
  const poisson = (model.stimuli ?? []).map((_, k) => k).filter((k) => model.stimuli![k].type === 'poisson');
  const neuronOf = fc
    .tuple(fc.constantFrom(...(neuronPops.length ? neuronPops : [0])), fc.nat())
    .map(([i, k]) => starts[i] + (k % pops[i].size));
  const neuronSet = fc.uniqueArray(neuronOf, { minLength: 1, maxLength: 10 });
  const edits: fc.Arbitrary<LiveEdit>[] = [];
  if (neuronPops.length) {
    edits.push(
      fc
        .tuple(fc.constantFrom(...neuronPops), fc.double({ min: 0, max: 0.6, noNaN: true }))
        .map(([i, value]): LiveEdit => ({ kind: 'parameter', population: pops[i].name, value })),
      fc.tuple(neuronOf, fc.double({ min: 0.5, max: 3, noNaN: true })).map(([neuron, ms]): LiveEdit => ({ kind: 'stimulate', neuron, ms })),
      fc
        .tuple(neuronSet, fc.double({ min: -0.5, max: 1.5, noNaN: true }), fc.double({ min: 0.2, max: 5, noNaN: true }))
        .map(([neurons, amplitude, ms]): LiveEdit => ({ kind: 'inject', neurons, amplitude, ms })),
      fc.tuple(neuronSet, fc.boolean()).map(([neurons, on]): LiveEdit => ({ kind: 'silence', neurons, on })),
    );
  }
  if (poisson.length)
    edits.push(
      fc
        .tuple(fc.constantFrom(...poisson), fc.integer({ min: 0, max: 6000 }))
        .map(([stimulus, rateHz]): LiveEdit => ({ kind: 'poissonRate', stimulus, rateHz })),
    );
  if (fixed.length)
    edits.push(
      fc
        .tuple(fc.constantFrom(...fixed), fc.double({ min: 0, max: 2, noNaN: true }))
        .map(([projection, factor]): LiveEdit => ({ kind: 'weight', projection, factor })),
    );
  if (plastic.length)
    edits.push(
      fc
        .tuple(fc.constantFrom(...plastic), fc.double({ min: 0, max: 3, noNaN: true }))
        .map(([projection, factor]): LiveEdit => ({ kind: 'plasticity', projection, factor })),
    );
  if (!edits.length) return fc.constant([]);
  return fc.array(fc.record({ edit: fc.oneof(...edits), afterSteps: fc.integer({ min: 1, max: 60 }) }), { maxLength: 8 });
}

/** Makes `edit` on `run`, as a user would, on the model the run was created from. */
export function applyLiveEdit(run: Run, model: ModelInput, edit: LiveEdit): void {
  switch (edit.kind) {
    case 'parameter':
      return run.setParameter(edit.population, 'i_offset', edit.value);
    case 'poissonRate':
      return run.setStimulus(edit.stimulus, { rateHz: edit.rateHz });
    case 'weight': {
      // The projection's sign and scale, from its model weight (a number or a uniform distribution).
      const w = model.projections![edit.projection].weight as number | { low: number; high: number };
      const typical = typeof w === 'number' ? w : (w.low + w.high) / 2;
      return run.setProjectionWeight(edit.projection, typical * edit.factor);
    }
    case 'plasticity': {
      const [name, value] = learningRateOf(model.projections![edit.projection].plasticity!);
      return run.setPlasticityParameter(edit.projection, name, value * edit.factor);
    }
    case 'stimulate':
      return run.stimulateNeuron(edit.neuron, edit.ms);
    case 'inject':
      return void run.injectCurrent(edit.neurons, edit.amplitude, edit.ms);
    case 'silence':
      return run.silenceNeurons(edit.neurons, edit.on);
  }
}
