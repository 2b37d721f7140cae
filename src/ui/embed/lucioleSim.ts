/**
 * `<luciole-sim model="cuba" autoplay>`: a Luciole network running in any page, with run controls,
 * the raster, each population's rate, and the rate and V(t) plots. `model` is a built-in example's
 * id (the lab's Model menu) or the URL of a model JSON file; `backend="cpu"` runs it on the CPU;
 * `theme` is 'light', 'dark' or (by default) the reader's scheme.
 */
import { LitElement, css, html, nothing } from 'lit';
import { LabController } from '../labController';
import { controlStyles } from '../design/controlStyles';
import { embedTheme, themeClasses } from './embedTheme';
import { rateReadout, runPlots, runViewStyles } from '../runViews';
import { EXAMPLES } from '../../examples';
import { CONNECTOME_EXAMPLES } from '../../examples/connectomes';
import '../../views/spikeRaster';

/** Opens a built-in example by id, or fetches a model JSON from a URL (relative to the page). */
export async function openModel(lab: LabController, model: string): Promise<boolean> {
  if (model in EXAMPLES || model in CONNECTOME_EXAMPLES) return lab.loadExample(model);
  let text: string;
  try {
    const r = await fetch(model);
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    text = await r.text();
  } catch (e) {
    lab.error = `Could not load the model "${model}": ${(e as Error).message}. Give a built-in example (${Object.keys(EXAMPLES).slice(0, 4).join(', ')}, …) or the URL of a model JSON.`;
    return false;
  }
  return lab.loadFile(model.split('/').pop() || model, text);
}

export class LucioleSim extends LitElement {
  static override properties = {
    model: { type: String },
    autoplay: { type: Boolean },
    backend: { type: String },
    theme: { type: String },
  };
  declare model: string;
  declare autoplay: boolean;
  declare backend: string;
  declare theme: string;
  readonly lab = new LabController(this);

  static override styles = [
    embedTheme,
    controlStyles,
    runViewStyles,
    css`
      :host {
        display: block;
        height: 420px;
      }
      .frame {
        height: 100%;
        box-sizing: border-box;
        display: flex;
        flex-direction: column;
        gap: 0.3rem;
        padding: 0.5rem;
        color: var(--wa-color-text-normal);
        background: var(--wa-color-surface-default);
        border: 1px solid var(--wa-color-surface-border);
        border-radius: var(--wa-border-radius-l);
      }
      .bar {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        flex-wrap: wrap;
      }
      spike-raster {
        flex: 3;
        min-height: 120px;
      }
      .plots {
        flex: 2;
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: 0.4rem;
        min-height: 0;
      }
      .name {
        font-weight: var(--wa-font-weight-semibold);
      }
    `,
  ];

  constructor() {
    super();
    this.model = 'cuba';
    this.autoplay = false;
    this.backend = '';
    this.theme = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.backend === 'cpu') this.lab.preferredBackend = 'cpu';
    void openModel(this.lab, this.model).then((ok) => {
      if (ok && this.autoplay) this.lab.play();
      this.requestUpdate();
    });
  }

  override render() {
    const lab = this.lab;
    const sim = lab.spikingRun;
    return html`<div class=${`frame ${themeClasses(this.theme)}`}>
      <div class="bar" role="toolbar" aria-label="run">
        <span class="name">${sim?.model.name ?? this.model}</span>
        <button class="primary" data-testid="play" @click=${() => lab.toggle()} ?disabled=${!lab.loaded}>
          ${lab.playing ? 'Pause' : 'Play'}
        </button>
        <button data-testid="reset" @click=${() => lab.reset()} ?disabled=${!lab.loaded}>Reset</button>
        <span>t = <b data-testid="sim-time">${lab.loaded ? lab.timeMs.toFixed(1) : '0.0'}</b> ms</span>
        ${lab.busy ? html`<span class="note" role="status">${lab.busy}</span>` : nothing}
        <span class="note">${lab.backendLabel}</span>
      </div>
      ${lab.error ? html`<p class="error" role="alert" data-testid="error">${lab.error}</p>` : nothing}
      <spike-raster .sim=${sim} .frame=${lab.frame} .windowMs=${1000}></spike-raster>
      ${sim ? rateReadout(sim) : nothing}
      ${sim ? html`<div class="plots">${runPlots(sim, 'V(t) is plotted for models of at most ten neurons.')}</div>` : nothing}
    </div>`;
  }
}
customElements.define('luciole-sim', LucioleSim);
