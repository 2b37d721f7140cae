/**
 * The oscillator views and controls: phase circle, r(t), the 3D view coloured by phase (groups
 * with positions), live sliders for K, the frequency spread and the noise, and the coupling sweep
 * (r against K, batched on the GPU, with the theoretical curve).
 */
import { LitElement, css, html, nothing } from 'lit';
import { controlStyles } from './design/controlStyles';
import { couplingSweep, type SweepResult } from '../analysis/couplingSweep';
import { CPU, webgpuTarget } from '../engine/backends';
import '../views/phaseCircle';
import '../views/phaseNetworkView';
import '../views/timeSeriesPlot';
import type { LabController } from './labController';

/** Most points drawn in the r(t) plot (the recording is subsampled evenly). */
const MAX_PLOT_POINTS = 1500;

export class OscillatorPanel extends LitElement {
  static override properties = {
    lab: { attribute: false },
    frame: { type: Number },
    sweep: { state: true },
    sweepProgress: { state: true },
    sweepError: { state: true },
    editError: { state: true },
  };
  declare lab: LabController;
  declare frame: number;
  declare sweep: SweepResult | null;
  declare sweepProgress: number | null;
  declare sweepError: string;
  declare editError: string;

  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      .row {
        display: grid;
        grid-template-columns: minmax(200px, 320px) 1fr;
        gap: 0.6rem;
        align-items: start;
      }
      time-series-plot {
        height: 240px;
      }
      .row.three {
        grid-template-columns: minmax(180px, 280px) minmax(0, 1fr) minmax(0, 1fr);
      }
      phase-network-view {
        height: 280px;
      }
      .controls {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem 1.2rem;
        margin: 0.4rem 0;
        font-size: 0.9rem;
      }
      .controls label {
        display: flex;
        gap: 0.3rem;
        align-items: center;
      }
      input[type='number'] {
        width: 5rem;
      }
      .readout {
        font-size: 1rem;
      }
      .error {
        color: var(--wa-color-danger-on-quiet);
        white-space: pre-wrap;
      }
      details {
        margin-top: 0.4rem;
      }
    `,
  ];

  constructor() {
    super();
    this.sweep = null;
    this.sweepProgress = null;
    this.sweepError = '';
    this.editError = '';
  }

  private orderData(): number[][] {
    const s = this.lab.oscillatorRun!.orderSeries(undefined, MAX_PLOT_POINTS);
    return [Array.from(s.timesMs), Array.from(s.r)];
  }

  /** A range slider from 0 to `max` in 300 steps, with a number box for exact values. */
  private slider(id: string, label: string, value: number, max: number, unit: string, apply: (v: number) => string) {
    const step = max / 300;
    const onInput = (e: Event) => {
      const v = Number((e.target as HTMLInputElement).value);
      this.editError = apply(v);
    };
    return html`<label
      >${label}
      <input data-testid=${id} type="range" min="0" max=${max} step=${step} .value=${String(value)} @input=${onInput} />
      <input data-testid=${`${id}-value`} type="number" min="0" step="any" .value=${String(+value.toFixed(4))} @change=${onInput} />
      ${unit}</label
    >`;
  }

  private async runSweep(): Promise<void> {
    const osc = this.lab.oscillatorRun!;
    const root = this.renderRoot;
    const num = (id: string) => Number((root.querySelector(`[data-testid="${id}"]`) as HTMLInputElement).value);
    const law = osc.builtOscillators.laws[0];
    const from = num('sweep-from');
    const to = num('sweep-to');
    const count = Math.round(num('sweep-count'));
    if (!(count >= 2 && count <= 64) || !(to > from) || !(from >= 0)) {
      this.sweepError = 'sweep: expected 0 ≤ from < to and 2..64 values of K';
      return;
    }
    const Ks = Array.from({ length: count }, (_, k) => from + ((to - from) * k) / (count - 1));
    this.sweepError = '';
    this.sweepProgress = 0;
    try {
      const gpu = await this.lab.gpuDevice;
      const target = gpu ? webgpuTarget(gpu.device, gpu.description) : CPU;
      const spread = osc.oscillators!.frequencySpread(0);
      this.sweep = await couplingSweep(
        {
          law: { ...law, spread },
          Ks,
          oscillatorsPerK: Math.round(num('sweep-n')),
          dt: osc.dt,
          settleMs: num('sweep-ms'),
          seed: osc.model.seed,
        },
        target,
        (f) => (this.sweepProgress = f),
      );
    } catch (e) {
      this.sweepError = (e as Error).message;
    } finally {
      this.sweepProgress = null;
    }
  }

  private sweepView() {
    const s = this.sweep;
    const kuramoto = this.lab.oscillatorRun!.builtOscillators.model === 'kuramoto';
    if (!kuramoto) return nothing;
    const law = this.lab.oscillatorRun!.builtOscillators.laws[0];
    const K0 = this.lab.oscillatorRun!.builtOscillators.couplingK[0] ?? 1;
    return html`<details data-testid="sweep">
      <summary>Coupling sweep: r at steady state against K</summary>
      <div class="controls">
        <label>K from <input data-testid="sweep-from" type="number" value="0" step="any" /></label>
        <label>to <input data-testid="sweep-to" type="number" value=${String(Math.max(1, 2 * K0))} step="any" /></label>
        <label>values <input data-testid="sweep-count" type="number" value="16" min="2" max="64" /></label>
        <label>oscillators per K <input data-testid="sweep-n" type="number" value="2000" min="10" /></label>
        <label
          >settle <input data-testid="sweep-ms" type="number" value=${String(Math.round(600 * this.lab.oscillatorRun!.dt))} /> ms</label
        >
        <button data-testid="sweep-run" @click=${() => this.runSweep()} ?disabled=${this.sweepProgress !== null}>
          Sweep (all K at once)
        </button>
        ${this.sweepProgress !== null ? html`<progress data-testid="sweep-progress" max="1" .value=${this.sweepProgress}></progress>` : nothing}
      </div>
      <p class="note">
        Uses group 1's frequency law (${law.kind}, spread ${this.lab.oscillatorRun!.oscillators!.frequencySpread(0)} rad/ms); each K is its
        own all-to-all group of one batched run.
      </p>
      ${this.sweepError ? html`<p class="error" data-testid="sweep-error">${this.sweepError}</p>` : nothing}
      ${
        s
          ? html`<time-series-plot
                data-testid="sweep-plot"
                xLabel="K (rad/ms)"
                yLabel="r"
                .series=${[{ label: 'r (simulated)', colour: '#e8590c' }, ...(s.theory ? [{ label: 'theory, N → ∞', colour: '#1c7ed6' }] : [])]}
                .data=${[s.Ks, s.r, ...(s.theory ? [s.theory] : [])]}
              ></time-series-plot>
              <p data-testid="sweep-summary">
                ${s.Ks.length} values of K in ${(s.wallMs / 1000).toFixed(1)}
                s${s.criticalK !== null ? html`; K_c = ${s.criticalK.toFixed(3)} rad/ms` : nothing}
              </p>`
          : nothing
      }
    </details>`;
  }

  override render() {
    const lab = this.lab;
    const osc = lab?.oscillatorRun;
    if (!osc) return nothing;
    const b = osc.builtOscillators;
    const row = osc.latestOrder();
    const G = b.groups.length;
    const r = row[2 * G];
    const psi = row[2 * G + 1];
    const positions = b.groups.length === 1 ? (osc.model.oscillators!.groups[0].neuronInfo?.positions ?? null) : null;
    const coupling = osc.model.oscillators!.couplings;
    return html`
      <div class=${positions ? 'row three' : 'row'}>
        <phase-circle
          .state=${lab.oscState}
          .stateWidth=${b.stateWidth}
          .omega=${b.omega}
          .blocks=${b.blocks}
          .r=${r}
          .psi=${psi}
          .frame=${this.frame}
        ></phase-circle>
        <div>
          <time-series-plot
            data-testid="order-plot"
            .series=${[{ label: 'r (all oscillators)', colour: '#e8590c' }]}
            .data=${this.orderData()}
            yLabel="order parameter r"
          ></time-series-plot>
          <p class="readout">
            r = <b data-testid="order-r">${r.toFixed(3)}</b>, ψ = ${psi.toFixed(2)} rad
            ${b.model === 'akorn' ? html`, energy E = <b data-testid="energy">${row[2 * G + 2].toFixed(2)}</b>` : nothing}
            ${G > 1 ? html`<br />${b.groups.map((g, k) => html`${g.name}: r = ${row[2 * k].toFixed(3)} `)}` : nothing}
          </p>
        </div>
        ${positions ? html`<phase-network-view .positions=${positions} .state=${lab.oscState} .stateWidth=${b.stateWidth} .frame=${this.frame}></phase-network-view>` : nothing}
      </div>
      <div class="controls">
        ${coupling.map((c, i) =>
          this.slider(
            `coupling-K-${i}`,
            `K ${c.name ?? `${c.from}→${c.to}`}`,
            osc.oscillators!.couplingStrength(i),
            3 * Math.abs(b.couplingK[i]) || 1,
            b.model === 'kuramoto' ? 'rad/ms' : '',
            (v) => lab.edit((o) => o.setCouplingStrength(i, v)),
          ),
        )}
        ${b.groups.map((g, k) =>
          b.laws[k].kind === 'values' && b.laws[k].spread === 1 && b.unitDeviations.every((d) => d === 0)
            ? nothing
            : this.slider(
                `spread-${k}`,
                `spread ${g.name} (${b.laws[k].kind === 'lorentzian' ? 'Δ' : b.laws[k].kind === 'gaussian' ? 'σ' : b.laws[k].kind === 'uniform' ? 'half-range' : 'scale'})`,
                osc.oscillators!.frequencySpread(k),
                3 * b.laws[k].spread || 1,
                b.laws[k].kind === 'values' ? '×' : 'rad/ms',
                (v) => lab.edit((o) => o.setFrequencySpread(k, v)),
              ),
        )}
        ${b.model === 'kuramoto' ? this.slider('noise', 'noise D', osc.oscillators!.noiseLevel, 1, 'rad²/ms', (v) => lab.edit((o) => o.setNoise(v))) : nothing}
      </div>
      ${this.editError ? html`<p class="error" data-testid="osc-edit-error">${this.editError}</p>` : nothing} ${this.sweepView()}
    `;
  }
}
customElements.define('oscillator-panel', OscillatorPanel);
