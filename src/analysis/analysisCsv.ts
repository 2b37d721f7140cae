/**
 * Spike-train analyses as CSV (the page's analysis panel and `luciole analyse --out` write these):
 * one row per population; one row per neuron; and the power spectra, one column per population.
 */
import type { PopulationAnalysis } from './spikeTrainAnalysis';

const num = (x: number) => (Number.isFinite(x) ? String(Math.round(x * 1e9) / 1e9) : '');

export const SUMMARY_CSV_HEADER =
  'population,neurons,mean_rate_hz,sd_rate_hz,mean_cv_isi,cv_neurons,mean_fano,fano_neurons,mean_correlation,correlation_pairs,psd_peak_hz';

export function analysisSummaryCsv(result: PopulationAnalysis[]): string {
  const rows = result.map((p) => {
    const sd = Math.sqrt(p.ratesHz.reduce((s, r) => s + (r - p.meanRateHz) ** 2, 0) / p.ratesHz.length);
    return [
      p.name,
      p.size,
      num(p.meanRateHz),
      num(sd),
      num(p.meanCv),
      p.cvs.length,
      num(p.meanFano),
      p.fanos.length,
      num(p.meanCorrelation),
      p.correlations.length,
      num(psdPeakHz(p)),
    ].join(',');
  });
  return [SUMMARY_CSV_HEADER, ...rows].join('\n') + '\n';
}

/** population,neuron,rate_hz — the per-neuron rates (CV and Fano are per neuron that has them, see the summary). */
export function analysisNeuronsCsv(result: PopulationAnalysis[]): string {
  const lines = ['population,neuron,rate_hz'];
  for (const p of result) p.ratesHz.forEach((r, i) => lines.push(`${p.name},${i},${num(r)}`));
  return lines.join('\n') + '\n';
}

/** frequency_hz, then the density (Hz²/Hz) of each population's rate. */
export function analysisPsdCsv(result: PopulationAnalysis[]): string {
  if (!result.length) return 'frequency_hz\n';
  const f = result[0].psd.frequenciesHz;
  const lines = [['frequency_hz', ...result.map((p) => p.name)].join(',')];
  for (let k = 0; k < f.length; k++) lines.push([num(f[k]), ...result.map((p) => num(p.psd.power[k] ?? NaN))].join(','));
  return lines.join('\n') + '\n';
}

/** The frequency of the largest power above 0 Hz (NaN if there is none). */
export function psdPeakHz(p: PopulationAnalysis): number {
  const { frequenciesHz, power } = p.psd;
  let best = -1;
  for (let k = 1; k < power.length; k++) if (best < 0 || power[k] > power[best]) best = k;
  return best < 0 ? NaN : frequenciesHz[best];
}
