/**
 * The oscillators of a run: their recorded order parameters r(t), ψ(t) per group and overall
 * (AKOrN: and the energy) and their live edits (K, frequency spread, noise), over one
 * `OscillatorBackend`. The `Run` drives it through the chunk scheduler and logs its edits.
 */
import type { Model } from '../../model/schema';
import { frequenciesWithSpreads, type BuiltOscillators } from '../../network/buildOscillators';
import type { RunComponent } from '../chunkScheduler';
import { NonFiniteStateError, ParameterError } from '../errors';
import { OrderRecording } from '../recording/orderRecording';
import { CpuOscillators } from './cpu/cpuOscillators';
import type { OscillatorBackend, OscillatorChunk } from './oscillatorBackend';

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
}

export class OscillatorComponent implements RunComponent {
  readonly recording: OrderRecording;
  private readonly couplingK: Float64Array;
  private readonly spreads: number[];
  private noise: number;

  /** The oscillators section as built: live edits are written over a copy of it. */
  private readonly section: NonNullable<Model['oscillators']>;

  constructor(
    model: Model,
    readonly built: BuiltOscillators,
    readonly backend: OscillatorBackend,
  ) {
    this.section = structuredClone(model.oscillators!);
    this.recording = new OrderRecording(built.rowWords, built.groups.length, built.dt, initialRow(built));
    this.couplingK = built.couplingK.slice();
    this.spreads = built.laws.map((l) => l.spread);
    this.noise = built.noise;
  }

  validSteps(result: unknown): { steps: number; error: Error | null } {
    const c = result as OscillatorChunk;
    const bad = OrderRecording.firstNonFinite(c.rows, c.steps, this.built.rowWords, this.built.groups.length);
    if (!bad) return { steps: c.steps, error: null };
    // The rows before it hold; the state from there on means nothing.
    const step = c.firstStep + bad.step + 1;
    return {
      steps: bad.step,
      error: new NonFiniteStateError(this.built.groups[bad.group].name, step, step * this.built.dt, 'oscillator group'),
    };
  }

  record(result: unknown, steps: number): void {
    this.recording.append((result as OscillatorChunk).rows, steps);
  }

  reset(): void {
    this.backend.reset();
    this.recording.clear();
    this.couplingK.forEach((K, i) => this.backend.setCouplingStrength(i, K));
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

  /** Coupling `index` (model order) gets strength K from the next step on. */
  setCouplingStrength(index: number, K: number): void {
    if (!(Number.isInteger(index) && index >= 0 && index < this.couplingK.length))
      throw new ParameterError(`coupling ${index}: the model has ${this.couplingK.length} coupling(s)`);
    if (!Number.isFinite(K)) throw new ParameterError(`oscillators.couplings[${index}].K: expected a finite number, got ${K}`);
    this.couplingK[index] = K;
    this.backend.setCouplingStrength(index, K);
  }

  /** The spread of group `group`'s frequency law (half-width, sd, half-range, or a scale for lists). */
  setFrequencySpread(group: number, spread: number): void {
    if (!(Number.isInteger(group) && group >= 0 && group < this.spreads.length))
      throw new ParameterError(`group ${group}: the model has ${this.spreads.length} group(s)`);
    if (!(spread >= 0) || !Number.isFinite(spread))
      throw new ParameterError(`oscillators.groups[${group}] frequency spread: expected a non-negative number of rad/ms, got ${spread}`);
    this.spreads[group] = spread;
    this.backend.setFrequencies(frequenciesWithSpreads(this.built, this.spreads));
  }

  /** Kuramoto phase diffusion D (rad²/ms). */
  setNoise(D: number): void {
    if (!(D >= 0) || !Number.isFinite(D))
      throw new ParameterError(`oscillators.noise: expected a non-negative number of rad²/ms, got ${D}`);
    this.noise = D;
    this.backend.setNoise(D);
  }

  /**
   * Writes the live edits (K, spreads, noise) into `m.oscillators`, each relative to the section
   * as built (a list scaled twice by 2 is scaled by 2). Only those fields change: positions and
   * the rest keep their identity, so views drawn from them are not rebuilt.
   */
  writeInto(m: Model): void {
    const o = m.oscillators!;
    o.noise = this.noise;
    o.couplings.forEach((c, i) => (c.K = this.couplingK[i]));
    o.groups.forEach((g, i) => {
      const f = this.section.groups[i].frequencies;
      const s = this.spreads[i];
      const law = this.built.laws[i];
      if (typeof f === 'object' && !Array.isArray(f)) {
        if (f.distribution === 'lorentzian') g.frequencies = { ...f, halfWidth: s };
        else if (f.distribution === 'gaussian') g.frequencies = { ...f, sd: s };
        else g.frequencies = { ...f, low: law.center - s, high: law.center + s };
      } else if (Array.isArray(f)) g.frequencies = s === 1 ? f.slice() : f.map((w) => law.center + s * (w - law.center));
    });
  }

  summary(): OscillatorSummary {
    const last = this.recording.latest();
    const G = this.built.groups.length;
    const mean = this.recording.meanR(undefined, Math.floor(this.recording.length / 2));
    return {
      model: this.built.model,
      oscillators: this.built.n,
      groups: this.built.groups.map((g, gi) => ({ name: g.name, size: g.size, r: round(last[2 * gi]), psi: round(last[2 * gi + 1]) })),
      r: round(last[2 * G]),
      psi: round(last[2 * G + 1]),
      rMeanSecondHalf: round(mean),
      ...(this.built.model === 'akorn' ? { energy: round(last[2 * G + 2]) } : {}),
    };
  }
}

/** The row of the initial state (r, ψ per group and overall, energy), measured by the twin. */
function initialRow(built: BuiltOscillators): Float32Array {
  const m = new CpuOscillators(built).measure();
  const G = built.groups.length;
  const row = new Float32Array(built.rowWords);
  m.groups.forEach((g, gi) => {
    row[2 * gi] = g.r;
    row[2 * gi + 1] = g.psi;
  });
  row[2 * G] = m.all.r;
  row[2 * G + 1] = m.all.psi;
  row[2 * G + 2] = m.energy;
  return row;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
