/**
 * Spike raster of the last `windowMs` of simulated time, drawn from the recorded spike arrays
 * into one ImageData per frame (never a DOM element per spike), with a time axis (ms) and the
 * population names on the neuron axis drawn on top. Spikes are sorted by step, so the window
 * starts at a binary-searched index (NetworkData.firstSpikeAtOrAfter). The wheel zooms the
 * neuron axis about the pointer, a vertical drag pans, a double-click resets; a subset shows each
 * population's first K neurons; hovering names the neuron and the time under the pointer.
 */
import { LitElement, css, html, nothing } from 'lit';
import type { SpikeData } from '../engine/recording/recordedData';
import { populationColour } from './colours';
import { RasterRows, namesFromModel, neuronIdentity, type NamedPopulation, type NeuronIdentity } from './rasterRows';
import {
  clampView,
  fullView,
  isFullView,
  niceTicks,
  panByPixels,
  rowAtFraction,
  rowTop,
  rowsInView,
  tickLabel,
  zoomAbout,
  type RowViewport,
} from './rasterViewport';

/** What the raster draws: spikes by step, and the populations as index ranges (a run, or a spike file). */
export interface RasterData extends SpikeData {
  readonly network: { readonly populations: readonly { name: string; start: number; size: number }[]; readonly numNeurons: number };
  /** Neuron i's name, where the data has names. */
  neuronName?(i: number): string | undefined;
}

/** The subsets offered: each population's first K neurons. */
const SUBSETS = [100, 500];
const FONT_PX = 11;
const BOTTOM_PX = 16; // the time axis
/** Rows at least this tall (CSS px) are labelled one by one. */
const ROW_LABEL_PX = 12;
/** One wheel notch (100 px of deltaY) zooms by 2^(1/3). */
const WHEEL_PX_PER_DOUBLING = 300;

/** Where the plot lies on the canvas, in CSS px. */
interface PlotBox {
  left: number;
  width: number;
  height: number;
}

export class SpikeRaster extends LitElement {
  static override properties = {
    sim: { attribute: false },
    frame: { type: Number },
    windowMs: { type: Number },
    perPopulation: { state: true },
    view: { state: true },
    hover: { state: true },
  };
  declare sim: RasterData | null;
  declare frame: number;
  declare windowMs: number;
  /** Each population's first K neurons, or null for all. */
  declare perPopulation: number | null;
  /** The rows shown, or null for all. */
  declare view: RowViewport | null;
  /** The pointer over the canvas (CSS px from its top-left), or null. */
  declare hover: { x: number; y: number } | null;
  private resizeObserver: ResizeObserver | null = null;
  private drag: { y: number; view: RowViewport } | null = null;
  private box: PlotBox = { left: 0, width: 1, height: 1 };
  private rowsCache: { key: unknown; perPopulation: number | null; rows: RasterRows; nameOf?: (i: number) => string | undefined } | null =
    null;
  private marginCache: { rows: RasterRows; px: number } | null = null;

  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
    }
    .bar {
      display: flex;
      align-items: center;
      gap: 0.6rem;
      font-size: 0.8rem;
      white-space: nowrap;
      overflow: hidden;
      padding-bottom: 2px;
    }
    .bar .hint {
      color: var(--wa-color-text-quiet, GrayText);
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .plot {
      position: relative;
      flex: 1 1 auto;
      min-height: 120px;
    }
    canvas {
      position: absolute; /* sized by .plot, never by its own bitmap */
      inset: 0;
      width: 100%;
      height: 100%;
      display: block;
      box-sizing: border-box;
      background: Canvas;
      border: 1px solid GrayText;
      image-rendering: pixelated;
    }
    canvas.zoomed {
      touch-action: none;
    }
    .hover {
      position: absolute;
      pointer-events: none;
      font-size: 0.8rem;
      line-height: 1.3;
      padding: 0.2rem 0.4rem;
      background: Canvas;
      color: CanvasText;
      border: 1px solid GrayText;
      border-radius: 3px;
      white-space: nowrap;
    }
  `;

  constructor() {
    super();
    this.sim = null;
    this.frame = 0;
    this.windowMs = 1000;
    this.perPopulation = null;
    this.view = null;
    this.hover = null;
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

  /** Where the plot lies on the canvas, in CSS px from its top-left corner (the neuron axis is to its left, the time axis below). */
  plotArea(): { left: number; width: number; height: number } {
    return { ...this.box };
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    // a network of another size: its rows are other neurons
    const before = changed.get('sim') as RasterData | null | undefined;
    if (changed.has('sim') && before?.network.numNeurons !== this.sim?.network.numNeurons) this.view = null;
  }

  override render() {
    const rows = this.sim ? this.rows().rows : null;
    const v = rows ? this.currentView(rows) : null;
    const zoomed = !!rows && !!v && !isFullView(v, rows.numRows);
    return html`<div class="bar">
        <label
          >neurons shown
          <select data-testid="raster-subset" @change=${(e: Event) => this.chooseSubset((e.target as HTMLSelectElement).value)}>
            <option value="all" ?selected=${this.perPopulation === null}>all</option>
            ${SUBSETS.map((k) => html`<option value=${k} ?selected=${this.perPopulation === k}>first ${k} per population</option>`)}
          </select></label
        >
        <button data-testid="raster-reset-zoom" ?disabled=${!zoomed} @click=${() => (this.view = null)}>Reset zoom</button>
        <span data-testid="raster-range">${rows && v ? this.rangeText(rows, v) : ''}</span>
        <span class="hint">wheel or +/−: zoom neurons · drag or ↑/↓: pan · double-click or 0: reset</span>
      </div>
      <div class="plot">
        <canvas
          class=${zoomed ? 'zoomed' : ''}
          tabindex="0"
          role="img"
          aria-label="spike raster, last ${this.windowMs} ms; + and − zoom the neuron axis, arrow keys pan, 0 resets"
          @pointerdown=${this.onPointerDown}
          @pointermove=${this.onPointerMove}
          @pointerup=${this.onPointerUp}
          @pointercancel=${this.onPointerUp}
          @pointerleave=${() => !this.drag && (this.hover = null)}
          @dblclick=${() => (this.view = null)}
          @wheel=${{ handleEvent: (e: WheelEvent) => this.onWheel(e), passive: false }}
          @keydown=${this.onKey}
        ></canvas>
        ${this.tooltip()}
      </div>`;
  }

  protected override updated(changed: Map<string, unknown>): void {
    if ([...changed.keys()].some((k) => k !== 'hover')) this.draw(); // the pointer alone moves only the tooltip
  }

  private chooseSubset(value: string): void {
    this.perPopulation = value === 'all' ? null : Number(value);
    this.view = null; // the rows are other neurons now
  }

  /** The rows for the current data and subset, with the neurons' names (cached). */
  private rows(): { rows: RasterRows; nameOf?: (i: number) => string | undefined } {
    const sim = this.sim!;
    const key = sim.network.populations;
    const c = this.rowsCache;
    if (c && c.key === key && c.perPopulation === this.perPopulation) return c;
    const pops = sim.network.populations;
    const model = 'model' in sim ? (sim as RasterData & { model: { populations: readonly NamedPopulation[] } }).model : undefined;
    const nameOf = sim.neuronName ? (i: number) => sim.neuronName!(i) : model ? namesFromModel(pops, model.populations) : undefined;
    this.rowsCache = {
      key,
      perPopulation: this.perPopulation,
      rows: new RasterRows(pops, sim.network.numNeurons, this.perPopulation),
      nameOf,
    };
    return this.rowsCache;
  }

  private currentView(rows: RasterRows): RowViewport {
    return clampView(this.view ?? fullView(rows.numRows), rows.numRows);
  }

  /** The window's first step and its length in steps. */
  private window(sim: RasterData): { startStep: number; windowSteps: number } {
    const windowSteps = Math.max(1, Math.round(this.windowMs / sim.dt));
    return { startStep: Math.max(0, sim.step - windowSteps), windowSteps };
  }

  private rangeText(rows: RasterRows, v: RowViewport): string {
    const [a, b] = rowsInView(v, rows.numRows);
    const n = (x: number) => x.toLocaleString('en');
    if (b < a) return 'no neurons';
    // a subset's rows are not neuron indices (the select names the subset)
    return rows.perPopulation === null ? `neurons ${n(a)}–${n(b)} of ${n(rows.numRows)}` : `rows ${n(a)}–${n(b)} of ${n(rows.numRows)}`;
  }

  /** The neuron and time under the pointer. */
  private tooltip() {
    const sim = this.sim;
    const p = this.hover;
    if (!sim || !p) return nothing;
    const box = this.box;
    const fx = (p.x - box.left) / box.width;
    const fy = p.y / box.height;
    if (fx < 0 || fx >= 1 || fy < 0 || fy >= 1) return nothing;
    const { rows, nameOf } = this.rows();
    const who: NeuronIdentity | null = neuronIdentity(
      sim.network.populations,
      rows.neuronOf(rowAtFraction(this.currentView(rows), rows.numRows, fy)),
      nameOf,
    );
    if (!who) return nothing;
    const { startStep, windowSteps } = this.window(sim);
    const tMs = (startStep + fx * windowSteps) * sim.dt;
    const n = (x: number) => x.toLocaleString('en');
    // beside the pointer, on the side with room
    const side = p.x > box.left + box.width / 2 ? `right: ${box.left + box.width - p.x + 12}px` : `left: ${p.x + 12}px`;
    const vertical = p.y > box.height / 2 ? `bottom: ${box.height + BOTTOM_PX - p.y + 8}px` : `top: ${p.y + 12}px`;
    return html`<div
      class="hover"
      data-testid="raster-hover"
      data-neuron=${who.index}
      data-population=${who.population}
      data-local=${who.local}
      style="${side}; ${vertical}"
    >
      ${who.name ? html`<div><b>${who.name}</b></div>` : nothing}
      <div>neuron ${n(who.index)} · ${who.population} #${n(who.local)}</div>
      <div>t = ${tMs.toFixed(1)} ms</div>
    </div>`;
  }

  private onPointerDown = (e: PointerEvent): void => {
    if (e.button !== 0 || !this.sim) return;
    this.drag = { y: e.offsetY, view: this.currentView(this.rows().rows) };
    (e.target as HTMLCanvasElement).setPointerCapture(e.pointerId);
  };

  private onPointerMove = (e: PointerEvent): void => {
    this.hover = { x: e.offsetX, y: e.offsetY };
    const d = this.drag;
    if (!d || !this.sim || Math.abs(e.offsetY - d.y) < 1) return;
    const rows = this.rows().rows;
    this.view = panByPixels(d.view, rows.numRows, e.offsetY - d.y, this.box.height);
  };

  private onPointerUp = (e: PointerEvent): void => {
    this.drag = null;
    const canvas = e.target as HTMLCanvasElement;
    if (canvas.hasPointerCapture(e.pointerId)) canvas.releasePointerCapture(e.pointerId);
  };

  private onWheel(e: WheelEvent): void {
    if (!this.sim) return;
    e.preventDefault(); // the wheel zooms here rather than scrolling the page
    const rows = this.rows().rows;
    const px =
      e.deltaMode === WheelEvent.DOM_DELTA_LINE ? 16 * e.deltaY : e.deltaMode === WheelEvent.DOM_DELTA_PAGE ? 400 * e.deltaY : e.deltaY;
    const fraction = Math.min(1, Math.max(0, e.offsetY / this.box.height));
    const v = zoomAbout(this.currentView(rows), rows.numRows, 2 ** (-px / WHEEL_PX_PER_DOUBLING), fraction);
    this.view = isFullView(v, rows.numRows) ? null : v;
    this.hover = { x: e.offsetX, y: e.offsetY };
  }

  /** The keyboard's zoom and pan: + and − zoom about the middle by 2×, ↑ and ↓ pan a quarter view, 0 resets. */
  private onKey = (e: KeyboardEvent): void => {
    if (!this.sim || e.ctrlKey || e.metaKey || e.altKey) return; // the browser's own zoom keys pass
    const rows = this.rows().rows;
    const v = this.currentView(rows);
    let next: RowViewport | null;
    if (e.key === '+' || e.key === '=') next = zoomAbout(v, rows.numRows, 2, 0.5);
    else if (e.key === '-' || e.key === '_') next = zoomAbout(v, rows.numRows, 0.5, 0.5);
    else if (e.key === 'ArrowUp') next = panByPixels(v, rows.numRows, 0.25 * this.box.height, this.box.height);
    else if (e.key === 'ArrowDown') next = panByPixels(v, rows.numRows, -0.25 * this.box.height, this.box.height);
    else if (e.key === '0') next = null;
    else return;
    e.preventDefault();
    e.stopPropagation(); // not the lab's shortcuts
    this.view = next && !isFullView(next, rows.numRows) ? next : null;
  };

  /** The neuron axis's width (CSS px): the widest population name or row label, within 40 % of the canvas. */
  private leftMargin(
    ctx: CanvasRenderingContext2D,
    rows: RasterRows,
    nameOf: ((i: number) => string | undefined) | undefined,
    cssW: number,
  ): number {
    if (this.marginCache?.rows !== rows) {
      const labels = rows.populations.map((p) => `${p.name} ${Math.max(0, p.size - 1)}`);
      if (nameOf) {
        let longest = '';
        for (let r = 0; r < rows.numRows; r++) {
          const name = nameOf(rows.neuronOf(r)) ?? '';
          if (name.length > longest.length) longest = name;
        }
        labels.push(longest);
      }
      this.marginCache = { rows, px: Math.max(...labels.map((s) => ctx.measureText(s).width), ctx.measureText('ms').width) };
    }
    return Math.round(Math.min(0.4 * cssW, Math.max(28, this.marginCache.px + 10)));
  }

  private draw(): void {
    const canvas = this.renderRoot.querySelector('canvas');
    if (!canvas) return;
    const dpr = devicePixelRatio;
    const cssW = Math.max(1, canvas.clientWidth);
    const cssH = Math.max(1, canvas.clientHeight);
    const width = Math.max(1, Math.round(cssW * dpr));
    const height = Math.max(1, Math.round(cssH * dpr));
    if (canvas.width !== width || canvas.height !== height) [canvas.width, canvas.height] = [width, height];
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const sim = this.sim;
    if (!sim) return;
    ctx.font = `${FONT_PX}px sans-serif`;
    const { rows, nameOf } = this.rows();
    const left = this.leftMargin(ctx, rows, nameOf, cssW);
    this.box = { left, width: Math.max(1, cssW - left), height: Math.max(1, cssH - BOTTOM_PX) };
    const v = this.currentView(rows);
    const { startStep, windowSteps } = this.window(sim);
    this.drawSpikes(ctx, sim, rows, v, startStep, windowSteps, dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.drawAxes(ctx, sim, rows, nameOf, v, startStep, windowSteps, getComputedStyle(canvas).color);
  }

  /** Spikes in their population's colour, into one ImageData covering the plot. */
  private drawSpikes(
    ctx: CanvasRenderingContext2D,
    sim: RasterData,
    rows: RasterRows,
    v: RowViewport,
    startStep: number,
    windowSteps: number,
    dpr: number,
  ): void {
    const x0 = Math.round(this.box.left * dpr);
    const width = Math.max(1, ctx.canvas.width - x0);
    const height = Math.max(1, Math.round(this.box.height * dpr));
    const img = ctx.createImageData(width, height);
    const { neurons, steps } = sim.spikeView();
    const lo = sim.firstSpikeAtOrAfter(startStep);
    const pops = sim.network.populations;
    const colours = pops.map((_, k) => populationColour(k));
    const px = img.data;
    const numRows = rows.numRows;
    const [firstRow, lastRow] = rowsInView(v, numRows);
    let pop = 0;
    for (let k = lo; k < steps.length && numRows > 0; k++) {
      const i = neurons[k];
      while (pop + 1 < pops.length && i >= pops[pop + 1].start) pop++;
      while (pop > 0 && i < pops[pop].start) pop--;
      const r = rows.rowOf(i, pop);
      if (r < firstRow || r > lastRow) continue; // not shown, or out of view
      const x = Math.min(width - 1, Math.floor(((steps[k] - startStep) / windowSteps) * width));
      const y0 = rowTop(v, r, height);
      const y1 = Math.max(y0 + 1, rowTop(v, r + 1, height));
      const [cr, cg, cb] = colours[pop];
      for (let y = Math.max(0, y0); y < y1 && y < height; y++) {
        const o = 4 * (y * width + x);
        px[o] = cr;
        px[o + 1] = cg;
        px[o + 2] = cb;
        px[o + 3] = 255;
      }
    }
    ctx.putImageData(img, x0, 0);
  }

  /** The time axis (ms) and the neuron axis (population names at their bands, or each row's neuron when rows are tall), in the text colour. */
  private drawAxes(
    ctx: CanvasRenderingContext2D,
    sim: RasterData,
    rows: RasterRows,
    nameOf: ((i: number) => string | undefined) | undefined,
    v: RowViewport,
    startStep: number,
    windowSteps: number,
    colour: string,
  ): void {
    const { left, width, height } = this.box;
    ctx.fillStyle = colour;
    ctx.strokeStyle = colour;
    ctx.lineWidth = 1;
    ctx.globalAlpha = 0.6;
    ctx.beginPath();
    ctx.moveTo(left - 0.5, 0);
    ctx.lineTo(left - 0.5, height + 0.5);
    ctx.lineTo(left + width, height + 0.5);
    // time ticks
    const t0 = startStep * sim.dt;
    const t1 = (startStep + windowSteps) * sim.dt;
    const { ticks, step } = niceTicks(t0, t1, Math.floor(width / 70));
    const xOf = (t: number) => left + ((t - t0) / (t1 - t0)) * width;
    for (const t of ticks) {
      const x = Math.round(xOf(t)) + 0.5;
      ctx.moveTo(x, height);
      ctx.lineTo(x, height + 4);
    }
    // population boundaries on the neuron axis
    const yOf = (r: number) => rowTop(v, r, height);
    rows.populations.forEach((_, k) => {
      const y = yOf(rows.band(k).first);
      if (y > 0 && y < height) {
        ctx.moveTo(left - 6, y + 0.5);
        ctx.lineTo(left, y + 0.5);
      }
    });
    ctx.stroke();
    ctx.globalAlpha = 1;
    ctx.textBaseline = 'top';
    ctx.textAlign = 'center';
    for (const t of ticks) {
      const label = tickLabel(t, step);
      const w = ctx.measureText(label).width;
      ctx.fillText(label, Math.min(left + width - w / 2, Math.max(left + w / 2, xOf(t))), height + 4);
    }
    ctx.textAlign = 'right';
    ctx.fillText('ms', left - 4, height + 4);
    ctx.textBaseline = 'middle';
    const [a, b] = rowsInView(v, rows.numRows);
    if (height / v.count >= ROW_LABEL_PX) {
      for (let r = a; r <= b; r++) {
        const i = rows.neuronOf(r);
        const who = neuronIdentity(rows.populations, i, nameOf);
        const y = (yOf(r) + yOf(r + 1)) / 2;
        if (who && y >= FONT_PX / 2 && y <= height - FONT_PX / 2) ctx.fillText(who.name ?? `${who.population} ${who.local}`, left - 4, y);
      }
      return;
    }
    let lastY = -Infinity; // the last label's centre
    rows.populations.forEach((p, k) => {
      const band = rows.band(k);
      const y0 = Math.max(0, yOf(band.first));
      const y1 = Math.min(height, yOf(band.first + band.count));
      if (y1 <= y0) return;
      const y = Math.min(height - FONT_PX / 2, Math.max(FONT_PX / 2, (y0 + y1) / 2));
      if (y - lastY < FONT_PX + 1) return; // no room beside the last one
      ctx.fillText(p.name, left - 8, y);
      lastY = y;
    });
  }
}
customElements.define('spike-raster', SpikeRaster);
