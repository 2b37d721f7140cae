/**
 * The interface both oscillator backends implement, mirroring the spiking `Backend`: a backend
 * owns the oscillator state and advances it in chunks; `OscillatorSimulation` owns time and the
 * recorded order parameters.
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
  /** Advances `steps` steps (the work is issued at once; several chunks may be in flight). */
  submitChunk(steps: number): Promise<OscillatorChunk>;
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
  /** Set when the backend runs in lockstep with spiking neurons: receives each chunk's rows. */
  onCompanionChunk: ((chunk: Promise<OscillatorChunk>) => void) | null;
}
