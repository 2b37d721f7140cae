/**
 * Recorded data as views and analyses read it: plain fields, so that they depend on no run
 * object (any source of these fields will do — a `Run`, a file read back, a test fixture).
 */
import type { LiveTrace } from './spikeRecording';
import type { Model } from '../../model/schema';
import type { BuiltNetwork } from '../../network/network';

/** Recorded spikes sorted by step, then neuron, with the clock they were recorded on. */
export interface SpikeData {
  /** ms per step. */
  readonly dt: number;
  /** Steps recorded so far. */
  readonly step: number;
  spikeView(): { neurons: Uint32Array; steps: Uint32Array };
  /** Index of the first spike at or after `step`. */
  firstSpikeAtOrAfter(step: number): number;
}

/** Spikes with the network they came from (populations, wiring, positions). */
export interface NetworkData extends SpikeData {
  readonly network: BuiltNetwork;
  readonly model: Model;
}

/** Spikes, the network, and recent membrane traces. */
export interface TraceData extends NetworkData {
  liveTraces(): LiveTrace[];
}
