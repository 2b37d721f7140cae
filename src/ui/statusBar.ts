/** Status bar: simulated time, real-time factor, spikes per second, frames per second, backend. */
import { LitElement, css, html } from 'lit';
import { controlStyles } from './design/controlStyles';
import type { LabController } from './labController';
import { realTimeWords } from './liveStats';

export class StatusBar extends LitElement {
  static override properties = { lab: { attribute: false }, frame: { type: Number } };
  declare lab: LabController;
  declare frame: number;

  static override styles = [
    controlStyles,
    css`
      :host {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3rem 1.5rem;
        padding: 0.4rem 0.8rem;
        border-top: 1px solid var(--wa-color-surface-border);
        font-size: 0.9rem;
        font-variant-numeric: tabular-nums;
      }
      span b {
        font-weight: 600;
      }
      .words {
        color: var(--wa-color-text-quiet);
      }
    `,
  ];

  override render() {
    const lab = this.lab;
    const sim = lab?.spikingRun;
    const s = lab?.stats;
    const summary = sim?.summary();
    return html`
      <span>t = <b data-testid="sim-time">${lab?.loaded ? lab.timeMs.toFixed(1) : '0.0'}</b> ms</span>
      <span title="simulated ms per wall-clock ms"
        >real-time factor <b data-testid="rtf">${s ? s.realTimeFactor.toFixed(3) : '0'}</b>
        <span class="words" data-testid="rtf-words">(${lab?.active ? realTimeWords(s?.realTimeFactor ?? 0) : 'paused'})</span></span
      >
      <span><b data-testid="spikes-per-second">${s ? Math.round(s.spikesPerSecond) : 0}</b> spikes/s</span>
      <span><b data-testid="fps">${s ? s.fps.toFixed(0) : 0}</b> fps</span>
      <span>spikes <b data-testid="spike-total">${summary ? summary.spikeCount : 0}</b></span>
      <span>mean rate <b data-testid="mean-rate">${summary ? summary.meanRateHz.toFixed(2) : '0.00'}</b> Hz</span>
      <span data-testid="backend">${lab?.backendLabel || 'looking for a GPU…'}</span>
    `;
  }
}
customElements.define('status-bar', StatusBar);
