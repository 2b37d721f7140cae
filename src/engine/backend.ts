/**
 * The spiking network's device part, as both backends implement it: it owns the network state
 * and is advanced by the run's step loop (`stepLoop.ts`) one chunk at a time; the `Run` owns time,
 * the stimulus schedule and the recordings.
 */
import type { StateVariable } from '../model/cellTypes';
import type { PopulationConstants } from './cellConstants';

/** What one chunk of steps produced. Spikes are sorted by (step, neuron). */
export interface ChunkResult {
  firstStep: number;
  steps: number;
  spikeNeurons: Uint32Array; // global neuron index
  spikeSteps: Uint32Array; // absolute step index; the spike time is step × dt (start of the step)
  /**
   * Probe values, one row of `probesPerStep` per step: the model's probes (`network.probes`
   * order), then the live probes set when the chunk was issued.
   */
  probeValues: Float32Array;
  probesPerStep: number;
  /** Spikes per population in this chunk (all neurons, recorded or not). */
  spikeCounts: Uint32Array;
  /** Population index → first step whose state was NaN or ±Inf in this chunk. */
  nonFinite: Map<number, number>;
  /** Plastic projection index (network.plasticProjections) → first step a weight, synapse variable or trace of it was NaN or ±Inf. */
  nonFinitePlastic: Map<number, number>;
}

export interface StateSnapshot {
  v: Float32Array; // mV
  /** Every state variable by name, one value per neuron (NaN where a neuron's cell type lacks it). */
  variables: Record<string, Float32Array>;
  refractory: Uint32Array; // steps left
}

/** A probe added while running, for interactive views (not part of the model). */
export interface LiveProbe {
  neuron: number; // global index
  variable: StateVariable;
}

/** At most this many live probes at once: 8 neurons × up to 5 state variables (IF_curr_alpha has 5). */
export const MAX_LIVE_PROBES = 40;

export interface PoissonSourceState {
  cdf: Float32Array;
  weightFixed: number;
  startStep: number;
  stopStep: number;
}

/** What a backend holds for a network (RunSummary.memory). */
export interface MemoryReport {
  synapses: number;
  /** Bytes of the synapses themselves (words, weights) on the device the backend runs on. */
  synapseBytes: number;
  /** Bytes of their row index (row offsets; generated rows' segments, knots and delay tables). */
  indexBytes: number;
  /** Every GPU buffer of the run (0 on the CPU). */
  deviceBytes: number;
  /** Dispatches in one step (0 on the CPU). */
  dispatchesPerStep: number;
  /** Bytes the last chunk copied back from the GPU: counters, probes and exactly the spikes recorded (0 on the CPU). */
  readbackBytes: number;
}

export interface Backend {
  readonly kind: 'cpu' | 'webgpu';
  /** Human-readable device: "CPU (reference)", or the adapter, with "software GPU" for a fallback adapter. */
  readonly adapter: string;
  /**
   * Most steps the next chunk may hold: its spikes must fit the log even if every neuron fires
   * at its highest rate, so this follows the refractory periods in force.
   */
  readonly maxChunkSteps: number;
  setPopulationConstants(index: number, c: PopulationConstants): void;
  /** Per-neuron stimulation current (nA) from now on. */
  setStimulusCurrent(current: Float32Array): void;
  /** One bit per neuron: silenced neurons are held at V_reset and emit no spikes, from now on. */
  setSilenced(mask: Uint32Array): void;
  setPoissonSource(index: number, state: PoissonSourceState): void;
  /** Replaces the live probes (at most MAX_LIVE_PROBES) for chunks issued from now on. */
  setLiveProbes(probes: LiveProbe[]): void;
  /** Writes fixed-point weights at the given CSR positions. */
  setWeights(slots: Uint32Array, weightsFixed: Int32Array): void;
  /** Writes gap-junction conductances (nS) at the given positions of the gap CSR (network.gapSlots). */
  setGapConductances(slots: Uint32Array, conductanceNs: Float32Array): void;
  /** New quantile knots (model units) of generated projection j (src/network/generatedSynapses.ts); the draws stay. */
  setGeneratedKnots(j: number, knots: Float64Array): void;
  memoryReport(): MemoryReport;
  /** Restores the initial state at step 0 (same seed: same run again). */
  reset(): void;
  readState(): Promise<StateSnapshot>;
  /**
   * The per-synapse variables of plastic projection `k` (network.plasticProjections order) as
   * they are now: [variable][synapse] in the rule's order (w first), synapses in the projection's
   * CSR order (src/network/plasticProjection.ts).
   */
  readPlasticSynapses(k: number): Promise<Float32Array>;
  /** The rule values of plastic projection `k` from now on (src/engine/plasticConstants.ts). */
  setPlasticValues(k: number, values: Float32Array): void;
  destroy(): void;
}
