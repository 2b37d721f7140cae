/** Data for the live plots, computed from the recordings. */
import type { NetworkData, TraceData } from '../engine/recording/recordedData';
import { stepTimeMs } from '../model/time';

/**
 * Population rates (Hz) in bins of `binMs` over the last `windowMs`, from the recorded spikes
 * (each population's rate is over its recorded neurons). Returns [t, rate₀, rate₁, …].
 */
export function populationRates(sim: TraceData, windowMs: number, binMs: number): number[][] {
  const dt = sim.dt;
  const binSteps = Math.max(1, Math.round(binMs / dt));
  const endStep = sim.step - (sim.step % binSteps);
  const bins = Math.max(1, Math.floor(windowMs / binMs));
  const startStep = Math.max(0, endStep - bins * binSteps);
  const n = Math.floor((endStep - startStep) / binSteps);
  const pops = sim.network.populations;
  const recorded = sim.network.recordedPerPopulation;
  const counts = pops.map(() => new Float64Array(n));
  const { neurons, steps } = sim.spikeView();
  for (let k = sim.firstSpikeAtOrAfter(startStep); k < steps.length && steps[k] < endStep; k++) {
    const b = Math.floor((steps[k] - startStep) / binSteps);
    const i = neurons[k];
    let p = 0;
    while (p + 1 < pops.length && i >= pops[p + 1].start) p++;
    counts[p][b]++;
  }
  const t = Array.from({ length: n }, (_, b) => stepTimeMs(startStep + (b + 0.5) * binSteps, dt));
  return [t, ...counts.map((c, p) => Array.from(c, (x) => (recorded[p] ? (x / recorded[p] / (binSteps * dt)) * 1000 : 0)))];
}

/**
 * Each population's rate (Hz, per recorded neuron) over the last `windowMs` of recorded time, or
 * over all of it while the run is shorter: the figures the raster and the rate plot show.
 */
export function recentPopulationRates(sim: NetworkData, windowMs: number): { windowMs: number; ratesHz: number[] } {
  const startStep = Math.max(0, sim.step - Math.round(windowMs / sim.dt));
  const spanMs = (sim.step - startStep) * sim.dt;
  const pops = sim.network.populations;
  const counts = new Float64Array(pops.length);
  const { neurons, steps } = sim.spikeView();
  for (let k = sim.firstSpikeAtOrAfter(startStep); k < steps.length && steps[k] < sim.step; k++) {
    const i = neurons[k];
    let p = 0;
    while (p + 1 < pops.length && i >= pops[p + 1].start) p++;
    counts[p]++;
  }
  const recorded = sim.network.recordedPerPopulation;
  return {
    windowMs: spanMs,
    ratesHz: Array.from(counts, (c, p) => (recorded[p] && spanMs > 0 ? (c / recorded[p] / spanMs) * 1000 : 0)),
  };
}

/** The membrane potential of each live-probed neuron over the last `windowMs`: [t, v₀, v₁, …]. */
export function membraneTraces(sim: TraceData, windowMs: number): { neurons: number[]; data: number[][] } {
  const traces = sim.liveTraces().filter((t) => t.probe.variable === 'v');
  if (!traces.length) return { neurons: [], data: [[]] };
  const len = traces[0].values.length;
  const keep = Math.min(len, Math.round(windowMs / sim.dt));
  // thin to at most ~2,000 points per line
  const stride = Math.max(1, Math.floor(keep / 2000));
  const idx: number[] = [];
  for (let k = len - keep; k < len; k += stride) idx.push(k);
  const t = idx.map((k) => stepTimeMs(traces[0].firstStep + k + 1, sim.dt)); // end of step
  return { neurons: traces.map((x) => x.probe.neuron), data: [t, ...traces.map((x) => idx.map((k) => x.values[k]))] };
}

/**
 * The membrane threshold (mV) of a cell type whose threshold is `v >= name` or `v > number`
 * (the LIF types' v_thresh, AdEx's v_spike, Izhikevich's 30 mV peak), for the trace's threshold
 * line; null for any other condition.
 */
export function membraneThresholdMv(thresholdCode: string, params: Record<string, number>): number | null {
  const m = /^\s*v\s*>=?\s*([A-Za-z_]\w*|-?\d+(?:\.\d+)?)\s*$/.exec(thresholdCode);
  if (!m) return null;
  const x = /^[A-Za-z_]/.test(m[1]) ? params[m[1]] : Number(m[1]);
  return Number.isFinite(x) ? x : null;
}
