/**
 * The oscillators' device part, as both backends implement it, mirroring the spiking `Backend`:
 * it owns the oscillator state and is advanced by the run's step loop (`../stepLoop.ts`) one
 * chunk at a time; the `Run` owns time and the recorded order parameters.
 */

/** What one chunk produced: one row per step, the state *after* that step. */
export interface OscillatorChunk {
  firstStep: number;
  steps: number;
  /** `steps` rows of `rowWords`: (r, ψ) per group, (r, ψ) of all oscillators, energy (AKOrN, else 0). */
  rows: Float32Array;
  rowWords: number;
}

export interface OscillatorBackend {
  readonly kind: 'cpu' | 'webgpu';
  readonly adapter: string;
  readonly maxChunkSteps: number;
  /** Coupling `index` of the model gets strength K from the next step on. */
  setCouplingStrength(index: number, K: number): void;
  /** Natural frequencies, n × blocks (rad/ms). */
  setFrequencies(omega: Float64Array): void;
  /** Kuramoto phase diffusion D (rad²/ms). */
  setNoise(D: number): void;
  /** Phases (n) or AKOrN vectors (n × dimension) now. */
  readState(): Promise<Float64Array>;
  /** Back to the initial state at step 0. */
  reset(): void;
  destroy(): void;
}
