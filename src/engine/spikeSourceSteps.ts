/**
 * The steps in which each SpikeSourceArray neuron fires, for both backends: every source's spike
 * times rounded to their steps (duplicates in one step merged), and per chunk a bit plane of
 * which sources fire in each of its steps. Each step, before the neuron update, the backends set
 * a source's i_stim to 1 if its bit is set and to 0 otherwise; the cell type fires above 1/2
 * (model/cellTypes/spikeSourceArray.ts). A dense replay so costs one small pass per step instead
 * of a chunk boundary at every spike time.
 */
import { toSteps, type BuiltNetwork } from '../network/network';

export class SpikeSourceSteps {
  /** Global index of every SpikeSourceArray neuron, in network order (source j is neurons[j]). */
  readonly neurons: Uint32Array;
  /** Words of the bit plane per step: one bit per source. */
  readonly wordsPerStep: number;
  /** Every (step, source) firing, sorted by step. */
  private readonly firingSteps: Float64Array;
  private readonly firingSources: Uint32Array;

  constructor(net: Pick<BuiltNetwork, 'model' | 'populations'>) {
    const neurons: number[] = [];
    const firings: [number, number][] = [];
    for (const p of net.model.populations) {
      if (!p.spikeTimes) continue;
      const range = net.populations.find((r) => r.name === p.name)!;
      p.spikeTimes.forEach((times, i) => {
        const j = neurons.push(range.start + i) - 1;
        for (const step of new Set(times.map((t) => toSteps(t, net.model.dt)))) firings.push([step, j]);
      });
    }
    firings.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    this.neurons = Uint32Array.from(neurons);
    this.wordsPerStep = Math.ceil(neurons.length / 32);
    this.firingSteps = Float64Array.from(firings, (f) => f[0]);
    this.firingSources = Uint32Array.from(firings, (f) => f[1]);
  }

  get count(): number {
    return this.neurons.length;
  }

  /** Bit j of word k·wordsPerStep + ⌊j/32⌋: source j fires in step firstStep + k. */
  plane(firstStep: number, steps: number): Uint32Array {
    const out = new Uint32Array(steps * this.wordsPerStep);
    const at = this.firingSteps;
    let lo = 0;
    let hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at[mid] < firstStep) lo = mid + 1;
      else hi = mid;
    }
    for (let e = lo; e < at.length && at[e] < firstStep + steps; e++) {
      const j = this.firingSources[e];
      out[(at[e] - firstStep) * this.wordsPerStep + (j >>> 5)] |= 1 << (j & 31);
    }
    return out;
  }
}
