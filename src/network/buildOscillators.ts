/**
 * Oscillator section → arrays both backends share: natural frequencies (as centre + spread × a
 * seeded unit deviate, so the spread can change live), initial phases or unit vectors, AKOrN
 * stimuli, all-to-all couplings as mean fields (O(N): Σ_j sin(θ_j − θ_i) = Im(e^{-iθ_i} Σ_j e^{iθ_j}))
 * and every other coupling as CSR by receiving oscillator.
 */
import { connect } from './connectivity';
import { CounterRng, Stream } from '../random/threefry';
import type { Model } from '../model/schema';
import type { Frequencies, OscillatorSection } from '../model/oscillatorSchema';

export interface OscillatorGroupRange {
  name: string;
  start: number; // first global oscillator index
  size: number;
}

/** How a group's natural frequencies were made: ω = center + spread · unitDeviation. */
export interface FrequencyLaw {
  kind: 'lorentzian' | 'gaussian' | 'uniform' | 'values';
  center: number; // rad/ms
  spread: number; // rad/ms: half-width (Lorentzian), sd (Gaussian), half-range (uniform), 1 (values)
}

/** An all-to-all coupling, computed from the group sums (the list is sorted by receiving group). */
export interface MeanFieldCoupling {
  from: number; // group index
  to: number;
  coupling: number; // index into couplingK
  invNFrom: number; // 1 / size of the sending group
}

/** Oscillator → spiking neuron current: offset + amplitude · cos θ (AKOrN: the first component). */
export interface PhaseDriveEntry {
  neuron: number; // global neuron index
  oscillator: number; // global oscillator index
  amplitude: number; // nA
  offset: number; // nA
}

export interface BuiltOscillators {
  model: 'kuramoto' | 'akorn';
  integrator: 'rk4' | 'heun';
  n: number;
  /** Numbers per oscillator in the state: 1 (phase) or the AKOrN dimension. */
  stateWidth: number;
  /** Frequencies per oscillator: 1, or dimension / 2 rotation blocks for AKOrN. */
  blocks: number;
  dt: number; // ms
  seed: number;
  noise: number; // rad²/ms
  gamma: number;
  groups: OscillatorGroupRange[];
  groupOf: Uint32Array;
  laws: FrequencyLaw[];
  /** Per (oscillator, block), the deviate d with ω = center + spread · d. */
  unitDeviations: Float64Array;
  omega: Float64Array; // rad/ms (or rad per unit γ for AKOrN), n × blocks
  initialState: Float64Array; // n × stateWidth
  stimulus: Float64Array | null; // n × stateWidth (AKOrN)
  couplingK: Float64Array;
  meanField: MeanFieldCoupling[];
  rowPtr: Uint32Array; // CSR by receiving oscillator
  pre: Uint32Array;
  weight: Float64Array; // A_ij / N_from
  couplingOf: Uint32Array;
  drive: PhaseDriveEntry[];
  /** Words of one recorded row: (r, ψ) per group, (r, ψ) of all, energy. */
  rowWords: number;
}

export function recordRowWords(numGroups: number): number {
  return 2 * (numGroups + 1) + 1;
}

export function buildOscillators(model: Model): BuiltOscillators {
  const o = model.oscillators as OscillatorSection;
  const akorn = o.model === 'akorn';
  const stateWidth = akorn ? o.dimension : 1;
  const blocks = akorn ? o.dimension / 2 : 1;
  const groups: OscillatorGroupRange[] = [];
  let n = 0;
  for (const g of o.groups) {
    groups.push({ name: g.name, start: n, size: g.size });
    n += g.size;
  }
  const groupIndex = new Map(groups.map((g, i) => [g.name, i]));
  const groupOf = new Uint32Array(n);
  groups.forEach((g, i) => groupOf.fill(i, g.start, g.start + g.size));

  const laws: FrequencyLaw[] = [];
  const unitDeviations = new Float64Array(n * blocks);
  const initialState = new Float64Array(n * stateWidth);
  const stimulus = akorn ? new Float64Array(n * stateWidth) : null;
  o.groups.forEach((g, gi) => {
    const range = groups[gi];
    const { law, deviations } = drawFrequencies(
      g.frequencies,
      g.size * blocks,
      g.size,
      new CounterRng(model.seed, Stream.oscillators + 4 * gi),
    );
    laws.push(law);
    unitDeviations.set(deviations, range.start * blocks);
    const rng = new CounterRng(model.seed, Stream.oscillators + 4 * gi + 1);
    for (let i = 0; i < g.size; i++) {
      const at = (range.start + i) * stateWidth;
      const p = g.initialPhases;
      if (!akorn)
        initialState[at] = wrapPhase(p === 'uniform' ? 2 * Math.PI * rng.nextDouble() : typeof p === 'number' ? p : (p[i] as number));
      else if (p === 'uniform') setUnit(initialState, at, stateWidth, () => rng.nextNormal());
      else if (typeof p === 'number') {
        initialState[at] = Math.cos(p);
        initialState[at + 1] = Math.sin(p);
      } else {
        const v = p[i] as number[];
        setUnit(initialState, at, stateWidth, (k) => v[k]);
      }
    }
    if (stimulus && g.stimulus !== undefined) {
      const c = g.stimulus;
      const srng = new CounterRng(model.seed, Stream.oscillators + 4 * gi + 2);
      for (let i = 0; i < g.size; i++) {
        const at = (range.start + i) * stateWidth;
        if (!Array.isArray(c)) {
          setUnit(stimulus, at, stateWidth, () => srng.nextNormal());
          for (let k = 0; k < stateWidth; k++) stimulus[at + k] *= c.random;
        } else if (Array.isArray(c[0])) for (let k = 0; k < stateWidth; k++) stimulus[at + k] = (c as number[][])[i][k];
        else for (let k = 0; k < stateWidth; k++) stimulus[at + k] = (c as number[])[k];
      }
    }
  });

  // Couplings: all-to-all as mean fields, the rest as CSR rows of the receiving oscillator.
  const couplingK = Float64Array.from(o.couplings, (c) => c.K);
  const meanField: MeanFieldCoupling[] = [];
  const entries: { post: number; pre: number; w: number; c: number }[] = [];
  o.couplings.forEach((c, ci) => {
    const from = groupIndex.get(c.from)!;
    const to = groupIndex.get(c.to)!;
    const gf = groups[from];
    const gt = groups[to];
    if (c.connector.type === 'allToAll') {
      meanField.push({ from, to, coupling: ci, invNFrom: 1 / gf.size });
      return;
    }
    const pairs = connect(c.connector, gf.size, gt.size, from === to, new CounterRng(model.seed, Stream.oscillatorCouplings + 4 * ci));
    const pre = pairs.pre.view();
    const post = pairs.post.view();
    const rows = c.connector.type === 'fromList' ? c.connector.connections : null;
    for (let k = 0; k < pre.length; k++) {
      const a = rows && rows[k].length >= 3 ? rows[k][2] : c.weight;
      entries.push({ post: gt.start + post[k], pre: gf.start + pre[k], w: a / gf.size, c: ci });
    }
  });
  meanField.sort((a, b) => a.to - b.to || a.coupling - b.coupling);
  entries.sort((a, b) => a.post - b.post || a.pre - b.pre);
  const rowPtr = new Uint32Array(n + 1);
  for (const e of entries) rowPtr[e.post + 1]++;
  for (let i = 0; i < n; i++) rowPtr[i + 1] += rowPtr[i];

  const popStart = new Map<string, { start: number; size: number }>();
  let s = 0;
  for (const p of model.populations) {
    popStart.set(p.name, { start: s, size: p.size });
    s += p.size;
  }
  const drive: PhaseDriveEntry[] = [];
  const driven = new Set<number>();
  for (const d of o.phaseDrive) {
    const pop = popStart.get(d.population)!;
    const g = groups[groupIndex.get(d.group)!];
    const local = d.neurons ?? Array.from({ length: pop.size }, (_, k) => k);
    local.forEach((k, j) => {
      const neuron = pop.start + k;
      if (driven.has(neuron))
        throw new Error(
          `oscillators.phaseDrive: neuron ${k} of population "${d.population}" is driven twice; each neuron takes at most one oscillator`,
        );
      driven.add(neuron);
      drive.push({ neuron, oscillator: g.start + (j % g.size), amplitude: d.amplitude, offset: d.offset });
    });
  }

  const built: BuiltOscillators = {
    model: o.model,
    integrator: o.integrator,
    n,
    stateWidth,
    blocks,
    dt: model.dt,
    seed: model.seed,
    noise: o.noise,
    gamma: o.gamma,
    groups,
    groupOf,
    laws,
    unitDeviations,
    omega: new Float64Array(0), // filled below from the laws
    initialState,
    stimulus,
    couplingK,
    meanField,
    rowPtr,
    pre: Uint32Array.from(entries, (e) => e.pre),
    weight: Float64Array.from(entries, (e) => e.w),
    couplingOf: Uint32Array.from(entries, (e) => e.c),
    drive,
    rowWords: recordRowWords(groups.length),
  };
  built.omega = frequenciesWithSpreads(
    built,
    laws.map((l) => l.spread),
  );
  return built;
}

/** Seeded unit deviates for a frequency law; `count` is oscillators × blocks. */
function drawFrequencies(f: Frequencies, count: number, size: number, rng: CounterRng): { law: FrequencyLaw; deviations: Float64Array } {
  const d = new Float64Array(count);
  if (typeof f === 'number') return { law: { kind: 'values', center: f, spread: 1 }, deviations: d };
  if (Array.isArray(f)) {
    const per = count / f.length; // one per oscillator → the same for each of its blocks
    const mean = f.reduce((a, b) => a + b, 0) / f.length;
    for (let k = 0; k < count; k++) d[k] = f[Math.floor(k / per)] - mean;
    void size;
    return { law: { kind: 'values', center: mean, spread: 1 }, deviations: d };
  }
  switch (f.distribution) {
    case 'lorentzian':
      // Inverse cdf of the standard Cauchy distribution.
      for (let k = 0; k < count; k++) d[k] = Math.tan(Math.PI * (rng.nextDouble() - 0.5));
      return { law: { kind: 'lorentzian', center: f.center, spread: f.halfWidth }, deviations: d };
    case 'gaussian':
      for (let k = 0; k < count; k++) d[k] = rng.nextNormal();
      return { law: { kind: 'gaussian', center: f.mean, spread: f.sd }, deviations: d };
    case 'uniform':
      for (let k = 0; k < count; k++) d[k] = 2 * rng.nextDouble() - 1;
      return { law: { kind: 'uniform', center: (f.low + f.high) / 2, spread: (f.high - f.low) / 2 }, deviations: d };
  }
}

function setUnit(out: Float64Array, at: number, width: number, component: (k: number) => number): void {
  let norm = 0;
  for (let k = 0; k < width; k++) {
    out[at + k] = component(k);
    norm += out[at + k] ** 2;
  }
  norm = Math.sqrt(norm);
  for (let k = 0; k < width; k++) out[at + k] /= norm;
}

export function wrapPhase(theta: number): number {
  const t = theta - 2 * Math.PI * Math.floor(theta / (2 * Math.PI));
  return t >= 2 * Math.PI ? 0 : t;
}

/** Natural frequencies with each group's law at the given spread: ω = center + spread · deviate (live edits). */
export function frequenciesWithSpreads(b: BuiltOscillators, spreads: number[]): Float64Array {
  const omega = new Float64Array(b.unitDeviations.length);
  b.groups.forEach((g, gi) => {
    for (let k = g.start * b.blocks; k < (g.start + g.size) * b.blocks; k++)
      omega[k] = b.laws[gi].center + spreads[gi] * b.unitDeviations[k];
  });
  return omega;
}
