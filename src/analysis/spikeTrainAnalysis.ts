/**
 * Per-population statistics of recorded spike trains, with the definitions and defaults of
 * Elephant (Denker et al. 2018, elephant.statistics, elephant.spike_train_correlation,
 * elephant.spectral), so numbers match what users compute in Python:
 *   rate         mean_firing_rate: spikes in [t_start, t_stop] / (t_stop − t_start), per neuron
 *   CV           cv(isi(train)) = scipy.stats.variation: std (ddof 0) / mean of the ISIs, per
 *                neuron with at least 3 spikes (2 ISIs), as INM-6's microcircuit analysis
 *   Fano factor  fanofactor(trials) = var (ddof 0) / mean of the spike counts, per neuron, its
 *                train cut into consecutive windows of `fanoWindowMs` taken as trials; neurons
 *                that never fire are left out (F is undefined)
 *   correlation  correlation_coefficient(BinnedSpikeTrain(bin_size = `correlationBinMs`)):
 *                Pearson's r of the binned spike counts of each pair of up to
 *                `correlationNeurons` neurons that fired, drawn by a seeded shuffle
 *   power        welch_psd of the population rate (spike count per `psdBinMs` bin / (N · bin),
 *                Hz) with Elephant's defaults: 8 segments overlapping by half, Hann window,
 *                constant detrend, one-sided density (Hz²/Hz)
 */
import { neuronCount, spikesByNeuron, type SpikeTable } from '../io/spikeTable';
import { rfft } from './fft';

export interface AnalysisOptions {
  /** Fano factor window (ms). */
  fanoWindowMs: number;
  /** Correlation bin (ms). */
  correlationBinMs: number;
  /** At most this many neurons per population for the correlation (all pairs among them). */
  correlationNeurons: number;
  /** Population-rate bin for the power spectrum (ms). */
  psdBinMs: number;
  /** Welch segments (Elephant's n_segments). */
  psdSegments: number;
  /** Seed of the correlation sample. */
  seed: number;
}

export const DEFAULT_ANALYSIS: AnalysisOptions = {
  fanoWindowMs: 100,
  correlationBinMs: 5,
  correlationNeurons: 100,
  psdBinMs: 1,
  psdSegments: 8,
  seed: 1,
};

export interface PopulationAnalysis {
  name: string;
  size: number;
  /** Per neuron (Hz), in population order. */
  ratesHz: Float64Array;
  meanRateHz: number;
  /** Per neuron with ≥ 3 spikes. */
  cvs: Float64Array;
  meanCv: number;
  /** Per neuron that fired. */
  fanos: Float64Array;
  meanFano: number;
  /** Pearson's r of every sampled pair. */
  correlations: Float64Array;
  meanCorrelation: number;
  /** The population rate's power spectrum: frequencies (Hz) and density (Hz²/Hz). */
  psd: { frequenciesHz: Float64Array; power: Float64Array };
}

export function analyseSpikes(table: SpikeTable, options: Partial<AnalysisOptions> = {}): PopulationAnalysis[] {
  const o = { ...DEFAULT_ANALYSIS, ...options };
  for (const key of ['fanoWindowMs', 'correlationBinMs', 'psdBinMs'] as const)
    if (!(o[key] > 0)) throw new RangeError(`${key}: expected a positive number of ms, got ${o[key]}`);
  for (const key of ['correlationNeurons', 'psdSegments'] as const)
    if (!(Number.isInteger(o[key]) && o[key] >= 1)) throw new RangeError(`${key}: expected a whole number ≥ 1, got ${o[key]}`);
  const { tStartMs, tStopMs } = table;
  const durationMs = tStopMs - tStartMs;
  if (!(durationMs > 0)) throw new RangeError(`spike analysis: expected t_stop > t_start, got [${tStartMs}, ${tStopMs}] ms`);
  if (neuronCount(table) === 0) return [];
  const { offsets, times } = spikesByNeuron(table);
  const train = (g: number) => times.subarray(offsets[g], offsets[g + 1]);

  return table.populations.map((p) => {
    const ratesHz = new Float64Array(p.size);
    const cvs: number[] = [];
    const fanos: number[] = [];
    const fired: number[] = [];
    const fanoWindows = Math.floor(durationMs / o.fanoWindowMs);
    const windowCounts = new Float64Array(fanoWindows);
    for (let i = 0; i < p.size; i++) {
      const t = train(p.start + i);
      let inside = 0;
      for (const s of t) if (s >= tStartMs && s <= tStopMs) inside++;
      ratesHz[i] = inside / (durationMs / 1000);
      if (t.length >= 3) cvs.push(variation(diffs(t)));
      if (t.length) fired.push(p.start + i);
      if (t.length && fanoWindows >= 1) {
        windowCounts.fill(0);
        for (const s of t) {
          const w = Math.floor((s - tStartMs) / o.fanoWindowMs);
          if (w >= 0 && w < fanoWindows) windowCounts[w]++;
        }
        const m = mean(windowCounts);
        if (m > 0) fanos.push(variance(windowCounts) / m);
      }
    }
    const correlations = pairwiseCorrelations(sample(fired, o.correlationNeurons, o.seed), train, tStartMs, durationMs, o.correlationBinMs);
    return {
      name: p.name,
      size: p.size,
      ratesHz,
      meanRateHz: mean(ratesHz),
      cvs: Float64Array.from(cvs),
      meanCv: mean(cvs),
      fanos: Float64Array.from(fanos),
      meanFano: mean(fanos),
      correlations,
      meanCorrelation: mean(correlations),
      psd: populationRatePsd(p, train, tStartMs, durationMs, o.psdBinMs, o.psdSegments),
    };
  });
}

/** Pearson's r of binned counts (BinnedSpikeTrain: ⌊duration / bin⌋ bins from t_start) for every pair. */
function pairwiseCorrelations(
  neurons: number[],
  train: (g: number) => Float64Array,
  tStartMs: number,
  durationMs: number,
  binMs: number,
): Float64Array {
  const bins = Math.floor(durationMs / binMs + 1e-9);
  if (bins < 2 || neurons.length < 2) return new Float64Array(0);
  // Each neuron's binned counts, centred, with their norms.
  const centred = neurons.map((g) => {
    const b = new Float64Array(bins);
    for (const s of train(g)) {
      const k = Math.floor((s - tStartMs) / binMs + 1e-9);
      if (k >= 0 && k < bins) b[k]++;
    }
    const m = mean(b);
    let ss = 0;
    for (let k = 0; k < bins; k++) {
      b[k] -= m;
      ss += b[k] * b[k];
    }
    return { b, norm: Math.sqrt(ss) };
  });
  const out: number[] = [];
  for (let i = 0; i < centred.length; i++)
    for (let j = i + 1; j < centred.length; j++) {
      const a = centred[i];
      const c = centred[j];
      if (a.norm === 0 || c.norm === 0) continue; // every spike in one bin: r undefined
      let dot = 0;
      for (let k = 0; k < bins; k++) dot += a.b[k] * c.b[k];
      out.push(dot / (a.norm * c.norm));
    }
  return Float64Array.from(out);
}

/**
 * Welch's method (Welch 1967) as scipy.signal.welch with Elephant's welch_psd defaults:
 * nperseg = ⌊n / (segments − 0.5·(segments − 1))⌋, half overlap, periodic Hann window, each
 * segment's mean removed, one-sided density 1/(fs·Σw²), doubled but for DC and Nyquist.
 */
export function welchPsd(signal: Float64Array, fsHz: number, segments = 8): { frequenciesHz: Float64Array; power: Float64Array } {
  const overlap = 0.5;
  const nperseg = Math.min(signal.length, Math.floor(signal.length / (segments - overlap * (segments - 1))));
  if (nperseg < 2) return { frequenciesHz: new Float64Array(0), power: new Float64Array(0) };
  const noverlap = Math.floor(nperseg * overlap);
  const step = nperseg - noverlap;
  const window = new Float64Array(nperseg);
  let w2 = 0;
  for (let t = 0; t < nperseg; t++) {
    window[t] = 0.5 - 0.5 * Math.cos((2 * Math.PI * t) / nperseg);
    w2 += window[t] * window[t];
  }
  const bins = Math.floor(nperseg / 2) + 1;
  const power = new Float64Array(bins);
  const count = Math.floor((signal.length - noverlap) / step);
  const seg = new Float64Array(nperseg);
  for (let s = 0; s < count; s++) {
    const from = s * step;
    let m = 0;
    for (let t = 0; t < nperseg; t++) m += signal[from + t];
    m /= nperseg;
    for (let t = 0; t < nperseg; t++) seg[t] = (signal[from + t] - m) * window[t];
    const { re, im } = rfft(seg);
    for (let k = 0; k < bins; k++) power[k] += re[k] * re[k] + im[k] * im[k];
  }
  const scale = 1 / (fsHz * w2 * count);
  for (let k = 0; k < bins; k++) {
    power[k] *= scale;
    if (k > 0 && !(nperseg % 2 === 0 && k === bins - 1)) power[k] *= 2;
  }
  const frequenciesHz = Float64Array.from({ length: bins }, (_, k) => (k * fsHz) / nperseg);
  return { frequenciesHz, power };
}

function populationRatePsd(
  p: { start: number; size: number },
  train: (g: number) => Float64Array,
  tStartMs: number,
  durationMs: number,
  binMs: number,
  segments: number,
) {
  const bins = Math.floor(durationMs / binMs + 1e-9);
  const rate = new Float64Array(bins);
  const perSpike = 1 / (p.size * (binMs / 1000)); // Hz
  for (let i = 0; i < p.size; i++)
    for (const s of train(p.start + i)) {
      const k = Math.floor((s - tStartMs) / binMs + 1e-9);
      if (k >= 0 && k < bins) rate[k] += perSpike;
    }
  return welchPsd(rate, 1000 / binMs, segments);
}

/** Up to `n` of `items`, by a seeded Fisher–Yates shuffle (all of them, in order, if they fit). */
function sample(items: number[], n: number, seed: number): number[] {
  if (items.length <= n) return items;
  const a = items.slice();
  let s = seed >>> 0 || 1;
  for (let i = a.length - 1; i > 0; i--) {
    s ^= s << 13; // xorshift32 (Marsaglia 2003)
    s ^= s >>> 17;
    s ^= s << 5;
    const j = (s >>> 0) % (i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, n).sort((x, y) => x - y);
}

function diffs(t: Float64Array): Float64Array {
  const d = new Float64Array(t.length - 1);
  for (let i = 1; i < t.length; i++) d[i - 1] = t[i] - t[i - 1];
  return d;
}

function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return x.length ? s / x.length : NaN;
}

function variance(x: ArrayLike<number>): number {
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - m) ** 2;
  return s / x.length;
}

/** scipy.stats.variation: std (ddof 0) / mean. */
function variation(x: ArrayLike<number>): number {
  return Math.sqrt(variance(x)) / mean(x);
}
