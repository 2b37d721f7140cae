/** A spike raster drawn on a canvas from the recorded spikes (never one DOM element per spike). */
import { LitElement, css, html, type PropertyValues } from 'lit';

export interface RasterData {
  neurons: Uint32Array;
  timesMs: Float64Array;
  numNeurons: number;
  durationMs: number;
  /** First neuron index of each population, for colours. */
  populationStarts: number[];
}

const COLOURS = ['#d9480f', '#1971c2', '#2f9e44', '#9c36b5', '#e8590c'];

export class SpikeRaster extends LitElement {
  static override properties = { data: { attribute: false } };
  declare data: RasterData | null;

  static override styles = css`
    canvas { width: 100%; height: 260px; display: block; background: Canvas; border: 1px solid GrayText; }
  `;

  constructor() {
    super();
    this.data = null;
  }

  override render() {
    return html`<canvas width="800" height="260" aria-label="spike raster"></canvas>`;
  }

  protected override updated(_changed: PropertyValues): void {
    const canvas = this.renderRoot.querySelector('canvas');
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const d = this.data;
    if (!d || d.durationMs <= 0) return;
    const sx = canvas.width / d.durationMs;
    const sy = canvas.height / d.numNeurons;
    for (let p = 0; p < d.populationStarts.length; p++) {
      ctx.fillStyle = COLOURS[p % COLOURS.length];
      const lo = d.populationStarts[p];
      const hi = d.populationStarts[p + 1] ?? d.numNeurons;
      for (let k = 0; k < d.neurons.length; k++) {
        const i = d.neurons[k];
        if (i >= lo && i < hi) ctx.fillRect(d.timesMs[k] * sx, i * sy, 1.5, Math.max(1, sy));
      }
    }
  }
}
customElements.define('spike-raster', SpikeRaster);
