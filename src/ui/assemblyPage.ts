/**
 * The assembly-calculus page (Papadimitriou et al. 2020): one brain area driven by a fixed
 * stimulus, k-cap each round, Hebbian (or Oja, or STDP) plasticity; the support (every neuron that
 * has ever fired) plotted live against the round, beside the same area with β = 0, where no
 * assembly forms. Runs on WebGPU when the lab has a device, else on the CPU twin.
 */
import { LitElement, css, html, nothing } from 'lit';
import { controlStyles } from './design/controlStyles';
import { GpuRuntime } from '../gpu/gpuRuntime';
import {
  ASSEMBLY_RULES,
  assemblyProblems,
  buildAssemblyGraph,
  CpuAssemblyArea,
  type AssemblyArea,
  type AssemblyOptions,
  type AssemblyRule,
  type RoundResult,
} from '../learning/assemblies/assemblyArea';
import { WebGpuAssemblyArea } from '../learning/assemblies/webgpuAssemblyArea';
import '../views/timeSeriesPlot';
import type { LabController } from './labController';

export const DEFAULT_PAGE_AREA: AssemblyOptions & { rounds: number } = {
  n: 10_000,
  k: 100,
  p: 0.01,
  beta: 0.1,
  rule: 'hebbian',
  seed: 1,
  rounds: 40,
};

export class AssemblyPage extends LitElement {
  static override properties = {
    lab: { attribute: false },
    learning: { state: true },
    control: { state: true },
    running: { state: true },
    error: { state: true },
    note: { state: true },
  };
  declare lab: LabController;
  declare learning: RoundResult[];
  declare control: RoundResult[];
  declare running: boolean;
  declare error: string;
  declare note: string;
  private runtime: GpuRuntime | null = null;

  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
        padding: 0.5rem 1rem;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        align-items: end;
      }
      label {
        display: flex;
        flex-direction: column;
        font-size: 0.85rem;
      }
      input {
        width: 6rem;
      }
      time-series-plot {
        height: 320px;
        margin-top: 0.75rem;
      }
      .error {
        color: var(--wa-color-danger-on-quiet);
      }
    `,
  ];

  constructor() {
    super();
    this.learning = [];
    this.control = [];
    this.running = false;
    this.error = '';
    this.note = '';
  }

  private value(id: string): string {
    return (this.renderRoot.querySelector(`[data-testid="${id}"]`) as HTMLInputElement | HTMLSelectElement).value;
  }

  private async make(o: AssemblyOptions): Promise<AssemblyArea> {
    const graph = buildAssemblyGraph(o);
    const gpu = await this.lab.gpuDevice;
    if (!gpu) return new CpuAssemblyArea(graph);
    this.runtime ??= new GpuRuntime(gpu.device);
    return new WebGpuAssemblyArea(this.runtime, graph);
  }

  private async start(): Promise<void> {
    const o: AssemblyOptions = {
      n: Number(this.value('asm-n')),
      k: Number(this.value('asm-k')),
      p: Number(this.value('asm-p')),
      beta: Number(this.value('asm-beta')),
      rule: this.value('asm-rule') as AssemblyRule,
      seed: Number(this.value('asm-seed')),
    };
    const rounds = Number(this.value('asm-rounds'));
    const problems = assemblyProblems(o);
    if (!Number.isInteger(rounds) || rounds < 1 || rounds > 1000)
      problems.push(`rounds: expected 1..1000, got ${this.value('asm-rounds')}`);
    if (problems.length) return void (this.error = problems.join('; '));
    this.error = '';
    this.running = true;
    this.learning = [];
    this.control = [];
    let areas: AssemblyArea[] = [];
    try {
      areas = [await this.make(o), await this.make({ ...o, beta: 0 })];
      const gpu = await this.lab.gpuDevice;
      this.note = `${areas[0].graph.synapses.toLocaleString()} synapses; ${gpu ? `WebGPU (${gpu.description})` : 'CPU reference (no WebGPU here)'}.`;
      for (let r = 0; r < rounds; r++) {
        const [a, b] = await Promise.all(areas.map((x) => x.run(1)));
        this.learning = [...this.learning, ...a];
        this.control = [...this.control, ...b];
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
    } catch (e) {
      this.error = (e as Error).message;
    } finally {
      for (const a of areas) a.destroy();
      this.running = false;
    }
  }

  override render() {
    const d = DEFAULT_PAGE_AREA;
    const last = this.learning.at(-1);
    const lastControl = this.control.at(-1);
    const data = [this.learning.map((r) => r.round + 1), this.learning.map((r) => r.support), this.control.map((r) => r.support)];
    return html`
      <p>
        A brain area of n neurons on a random graph G(n, p), driven by a fixed stimulus of k neurons. Each round the k most driven neurons
        fire (k-cap), and synapses from the neurons that fired last round onto those firing now are strengthened. With β > 0 the same
        neurons keep winning: an <em>assembly</em> forms and the <em>support</em> (every neuron that has ever fired) stops growing; with β =
        0 it keeps growing (Papadimitriou et al. 2020, PNAS 117:14464).
      </p>
      <form @submit=${(e: Event) => (e.preventDefault(), this.start())}>
        <label>n <input data-testid="asm-n" type="number" .value=${String(d.n)} /></label>
        <label>k <input data-testid="asm-k" type="number" .value=${String(d.k)} /></label>
        <label>p <input data-testid="asm-p" type="number" step="any" .value=${String(d.p)} /></label>
        <label>β <input data-testid="asm-beta" type="number" step="any" .value=${String(d.beta)} /></label>
        <label
          >rule
          <select data-testid="asm-rule">
            ${ASSEMBLY_RULES.map((r) => html`<option value=${r}>${r}</option>`)}
          </select></label
        >
        <label>rounds <input data-testid="asm-rounds" type="number" .value=${String(d.rounds)} /></label>
        <label>seed <input data-testid="asm-seed" type="number" .value=${String(d.seed)} /></label>
        <button data-testid="asm-run" type="submit" ?disabled=${this.running}>Run</button>
      </form>
      ${this.error ? html`<p class="error" role="alert" data-testid="asm-error">${this.error}</p>` : nothing}
      ${this.note ? html`<p data-testid="asm-note">${this.note}</p>` : nothing}
      ${
        last && lastControl
          ? html`<p>
              Round <b data-testid="asm-round">${last.round + 1}</b>: support <b data-testid="asm-support">${last.support}</b> with β,
              winners repeating <b data-testid="asm-overlap">${last.overlap}</b> of k; with β = 0: support
              <b data-testid="asm-support-control">${lastControl.support}</b>.
            </p>`
          : nothing
      }
      <time-series-plot
        data-testid="asm-plot"
        .series=${[
          { label: 'support, with β', colour: 'rgb(25 113 194)' },
          { label: 'support, β = 0', colour: 'rgb(217 72 15)' },
        ]}
        .data=${data}
        xLabel="round"
        yLabel="support (neurons)"
      ></time-series-plot>
    `;
  }
}
customElements.define('assembly-page', AssemblyPage);
