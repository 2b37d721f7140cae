/** A uPlot line chart as a Lit element: resizes with its box and follows the colour scheme. */
import { LitElement, css, html, unsafeCSS } from 'lit';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';

export interface PlotSeries {
  label: string;
  colour: string;
  /** Dash pattern (px on, px off); solid when absent. */
  dash?: number[];
  /** Markers only, no line (measurements over a theory curve; null values are gaps). */
  points?: boolean;
}

export class TimeSeriesPlot extends LitElement {
  static override properties = {
    series: { attribute: false },
    data: { attribute: false },
    yLabel: { type: String },
    xLabel: { type: String },
  };
  declare series: PlotSeries[];
  /** [x, y1, y2, …] with equal lengths. */
  declare data: number[][];
  declare yLabel: string;
  declare xLabel: string;
  private plot: uPlot | null = null;
  private plotSeriesKey = '';
  private resizeObserver: ResizeObserver | null = null;

  static override styles = [
    unsafeCSS(uplotCss),
    css`
      :host {
        display: block;
        min-height: 90px;
      }
      .box {
        width: 100%;
        height: 100%;
      }
      .u-legend {
        font-size: 0.8rem;
      }
    `,
  ];

  constructor() {
    super();
    this.series = [];
    this.data = [[]];
    this.yLabel = '';
    this.xLabel = 't (ms)';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver = new ResizeObserver(() => this.plot?.setSize(this.size()));
    this.resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.plot?.destroy();
    this.plot = null;
  }

  override render() {
    return html`<div class="box"></div>`;
  }

  /** The plot's size: the box less the legend below it (measured once drawn; 30 px before). */
  private size(): { width: number; height: number } {
    const legend = this.plot?.root.querySelector<HTMLElement>('.u-legend')?.offsetHeight ?? 30;
    return { width: Math.max(100, this.clientWidth), height: Math.max(60, this.clientHeight - legend) };
  }

  protected override updated(): void {
    const key = JSON.stringify([this.series, this.yLabel]);
    if (!this.plot || key !== this.plotSeriesKey) {
      this.plot?.destroy();
      const ink = getComputedStyle(this).color || 'gray';
      const axis = (label: string): uPlot.Axis => ({
        label,
        stroke: ink,
        grid: { stroke: 'rgba(128,128,128,0.25)' },
        ticks: { stroke: 'rgba(128,128,128,0.4)' },
      });
      this.plot = new uPlot(
        {
          ...this.size(),
          series: [
            { label: this.xLabel },
            ...this.series.map((s) =>
              s.points
                ? { label: s.label, stroke: s.colour, width: 0, paths: () => null, points: { show: true, size: 9, fill: s.colour } }
                : { label: s.label, stroke: s.colour, width: 1.5, dash: s.dash, points: { show: false } },
            ),
          ],
          axes: [axis(this.xLabel), axis(this.yLabel)],
          scales: { x: { time: false } },
          legend: { show: true },
        },
        this.data as uPlot.AlignedData,
        this.renderRoot.querySelector('.box') as HTMLElement,
      );
      this.plotSeriesKey = key;
      this.plot.setSize(this.size()); // now that the legend can be measured
    } else {
      this.plot.setData(this.data as uPlot.AlignedData);
    }
  }
}
customElements.define('time-series-plot', TimeSeriesPlot);
