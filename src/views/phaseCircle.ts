/**
 * The phase circle: each oscillator a dot at e^{iθ} (AKOrN: its vector projected on the plane of
 * its first two components), coloured by natural frequency (slow blue → fast red, the 5–95 %
 * range of the group), with the order parameter r e^{iψ} as an arrow from the centre. Draws on a
 * canvas; at most MAX_DOTS dots (an even subsample) so large groups stay cheap.
 */
import { LitElement, css, html } from 'lit';
import { rampColour } from './colours';

const MAX_DOTS = 4000;

export class PhaseCircle extends LitElement {
  static override properties = {
    state: { attribute: false },
    stateWidth: { type: Number },
    omega: { attribute: false },
    blocks: { type: Number },
    r: { type: Number },
    psi: { type: Number },
    frame: { type: Number },
  };
  declare state: Float64Array | null;
  declare stateWidth: number;
  declare omega: Float64Array | null;
  declare blocks: number;
  declare r: number;
  declare psi: number;
  declare frame: number;
  private range: [number, number] = [0, 1];
  private rangeOf: Float64Array | null = null;

  static override styles = css`
    :host {
      display: block;
      aspect-ratio: 1;
      max-width: 100%;
    }
    canvas {
      width: 100%;
      height: 100%;
      display: block;
    }
  `;

  constructor() {
    super();
    this.state = null;
    this.stateWidth = 1;
    this.omega = null;
    this.blocks = 1;
    this.r = 0;
    this.psi = 0;
    this.frame = 0;
  }

  override render() {
    return html`<canvas data-testid="phase-circle" width="400" height="400"></canvas>`;
  }

  protected override updated(): void {
    const canvas = this.renderRoot.querySelector('canvas')!;
    // A canvas drawn on the CPU: thousands of dots drawn one by one in an accelerated canvas
    // go to the GPU process, which on a software GPU also runs the simulation. There they held
    // the oscillator page at about 10 steps a second; on the CPU it runs at the kernels' pace (about 180).
    const g = canvas.getContext('2d', { willReadFrequently: true })!;
    const size = canvas.width;
    const c = size / 2;
    const R = size * 0.42;
    const ink = getComputedStyle(this).color || 'gray';
    g.clearRect(0, 0, size, size);
    g.strokeStyle = ink;
    g.globalAlpha = 0.5;
    g.lineWidth = 1;
    g.beginPath();
    g.arc(c, c, R, 0, 2 * Math.PI);
    g.stroke();
    g.globalAlpha = 1;
    const x = this.state;
    if (!x) return;
    const w = this.stateWidth;
    const n = x.length / w;
    if (this.omega && this.rangeOf !== this.omega) {
      const per = this.omega.length / n;
      const sample = Array.from({ length: Math.min(n, 2000) }, (_, k) => this.omega![Math.floor((k * n) / Math.min(n, 2000)) * per]).sort(
        (a, b) => a - b,
      );
      this.range = [sample[Math.floor(0.05 * (sample.length - 1))], sample[Math.ceil(0.95 * (sample.length - 1))]];
      this.rangeOf = this.omega;
    }
    const stride = Math.max(1, Math.floor(n / MAX_DOTS));
    const [lo, hi] = this.range;
    for (let i = 0; i < n; i += stride) {
      const px = w === 1 ? Math.cos(x[i]) : x[i * w];
      const py = w === 1 ? Math.sin(x[i]) : x[i * w + 1];
      const om = this.omega ? this.omega[i * (this.omega.length / n)] : 0;
      const [rr, gg, bb] = rampColour(hi > lo ? (om - lo) / (hi - lo) : 0.5);
      g.fillStyle = `rgb(${rr} ${gg} ${bb})`;
      g.beginPath();
      g.arc(c + R * px, c - R * py, 3.5, 0, 2 * Math.PI);
      g.fill();
    }
    // r e^{iψ}
    g.strokeStyle = ink;
    g.lineWidth = 3;
    g.beginPath();
    g.moveTo(c, c);
    g.lineTo(c + R * this.r * Math.cos(this.psi), c - R * this.r * Math.sin(this.psi));
    g.stroke();
  }
}
customElements.define('phase-circle', PhaseCircle);
