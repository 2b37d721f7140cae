/**
 * How a stimulated set's activity spreads: for each cell type, the first-spike latency after the
 * stimulus onset and the rate change from the baseline window before it to the response window
 * after it (recorded spikes; a population with `neuronInfo.cellTypes`).
 */
import type { NetworkData } from '../engine/recording/recordedData';

export interface CellTypeResponse {
  cellType: string;
  neurons: number;
  /** First spike of any neuron of the type at or after onset, minus onset (ms); null if none. */
  firstSpikeLatencyMs: number | null;
  baselineRateHz: number;
  responseRateHz: number;
  rateChangeHz: number;
}

export function responseSummary(
  sim: NetworkData,
  opts: { population: string; onsetMs: number; windowMs: number; baselineMs?: number },
): CellTypeResponse[] {
  const pop = sim.network.populations.find((p) => p.name === opts.population);
  if (!pop) throw new Error(`no population named "${opts.population}"`);
  const types = sim.model.populations[pop.index].neuronInfo?.cellTypes;
  if (!types) throw new Error(`population "${opts.population}" has no cell types (neuronInfo.cellTypes)`);
  const baselineMs = opts.baselineMs ?? opts.onsetMs;
  const groups = new Map<string, { neurons: number; before: number; after: number; first: number }>();
  for (const t of types) {
    const key = t || '(none)';
    const g = groups.get(key) ?? { neurons: 0, before: 0, after: 0, first: Infinity };
    g.neurons++;
    groups.set(key, g);
  }
  const { neurons, steps } = sim.spikeView();
  const dt = sim.dt;
  const endMs = opts.onsetMs + opts.windowMs;
  // only the spikes from the baseline window on (called every frame by the page)
  for (let k = sim.firstSpikeAtOrAfter(Math.floor((opts.onsetMs - baselineMs) / dt)); k < neurons.length && steps[k] * dt < endMs; k++) {
    const i = neurons[k] - pop.start;
    if (i < 0 || i >= pop.size) continue;
    const t = steps[k] * dt;
    const g = groups.get(types[i] || '(none)')!;
    if (t >= opts.onsetMs - baselineMs && t < opts.onsetMs) g.before++;
    else if (t >= opts.onsetMs && t < opts.onsetMs + opts.windowMs) {
      g.after++;
      g.first = Math.min(g.first, t - opts.onsetMs);
    }
  }
  return [...groups.entries()]
    .map(([cellType, g]) => {
      const baselineRateHz = baselineMs > 0 ? (g.before / g.neurons / baselineMs) * 1000 : 0;
      const responseRateHz = (g.after / g.neurons / opts.windowMs) * 1000;
      return {
        cellType,
        neurons: g.neurons,
        firstSpikeLatencyMs: Number.isFinite(g.first) ? +g.first.toFixed(6) : null,
        baselineRateHz,
        responseRateHz,
        rateChangeHz: responseRateHz - baselineRateHz,
      };
    })
    .sort((a, b) => (a.firstSpikeLatencyMs ?? Infinity) - (b.firstSpikeLatencyMs ?? Infinity));
}
