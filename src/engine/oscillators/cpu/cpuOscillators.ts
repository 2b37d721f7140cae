/**
 * The CPU twin of the oscillator kernels, in double precision: the oracle the WebGPU passes are
 * compared with (within tolerances: WGSL's sin/cos are not correctly rounded, so bit identity is
 * not on offer here, unlike the spiking backends).
 *
 * Kuramoto (Kuramoto 1975; Strogatz 2000): dθ_i/dt = ω_i + Σ_couplings (K/N_from) Σ_j A_ij sin(θ_j − θ_i),
 * integrated with classical RK4 or Heun; the noise √(2D dt)·ξ is added once per step
 * (Euler–Maruyama), ξ standard normal from Threefry(seed, noise stream, oscillator, step).
 *
 * AKOrN (Miyato et al., "Artificial Kuramoto Oscillatory Neurons", ICLR 2025), one step:
 *   y_i = Σ_j J_ij x_j + c_i,  x_i ← normalize(x_i + γ(Ω_i x_i + y_i − ⟨y_i, x_i⟩ x_i)),
 * Ω_i made of 2×2 blocks [[0, −ω], [ω, 0]], J_ij = K·A_ij / N_from (scalar couplings);
 * energy E = −½ Σ_ij x_iᵀ J_ij x_j − Σ_i c_iᵀ x_i.
 */
import { threefry2x32, uniform01, Stream } from '../../../random/threefry';
import type { CpuStepper } from '../../stepLoop';
import type { OscillatorBackend, OscillatorChunk } from '../oscillatorBackend';
import { wrapPhase, type BuiltOscillators } from '../../../network/buildOscillators';

/** Stage tables: φ_{s+1} = θ + a[s]·dt·k_s, θ ← θ + dt·Σ b[s]·k_s. */
export const RUNGE_KUTTA = {
  rk4: { a: [0.5, 0.5, 1], b: [1 / 6, 1 / 3, 1 / 3, 1 / 6] },
  heun: { a: [1], b: [0.5, 0.5] },
} as const;

export interface OrderParameters {
  groups: { r: number; psi: number }[];
  all: { r: number; psi: number };
  energy: number;
}

export class CpuOscillators implements OscillatorBackend, CpuStepper<OscillatorChunk> {
  readonly kind = 'cpu' as const;
  readonly adapter = 'CPU (reference backend)';
  readonly maxChunkSteps = 10_000;
  private state: Float64Array;
  private omega: Float64Array;
  private readonly K: Float64Array;
  private noise: number;
  private stepsDone = 0;
  private readonly rng = new Uint32Array(2);
  // Kuramoto stage buffers.
  private readonly phi: Float64Array;
  private readonly k: Float64Array;
  private readonly acc: Float64Array;
  // AKOrN coupling field y_i (n × width), and whether it belongs to the current state and K.
  private readonly field: Float64Array;
  private fieldIsCurrent = false;
  private readonly meanFieldInto: BuiltOscillators['meanField'][];

  constructor(private readonly b: BuiltOscillators) {
    this.state = b.initialState.slice();
    this.omega = b.omega.slice();
    this.K = b.couplingK.slice();
    this.noise = b.noise;
    this.phi = new Float64Array(b.n);
    this.k = new Float64Array(b.n);
    this.acc = new Float64Array(b.n);
    this.field = new Float64Array(b.n * b.stateWidth);
    this.meanFieldInto = b.groups.map((_, g) => b.meanField.filter((m) => m.to === g));
  }

  setCouplingStrength(index: number, K: number): void {
    this.K[index] = K;
    this.fieldIsCurrent = false;
  }
  setFrequencies(omega: Float64Array): void {
    this.omega = omega.slice();
  }
  setNoise(D: number): void {
    this.noise = D;
  }
  reset(): void {
    this.state = this.b.initialState.slice();
    this.fieldIsCurrent = false;
    this.stepsDone = 0;
  }
  readState(): Promise<Float64Array> {
    return Promise.resolve(this.state.slice());
  }
  /** The state now, without copying (for views on the CPU backend). */
  get stateView(): Float64Array {
    return this.state;
  }
  destroy(): void {}

  // ── CpuStepper: driven by the run's step loop ────────────────────────────────────────────
  private chunkRows: { firstStep: number; rows: Float32Array } | null = null;
  /** The spiking neurons' oscillator-current plane (nA), when these oscillators drive neurons. */
  private driveTarget: Float32Array | null = null;

  /** From now on each step first writes the phase drive into `current` (global neuron index). */
  connectDrive(current: Float32Array): void {
    this.driveTarget = current;
  }

  beginChunk(firstStep: number, steps: number): void {
    this.chunkRows = { firstStep, rows: new Float32Array(steps * this.b.rowWords) };
  }

  /** Drive from the phases at the start of the step, then advance one step. */
  step(k: number): void {
    if (this.driveTarget) this.driveInto(this.driveTarget);
    this.advance();
    this.writeRow(this.chunkRows!.rows, k * this.b.rowWords);
  }

  endChunk(): OscillatorChunk {
    const c = this.chunkRows!;
    this.chunkRows = null;
    return { firstStep: c.firstStep, steps: c.rows.length / this.b.rowWords, rows: c.rows, rowWords: this.b.rowWords };
  }

  /** One step from the current state. */
  advance(): void {
    if (this.b.model === 'kuramoto') this.kuramotoStep();
    else this.akornStep();
    this.stepsDone++;
  }

  /** Drive currents for spiking neurons (nA) from the current phases, into `current` (global neuron index). */
  driveInto(current: Float32Array): void {
    const w = this.b.stateWidth;
    for (const d of this.b.drive) {
      const x = w === 1 ? Math.cos(this.state[d.oscillator]) : this.state[d.oscillator * w];
      current[d.neuron] = d.offset + d.amplitude * x;
    }
  }

  /** Group sums: (Σcos, Σsin) of phases, or Σx of AKOrN vectors; `sums[g * width + k]`. */
  private groupSums(phases: Float64Array): Float64Array {
    const { groups, stateWidth } = this.b;
    const width = Math.max(2, stateWidth);
    const sums = new Float64Array(groups.length * width);
    groups.forEach((g, gi) => {
      for (let i = g.start; i < g.start + g.size; i++) {
        if (stateWidth === 1) {
          sums[gi * width] += Math.cos(phases[i]);
          sums[gi * width + 1] += Math.sin(phases[i]);
        } else for (let k = 0; k < stateWidth; k++) sums[gi * width + k] += phases[i * stateWidth + k];
      }
    });
    return sums;
  }

  /** dθ_i/dt at phases φ (sums are φ's group sums). */
  private derivative(phi: Float64Array, sums: Float64Array, i: number): number {
    const { groupOf, rowPtr, pre, weight, couplingOf } = this.b;
    let dtheta = this.omega[i];
    const c = Math.cos(phi[i]);
    const s = Math.sin(phi[i]);
    for (const m of this.meanFieldInto[groupOf[i]])
      dtheta += this.K[m.coupling] * m.invNFrom * (sums[m.from * 2 + 1] * c - sums[m.from * 2] * s);
    for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) dtheta += this.K[couplingOf[e]] * weight[e] * Math.sin(phi[pre[e]] - phi[i]);
    return dtheta;
  }

  private kuramotoStep(): void {
    const { n, dt } = this.b;
    const { a, b } = RUNGE_KUTTA[this.b.integrator];
    const theta = this.state;
    const { phi, k, acc } = this;
    phi.set(theta);
    for (let s = 0; s < b.length; s++) {
      const sums = this.groupSums(phi);
      for (let i = 0; i < n; i++) k[i] = this.derivative(phi, sums, i);
      for (let i = 0; i < n; i++) acc[i] = (s === 0 ? 0 : acc[i]) + b[s] * k[i];
      if (s < a.length) for (let i = 0; i < n; i++) phi[i] = theta[i] + a[s] * dt * k[i];
    }
    const amp = Math.sqrt(2 * this.noise * dt);
    for (let i = 0; i < n; i++) theta[i] = wrapPhase(theta[i] + dt * acc[i] + (amp > 0 ? amp * this.normal(i) : 0));
  }

  /** ξ for oscillator i at this step: Box–Muller on two 24-bit uniforms, as the WGSL kernel. */
  private normal(i: number): number {
    threefry2x32(this.b.seed, Stream.oscillatorNoise, i, this.stepsDone, this.rng);
    const u1 = 1 - uniform01(this.rng[0]);
    const u2 = uniform01(this.rng[1]);
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** y_i = Σ_j J_ij x_j + c_i for the current vectors, into `this.field` (once per state). */
  private computeField(): void {
    if (this.fieldIsCurrent) return;
    this.fieldIsCurrent = true;
    const x = this.state;
    const { n, stateWidth: w, groupOf, rowPtr, pre, weight, couplingOf, stimulus } = this.b;
    const sums = this.groupSums(x);
    const width = Math.max(2, w);
    const y = this.field;
    for (let i = 0; i < n; i++) {
      const g = groupOf[i];
      for (let d = 0; d < w; d++) y[i * w + d] = stimulus ? stimulus[i * w + d] : 0;
      for (const m of this.meanFieldInto[g]) {
        const f = this.K[m.coupling] * m.invNFrom;
        for (let d = 0; d < w; d++) y[i * w + d] += f * sums[m.from * width + d];
      }
      for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) {
        const f = this.K[couplingOf[e]] * weight[e];
        for (let d = 0; d < w; d++) y[i * w + d] += f * x[pre[e] * w + d];
      }
    }
  }

  /** The update direction γ(Ω_i x_i + Proj_{x_i}(y_i)) of oscillator i, into `out` (for tests too). */
  akornDirection(i: number, out: Float64Array): void {
    const { stateWidth: w, blocks, gamma } = this.b;
    const x = this.state;
    const y = this.field;
    let dot = 0;
    for (let d = 0; d < w; d++) dot += y[i * w + d] * x[i * w + d];
    for (let bl = 0; bl < blocks; bl++) {
      const om = this.omega[i * blocks + bl];
      const x0 = x[i * w + 2 * bl];
      const x1 = x[i * w + 2 * bl + 1];
      out[2 * bl] = gamma * (-om * x1 + y[i * w + 2 * bl] - dot * x0);
      out[2 * bl + 1] = gamma * (om * x0 + y[i * w + 2 * bl + 1] - dot * x1);
    }
  }

  /** Recomputes the coupling field of the current state (for tests of one step). */
  refreshField(): Float64Array {
    this.computeField();
    return this.field;
  }

  private akornStep(): void {
    const { n, stateWidth: w } = this.b;
    this.computeField();
    const next = new Float64Array(n * w);
    const dir = new Float64Array(w);
    for (let i = 0; i < n; i++) {
      this.akornDirection(i, dir);
      let norm = 0;
      for (let d = 0; d < w; d++) {
        next[i * w + d] = this.state[i * w + d] + dir[d];
        norm += next[i * w + d] ** 2;
      }
      norm = Math.sqrt(norm);
      for (let d = 0; d < w; d++) next[i * w + d] /= norm;
    }
    this.state = next;
    this.fieldIsCurrent = false;
  }

  /** Order parameters of the current state (and AKOrN energy). */
  measure(): OrderParameters {
    const { groups, stateWidth: w, n, stimulus } = this.b;
    const width = Math.max(2, w);
    const sums = this.groupSums(this.state);
    const all = new Float64Array(width);
    const out: OrderParameters = { groups: [], all: { r: 0, psi: 0 }, energy: 0 };
    groups.forEach((g, gi) => {
      for (let k = 0; k < width; k++) all[k] += sums[gi * width + k];
      out.groups.push(resultant(sums.subarray(gi * width, gi * width + width), g.size));
    });
    out.all = resultant(all, n);
    if (this.b.model === 'akorn') {
      this.computeField();
      let e = 0;
      for (let i = 0; i < n; i++)
        for (let d = 0; d < w; d++) {
          const x = this.state[i * w + d];
          const c = stimulus ? stimulus[i * w + d] : 0;
          e += -0.5 * x * (this.field[i * w + d] - c) - c * x;
        }
      out.energy = e;
    }
    return out;
  }

  private writeRow(rows: Float32Array, at: number): void {
    const m = this.measure();
    m.groups.forEach((g, gi) => {
      rows[at + 2 * gi] = g.r;
      rows[at + 2 * gi + 1] = g.psi;
    });
    const G = m.groups.length;
    rows[at + 2 * G] = m.all.r;
    rows[at + 2 * G + 1] = m.all.psi;
    rows[at + 2 * G + 2] = m.energy;
  }
}

/** r = |Σ| / N and ψ = the angle of the first two components. */
function resultant(sum: Float64Array, count: number): { r: number; psi: number } {
  let sq = 0;
  for (const s of sum) sq += s * s;
  return { r: Math.sqrt(sq) / count, psi: Math.atan2(sum[1], sum[0]) };
}
