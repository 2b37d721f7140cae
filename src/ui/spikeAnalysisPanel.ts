/**
 * The analysis panel: per-population statistics of a spike table (a run's recording, or a spike
 * file opened with no simulation) by Elephant's definitions (analysis/spikeTrainAnalysis.ts),
 * as a table, histograms and the population-rate spectrum, exported as CSV; a spike file also
 * gets its raster with a movable window, and the Python lines that load it.
 */
import { LitElement, css, html, nothing } from 'lit';
import { controlStyles } from './design/controlStyles';
import { analyseSpikes, type PopulationAnalysis } from '../analysis/spikeTrainAnalysis';
import { analysisNeuronsCsv, analysisPsdCsv, analysisSummaryCsv, psdPeakHz } from '../analysis/analysisCsv';
import type { SpikeFile } from '../io/spikeFiles';
import type { SpikeTable } from '../io/spikeTable';
import { SpikeTableRaster } from '../views/spikeTableRaster';
import { populationCss } from '../views/colours';
import { downloadBlob } from './downloadBlob';
import './../views/spikeRaster';
import './../views/timeSeriesPlot';

/** Python that loads a spike file of this format (numpy, h5py, pynwb), for the panel and the export buttons. */
export function pythonSnippet(format: SpikeFile['format'] | 'sonata' | 'nwb' | 'csv' | 'npz', file: string): string {
  switch (format) {
    case 'sonata':
      return `import h5py\nf = h5py.File('${file}', 'r')\nfor pop, g in f['spikes'].items():\n    t_ms, ids = g['timestamps'][:], g['node_ids'][:]`;
    case 'nwb':
      return `from pynwb import NWBHDF5IO\nunits = NWBHDF5IO('${file}', 'r').read().units.to_dataframe()\nspike_times_s = units['spike_times']   # one array per neuron; units['population']`;
    case 'npz':
      return `import numpy as np\nd = np.load('${file}')\ni, t_s = d['i'], d['t']`;
    default:
      return `import numpy as np\nneuron, t_ms = np.loadtxt('${file}', delimiter=',', skiprows=1, unpack=True)`;
  }
}

/** Histogram of `values` in `bins` equal bins over their range: [centres, counts]. */
function histogram(values: Float64Array, bins = 30): [number[], number[]] {
  const finite = Array.from(values).filter(Number.isFinite);
  if (!finite.length) return [[], []];
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (hi === lo) [lo, hi] = [lo - 0.5, hi + 0.5];
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const v of finite) counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
  return [counts.map((_, k) => lo + (k + 0.5) * width), counts];
}

function download(text: string, name: string): void {
  downloadBlob(new Blob([text], { type: 'text/csv' }), name);
}

const fmt = (x: number, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : '—');

export class SpikeAnalysisPanel extends LitElement {
  static override properties = {
    table: { attribute: false },
    label: { type: String },
    windowEndMs: { state: true },
  };
  /** The spikes analysed: a SpikeFile (with its raster) or a run's recording. */
  declare table: SpikeTable | SpikeFile | null;
  declare label: string;
  declare windowEndMs: number;
  private analysed: { of: SpikeTable; result: PopulationAnalysis[]; error: string } | null = null;
  private raster: { of: SpikeTable; data: SpikeTableRaster } | null = null;

  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
        border: 1px solid var(--wa-color-surface-border);
        padding: 0.5rem;
      }
      table {
        border-collapse: collapse;
        font-variant-numeric: tabular-nums;
      }
      td,
      th {
        padding: 0.1rem 0.6rem;
        text-align: right;
      }
      td:first-child,
      th:first-child {
        text-align: left;
      }
      .plots {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr));
        gap: 0.5rem;
      }
      spike-raster {
        height: 220px;
      }
      /* A fixed height: a plot sized by its content would grow with its own legend at every resize. */
      time-series-plot {
        height: 220px;
      }
      pre {
        background: var(--wa-color-surface-lowered);
        padding: 0.4rem;
        overflow-x: auto;
      }
      .error {
        color: var(--wa-color-danger-on-quiet);
      }
    `,
  ];

  constructor() {
    super();
    this.table = null;
    this.label = '';
    this.windowEndMs = 0;
  }

  private result(table: SpikeTable) {
    if (this.analysed?.of !== table) {
      try {
        this.analysed = { of: table, result: analyseSpikes(table), error: '' };
      } catch (e) {
        this.analysed = { of: table, result: [], error: (e as Error).message };
      }
    }
    return this.analysed;
  }

  override render() {
    const table = this.table;
    if (!table) return nothing;
    const { result, error } = this.result(table);
    const file = 'format' in table ? (table as SpikeFile) : null;
    const csvName = (what: string) => `${(file?.fileName ?? this.label).replace(/\.[^.]*$/, '')}-${what}.csv`;
    const series = result.map((p, k) => ({ label: p.name, colour: populationCss(k) }));
    const hist = (pick: (p: PopulationAnalysis) => Float64Array) => result.map((p) => histogram(pick(p)));
    return html`
      <h3 data-testid="analysis-title">
        ${file ? html`${file.fileName} (${file.format})` : this.label}: ${table.neurons.length.toLocaleString('en')} spikes,
        ${table.tStartMs.toFixed(1)}–${table.tStopMs.toFixed(1)} ms
      </h3>
      ${file ? this.rasterOf(file) : nothing} ${error ? html`<p class="error" data-testid="analysis-error">${error}</p>` : nothing}
      <table data-testid="analysis-table">
        <tr>
          <th>population</th>
          <th>neurons</th>
          <th>rate (Hz)</th>
          <th title="ISI coefficient of variation, neurons with ≥ 3 spikes">CV ISI</th>
          <th title="Fano factor of spike counts in 100 ms windows">Fano</th>
          <th title="Pearson's r of spike counts in 5 ms bins, sampled pairs">correlation</th>
          <th title="largest peak of the population rate's Welch spectrum">PSD peak (Hz)</th>
        </tr>
        ${result.map(
          (p) =>
            html`<tr data-testid="analysis-row">
              <td>${p.name}</td>
              <td>${p.size}</td>
              <td>${fmt(p.meanRateHz, 2)}</td>
              <td>${fmt(p.meanCv)}</td>
              <td>${fmt(p.meanFano)}</td>
              <td>${fmt(p.meanCorrelation, 4)}</td>
              <td>${fmt(psdPeakHz(p), 1)}</td>
            </tr>`,
        )}
      </table>
      <p>
        <button data-testid="analysis-csv" @click=${() => download(analysisSummaryCsv(result), csvName('analysis'))}>Analysis CSV</button>
        <button @click=${() => download(analysisNeuronsCsv(result), csvName('rates'))}>Rates per neuron CSV</button>
        <button @click=${() => download(analysisPsdCsv(result), csvName('spectrum'))}>Spectrum CSV</button>
        <small>Elephant's definitions: docs/formats.md, "Analysis"</small>
      </p>
      <div class="plots">
        ${this.histogramPlot(
          'rate (Hz)',
          series,
          hist((p) => p.ratesHz),
          'analysis-rates',
        )}
        ${this.histogramPlot(
          'CV of ISIs',
          series,
          hist((p) => p.cvs),
          'analysis-cvs',
        )}
        ${this.histogramPlot(
          'Fano factor',
          series,
          hist((p) => p.fanos),
          'analysis-fanos',
        )}
        ${this.histogramPlot(
          'pairwise correlation',
          series,
          hist((p) => p.correlations),
          'analysis-correlations',
        )}
        <time-series-plot
          data-testid="analysis-psd"
          .series=${series.map((s) => ({ ...s, label: `${s.label} (Hz²/Hz)` }))}
          .data=${result.length ? [Array.from(result[0].psd.frequenciesHz), ...result.map((p) => Array.from(p.psd.power))] : [[]]}
          xLabel="frequency (Hz)"
          yLabel="population-rate power"
        ></time-series-plot>
      </div>
      ${
        file
          ? html`<details open>
              <summary>Analyse in Python</summary>
              <pre data-testid="python-snippet">${pythonSnippet(file.format, file.fileName)}</pre>
            </details>`
          : nothing
      }
    `;
  }

  /** One plot of every population's histogram; populations are binned apart, so each gets its own x. */
  private histogramPlot(label: string, series: { label: string; colour: string }[], hists: [number[], number[]][], id: string) {
    // uPlot needs one x for all series: put every population on the union of the bin centres.
    const xs = [...new Set(hists.flatMap(([x]) => x))].sort((a, b) => a - b);
    const ys = hists.map(([x, y]) => xs.map((v) => (x.includes(v) ? y[x.indexOf(v)] : null)));
    return html`<time-series-plot
      data-testid=${id}
      .series=${series.map((s) => ({ ...s, label: `${s.label} (neurons)` }))}
      .data=${[xs, ...ys] as number[][]}
      xLabel=${label}
      yLabel="count"
    ></time-series-plot>`;
  }

  private rasterOf(file: SpikeFile) {
    if (this.raster?.of !== file) {
      this.raster = { of: file, data: new SpikeTableRaster(file) };
      this.windowEndMs = Math.min(1000, this.raster.data.lastStep * this.raster.data.dt);
    }
    const data = this.raster.data;
    data.step = Math.round(this.windowEndMs / data.dt);
    const lastMs = data.lastStep * data.dt;
    return html`<label
        >Window ends at
        <input
          data-testid="file-window"
          type="range"
          min=${Math.min(1000, lastMs)}
          max=${lastMs}
          step=${data.dt}
          .value=${String(this.windowEndMs)}
          @input=${(e: Event) => (this.windowEndMs = Number((e.target as HTMLInputElement).value))}
        />
        <span data-testid="file-window-ms">${this.windowEndMs.toFixed(1)}</span> ms</label
      >
      <p>
        ${file.populations.map(
          (p, k) => html`<span style="color:${populationCss(k)}" data-testid="file-population">■ ${p.name} (${p.size})</span> `,
        )}
      </p>
      <spike-raster data-testid="file-raster" .sim=${data} .frame=${this.windowEndMs} .windowMs=${1000}></spike-raster>`;
  }
}
customElements.define('spike-analysis-panel', SpikeAnalysisPanel);
