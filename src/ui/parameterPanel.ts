/**
 * Live parameters: neuron parameters of each population, stimuli and projection weights change
 * while the simulation runs (no rebuild, recording kept). Population sizes are structural: they
 * rebuild the network, and the panel says so. A rejected value shows the validation message.
 */
import { LitElement, css, html, nothing } from 'lit';
import { controlStyles } from './design/controlStyles';
import { weightUnitOf } from '../model/cellTypes';
import { populationCellType, resolvedParams, type Model, type Stimulus } from '../model/schema';
import { plasticityRuleOf } from '../model/plasticity';
import { inhibitoryWeightsFor, relativeInhibition } from '../model/relativeInhibition';
import { populationCss } from '../views/colours';
import type { LabController } from './labController';

/** LIF parameters first, in this order; then the cell type's others (but cm). */
const LIVE_PARAMS = ['v_thresh', 'v_reset', 'v_rest', 'tau_m', 'tau_refrac', 'tau_syn_E', 'tau_syn_I', 'i_offset'];

function liveParameters(parameterNames: readonly string[]): string[] {
  return [
    ...LIVE_PARAMS.filter((n) => parameterNames.includes(n)),
    ...parameterNames.filter((n) => !LIVE_PARAMS.includes(n) && n !== 'cm'),
  ];
}

/** The unit of weights onto a population's receptor. */
function weightUnitOnto(m: Model, population: string, receptor: 'excitatory' | 'inhibitory'): string {
  return weightUnitOf(
    populationCellType(
      m,
      m.populations.find((p) => p.name === population)!,
    ),
    receptor,
  );
}

export class ParameterPanel extends LitElement {
  static override properties = { lab: { attribute: false }, frame: { type: Number }, errors: { state: true } };
  declare lab: LabController;
  declare frame: number;
  declare errors: Record<string, string>;

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
        display: grid;
        grid-template-columns: 7.5rem 5.5rem auto;
        align-items: center;
        gap: 0.3rem;
        margin: 0.15rem 0;
      }
      input {
        width: 5rem;
      }
      .unit {
        color: var(--wa-color-text-quiet);
      }
      .err {
        color: var(--wa-color-danger-on-quiet);
        font-size: 0.8rem;
        white-space: pre-wrap;
      }
      .swatch {
        display: inline-block;
        width: 0.8em;
        height: 0.8em;
        margin-right: 0.3em;
      }
      .note {
        color: var(--wa-color-text-quiet);
        font-size: 0.8rem;
      }
    `,
  ];

  constructor() {
    super();
    this.errors = {};
  }

  /** A live numeric field; `doc` (its meaning) and the unit make its tooltip. */
  private field(key: string, label: string, value: number, unit: string, apply: (v: number) => string, doc = '') {
    const tip = `${doc ? `${doc}, ` : ''}in ${unit}`;
    return html`<label title=${tip}
        >${label}
        <input
          type="number"
          step="any"
          aria-label=${`${label}: ${tip}`}
          data-testid=${key}
          .value=${String(+value.toPrecision(6))}
          @change=${(e: Event) => {
            const v = Number((e.target as HTMLInputElement).value);
            this.errors = { ...this.errors, [key]: apply(v) };
          }}
        /><span class="unit">${unit}</span></label
      >${this.errors[key] ? html`<div class="err" data-testid="${key}-error">${this.errors[key]}</div>` : nothing}`;
  }

  override render() {
    const sim = this.lab?.spikingRun;
    if (!sim) return this.lab?.oscillatorRun ? nothing : html`<p class="note">No model loaded.</p>`;
    const m = sim.model;
    return html`
      ${m.populations.map((p, k) => {
        const params = resolvedParams(m, p);
        const cell = populationCellType(m, p);
        const names = liveParameters(cell.parameterNames);
        return html`<fieldset>
          <legend><span class="swatch" style="background:${populationCss(k)}"></span>${p.name} · ${p.cellType}</legend>
          ${names.map((n) =>
            this.field(
              `pop-${p.name}-${n}`,
              n,
              params[n],
              cell.descriptor.parameters[n].unit,
              (v) => this.lab.edit((s) => s.setParameter(p.name, n, v)),
              cell.descriptor.parameters[n].doc,
            ),
          )}
          ${this.field(
            `pop-${p.name}-size`,
            'size (rebuild)',
            p.size,
            'neurons',
            (v) => {
              if (v === p.size) return '';
              void this.lab.rebuild((model) => {
                model.populations![k].size = v;
              });
              return '';
            },
            'the number of neurons; changing it rebuilds the network and starts a new recording',
          )}
        </fieldset>`;
      })}
      ${
        m.stimuli.length
          ? html`<fieldset>
              <legend>Stimuli</legend>
              ${m.stimuli.map((s, k) => this.stimulusFields(s, k))}
            </fieldset>`
          : nothing
      }
      ${this.balanceField(m)}
      ${
        m.projections.length
          ? html`<fieldset>
              <legend>Projection weights</legend>
              ${m.projections.map((pr, k) => {
                const label = pr.name ?? `${pr.pre}→${pr.post}`;
                if (pr.plasticity) {
                  const r = plasticityRuleOf(m, pr.plasticity, m.dt);
                  if ('problems' in r) return nothing;
                  const unit = (u: string) =>
                    u === 'weight unit' ? weightUnitOnto(m, pr.post, pr.receptor as 'excitatory' | 'inhibitory') : u;
                  return html`<p class="note" data-testid="proj-${k}-plastic">
                      ${label}: plastic, ${r.rule.name}; its weights are learnt (see "Learnt weights")
                    </p>
                    ${r.rule.parameterNames.map((n) =>
                      this.field(
                        `proj-${k}-${n}`,
                        n,
                        r.params[n],
                        unit(r.rule.descriptor.parameters[n].unit),
                        (v) => this.lab.edit((s) => s.setPlasticityParameter(k, n, v)),
                        r.rule.descriptor.parameters[n].doc,
                      ),
                    )}`;
                }
                if (pr.connector.type === 'fromList' && pr.connector.connections.some((c) => c.length >= 3))
                  return html`<p class="note">
                    ${label}: ${pr.connector.connections.length.toLocaleString()} synapses with their own weights (from the list)
                  </p>`;
                const electrical = pr.receptor === 'electrical';
                return typeof pr.weight === 'number'
                  ? this.field(
                      `proj-${k}-weight`,
                      label,
                      pr.weight,
                      electrical ? 'nS' : weightUnitOnto(m, pr.post, pr.receptor as 'excitatory' | 'inhibitory'),
                      (v) => this.lab.edit((s) => s.setProjectionWeight(k, v)),
                      electrical
                        ? `the conductance of every gap junction from ${pr.pre} onto ${pr.post}: its current is g (V_pre − V_post)`
                        : `the weight of every synapse from ${pr.pre} onto ${pr.post} (${pr.receptor} receptor)`,
                    )
                  : html`<p class="note">${label}: drawn from a ${pr.weight.distribution} distribution (edit the model file)</p>`;
              })}
            </fieldset>`
          : nothing
      }
    `;
  }

  /** One control for the strength of inhibition relative to excitation, where the model has one g. */
  private balanceField(m: Model) {
    const r = relativeInhibition(m);
    if (!r) return nothing;
    return html`<fieldset>
      <legend>Balance</legend>
      ${this.field(
        'relative-inhibition',
        'relative inhibition g',
        r.g,
        '|w_I| / w_E',
        (g) =>
          this.lab.edit((sim) => {
            for (const w of inhibitoryWeightsFor(r, g)) sim.setProjectionWeight(w.projection, w.weight);
          }),
        'how much stronger each inhibitory synapse is than an excitatory one',
      )}
      <p class="note">Sets every inhibitory weight to g times the excitatory weight onto the same population (Brunel's g).</p>
    </fieldset>`;
  }

  private stimulusFields(s: Stimulus, k: number) {
    const target = `${s.population}${s.neurons ? `[${s.neurons.length}]` : ''}`;
    if (s.type === 'dc')
      return this.field(
        `stim-${k}-amplitude`,
        `DC → ${target}`,
        s.amplitude,
        'nA',
        (v) => this.lab.edit((sim) => sim.setStimulus(k, { amplitude: v })),
        'a constant current injected into each target neuron',
      );
    if (s.type === 'poisson') {
      const unit = weightUnitOnto(this.lab.spikingRun!.model, s.population, s.receptor);
      return html`${this.field(
        `stim-${k}-rateHz`,
        `Poisson → ${target}`,
        s.rateHz,
        'Hz',
        (v) => this.lab.edit((sim) => sim.setStimulus(k, { rateHz: v })),
        'the rate of independent Poisson input events into each target neuron',
      )}
      ${this.field(
        `stim-${k}-weight`,
        'weight',
        s.weight,
        unit,
        (v) => this.lab.edit((sim) => sim.setStimulus(k, { weight: v })),
        'the weight of each Poisson event',
      )}`;
    }
    if (s.type === 'silence')
      return html`<p class="note">silenced: ${target} from ${s.start ?? 0} ms${s.stop !== undefined ? ` to ${s.stop} ms` : ''}</p>`;
    return html`<p class="note">step current → ${target}: ${s.times.length} steps (edit the model file)</p>`;
  }
}
customElements.define('parameter-panel', ParameterPanel);
