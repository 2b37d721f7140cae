/**
 * A spike table (a spike file read back, no simulation) as the raster's data: spikes on a step
 * grid (the file's own where its times sit on one, else 0.01 ms), sorted by step then neuron,
 * with a movable end of the window (`step`).
 */
import { neuronCount, type SpikeTable } from '../io/spikeTable';
import type { RasterData } from './spikeRaster';

/** The coarsest of 1, 0.5, 0.25, 0.1, 0.05, 0.025, 0.01 ms on which every time lies (within 1 ns). */
export function gridOf(timesMs: Float64Array): number {
  for (const dt of [1, 0.5, 0.25, 0.1, 0.05, 0.025, 0.01])
    if (timesMs.every((t) => Math.abs(t / dt - Math.round(t / dt)) < 1e-6 / dt)) return dt;
  return 0.01;
}

export class SpikeTableRaster implements RasterData {
  readonly dt: number;
  readonly network: { populations: SpikeTable['populations']; numNeurons: number };
  /** The last step of the table. */
  readonly lastStep: number;
  step: number;
  private readonly neurons: Uint32Array;
  private readonly steps: Uint32Array;

  constructor(table: SpikeTable) {
    this.dt = gridOf(table.timesMs);
    this.network = { populations: table.populations, numNeurons: neuronCount(table) };
    const order = Array.from(table.timesMs, (_, k) => k);
    const stepOf = (k: number) => Math.max(0, Math.round(table.timesMs[k] / this.dt));
    order.sort((a, b) => stepOf(a) - stepOf(b) || table.neurons[a] - table.neurons[b]);
    this.neurons = Uint32Array.from(order, (k) => table.neurons[k]);
    this.steps = Uint32Array.from(order, stepOf);
    this.lastStep = Math.max(Math.round(table.tStopMs / this.dt), this.steps.length ? this.steps[this.steps.length - 1] + 1 : 0);
    this.step = this.lastStep;
  }

  spikeView() {
    return { neurons: this.neurons, steps: this.steps };
  }

  firstSpikeAtOrAfter(step: number): number {
    let lo = 0;
    let hi = this.steps.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.steps[mid] < step) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
