/**
 * Per-population spike statistics over a window, with INM-6's conventions
 * (microcircuit-PD14-model, PyNEST/src/microcircuit/helpers.py; reference_data/analyze_reference_data.py):
 * a neuron's rate is its spike count over the window's length, silent neurons included; its ISI CV
 * is std(ISI)/mean(ISI) (population std), taken only over neurons with more than 2 spikes.
 */
import type { NetworkData } from '../engine/recording/recordedData';

export interface PopulationStatistics {
  name: string;
  size: number;
  meanRateHz: number;
  /** Population SD across neurons. */
  sdRateHz: number;
  /** Mean ISI CV over neurons with > 2 spikes in the window (NaN if none). */
  meanCv: number;
  cvNeurons: number;
  /** Per neuron, in population order. */
  ratesHz: Float64Array;
  /** Per neuron with > 2 spikes. */
  cvs: Float64Array;
}

/** Statistics of the spikes recorded in [fromMs, toMs) (defaults: the whole recording). */
export function spikeStatistics(data: NetworkData, fromMs = 0, toMs = data.step * data.dt): PopulationStatistics[] {
  const { neurons, steps } = data.spikeView();
  const n = data.network.numNeurons;
  const fromStep = Math.ceil(fromMs / data.dt - 1e-9);
  const toStep = Math.ceil(toMs / data.dt - 1e-9);
  const windowS = (toMs - fromMs) / 1000;
  if (!(windowS > 0)) throw new RangeError(`spike statistics: expected toMs > fromMs, got [${fromMs}, ${toMs})`);
  // Spikes are sorted by step, so each neuron's spikes come in time order.
  const counts = new Uint32Array(n);
  const last = new Float64Array(n);
  const sumIsi = new Float64Array(n);
  const sumIsi2 = new Float64Array(n);
  for (let k = data.firstSpikeAtOrAfter(fromStep); k < steps.length && steps[k] < toStep; k++) {
    const g = neurons[k];
    const t = steps[k] * data.dt;
    if (counts[g] > 0) {
      const isi = t - last[g];
      sumIsi[g] += isi;
      sumIsi2[g] += isi * isi;
    }
    last[g] = t;
    counts[g]++;
  }
  return data.network.populations.map((p) => {
    const ratesHz = new Float64Array(p.size);
    const cvs: number[] = [];
    for (let i = 0; i < p.size; i++) {
      const g = p.start + i;
      ratesHz[i] = counts[g] / windowS;
      if (counts[g] > 2) {
        const m = counts[g] - 1;
        const mean = sumIsi[g] / m;
        const variance = Math.max(0, sumIsi2[g] / m - mean * mean);
        cvs.push(Math.sqrt(variance) / mean);
      }
    }
    const meanRateHz = mean(ratesHz);
    let ss = 0;
    for (const r of ratesHz) ss += (r - meanRateHz) ** 2;
    return {
      name: p.name,
      size: p.size,
      meanRateHz,
      sdRateHz: Math.sqrt(ss / p.size),
      meanCv: cvs.length ? mean(cvs) : NaN,
      cvNeurons: cvs.length,
      ratesHz,
      cvs: Float64Array.from(cvs),
    };
  });
}

function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return x.length ? s / x.length : NaN;
}
