/**
 * The spiking populations of a run: the built network, its stimulus schedule, its recordings and
 * its live edits (parameters, stimuli, weights, stimulating and silencing neurons), over one
 * spiking `Backend`. The `Run` drives it through the chunk scheduler and logs its edits.
 */
import { NEVER, poissonTableFor, signedWeight, toSteps, worstCaseFixedInput, type BuiltNetwork } from '../network/network';
import { spikeCharge } from '../model/cellTypes';
import { I32_MAX, toFixed } from '../network/synapseEncoding';
import { drawValue } from '../network/randomValue';
import { weightKnots } from '../network/distributionTables';
import { CounterRng, Stream } from '../random/threefry';
import { parseModel, resolvedParams, type Model, type Stimulus, type Value } from '../model/schema';
import { MAX_LIVE_PROBES, type Backend, type ChunkResult, type LiveProbe } from './backend';
import type { RunComponent } from './chunkScheduler';
import { NonFiniteStateError, ParameterError } from './errors';
import { resolvedPlasticity } from '../model/plasticity';
import { COMPONENT_PARAMETERS } from '../model/plasticity/stdpMechanism';
import { plasticValues } from './plasticConstants';
import { populationConstants } from './cellConstants';
import { SpikeRecording, LIVE_TRACE_MS } from './recording/spikeRecording';
import { StimulusSchedule } from './stimulusSchedule';

export interface PopulationSummary {
  name: string;
  size: number;
  spikeCount: number;
  meanRateHz: number;
}

export class SpikingComponent implements RunComponent {
  readonly recording: SpikeRecording;
  private readonly schedule: StimulusSchedule;
  private stimulusDirty = true;

  constructor(
    readonly network: BuiltNetwork,
    readonly backend: Backend,
    /** The step the next chunk starts at: where a live stimulus begins. */
    private readonly nextIssueStep: () => number,
    maxRecordedSpikes?: number,
  ) {
    this.schedule = new StimulusSchedule(network);
    this.recording = new SpikeRecording(network.populations.length, network.probes.length, network.dt, maxRecordedSpikes);
    network.populations.forEach((p) => backend.setPopulationConstants(p.index, populationConstants(network.model, p)));
    network.poissonSources.forEach((_, k) => this.uploadPoisson(k));
  }

  get model(): Model {
    return this.network.model;
  }

  // ---- RunComponent -------------------------------------------------------------------------

  nextBreakpointAfter(at: number): number {
    return this.schedule.nextBreakpointAfter(at);
  }

  beforeChunk(at: number): void {
    if (this.stimulusDirty || this.schedule.nextBreakpointAfter(at - 1) === at) {
      this.backend.setStimulusCurrent(this.schedule.currentAt(at));
      this.backend.setSilenced(this.schedule.silencedAt(at));
      this.stimulusDirty = false;
    }
    this.recording.chunkIssued();
  }

  validSteps(result: unknown): { steps: number; error: Error | null } {
    const r = result as ChunkResult;
    if (!r.nonFinite.size && !r.nonFinitePlastic.size) return { steps: r.steps, error: null };
    // The earliest step; on a tie the population, whose update ran before that step's learning.
    const first = [
      ...[...r.nonFinite].map(([k, step]) => ({ step, name: this.network.populations[k].name, kind: 'population' as const, order: 0 })),
      ...[...r.nonFinitePlastic].map(([k, step]) => ({
        step,
        name: this.network.plasticProjections[k].name,
        kind: 'plastic projection' as const,
        order: 1,
      })),
    ].sort((a, b) => a.step - b.step || a.order - b.order)[0];
    const { step } = first;
    return {
      steps: step - r.firstStep + 1,
      error: new NonFiniteStateError(first.name, step, step * this.network.dt, first.kind),
    };
  }

  record(result: unknown, steps: number): void {
    this.recording.append(result as ChunkResult, steps);
  }

  dropInflight(): void {
    this.recording.dropInflight();
  }

  reset(): void {
    this.backend.reset();
    this.recording.clear();
    this.stimulusDirty = true;
  }

  // ---- summaries ------------------------------------------------------------------------------

  populationSummaries(simulatedMs: number): PopulationSummary[] {
    const sec = simulatedMs / 1000;
    return this.network.populations.map((p) => ({
      name: p.name,
      size: p.size,
      spikeCount: this.recording.populationSpikes[p.index],
      meanRateHz: sec > 0 ? this.recording.populationSpikes[p.index] / p.size / sec : 0,
    }));
  }

  // ---- live edits (validated; nothing changes on error) -----------------------------------

  /** Live probes of every state variable of these neurons; `room` steps of values are kept. */
  setLiveProbes(neurons: number[], chunkRoomSteps: number): void {
    const probes: LiveProbe[] = [];
    for (const neuron of neurons) {
      const pop = this.populationOf(neuron);
      for (const variable of pop.cell.stateNames) probes.push({ neuron, variable });
    }
    if (probes.length > MAX_LIVE_PROBES)
      throw new ParameterError(`at most ${MAX_LIVE_PROBES} live probes (state variables), got ${probes.length}`);
    this.backend.setLiveProbes(probes);
    this.recording.setLiveProbes(probes, 2 * Math.round(LIVE_TRACE_MS / this.network.dt) + chunkRoomSteps);
  }

  private populationOf(neuron: number) {
    const pop = this.network.populations.find((p) => neuron >= p.start && neuron < p.start + p.size);
    if (!(Number.isInteger(neuron) && pop))
      throw new ParameterError(`neuron ${neuron}: expected an index in 0..${this.network.numNeurons - 1}`);
    return pop;
  }

  /** Simulated time (ms) of the next step to be issued: where a live stimulus starts. */
  private nextIssueMs(): number {
    return +(this.nextIssueStep() * this.network.dt).toFixed(9);
  }

  /** Global neuron indices grouped by population, as local indices. */
  private byPopulation(neurons: number[]): { population: string; local: number[] }[] {
    return this.network.populations
      .map((p) => ({ population: p.name, local: neurons.filter((i) => i >= p.start && i < p.start + p.size).map((i) => i - p.start) }))
      .filter((g) => g.local.length > 0);
  }

  /** Applies a validated edit of the model's stimuli and reschedules them. */
  private editStimuli(edit: (m: Model) => void): void {
    this.applyEdit(edit);
    this.schedule.rebuild();
    this.stimulusDirty = true;
  }

  /** A DC pulse of `durationMs` large enough to lift V from V_reset past threshold, from the next step issued. */
  stimulateNeuron(neuron: number, durationMs: number): void {
    const pop = this.populationOf(neuron);
    const charge = spikeCharge(pop.cell, resolvedParams(this.model, this.model.populations[pop.index]), this.model.dt); // nA·ms
    if (charge === null) throw new ParameterError(`${pop.cellType} declares no spikeCharge: inject a current instead`);
    const amplitude = +(charge / durationMs).toPrecision(6); // nA
    const start = this.nextIssueMs();
    this.editStimuli((m) =>
      m.stimuli.push({
        type: 'dc',
        population: pop.name,
        neurons: [neuron - pop.start],
        amplitude,
        start,
        stop: +(start + durationMs).toFixed(9),
      }),
    );
  }

  /** `amplitude` nA into neurons (global indices) for `durationMs` from the next step issued; returns its onset (ms). */
  injectCurrent(neurons: number[], amplitude: number, durationMs: number): number {
    if (!Number.isFinite(amplitude)) throw new ParameterError(`amplitude: expected a number of nA, got ${amplitude}`);
    if (!(durationMs > 0)) throw new ParameterError(`duration: expected a positive number of ms, got ${durationMs}`);
    const start = this.nextIssueMs();
    const stop = +(start + durationMs).toFixed(9);
    this.editStimuli((m) => {
      for (const g of this.byPopulation(neurons))
        m.stimuli.push({ type: 'dc', population: g.population, neurons: g.local, amplitude, start, stop });
    });
    return start;
  }

  /** Silences neurons from the next step issued (held at V_reset, no spikes); `on = false` ends every silence still running. */
  silenceNeurons(neurons: number[], on: boolean): void {
    const now = this.nextIssueMs();
    this.editStimuli((m) => {
      if (on)
        for (const g of this.byPopulation(neurons))
          m.stimuli.push({ type: 'silence', population: g.population, neurons: g.local, start: now });
      else
        for (const s of m.stimuli)
          if (s.type === 'silence' && (s.stop === undefined || s.stop > now) && (s.start ?? 0) <= now) s.stop = now;
    });
  }

  private populationIndex(name: string): number {
    const i = this.network.populations.findIndex((p) => p.name === name);
    if (i < 0) throw new ParameterError(`no population named "${name}" (${this.network.populations.map((p) => p.name).join(', ')})`);
    return i;
  }

  /** Validates an edited copy of the model; on success it becomes the model. Nothing changes on error. */
  private applyEdit(edit: (m: Model) => void): Model {
    const copy = structuredClone(this.network.model);
    edit(copy);
    const valid = parseModel(copy);
    this.network.model = valid;
    return valid;
  }

  setParameter(population: string, name: string, value: number): void {
    const p = this.populationIndex(population);
    if (name === 'size' || name === 'cellType') throw new ParameterError(`"${name}" is structural: change the model and rebuild`);
    const model = this.applyEdit((m) => {
      m.populations[p].params = { ...(m.populations[p].params ?? {}), [name]: value };
    });
    this.backend.setPopulationConstants(p, populationConstants(model, this.network.populations[p]));
  }

  setStimulus(k: number, patch: Partial<Stimulus>): void {
    if (!(k >= 0 && k < this.model.stimuli.length))
      throw new ParameterError(`no stimulus ${k} (the model has ${this.model.stimuli.length})`);
    const old = this.model.stimuli[k];
    const before = this.network.model;
    for (const key of ['type', 'population', 'neurons'] as const)
      if (key in patch && JSON.stringify(patch[key]) !== JSON.stringify(old[key]))
        throw new ParameterError(`stimuli[${k}].${key} is structural: change the model and rebuild`);
    this.applyEdit((m) => {
      m.stimuli[k] = { ...m.stimuli[k], ...patch } as Stimulus;
    });
    if (old.type === 'poisson') {
      const src = this.network.poissonSources.findIndex((s) => s.stimulusIndex === k);
      const s = this.model.stimuli[k] as Extract<Stimulus, { type: 'poisson' }>;
      const source = this.network.poissonSources[src];
      const previous = { ...source };
      Object.assign(source, {
        rateHz: s.rateHz,
        weight: s.weight,
        startStep: toSteps(s.start ?? 0, this.network.dt),
        stopStep: s.stop === undefined ? NEVER : toSteps(s.stop, this.network.dt),
      });
      try {
        this.checkFixedPoint(`stimuli[${k}].weight`);
      } catch (e) {
        Object.assign(source, previous);
        this.network.model = before;
        throw e;
      }
      this.uploadPoisson(src);
    } else {
      this.schedule.rebuild();
      this.stimulusDirty = true;
    }
  }

  setProjectionWeight(projection: number | string, weight: Value): void {
    const k = typeof projection === 'number' ? projection : this.model.projections.findIndex((p) => p.name === projection);
    if (!(k >= 0 && k < this.model.projections.length)) throw new ParameterError(`no projection ${JSON.stringify(projection)}`);
    const before = this.network.model;
    const model = this.applyEdit((m) => {
      m.projections[k].weight = weight;
    });
    const pr = model.projections[k];
    if (pr.plasticity) {
      this.network.model = before;
      throw new ParameterError(
        `projections[${k}] is plastic: its weights are learnt (read them with readPlasticWeights); change its initial weight in the model and rebuild`,
      );
    }
    if (pr.connector.type === 'fromList' && pr.connector.connections.some((c) => c.length >= 3)) {
      this.network.model = before;
      throw new ParameterError(`projections[${k}] lists its own weights: edit the list and rebuild`);
    }
    if (pr.receptor === 'electrical') {
      // Gap junctions: new conductances (nS, negative draws clipped to 0 as at build), same junctions.
      const slots = this.network.gapSlots[k];
      const rng = typeof weight === 'number' ? null : new CounterRng(this.network.seed, Stream.connectivity + 4 * k + 1);
      const conductance = Float32Array.from(slots, () => Math.max(0, drawValue(weight, rng)));
      this.backend.setGapConductances(slots, conductance);
      return;
    }
    const generated = this.network.generated.projections.findIndex((g) => g.projection === k);
    if (generated >= 0) {
      // A generated projection's weights are drawn at delivery from its quantile knots: new knots, same draws.
      const g = this.network.generated.projections[generated];
      const previous = g.knots;
      const post = this.network.populations.find((p) => p.name === pr.post)!;
      g.knots = weightKnots(weight, (w) => signedWeight(post.cell, pr.receptor as 'excitatory' | 'inhibitory', w));
      try {
        this.checkFixedPoint(`projections[${k}].weight`);
      } catch (e) {
        g.knots = previous;
        this.network.model = before;
        throw e;
      }
      this.backend.setGeneratedKnots(generated, g.knots);
      return;
    }
    const slots = this.network.projectionSlots[k];
    const rng = typeof weight === 'number' ? null : new CounterRng(this.network.seed, Stream.connectivity + 4 * k + 1);
    const scale = this.network.fixedPointScale;
    const fixed = new Int32Array(slots.length);
    for (let s = 0; s < slots.length; s++) {
      const w = signedWeight(this.network.populations.find((p) => p.name === pr.post)!.cell, pr.receptor, drawValue(weight, rng));
      fixed[s] = toFixed(w, scale);
    }
    const previous = Int32Array.from(slots, (s) => this.network.weights[s]);
    for (let s = 0; s < slots.length; s++) this.network.weights[slots[s]] = fixed[s];
    try {
      this.checkFixedPoint(`projections[${k}].weight`);
    } catch (e) {
      for (let s = 0; s < slots.length; s++) this.network.weights[slots[s]] = previous[s];
      this.network.model = before;
      throw e;
    }
    this.backend.setWeights(slots, fixed);
  }

  /**
   * Changes one parameter of a plastic projection's rule while running (A_plus, eta, w_max, …):
   * validated like the model, refused if a new bound could overflow the fixed-point input.
   */
  setPlasticityParameter(projection: number | string, name: string, value: number): void {
    const k = typeof projection === 'number' ? projection : this.model.projections.findIndex((p) => p.name === projection);
    const plastic = this.network.plasticProjections.find((p) => p.projection === k);
    if (!plastic) throw new ParameterError(`no plastic projection ${JSON.stringify(projection)}`);
    const before = this.network.model;
    const model = this.applyEdit((m) => {
      const spec = m.projections[k].plasticity!;
      if (spec.type !== 'STDPMechanism') spec.params = { ...(spec.params ?? {}), [name]: value };
      else {
        const part = (['timingDependence', 'weightDependence'] as const).find((c) =>
          Object.hasOwn(COMPONENT_PARAMETERS[spec[c]!.type as keyof typeof COMPONENT_PARAMETERS], name),
        );
        if (!part)
          throw new ParameterError(
            `projections[${k}].plasticity: expected a parameter of the rule (${plastic.rule.parameterNames.join(', ')}), got "${name}"`,
          );
        spec[part] = { ...spec[part]!, [name]: value };
      }
    });
    const previous = plastic.params;
    plastic.params = resolvedPlasticity(model, model.projections[k].plasticity!, model.dt).params;
    try {
      this.checkFixedPoint(`projections[${k}].plasticity.${name}`);
    } catch (e) {
      plastic.params = previous;
      this.network.model = before;
      throw e;
    }
    this.backend.setPlasticValues(this.network.plasticProjections.indexOf(plastic), plasticValues(plastic, plastic.params, model.dt));
  }

  /** Refuses a change that could overflow the fixed-point input of one step (saturation guard). */
  private checkFixedPoint(path: string): void {
    const worst = worstCaseFixedInput(this.network);
    if (worst > I32_MAX)
      throw new ParameterError(
        `${path}: too large for the fixed-point input range chosen at build (a neuron could receive ` +
          `${(worst / this.network.fixedPointScale).toPrecision(4)} in one step, the range is ±${(I32_MAX / this.network.fixedPointScale).toPrecision(4)}); rebuild the model with it`,
      );
  }

  private uploadPoisson(k: number): void {
    const src = this.network.poissonSources[k];
    this.backend.setPoissonSource(k, {
      cdf: poissonTableFor(src, this.network.dt),
      weightFixed: toFixed(src.weight, this.network.fixedPointScale),
      startStep: src.startStep,
      stopStep: src.stopStep,
    });
  }
}
