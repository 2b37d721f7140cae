/** The application shell: pick a bundled example, run it, see the summary and the raster. */
import { LitElement, css, html } from 'lit';
import { EXAMPLES, example } from '../examples';
import { EngineController } from './engineController';
import type { RasterData } from '../views/spikeRaster';
import '../views/spikeRaster';

export class LucioleApp extends LitElement {
  static override properties = { modelName: { state: true }, durationMs: { state: true } };
  declare modelName: string;
  declare durationMs: number;
  private readonly engine = new EngineController(this);

  static override styles = css`
    :host { display: block; padding: 1rem; max-width: 60rem; margin: auto; }
    header { display: flex; gap: 1rem; align-items: baseline; flex-wrap: wrap; }
    h1 { font-size: 1.4rem; margin: 0; }
    .controls { display: flex; gap: 0.5rem; align-items: center; margin: 1rem 0; flex-wrap: wrap; }
    dl { display: grid; grid-template-columns: max-content auto; gap: 0.2rem 1rem; }
    dt { color: GrayText; }
    .error { color: #c92a2a; white-space: pre-wrap; }
  `;

  constructor() {
    super();
    this.modelName = new URLSearchParams(location.search).get('model') ?? 'cuba';
    this.durationMs = EXAMPLES[this.modelName]?.durationMs ?? 1000;
  }

  private run() {
    void this.engine.run(example(this.modelName), this.durationMs);
  }

  private raster(): RasterData | null {
    const sim = this.engine.simulation;
    if (!sim) return null;
    const { neurons, timesMs } = sim.spikes();
    return {
      neurons,
      timesMs,
      numNeurons: sim.network.numNeurons,
      durationMs: Math.max(sim.timeMs, 1),
      populationStarts: sim.network.populations.map((p) => p.start),
    };
  }

  override render() {
    const s = this.engine.summary;
    const e = this.engine;
    return html`
      <header>
        <h1>Luciole</h1>
        <span data-testid="backend">${e.backendLabel || 'looking for a GPU…'}</span>
      </header>
      <div class="controls">
        <label
          >Model
          <select data-testid="model" @change=${(ev: Event) => {
            this.modelName = (ev.target as HTMLSelectElement).value;
            this.durationMs = EXAMPLES[this.modelName]?.durationMs ?? 1000;
          }}>
            ${Object.keys(EXAMPLES).map((name) => html`<option value=${name} ?selected=${name === this.modelName}>${name}</option>`)}
          </select>
        </label>
        <label
          >Duration (ms)
          <input data-testid="duration" type="number" min="1" step="1" .value=${String(this.durationMs)}
            @change=${(ev: Event) => (this.durationMs = Number((ev.target as HTMLInputElement).value))} />
        </label>
        <button data-testid="run" ?disabled=${e.phase === 'running' || e.phase === 'building'} @click=${this.run}>Run</button>
        <span data-testid="phase">${e.phase}</span>
      </div>
      ${e.error ? html`<p class="error" data-testid="error">${e.error}</p>` : ''}
      <p>${EXAMPLES[this.modelName]?.description ?? ''}</p>
      ${s
        ? html`<dl>
            <dt>backend</dt><dd data-testid="summary-backend">${s.backend} (${s.adapter})</dd>
            <dt>simulated</dt><dd data-testid="simulated">${s.simulatedMs.toFixed(1)} ms</dd>
            <dt>spikes</dt><dd data-testid="spike-count">${s.spikeCount}</dd>
            <dt>mean rate</dt><dd data-testid="mean-rate">${s.meanRateHz.toFixed(2)} Hz</dd>
            ${s.populations.map((p) => html`<dt>${p.name}</dt><dd>${p.meanRateHz.toFixed(2)} Hz (${p.size} neurons)</dd>`)}
            <dt>wall time</dt><dd>setup ${s.setupWallMs.toFixed(0)} ms, simulation ${s.simulationWallMs.toFixed(0)} ms</dd>
          </dl>`
        : ''}
      <spike-raster .data=${this.raster()}></spike-raster>
    `;
  }
}
customElements.define('luciole-app', LucioleApp);
