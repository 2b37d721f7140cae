/**
 * For a connectome model: choose neurons by cell type, annotation or hemisphere; drive them with
 * a current or silence them while running; and see how the activity spreads (the response summary
 * per cell type since the last drive), with the data's sources.
 */
import { LitElement, css, html, nothing } from 'lit';
import { controlStyles } from './design/controlStyles';
import { responseSummary } from '../analysis/responseSummary';
import { selectNeurons, type NeuronFilter } from '../model/selection';
import type { LabController } from './labController';
import type { Population } from '../model/schema';
import { CONNECTOME_EXAMPLES, type TryThis } from '../examples/connectomes';

export class ConnectomePanel extends LitElement {
  static override properties = {
    lab: { attribute: false },
    frame: { type: Number },
    cellType: { state: true },
    annotationKey: { state: true },
    annotationValue: { state: true },
    hemisphere: { state: true },
    names: { state: true },
    amplitude: { state: true },
    poissonRate: { state: true },
    poissonWeight: { state: true },
    onsetMs: { state: true },
  };
  declare lab: LabController;
  declare frame: number;
  declare cellType: string;
  declare annotationKey: string;
  declare annotationValue: string;
  declare hemisphere: string;
  /** Comma-separated names or ids (local indices). */
  declare names: string;
  declare amplitude: number;
  declare poissonRate: number; // Hz
  declare poissonWeight: number; // nA
  /** Onset of the last drive (ms), for the response summary. */
  declare onsetMs: number | null;

  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
        font-size: 0.9rem;
      }
      fieldset {
        border: 1px solid var(--wa-color-surface-border);
        margin: 0 0 0.6rem;
        padding: 0.3rem 0.6rem;
      }
      legend {
        font-weight: 600;
      }
      label {
        display: block;
        margin: 0.2rem 0;
      }
      select,
      input {
        max-width: 12rem;
      }
      table {
        border-collapse: collapse;
        font-variant-numeric: tabular-nums;
        width: 100%;
      }
      td,
      th {
        text-align: right;
        padding: 0 0.3rem;
      }
      td:first-child,
      th:first-child {
        text-align: left;
      }
      .note {
        color: var(--wa-color-text-quiet);
        font-size: 0.8rem;
      }
    `,
  ];

  constructor() {
    super();
    this.cellType = '';
    this.annotationKey = '';
    this.annotationValue = '';
    this.hemisphere = '';
    this.names = '';
    this.amplitude = 1;
    this.poissonRate = 400;
    this.poissonWeight = 2;
    this.onsetMs = null;
  }

  private population() {
    const sim = this.lab?.spikingRun;
    const pop = sim?.model.populations.find((p) => p.neuronInfo);
    return sim && pop ? { sim, pop, start: sim.network.populations[sim.model.populations.indexOf(pop)].start } : null;
  }

  private filter(): NeuronFilter {
    const names = this.names
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x);
    return {
      ...(names.length ? { names } : {}),
      ...(this.cellType ? { cellTypes: [this.cellType] } : {}),
      ...(this.hemisphere ? { hemispheres: [this.hemisphere] } : {}),
      ...(this.annotationKey && this.annotationValue ? { annotation: { key: this.annotationKey, values: [this.annotationValue] } } : {}),
    };
  }

  /** Selects the preset's neurons in the form (so the learner sees how) and drives them. */
  private tryThis(preset: TryThis, pop: Population, start: number): void {
    const f = preset.select;
    this.names = (f.names ?? []).join(', ');
    this.cellType = f.cellTypes?.[0] ?? '';
    this.hemisphere = f.hemispheres?.[0] ?? '';
    this.annotationKey = f.annotation?.key ?? '';
    this.annotationValue = f.annotation?.values[0] ?? '';
    this.amplitude = preset.amplitudeNa;
    let neurons: number[];
    try {
      neurons = selectNeurons(pop, f).map((i) => i + start);
    } catch (e) {
      this.lab.error = `Try this: ${(e as Error).message}`;
      return;
    }
    const err = this.lab.edit((sim) => (this.onsetMs = sim.injectCurrent(neurons, preset.amplitudeNa, 200)));
    if (err) this.lab.error = err;
  }

  override render() {
    const p = this.population();
    if (!p) return nothing;
    const info = p.pop.neuronInfo!;
    const uniq = (xs: string[] | undefined) => [...new Set((xs ?? []).filter((x) => x))].sort();
    let selected: number[] = [];
    let selectionError = '';
    try {
      selected = selectNeurons(p.pop, this.filter());
    } catch (e) {
      selectionError = (e as Error).message;
    }
    const global = selected.map((i) => i + p.start);
    const annotationValues = this.annotationKey ? uniq(info.annotations?.[this.annotationKey]) : [];
    const summary =
      this.onsetMs !== null && p.sim.timeMs > this.onsetMs
        ? responseSummary(p.sim, {
            population: p.pop.name,
            onsetMs: this.onsetMs,
            windowMs: Math.min(200, p.sim.timeMs - this.onsetMs),
            baselineMs: Math.min(200, this.onsetMs),
          })
        : [];
    const preset = CONNECTOME_EXAMPLES[p.sim.model.name ?? '']?.tryThis;
    return html`${
        preset
          ? html`<fieldset data-testid="try-this-box">
              <legend>Try this</legend>
              <button class="primary" data-testid="try-this" @click=${() => this.tryThis(preset, p.pop, p.start)}>${preset.label}</button>
              <span class="note">(${preset.amplitudeNa} nA for 200 ms)</span>
              <p class="note">${preset.lookFor}</p>
            </fieldset>`
          : nothing
      }
      <fieldset>
        <legend>Stimulate or silence</legend>
        <label
          >cell type
          <select data-testid="sel-celltype" @change=${(e: Event) => (this.cellType = (e.target as HTMLSelectElement).value)}>
            <option value="">any</option>
            ${uniq(info.cellTypes).map((t) => html`<option ?selected=${t === this.cellType}>${t}</option>`)}
          </select></label
        >
        ${
          info.annotations && Object.keys(info.annotations).length
            ? html`<label
                >annotation
                <select
                  data-testid="sel-annotation-key"
                  @change=${(e: Event) => ((this.annotationKey = (e.target as HTMLSelectElement).value), (this.annotationValue = ''))}
                >
                  <option value="">none</option>
                  ${Object.keys(info.annotations).map((k) => html`<option ?selected=${k === this.annotationKey}>${k}</option>`)}
                </select>
                ${
                  this.annotationKey
                    ? html`<select
                        data-testid="sel-annotation-value"
                        @change=${(e: Event) => (this.annotationValue = (e.target as HTMLSelectElement).value)}
                      >
                        <option value="">any</option>
                        ${annotationValues.map((v) => html`<option ?selected=${v === this.annotationValue}>${v}</option>`)}
                      </select>`
                    : nothing
                }</label
              >`
            : nothing
        }
        ${
          info.hemispheres && uniq(info.hemispheres).length
            ? html`<label
                >hemisphere
                <select data-testid="sel-hemisphere" @change=${(e: Event) => (this.hemisphere = (e.target as HTMLSelectElement).value)}>
                  <option value="">any</option>
                  ${uniq(info.hemispheres).map((h) => html`<option ?selected=${h === this.hemisphere}>${h}</option>`)}
                </select></label
              >`
            : nothing
        }
        <label
          >names or ids
          <input
            data-testid="sel-names"
            placeholder="e.g. ALML, ALMR, AVM"
            .value=${this.names}
            @change=${(e: Event) => (this.names = (e.target as HTMLInputElement).value)}
        /></label>
        ${selectionError ? html`<p class="note" data-testid="sel-error">${selectionError}</p>` : nothing}
        <p><b data-testid="sel-count">${selected.length}</b> neurons selected</p>
        <label
          >current
          <input
            data-testid="drive-amplitude"
            type="number"
            step="any"
            .value=${String(this.amplitude)}
            @change=${(e: Event) => (this.amplitude = Number((e.target as HTMLInputElement).value))}
          />
          nA for 200 ms</label
        >
        <button
          data-testid="drive"
          ?disabled=${!selected.length}
          @click=${() => {
            const err = this.lab.edit((sim) => (this.onsetMs = sim.injectCurrent(global, this.amplitude, 200)));
            if (err) this.lab.error = err;
          }}
        >
          Drive
        </button>
        <label
          >Poisson
          <input
            data-testid="poisson-rate"
            type="number"
            min="0"
            .value=${String(this.poissonRate)}
            @change=${(e: Event) => (this.poissonRate = Number((e.target as HTMLInputElement).value))}
          />
          Hz ×
          <input
            data-testid="poisson-weight"
            type="number"
            step="any"
            .value=${String(this.poissonWeight)}
            @change=${(e: Event) => (this.poissonWeight = Number((e.target as HTMLInputElement).value))}
          />
          nA</label
        >
        <button
          data-testid="poisson-drive"
          ?disabled=${!selected.length}
          title="Poisson sources are part of the network's structure: adding one rebuilds it and starts a new recording"
          @click=${() => {
            const population = p.pop.name;
            void this.lab.rebuild((m) => {
              m.stimuli = [
                ...(m.stimuli ?? []),
                {
                  type: 'poisson',
                  population,
                  neurons: selected,
                  rateHz: this.poissonRate,
                  weight: this.poissonWeight,
                  receptor: 'excitatory',
                },
              ];
            });
            this.onsetMs = 0;
          }}
        >
          Poisson drive (rebuilds)
        </button>
        <button data-testid="silence" ?disabled=${!selected.length} @click=${() => this.lab.edit((sim) => sim.silenceNeurons(global))}>
          Silence
        </button>
        <button data-testid="release" @click=${() => this.lab.edit((sim) => sim.silenceNeurons([], false))}>Release all</button>
      </fieldset>
      ${
        summary.length
          ? html`<fieldset data-testid="response">
              <legend>Response since the drive at ${this.onsetMs!.toFixed(1)} ms</legend>
              <table>
                <tr>
                  <th>cell type</th>
                  <th>n</th>
                  <th>first spike (ms)</th>
                  <th>Δ rate (Hz)</th>
                </tr>
                ${summary.slice(0, 14).map(
                  (r) =>
                    html`<tr data-testid="response-${r.cellType}">
                      <td>${r.cellType}</td>
                      <td>${r.neurons}</td>
                      <td>${r.firstSpikeLatencyMs === null ? '–' : r.firstSpikeLatencyMs.toFixed(1)}</td>
                      <td>${r.rateChangeHz.toFixed(1)}</td>
                    </tr>`,
                )}
              </table>
            </fieldset>`
          : nothing
      }
      <details>
        <summary>About the data</summary>
        <p class="note">${p.sim.model.description ?? ''}</p>
        <p class="note">Sources and licences: <a href="${import.meta.env.BASE_URL}data/README.md" target="_blank">data/README.md</a>.</p>
      </details>`;
  }
}
customElements.define('connectome-panel', ConnectomePanel);
