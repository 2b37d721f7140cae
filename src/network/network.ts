/**
 * Turns a validated `Model` into the arrays both backends run: population ranges, CSR synapses
 * sorted by presynaptic neuron, fixed-point weights, initial state, Poisson tables and the
 * recording selection. Pure and seeded: the same model and seed give the same arrays.
 */
import { initialStateOf, type CompiledCellType, type StateVariable } from '../model/cellTypes';
import { populationCellType, resolvedParams, type Model, type Population, type Value } from '../model/schema';
import { StateLayout } from './stateLayout';
import { connect } from './connectivity';
import { drawValue } from './randomValue';
import { inDegreeBound, isGenerated, planGeneratedSynapses, type GeneratedInput, type GeneratedSynapses } from './generatedSynapses';
import { growF32, growU32 } from './growable';
import { MAX_HOST_BUILT_SYNAPSES, MAX_POISSON_EVENTS_PER_STEP } from '../model/limits';
import { poissonCdfTable } from './poissonTable';
import { EXCITATORY, INHIBITORY, chooseFixedPointScale, packSynapse, synapsePost, synapseReceptor, toFixed } from './synapseEncoding';
import { CounterRng, Stream } from '../random/threefry';
import { resolvedPlasticity } from '../model/plasticity';
import { buildPlasticProjection, type PlasticProjection } from './plasticProjection';

export interface PopulationRange {
  index: number;
  name: string;
  start: number; // first global neuron index
  size: number;
  cellType: string;
  /** Its cell type, compiled (the engine generates its update from it). */
  cell: CompiledCellType;
}

export interface PoissonSource {
  stimulusIndex: number;
  population: number;
  targets: Uint32Array; // global neuron indices; counter index = position in this list
  rateHz: number;
  weight: number; // nA or mV
  receptor: number; // EXCITATORY | INHIBITORY
  startStep: number;
  stopStep: number; // exclusive; 0xffffffff = never
  stream: number;
}

export interface Probe {
  recorder: number;
  population: string;
  localIndex: number;
  neuron: number; // global index
  variable: StateVariable;
}

export interface BuiltNetwork {
  model: Model;
  dt: number; // ms
  seed: number;
  numNeurons: number;
  populations: PopulationRange[];
  /** CSR over presynaptic neurons: synapses of neuron i are rowPtr[i] .. rowPtr[i+1]-1. */
  rowPtr: Uint32Array;
  targets: Uint32Array; // packed, see synapseEncoding.ts
  weights: Int32Array; // fixed point
  /** For live weight changes: CSR position of each synapse of projection k, in generation order (empty for plastic ones). */
  projectionSlots: Uint32Array[];
  /** Projections with plasticity, not in the static CSR (src/network/plasticProjection.ts). */
  plasticProjections: PlasticProjection[];
  /** Projections generated from the counter-based generator, not in the static CSR (generatedSynapses.ts). */
  generated: GeneratedSynapses;
  /**
   * Gap junctions (electrical projections), CSR by *postsynaptic* neuron: junction k of neuron j
   * (gapRowPtr[j] ≤ k < gapRowPtr[j+1]) injects gapConductance[k] · (V[gapPre[k]] − V[j]) into j.
   */
  gapRowPtr: Uint32Array;
  gapPre: Uint32Array;
  gapConductance: Float32Array; // nS
  /** For live conductance changes: CSR position of each junction of projection k (empty unless electrical). */
  gapSlots: Uint32Array[];
  maxDelaySteps: number;
  fixedPointScale: number;
  /** Where each state variable lives (both backends). */
  stateLayout: StateLayout;
  /** The state at step 0 in that layout (input planes zero). */
  initialState: Float32Array;
  poissonSources: PoissonSource[];
  /** One bit per neuron: record its spikes. */
  spikeRecordMask: Uint32Array;
  recordedNeurons: number;
  /** Neurons with recorded spikes, per population. */
  recordedPerPopulation: number[];
  probes: Probe[];
  setupNotes: string[];
}

export const NEVER = 0xffffffff;

/** The most events one Poisson draw can return (the table length at the largest allowed rate). */
export const MAX_POISSON_TABLE_LENGTH = poissonCdfTable(MAX_POISSON_EVENTS_PER_STEP).length;

/**
 * A drawn weight never crosses zero into the other receptor's sign (PyNN's convention: inhibitory
 * currents and voltage jumps are negative, conductances are positive on both receptors).
 */
export function signedWeight(cell: CompiledCellType, receptor: 'excitatory' | 'inhibitory', w: number): number {
  return receptor === 'excitatory' || cell.receptors[receptor] === 'conductance' ? Math.max(0, w) : Math.min(0, w);
}

export function toSteps(ms: number, dt: number): number {
  return Math.round(ms / dt);
}

/** A network whose synapses would not fit the host builder; thrown before anything is allocated. */
export class NetworkTooLargeError extends Error {
  constructor(
    readonly synapses: number,
    readonly limit: number,
  ) {
    super(
      `the network has ${Math.round(synapses).toLocaleString('en-US')} synapses, but the host builder holds at most ` +
        `${limit.toLocaleString('en-US')} (MAX_HOST_BUILT_SYNAPSES; over by ${(synapses / limit).toFixed(2)}×); nothing was allocated`,
    );
    this.name = 'NetworkTooLargeError';
  }
}

/** Synapses the host builder makes for a model (the expectation for fixedProbability; generated projections excluded). */
export function expectedSynapses(model: Model): number {
  const size = new Map(model.populations.map((p) => [p.name, p.size]));
  let total = 0;
  for (const pr of model.projections) {
    if (isGenerated(pr)) continue;
    const nPre = size.get(pr.pre) ?? 0;
    const nPost = size.get(pr.post) ?? 0;
    const c = pr.connector;
    if (c.type === 'allToAll') total += nPre * nPost;
    else if (c.type === 'oneToOne') total += nPre;
    else if (c.type === 'fixedProbability') total += c.p * nPre * nPost;
    else if (c.type === 'fixedInDegree') total += c.n * nPost;
    else if (c.type === 'fixedTotalNumber') total += c.n;
    else total += c.connections.length;
  }
  return total;
}

export function buildNetwork(model: Model): BuiltNetwork {
  const dt = model.dt;
  const seed = model.seed;
  const synapses = expectedSynapses(model);
  if (synapses > MAX_HOST_BUILT_SYNAPSES) throw new NetworkTooLargeError(synapses, MAX_HOST_BUILT_SYNAPSES);
  const populations: PopulationRange[] = [];
  const byName = new Map<string, PopulationRange>();
  let n = 0;
  model.populations.forEach((p, index) => {
    const r: PopulationRange = { index, name: p.name, start: n, size: p.size, cellType: p.cellType, cell: populationCellType(model, p) };
    populations.push(r);
    byName.set(p.name, r);
    n += p.size;
  });

  // Initial state: v from initialV (or initial.v), the others from `initial`, drawn per neuron
  // (one stream per population and variable); what is not given comes from the cell type's initial
  // values, which may depend on the parameters and on v (Izhikevich: u = b·v).
  const stateLayout = new StateLayout(
    n,
    populations.map((r) => ({ start: r.start, size: r.size, stateNames: r.cell.stateNames })),
  );
  const initialState = new Float32Array(stateLayout.words);
  model.populations.forEach((p: Population, k) => {
    const r = populations[k];
    const given: Record<string, Value> = { ...(p.initial ?? {}) };
    if (p.initialV !== undefined) given.v = p.initialV;
    const names = Object.keys(r.cell.descriptor.state);
    const draws = Object.entries(given).map(([name, value]) => ({
      name,
      value,
      rng:
        typeof value === 'number'
          ? null
          : new CounterRng(seed, Stream.initialState + k * 0x10 + (name === 'v' ? 0 : 1 + names.indexOf(name))),
    }));
    const init = initialStateOf(r.cell, resolvedParams(model, p), dt);
    const bases = r.cell.stateNames.map((name) => stateLayout.variableBase(k, name));
    const drawn: Record<string, number> = {};
    for (let i = 0; i < r.size; i++) {
      for (const d of draws) drawn[d.name] = drawValue(d.value, d.rng);
      const values = init(drawn);
      r.cell.stateNames.forEach((name, j) => (initialState[bases[j] + i] = values[name]));
    }
  });

  // Synapses of every projection, then a counting sort by presynaptic neuron.
  const preAll = growU32();
  const packedAll = growU32();
  const weightAll = growF32();
  const projectionCounts: number[] = [];
  const gapPostAll = growU32();
  const gapPreAll = growU32();
  const gapWeightAll = growF32();
  const gapCounts = new Array<number>(model.projections.length).fill(0);
  let maxDelaySteps = 1;
  const plasticProjections: PlasticProjection[] = [];
  const generatedInputs: GeneratedInput[] = [];
  model.projections.forEach((pr, k) => {
    const pre = byName.get(pr.pre)!;
    const post = byName.get(pr.post)!;
    const base = Stream.connectivity + 4 * k;
    if (isGenerated(pr)) {
      generatedInputs.push({
        projection: k,
        name: pr.name ?? `${pr.pre}→${pr.post}`,
        pre: { start: pre.start, size: pre.size },
        post: { start: post.start, size: post.size },
        receptor: pr.receptor as 'excitatory' | 'inhibitory',
        samePopulation: pr.pre === pr.post,
        allowSelf: pr.connector.type === 'fixedTotalNumber' && (pr.connector.allowSelfConnections ?? true),
        total: pr.connector.type === 'fixedTotalNumber' ? pr.connector.n : 0,
        weight: pr.weight,
        delay: pr.delay ?? dt,
        streamBase: base,
        sign: (w) => signedWeight(post.cell, pr.receptor as 'excitatory' | 'inhibitory', w),
      });
      projectionCounts.push(0);
      return;
    }
    const pairs = connect(pr.connector, pre.size, post.size, pr.pre === pr.post, new CounterRng(seed, base));
    const wRng = typeof pr.weight === 'number' ? null : new CounterRng(seed, base + 1);
    if (pr.receptor === 'electrical') {
      const rows = pr.connector.type === 'fromList' ? pr.connector.connections : null;
      for (let s = 0; s < pairs.pre.length; s++) {
        const row = rows?.[s];
        gapPostAll.push(post.start + pairs.post.get(s));
        gapPreAll.push(pre.start + pairs.pre.get(s));
        gapWeightAll.push(Math.max(0, row !== undefined && row.length >= 3 ? row[2] : drawValue(pr.weight, wRng)));
      }
      projectionCounts.push(0);
      gapCounts[k] = pairs.pre.length;
      return;
    }
    const delay = pr.delay ?? dt;
    const dRng = typeof delay === 'number' ? null : new CounterRng(seed, base + 2);
    const receptor = pr.receptor === 'excitatory' ? EXCITATORY : INHIBITORY;
    const rows = pr.connector.type === 'fromList' ? pr.connector.connections : null;
    const count = pairs.pre.length;
    if (pr.plasticity) {
      const { rule, params } = resolvedPlasticity(model, pr.plasticity, dt);
      const w = new Float64Array(count);
      for (let s = 0; s < count; s++) {
        const row = rows?.[s];
        w[s] = row !== undefined && row.length >= 3 ? row[2] : drawValue(pr.weight, wRng);
      }
      const steps = Math.min(512, Math.max(1, toSteps(delay as number, dt)));
      if (steps > maxDelaySteps) maxDelaySteps = steps;
      const cell = post.cell.receptors[pr.receptor];
      plasticProjections.push(
        buildPlasticProjection(
          {
            projection: k,
            name: pr.name ?? `${pr.pre}→${pr.post}`,
            rule,
            params,
            pre: { start: pre.start, size: pre.size },
            post: { start: post.start, size: post.size },
            receptor,
            sign: receptor === INHIBITORY && cell !== 'conductance' ? -1 : 1,
            delaySteps: steps,
          },
          pairs.pre.view(),
          pairs.post.view(),
          w,
        ),
      );
      projectionCounts.push(0);
      return;
    }
    for (let s = 0; s < count; s++) {
      const row = rows?.[s];
      const w = row !== undefined && row.length >= 3 ? row[2] : drawValue(pr.weight, wRng);
      const d = row !== undefined && row.length === 4 ? row[3] : drawValue(delay, dRng);
      const steps = Math.min(512, Math.max(1, toSteps(d, dt)));
      if (steps > maxDelaySteps) maxDelaySteps = steps;
      preAll.push(pre.start + pairs.pre.get(s));
      packedAll.push(packSynapse(post.start + pairs.post.get(s), steps, receptor));
      weightAll.push(signedWeight(post.cell, pr.receptor, w));
    }
    projectionCounts.push(count);
  });

  const total = preAll.length;
  const rowPtr = new Uint32Array(n + 1);
  const preV = preAll.view();
  for (let s = 0; s < total; s++) rowPtr[preV[s] + 1]++;
  for (let i = 0; i < n; i++) rowPtr[i + 1] += rowPtr[i];
  const fill = rowPtr.slice(0, n);
  const order = new Uint32Array(total); // generation order → CSR position
  for (let s = 0; s < total; s++) order[s] = fill[preV[s]]++;
  const targets = new Uint32Array(total);
  const weightsF = new Float32Array(total);
  const packedV = packedAll.view();
  const weightV = weightAll.view();
  for (let s = 0; s < total; s++) {
    targets[order[s]] = packedV[s];
    weightsF[order[s]] = weightV[s];
  }
  const projectionSlots = slicesByCount(order, projectionCounts);

  // Gap junctions: a counting sort by postsynaptic neuron (stable: list order within a neuron).
  const gapRowPtr = new Uint32Array(n + 1);
  const gapPostV = gapPostAll.view();
  for (let k = 0; k < gapPostV.length; k++) gapRowPtr[gapPostV[k] + 1]++;
  for (let i = 0; i < n; i++) gapRowPtr[i + 1] += gapRowPtr[i];
  const gapFill = gapRowPtr.slice(0, n);
  const gapPre = new Uint32Array(gapPostV.length);
  const gapConductance = new Float32Array(gapPostV.length);
  const gapOrder = new Uint32Array(gapPostV.length);
  for (let k = 0; k < gapPostV.length; k++) {
    const at = gapFill[gapPostV[k]]++;
    gapPre[at] = gapPreAll.get(k);
    gapConductance[at] = gapWeightAll.get(k);
    gapOrder[k] = at;
  }
  const gapSlots = slicesByCount(gapOrder, gapCounts);

  const generated = planGeneratedSynapses(
    generatedInputs,
    populations.map((p) => ({ start: p.start, size: p.size })),
    n,
    seed,
    dt,
  );
  for (const g of generated.projections) maxDelaySteps = Math.max(maxDelaySteps, g.maxDelaySteps);

  const poissonSources = buildPoissonSources(model, byName);
  const worstCase = worstCaseInput(n, targets, weightsF, poissonSources, (src) => src.weight, plasticProjections, generated);
  const fixedPointScale = chooseFixedPointScale(worstCase);
  const weights = new Int32Array(total);
  for (let s = 0; s < total; s++) weights[s] = toFixed(weightsF[s], fixedPointScale);

  const spikeRecordMask = new Uint32Array(Math.ceil(n / 32));
  let recordedNeurons = 0;
  const probes: Probe[] = [];
  model.recorders.forEach((r, k) => {
    const pop = byName.get(r.population)!;
    if (r.type === 'spikes') {
      const idx = r.neurons ?? Array.from({ length: pop.size }, (_, i) => i);
      for (const i of idx) {
        const g = pop.start + i;
        if (!(spikeRecordMask[g >>> 5] & (1 << (g & 31)))) recordedNeurons++;
        spikeRecordMask[g >>> 5] |= 1 << (g & 31);
      }
    } else {
      for (const i of r.neurons)
        for (const v of r.variables) probes.push({ recorder: k, population: pop.name, localIndex: i, neuron: pop.start + i, variable: v });
    }
  });

  const recordedPerPopulation = populations.map((p) => {
    let c = 0;
    for (let i = p.start; i < p.start + p.size; i++) if (spikeRecordMask[i >>> 5] & (1 << (i & 31))) c++;
    return c;
  });

  return {
    model,
    dt,
    seed,
    numNeurons: n,
    populations,
    rowPtr,
    targets,
    weights,
    projectionSlots,
    plasticProjections,
    generated,
    gapRowPtr,
    gapPre,
    gapConductance,
    gapSlots,
    maxDelaySteps,
    fixedPointScale,
    stateLayout,
    initialState,
    poissonSources,
    spikeRecordMask,
    recordedNeurons,
    recordedPerPopulation,
    probes,
    setupNotes: [],
  };
}

function buildPoissonSources(model: Model, byName: Map<string, PopulationRange>): PoissonSource[] {
  const out: PoissonSource[] = [];
  model.stimuli.forEach((s, k) => {
    if (s.type !== 'poisson') return;
    const pop = byName.get(s.population)!;
    const local = s.neurons ?? Array.from({ length: pop.size }, (_, i) => i);
    out.push({
      stimulusIndex: k,
      population: pop.index,
      targets: Uint32Array.from(local, (i) => pop.start + i),
      rateHz: s.rateHz,
      weight: s.weight,
      receptor: s.receptor === 'excitatory' ? EXCITATORY : INHIBITORY,
      startStep: toSteps(s.start ?? 0, model.dt),
      stopStep: s.stop === undefined ? NEVER : toSteps(s.stop, model.dt),
      stream: Stream.poisson + k,
    });
  });
  return out;
}

/**
 * Largest input one neuron can receive in one step on one receptor: all its synapses of that
 * receptor at once, plus the longest Poisson table any allowed rate can have (so live rate
 * changes stay safe). In the units of `weights` and `poissonWeight`.
 */
function worstCaseInput(
  n: number,
  targets: Uint32Array,
  weights: ArrayLike<number>,
  sources: PoissonSource[],
  poissonWeight: (src: PoissonSource) => number,
  plastic: PlasticProjection[],
  generated: GeneratedSynapses,
  plasticScale = 1,
): number {
  const sum = new Float64Array(2 * n);
  for (let s = 0; s < targets.length; s++) sum[2 * synapsePost(targets[s]) + synapseReceptor(targets[s])] += Math.abs(weights[s]);
  // A plastic synapse counts at the largest weight its rule allows (w_max), whatever it has learnt.
  for (const p of plastic) {
    const bound = plasticScale * Math.max(Math.abs(p.params[p.rule.bounds.min]), Math.abs(p.params[p.rule.bounds.max]));
    for (let k = 0; k < p.postOf.length; k++) sum[2 * (p.post.start + p.postOf[k]) + p.receptor] += bound;
  }
  // A generated projection counts at its largest weight times a bound on its in-degree.
  for (const g of generated.projections) {
    let largest = 0;
    for (const w of g.knots) largest = Math.max(largest, Math.abs(w));
    const bound = plasticScale * largest * inDegreeBound(g);
    for (let i = 0; i < g.post.size; i++) sum[2 * (g.post.start + i) + g.receptor] += bound;
  }
  for (const src of sources) {
    const w = MAX_POISSON_TABLE_LENGTH * Math.abs(poissonWeight(src));
    for (const g of src.targets) sum[2 * g + src.receptor] += w;
  }
  let worst = 0;
  for (let i = 0; i < sum.length; i++) if (sum[i] > worst) worst = sum[i];
  return worst;
}

/** The same bound in fixed-point units, from the network's current weights (for live edits). */
export function worstCaseFixedInput(net: BuiltNetwork): number {
  return worstCaseInput(
    net.numNeurons,
    net.targets,
    net.weights,
    net.poissonSources,
    (src) => toFixed(src.weight, net.fixedPointScale),
    net.plasticProjections,
    net.generated,
    net.fixedPointScale,
  );
}

/** The cdf table of a Poisson source for time step dt (ms). */
export function poissonTableFor(src: { rateHz: number }, dt: number): Float32Array {
  return poissonCdfTable((src.rateHz * dt) / 1000);
}

/** Consecutive views of `order`, counts[k] long each: the CSR positions of each projection's synapses. */
function slicesByCount(order: Uint32Array, counts: readonly number[]): Uint32Array[] {
  let offset = 0;
  return counts.map((c) => order.subarray(offset, (offset += c)));
}
