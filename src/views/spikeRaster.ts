/**
 * Spike raster of the last `windowMs` of simulated time, drawn from the recorded spike arrays
 * into one ImageData per frame (never a DOM element per spike). Spikes are sorted by step, so the
 * window starts at a binary-searched index (NetworkData.firstSpikeAtOrAfter).
 */
import { LitElement, css, html } from 'lit';
import type { SpikeData } from '../engine/recording/recordedData';
import { populationColour } from './colours';

/** What the raster draws: spikes by step, and the populations as index ranges (a run, or a spike file). */
export interface RasterData extends SpikeData {
  readonly network: { readonly populations: readonly { name: string; start: number; size: number }[]; readonly numNeurons: number };
}

export class SpikeRaster extends LitElement {
  static override properties = { sim: { attribute: false }, frame: { type: Number }, windowMs: { type: Number } };
  declare sim: RasterData | null;
  declare frame: number;
  declare windowMs: number;
  private resizeObserver: ResizeObserver | null = null;

  static override styles = css`
    :host {
      display: block;
    }
    canvas {
      width: 100%;
      height: 100%;
      min-height: 220px;
      display: block;
      background: Canvas;
      border: 1px solid GrayText;
      image-rendering: pixelated;
    }
  `;

  constructor() {
    super();
    this.sim = null;
    this.frame = 0;
    this.windowMs = 1000;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver = new ResizeObserver(() => this.draw());
    this.resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
  }

  override render() {
    return html`<canvas aria-label="spike raster, last ${this.windowMs} ms"></canvas>`;
  }

  protected override updated(): void {
    this.draw();
  }

  private draw(): void {
    const canvas = this.renderRoot.querySelector('canvas');
    if (!canvas) return;
    const width = Math.max(1, Math.round(canvas.clientWidth * devicePixelRatio));
    const height = Math.max(1, Math.round(canvas.clientHeight * devicePixelRatio));
    if (canvas.width !== width || canvas.height !== height) [canvas.width, canvas.height] = [width, height];
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(width, height);
    const sim = this.sim;
    if (sim) {
      const { neurons, steps } = sim.spikeView();
      const dt = sim.dt;
      const endStep = sim.step;
      const windowSteps = Math.round(this.windowMs / dt);
      const startStep = Math.max(0, endStep - windowSteps);
      const lo = sim.firstSpikeAtOrAfter(startStep);
      const pops = sim.network.populations;
      const colours = pops.map((_, k) => populationColour(k));
      const n = sim.network.numNeurons;
      const px = img.data;
      let pop = 0;
      for (let k = lo; k < steps.length; k++) {
        const i = neurons[k];
        const x = Math.min(width - 1, Math.floor(((steps[k] - startStep) / windowSteps) * width));
        const y0 = Math.floor((i / n) * height);
        const y1 = Math.max(y0 + 1, Math.floor(((i + 1) / n) * height));
        while (pop + 1 < pops.length && i >= pops[pop + 1].start) pop++;
        while (pop > 0 && i < pops[pop].start) pop--;
        const [r, g, b] = colours[pop];
        for (let y = y0; y < y1 && y < height; y++) {
          const o = 4 * (y * width + x);
          px[o] = r;
          px[o + 1] = g;
          px[o + 2] = b;
          px[o + 3] = 255;
        }
      }
    }
    ctx.putImageData(img, 0, 0);
  }
}
customElements.define('spike-raster', SpikeRaster);
