/**
 * The g–η map of Brunel's (2000) model A: the Siegert rate of the asynchronous state at each
 * relative inhibition g (across) and external drive η (up), on a log colour scale, with Brunel's
 * four example networks A–D, the learner's runs, and the network's present point. Clicking a
 * point, or pressing one of the A–D buttons, asks for that network (`brunel-pick`, detail {g, eta}).
 */
import { LitElement, css, html } from 'lit';
import { BRUNEL_STATES, brunelSiegertRateHz, type BrunelConstants } from '../analysis/brunelTheory';
import { rampColour } from './colours';

export const MAP_G_MAX = 8;
export const MAP_ETA_MAX = 4;
const COLUMNS = 40;
const ROWS = 24;
/** Canvas pixels: the plot box inside the axes. */
const BOX = { left: 44, top: 10, right: 470, bottom: 290 };
const RATE_FLOOR_HZ = 0.1;
const RATE_CEILING_HZ = 500;

/** A run the learner made: where, and the rate it measured. */
export interface MapRun {
  g: number;
  eta: number;
  rateHz: number;
}

const cache = new Map<string, Float64Array>();

/** The Siegert rate (Hz) at each cell centre, row 0 at η = 0 (computed once per set of constants). */
export function siegertGrid(p: BrunelConstants): Float64Array {
  const key = JSON.stringify(p);
  let grid = cache.get(key);
  if (!grid) {
    grid = new Float64Array(COLUMNS * ROWS);
    for (let j = 0; j < ROWS; j++)
      for (let i = 0; i < COLUMNS; i++)
        grid[j * COLUMNS + i] = brunelSiegertRateHz(((i + 0.5) / COLUMNS) * MAP_G_MAX, ((j + 0.5) / ROWS) * MAP_ETA_MAX, p, 120);
    cache.set(key, grid);
  }
  return grid;
}

/** The colour of a rate on the map's scale: blue at 0.1 Hz and below, red at 500 Hz. */
export function rateColour(rateHz: number): [number, number, number] {
  const lo = Math.log10(RATE_FLOOR_HZ);
  const hi = Math.log10(RATE_CEILING_HZ);
  return rampColour((Math.log10(Math.max(rateHz, RATE_FLOOR_HZ)) - lo) / (hi - lo));
}

export class BrunelMap extends LitElement {
  static override properties = {
    constants: { attribute: false },
    g: { type: Number },
    eta: { type: Number },
    runs: { attribute: false },
  };
  declare constants: BrunelConstants;
  declare g: number;
  declare eta: number;
  declare runs: MapRun[];
  /** What the canvas and the readout last showed (they are redrawn only when it changes). */
  private drawnKey = '';
  private hereKey = '';
  private hereHz = NaN;

  static override styles = css`
    :host {
      display: block;
    }
    canvas {
      width: 100%;
      aspect-ratio: 480 / 320;
      display: block;
      cursor: crosshair;
    }
    .points {
      display: flex;
      flex-wrap: wrap;
      gap: 0.3rem;
      margin: 0.3rem 0;
    }
    .legend {
      font-size: 0.8rem;
      margin: 0.2rem 0;
    }
    .bar {
      display: inline-block;
      width: 8rem;
      height: 0.7rem;
      vertical-align: middle;
      background: linear-gradient(to right, hsl(240 80% 50%), hsl(180 80% 50%), hsl(120 80% 50%), hsl(60 80% 50%), hsl(0 80% 50%));
    }
  `;

  constructor() {
    super();
    this.g = 5;
    this.eta = 2;
    this.runs = [];
  }

  /** Where (g, η) lies on the canvas, in CSS pixels from its top-left corner (for tests and pointers). */
  offsetOf(g: number, eta: number): { x: number; y: number } {
    const canvas = this.renderRoot.querySelector('canvas')!;
    const s = canvas.getBoundingClientRect().width / canvas.width;
    const [x, y] = this.toCanvas(g, eta);
    return { x: x * s, y: y * s };
  }

  private toCanvas(g: number, eta: number): [number, number] {
    return [BOX.left + (g / MAP_G_MAX) * (BOX.right - BOX.left), BOX.bottom - (eta / MAP_ETA_MAX) * (BOX.bottom - BOX.top)];
  }

  private pick(g: number, eta: number): void {
    this.dispatchEvent(new CustomEvent('brunel-pick', { detail: { g, eta }, bubbles: true, composed: true }));
  }

  private onClick(e: MouseEvent): void {
    const canvas = e.currentTarget as HTMLCanvasElement;
    const rect = canvas.getBoundingClientRect();
    const s = canvas.width / rect.width;
    const x = (e.clientX - rect.left) * s;
    const y = (e.clientY - rect.top) * s;
    const g = ((x - BOX.left) / (BOX.right - BOX.left)) * MAP_G_MAX;
    const eta = ((BOX.bottom - y) / (BOX.bottom - BOX.top)) * MAP_ETA_MAX;
    if (g < 0 || g > MAP_G_MAX || eta < 0 || eta > MAP_ETA_MAX) return;
    this.pick(Math.round(g * 10) / 10, Math.round(eta * 10) / 10);
  }

  /** The Siegert rate at the present point (solved again only when the point or the constants change). */
  private siegertHere(): number {
    const key = JSON.stringify([this.constants, this.g, this.eta]);
    if (key !== this.hereKey && this.constants) {
      this.hereKey = key;
      this.hereHz = brunelSiegertRateHz(this.g, this.eta, this.constants);
    }
    return this.hereHz;
  }

  private pickTyped(): void {
    const value = (id: string) => Number((this.renderRoot.querySelector(`[data-testid="${id}"]`) as HTMLInputElement).value);
    const g = value('brunel-input-g');
    const eta = value('brunel-input-eta');
    if (g >= 0 && g <= MAP_G_MAX && eta >= 0 && eta <= MAP_ETA_MAX) this.pick(g, eta);
  }

  override render() {
    const here = this.siegertHere();
    return html`<canvas
        data-testid="brunel-map"
        width="480"
        height="320"
        role="img"
        aria-label="Siegert rate of the asynchronous state over relative inhibition g (0 to 8) and external drive η (0 to 4). Click a point, or enter g and η below, to run that network."
        @click=${(e: MouseEvent) => this.onClick(e)}
      ></canvas>
      <p class="legend">
        Siegert rate of the asynchronous state: ${RATE_FLOOR_HZ} Hz <span class="bar"></span> ${RATE_CEILING_HZ} Hz (log scale). Where that
        state is unstable (Brunel's synchronous regions, not drawn), the network does something else. Here: g =
        <b data-testid="brunel-g">${+this.g.toFixed(2)}</b>, η = <b data-testid="brunel-eta">${+this.eta.toFixed(2)}</b>, Siegert rate
        <b data-testid="brunel-siegert">${here.toFixed(1)}</b> Hz.
      </p>
      <div class="points" role="group" aria-label="Brunel's example networks">
        ${BRUNEL_STATES.map(
          (s) =>
            html`<button data-testid="brunel-point-${s.id}" @click=${() => this.pick(s.g, s.eta)}>
              ${s.id}: g = ${s.g}, η = ${s.eta}, ${s.state}
            </button>`,
        )}
      </div>
      <div class="points">
        <label
          >g <input data-testid="brunel-input-g" type="number" min="0" max=${MAP_G_MAX} step="0.1" .value=${String(+this.g.toFixed(2))}
        /></label>
        <label
          >η
          <input data-testid="brunel-input-eta" type="number" min="0" max=${MAP_ETA_MAX} step="0.1" .value=${String(+this.eta.toFixed(2))}
        /></label>
        <button data-testid="brunel-run-point" @click=${() => this.pickTyped()}>Run this point</button>
      </div>`;
  }

  protected override updated(): void {
    const key = JSON.stringify([this.constants, this.g, this.eta, this.runs, getComputedStyle(this).color]);
    if (key === this.drawnKey) return;
    this.drawnKey = key;
    const canvas = this.renderRoot.querySelector('canvas')!;
    const c = canvas.getContext('2d')!;
    const ink = getComputedStyle(this).color || 'gray';
    c.clearRect(0, 0, canvas.width, canvas.height);
    if (!this.constants) return;
    const grid = siegertGrid(this.constants);
    const cw = (BOX.right - BOX.left) / COLUMNS;
    const ch = (BOX.bottom - BOX.top) / ROWS;
    for (let j = 0; j < ROWS; j++)
      for (let i = 0; i < COLUMNS; i++) {
        const [r, g, b] = rateColour(grid[j * COLUMNS + i]);
        c.fillStyle = `rgb(${r} ${g} ${b})`;
        c.fillRect(BOX.left + i * cw, BOX.bottom - (j + 1) * ch, Math.ceil(cw), Math.ceil(ch));
      }
    // g = 4: recurrent excitation and inhibition cancel (g γ = 1); η = 1: the drive alone reaches threshold.
    c.strokeStyle = 'white';
    c.setLineDash([4, 4]);
    c.lineWidth = 1.5;
    const balance = (1 / this.constants.gamma / MAP_G_MAX) * (BOX.right - BOX.left) + BOX.left;
    const threshold = this.toCanvas(0, 1)[1];
    c.beginPath();
    c.moveTo(balance, BOX.top);
    c.lineTo(balance, BOX.bottom);
    c.moveTo(BOX.left, threshold);
    c.lineTo(BOX.right, threshold);
    c.stroke();
    c.setLineDash([]);
    // Axes.
    c.fillStyle = ink;
    c.strokeStyle = ink;
    c.font = '12px sans-serif';
    c.textAlign = 'center';
    for (let g = 0; g <= MAP_G_MAX; g += 2) c.fillText(String(g), this.toCanvas(g, 0)[0], BOX.bottom + 14);
    c.fillText('relative inhibition g', (BOX.left + BOX.right) / 2, BOX.bottom + 28);
    c.textAlign = 'right';
    for (let eta = 0; eta <= MAP_ETA_MAX; eta += 1) c.fillText(String(eta), BOX.left - 6, this.toCanvas(0, eta)[1] + 4);
    c.save();
    c.translate(12, (BOX.top + BOX.bottom) / 2);
    c.rotate(-Math.PI / 2);
    c.textAlign = 'center';
    c.fillText('external drive η', 0, 0);
    c.restore();
    // Brunel's A–D, the learner's runs, and the present point.
    c.textAlign = 'left';
    c.font = 'bold 13px sans-serif';
    for (const s of BRUNEL_STATES) {
      const [x, y] = this.toCanvas(s.g, s.eta);
      c.fillStyle = 'white';
      c.beginPath();
      c.arc(x, y, 4, 0, 2 * Math.PI);
      c.fill();
      c.fillText(s.id, x + 6, y - 5);
    }
    for (const r of this.runs) {
      const [x, y] = this.toCanvas(r.g, r.eta);
      const [rr, gg, bb] = rateColour(r.rateHz);
      c.fillStyle = `rgb(${rr} ${gg} ${bb})`;
      c.strokeStyle = 'black';
      c.lineWidth = 1.5;
      c.fillRect(x - 6, y - 6, 12, 12);
      c.strokeRect(x - 6, y - 6, 12, 12);
    }
    const [x, y] = this.toCanvas(this.g, this.eta);
    c.strokeStyle = 'black';
    c.lineWidth = 3;
    c.beginPath();
    c.arc(x, y, 11, 0, 2 * Math.PI);
    c.stroke();
  }
}
customElements.define('brunel-map', BrunelMap);
