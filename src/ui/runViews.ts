/**
 * The run's plots, shared by the lab and the embeddable elements: each population's rate readout
 * over the raster's recorded spikes, the rate plot, and V(t) of the traced neurons with the
 * threshold dashed (or a hint to click a neuron).
 */
import { css, html } from 'lit';
import { populationCss } from '../views/colours';
import { membraneThresholdMv, membraneTraces, populationRates, recentPopulationRates } from '../views/plotData';
import { populationCellType, resolvedParams } from '../model/schema';
import type { PlotSeries } from '../views/timeSeriesPlot';
import { namesFromModel } from '../views/rasterRows';
import type { NetworkData } from '../engine/recording/recordedData';
import type { Run } from '../engine/run';
import '../views/timeSeriesPlot';

/** Styles for the rate readout; a component showing it adds them. */
export const runViewStyles = css`
  .rates {
    display: flex;
    gap: 0.3rem 1rem;
    flex-wrap: wrap;
    font-variant-numeric: tabular-nums;
  }
  .swatch {
    display: inline-block;
    width: 0.8em;
    height: 0.8em;
    margin-right: 0.3em;
    border-radius: 2px;
  }
  .trace-hint {
    margin: 0;
  }
`;

/** Each population's rate over the last 500 ms of recorded spikes (the raster's), or over the run while it is shorter. */
export function rateReadout(sim: NetworkData) {
  const recent = recentPopulationRates(sim, 500);
  return html`<div class="rates">
    ${sim.network.populations.map(
      (p, k) =>
        html`<span
          ><span class="swatch" style="background:${populationCss(k)}"></span>${p.name}:
          <b data-testid="rate-${p.name}">${recent.ratesHz[k].toFixed(1)}</b> Hz</span
        >`,
    )}
    <span class="note" data-testid="rate-window">(last ${recent.windowMs.toFixed(0)} ms)</span>
  </div>`;
}

/** The rate plot and the V(t) plot (or, with no neuron traced, `noTraceHint`). */
export function runPlots(sim: Run, noTraceHint: string) {
  const rates = populationRates(sim, 1000, 5);
  const traces = membraneTraces(sim, 1000);
  const nameOf = namesFromModel(sim.network.populations, sim.model.populations);
  const series: PlotSeries[] = traces.neurons.map((n, k) => ({
    label: `V #${n}${nameOf?.(n) ? ` ${nameOf(n)}` : ''} (mV)`,
    colour: ['#e8590c', '#1c7ed6', '#37b24d', '#ae3ec9'][k % 4],
  }));
  // The first traced neuron's threshold, as a dashed line.
  const first = traces.neurons.length
    ? sim.network.populations.find((p) => traces.neurons[0] >= p.start && traces.neurons[0] < p.start + p.size)
    : undefined;
  const pop = first && sim.model.populations.find((p) => p.name === first.name);
  const threshold = pop
    ? membraneThresholdMv(populationCellType(sim.model, pop).descriptor.threshold, resolvedParams(sim.model, pop))
    : null;
  if (threshold !== null) {
    series.push({ label: `threshold of ${first!.name} (mV)`, colour: '#868e96', dash: [6, 4] });
    traces.data.push(traces.data[0].map(() => threshold));
  }
  return html`<time-series-plot
      data-testid="rate-plot"
      .series=${sim.network.populations.map((p, k) => ({ label: `${p.name} (Hz)`, colour: populationCss(k) }))}
      .data=${rates}
      yLabel="rate (Hz)"
    ></time-series-plot>
    ${
      traces.neurons.length
        ? html`<time-series-plot data-testid="trace-plot" .series=${series} .data=${traces.data} yLabel="V (mV)"></time-series-plot>`
        : html`<p class="note trace-hint" data-testid="trace-hint">${noTraceHint}</p>`
    }`;
}
