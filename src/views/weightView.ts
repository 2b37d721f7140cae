/**
 * Learnt weights, live: a histogram of each plastic projection's weights over [w_min, w_max] and,
 * for projections of at most MAX_MATRIX_CELLS neuron pairs, the weight matrix (rows: postsynaptic
 * neurons, columns: presynaptic; dark to bright = 0 to w_max; background where there is no
 * synapse). Drawn from the plain data LabController reads back (Run.readPlasticWeights).
 */
import { LitElement, css, html, nothing } from 'lit';
import type { PlasticWeights } from '../engine/run';
import { MAX_MATRIX_CELLS, weightHistogram, weightMatrix } from './weightData';

const BINS = 20;
const BAR: [number, number, number] = [25, 113, 194];

/** Viridis-like ramp from dark blue (0) to yellow (1). */
function ramp(x: number): [number, number, number] {
  const t = Math.min(1, Math.max(0, x));
  return [Math.round(68 + t * (253 - 68)), Math.round(1 + t * (231 - 1)), Math.round(84 + t * (37 - 84))];
}

export class WeightView extends LitElement {
  static override properties = { weights: { attribute: false }, frame: { type: Number } };
  declare weights: PlasticWeights[];
  declare frame: number;

  static override styles = css`
    :host {
      display: block;
    }
    figure {
      margin: 0.25rem 0;
    }
    figcaption {
      font-size: 0.85rem;
    }
    .row {
      display: flex;
      gap: 0.5rem;
      align-items: flex-end;
    }
    canvas {
      border: 1px solid GrayText;
      background: Canvas;
      image-rendering: pixelated;
    }
  `;

  constructor() {
    super();
    this.weights = [];
    this.frame = 0;
  }

  override render() {
    return html`${this.weights.map((w, k) => {
      const mean = w.weights.reduce((a, b) => a + b, 0) / Math.max(1, w.weights.length);
      const matrix = w.preSize * w.postSize <= MAX_MATRIX_CELLS;
      return html`<figure data-testid="weights-${k}">
        <figcaption>
          ${w.name}: ${w.weights.length.toLocaleString()} plastic synapses, mean
          <b data-testid="weights-mean-${k}">${mean.toPrecision(3)}</b> (bounds ${w.wMin}–${w.wMax})
        </figcaption>
        <div class="row">
          <canvas data-testid="weights-histogram-${k}" width="240" height="90" aria-label="histogram of the weights of ${w.name}"></canvas>
          ${
            matrix
              ? html`<canvas
                  data-testid="weights-matrix-${k}"
                  width=${w.preSize}
                  height=${w.postSize}
                  style="width:${Math.min(180, Math.max(60, w.preSize * 2))}px;height:${Math.min(180, Math.max(60, w.postSize * 2))}px"
                  aria-label="weight matrix of ${w.name}"
                ></canvas>`
              : nothing
          }
        </div>
      </figure>`;
    })}`;
  }

  protected override updated(): void {
    this.weights.forEach((w, k) => {
      this.drawHistogram(this.renderRoot.querySelector(`[data-testid="weights-histogram-${k}"]`), w);
      this.drawMatrix(this.renderRoot.querySelector(`[data-testid="weights-matrix-${k}"]`), w);
    });
  }

  private drawHistogram(canvas: HTMLCanvasElement | null, w: PlasticWeights): void {
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const counts = weightHistogram(w.weights, w.wMin, w.wMax, BINS);
    const top = Math.max(1, ...counts);
    const img = ctx.createImageData(canvas.width, canvas.height);
    const barWidth = Math.floor(canvas.width / BINS);
    for (let b = 0; b < BINS; b++) {
      const h = Math.round((counts[b] / top) * (canvas.height - 2));
      for (let y = canvas.height - h; y < canvas.height; y++)
        for (let x = b * barWidth + 1; x < (b + 1) * barWidth; x++) {
          const i = (y * canvas.width + x) * 4;
          [img.data[i], img.data[i + 1], img.data[i + 2], img.data[i + 3]] = [...BAR, 255];
        }
    }
    ctx.putImageData(img, 0, 0);
  }

  private drawMatrix(canvas: HTMLCanvasElement | null, w: PlasticWeights): void {
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const m = weightMatrix(w);
    const img = ctx.createImageData(w.preSize, w.postSize);
    for (let k = 0; k < m.length; k++) {
      if (Number.isNaN(m[k])) continue; // no synapse: transparent
      const [r, g, b] = ramp(m[k]);
      [img.data[4 * k], img.data[4 * k + 1], img.data[4 * k + 2], img.data[4 * k + 3]] = [r, g, b, 255];
    }
    ctx.putImageData(img, 0, 0);
  }
}
customElements.define('weight-view', WeightView);
