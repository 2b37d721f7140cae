/**
 * The oscillator facade: time, live edits (K, frequency spread, noise) and the recorded order
 * parameters r(t), ψ(t) per group and overall (AKOrN: and the energy), over one
 * `OscillatorBackend`. Row k of the recording is the state at t = k·dt; row 0 is the initial state.
 */
import type { Model, ModelInput } from '../../model/schema';
import { parseModel } from '../../model/schema';
import { NonFiniteStateError } from '../errors';
import type { OscillatorBackend, OscillatorChunk } from './oscillatorBackend';
import { buildOscillators, frequenciesWithSpreads, type BuiltOscillators } from '../../network/buildOscillators';
import { CpuOscillators } from './cpu/cpuOscillators';

export type OscillatorBackendFactory = (built: BuiltOscillators) => Promise<OscillatorBackend>;

/** Most chunks in flight at once, as for spiking runs. */
const MAX_IN_FLIGHT = 3;

export interface OrderSeries {
  timesMs: Float64Array;
  r: Float32Array;
  psi: Float32Array;
  energy: Float32Array;
}

export interface OscillatorSummary {
  model: 'kuramoto' | 'akorn';
  oscillators: number;
  groups: { name: string; size: number; r: number; psi: number }[];
  /** Final order parameter of all oscillators. */
  r: number;
  psi: number;
  /** Mean r over the second half of the run (finite-N fluctuations averaged). */
  rMeanSecondHalf: number;
  energy?: number;
  simulatedMs: number;
  steps: number;
  wallMs: number;
  backend: string;
  adapter: string;
}

export class OscillatorSimulation {
  private rows: Float32Array;
  private rowCount = 1;
  private steps = 0;
  private wallMs = 0;
  private readonly couplingK: Float64Array;
  private readonly spreads: number[];
  private noise: number;
  /** In lockstep with a spiking Simulation: chunks arrive from its steps, in order. */
  private companionTail: Promise<void> | null = null;
  private companionError: Error | null = null;
  /** Set when the state became NaN or ±Inf: runs are refused until a reset. */
  private nonFinite: NonFiniteStateError | null = null;

  private constructor(
    readonly model: Model,
    readonly built: BuiltOscillators,
    private backend: OscillatorBackend,
  ) {
    this.rows = new Float32Array(built.rowWords * 1024);
    this.writeInitialRow();
    this.couplingK = built.couplingK.slice();
    this.spreads = built.laws.map((l) => l.spread);
    this.noise = built.noise;
  }

  static async create(input: Model | ModelInput, factory: OscillatorBackendFactory): Promise<OscillatorSimulation> {
    const model = parseModel(input);
    if (!model.oscillators) throw new Error('the model has no oscillators section');
    const built = buildOscillators(model);
    return new OscillatorSimulation(model, built, await factory(built));
  }

  get dt(): number {
    return this.built.dt;
  }
  get timeMs(): number {
    return this.steps * this.built.dt;
  }
  get stepCount(): number {
    return this.steps;
  }
  get backendKind(): string {
    return this.backend.kind;
  }
  get adapter(): string {
    return this.backend.adapter;
  }
  get rowWords(): number {
    return this.built.rowWords;
  }

  /** The backend, for attaching it to a spiking backend as its step companion. */
  get oscillatorBackend(): OscillatorBackend {
    return this.backend;
  }

  /**
   * From now on the oscillators advance with a spiking Simulation's steps (their backend has been
   * attached to the spiking backend); `run` is then the spiking Simulation's.
   */
  followCompanionChunks(): void {
    this.companionTail = Promise.resolve();
    this.backend.onCompanionChunk = (chunk) => {
      const t0 = performance.now();
      this.companionTail = this.companionTail!.then(() => chunk).then(
        (c) => {
          this.append(c);
          this.wallMs += performance.now() - t0;
        },
        (e) => {
          this.companionError ??= e as Error;
        },
      );
    };
  }

  get isCompanion(): boolean {
    return this.companionTail !== null;
  }

  /** Resolves once every companion chunk issued so far is recorded. */
  async settled(): Promise<void> {
    await this.companionTail;
    if (this.companionError) throw this.companionError;
  }

  /** Runs for `ms` milliseconds of model time. */
  run(ms: number): Promise<void> {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`run: expected a duration in ms ≥ 0, got ${ms}`);
    return this.runSteps(Math.round(ms / this.built.dt));
  }

  async runSteps(total: number): Promise<void> {
    if (this.isCompanion) throw new Error('these oscillators advance with the spiking network: run the Simulation');
    if (this.nonFinite) throw this.nonFinite;
    const t0 = performance.now();
    const pending: Promise<OscillatorChunk>[] = [];
    let left = total;
    while (left > 0 || pending.length) {
      while (left > 0 && pending.length < MAX_IN_FLIGHT) {
        const n = Math.min(left, this.backend.maxChunkSteps);
        pending.push(this.backend.submitChunk(n));
        left -= n;
      }
      this.append(await pending.shift()!);
    }
    this.wallMs += performance.now() - t0;
  }

  private append(c: OscillatorChunk): void {
    const w = this.built.rowWords;
    const G = this.built.groups.length;
    for (let k = 0; k < c.steps; k++) {
      for (let g = 0; g < G; g++) {
        if (Number.isFinite(c.rows[k * w + 2 * g])) continue;
        // Keep the rows before it and stop: the state from here on means nothing.
        this.append({ ...c, steps: k, rows: c.rows.subarray(0, k * w) });
        this.nonFinite = new NonFiniteStateError(this.built.groups[g].name, c.firstStep + k + 1, (c.firstStep + k + 1) * this.built.dt, 'oscillator group');
        throw this.nonFinite;
      }
    }
    const need = (this.rowCount + c.steps) * w;
    if (need > this.rows.length) {
      const bigger = new Float32Array(Math.max(need, this.rows.length * 2));
      bigger.set(this.rows.subarray(0, this.rowCount * w));
      this.rows = bigger;
    }
    this.rows.set(c.rows, this.rowCount * w);
    this.rowCount += c.steps;
    this.steps = c.firstStep + c.steps;
  }

  private writeInitialRow(): void {
    const m = new CpuOscillators(this.built).measure();
    const G = this.built.groups.length;
    m.groups.forEach((g, gi) => {
      this.rows[2 * gi] = g.r;
      this.rows[2 * gi + 1] = g.psi;
    });
    this.rows[2 * G] = m.all.r;
    this.rows[2 * G + 1] = m.all.psi;
    this.rows[2 * G + 2] = m.energy;
  }

  /**
   * r(t), ψ(t) of group `group`, or of all oscillators when omitted; energy (AKOrN). With
   * `maxPoints`, an even subsample that always keeps the last row (for plots redrawn each frame).
   */
  series(group?: number, maxPoints = Infinity): OrderSeries {
    const w = this.built.rowWords;
    const G = this.built.groups.length;
    const col = group === undefined ? 2 * G : 2 * group;
    const rows = this.rowCount;
    const stride = Math.max(1, Math.ceil(rows / maxPoints));
    const picked = Math.ceil(rows / stride) + ((rows - 1) % stride ? 1 : 0);
    const out: OrderSeries = { timesMs: new Float64Array(picked), r: new Float32Array(picked), psi: new Float32Array(picked), energy: new Float32Array(picked) };
    for (let j = 0; j < picked; j++) {
      const k = Math.min(j * stride, rows - 1);
      out.timesMs[j] = k * this.built.dt;
      out.r[j] = this.rows[k * w + col];
      out.psi[j] = this.rows[k * w + col + 1];
      out.energy[j] = this.rows[k * w + 2 * G + 2];
    }
    return out;
  }

  /** The last recorded row (the state now). */
  latest(): Float32Array {
    const w = this.built.rowWords;
    return this.rows.slice((this.rowCount - 1) * w, this.rowCount * w);
  }

  readState(): Promise<Float64Array> {
    return this.backend.readState();
  }

  couplingStrength(index: number): number {
    return this.couplingK[index];
  }
  frequencySpread(group: number): number {
    return this.spreads[group];
  }
  get noiseLevel(): number {
    return this.noise;
  }

  /** Live: coupling `index` (model order) gets strength K from the next step on. */
  setCouplingStrength(index: number, K: number): void {
    if (!(index >= 0 && index < this.couplingK.length)) throw new RangeError(`coupling ${index}: the model has ${this.couplingK.length} coupling(s)`);
    if (!Number.isFinite(K)) throw new RangeError(`oscillators.couplings[${index}].K: expected a finite number, got ${K}`);
    this.couplingK[index] = K;
    this.backend.setCouplingStrength(index, K);
  }

  /** Live: the spread of group `group`'s frequency law (half-width, sd, half-range or a scale for lists). */
  setFrequencySpread(group: number, spread: number): void {
    if (!(group >= 0 && group < this.spreads.length)) throw new RangeError(`group ${group}: the model has ${this.spreads.length} group(s)`);
    if (!(spread >= 0) || !Number.isFinite(spread)) throw new RangeError(`oscillators.groups[${group}] frequency spread: expected a non-negative number of rad/ms, got ${spread}`);
    this.spreads[group] = spread;
    this.backend.setFrequencies(frequenciesWithSpreads(this.built, this.spreads));
  }

  /** Live: Kuramoto phase diffusion D (rad²/ms). */
  setNoise(D: number): void {
    if (!(D >= 0) || !Number.isFinite(D)) throw new RangeError(`oscillators.noise: expected a non-negative number of rad²/ms, got ${D}`);
    this.noise = D;
    this.backend.setNoise(D);
  }

  /** The model with the live edits (K, spreads, noise) written into its oscillators section. */
  exportModel(): Model {
    const m = structuredClone(this.model);
    const o = m.oscillators!;
    o.noise = this.noise;
    o.couplings.forEach((c, i) => (c.K = this.couplingK[i]));
    o.groups.forEach((g, i) => {
      const f = g.frequencies;
      const s = this.spreads[i];
      const law = this.built.laws[i];
      if (typeof f === 'object' && !Array.isArray(f)) {
        if (f.distribution === 'lorentzian') f.halfWidth = s;
        else if (f.distribution === 'gaussian') f.sd = s;
        else {
          f.low = law.center - s;
          f.high = law.center + s;
        }
      } else if (Array.isArray(f) && s !== 1) g.frequencies = f.map((w) => law.center + s * (w - law.center));
    });
    return m;
  }

  reset(): void {
    this.backend.reset();
    this.nonFinite = null;
    this.rowCount = 1;
    this.steps = 0;
    this.wallMs = 0;
    this.couplingK.forEach((K, i) => this.backend.setCouplingStrength(i, K));
  }

  summary(): OscillatorSummary {
    const last = this.latest();
    const G = this.built.groups.length;
    const all = this.series();
    const from = Math.floor(this.rowCount / 2);
    let mean = 0;
    for (let k = from; k < this.rowCount; k++) mean += all.r[k];
    mean /= this.rowCount - from;
    return {
      model: this.built.model,
      oscillators: this.built.n,
      groups: this.built.groups.map((g, gi) => ({ name: g.name, size: g.size, r: round(last[2 * gi]), psi: round(last[2 * gi + 1]) })),
      r: round(last[2 * G]),
      psi: round(last[2 * G + 1]),
      rMeanSecondHalf: round(mean),
      ...(this.built.model === 'akorn' ? { energy: round(last[2 * G + 2]) } : {}),
      simulatedMs: round(this.timeMs),
      steps: this.steps,
      wallMs: Math.round(this.wallMs),
      backend: this.backend.kind,
      adapter: this.backend.adapter,
    };
  }

  destroy(): void {
    this.backend.destroy();
  }
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export const cpuOscillators: OscillatorBackendFactory = async (b) => new CpuOscillators(b);
