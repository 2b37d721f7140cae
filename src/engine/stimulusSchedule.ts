/**
 * Injected currents (DC and step-current sources) and silencing as per-neuron arrays that change
 * only at breakpoints. The amplitude in force at time t_n = n·dt is applied over step n; a DC source is
 * on for steps start/dt ≤ n < stop/dt, and step j of a step-current source holds from
 * times[j]/dt until the next time (PyNN `DCSource` and `StepCurrentSource` on the dt grid).
 * SpikeSourceArray populations are driven step by step instead (engine/spikeSourceSteps.ts), so
 * their spike times are no breakpoints.
 */
import type { BuiltNetwork } from '../network/network';
import { NEVER, toSteps } from '../network/network';

interface Segment {
  targets: Uint32Array; // global indices
  startStep: number;
  stopStep: number;
  amplitude: number; // nA
}

export class StimulusSchedule {
  private segments: Segment[] = [];
  private silences: Segment[] = [];
  private breakpoints: number[] = [];

  constructor(private readonly net: BuiltNetwork) {
    this.rebuild();
  }

  /** Re-reads the model's current sources (after a live change). */
  rebuild(): void {
    const { model, populations } = this.net;
    const dt = model.dt;
    const segs: Segment[] = [];
    const silences: Segment[] = [];
    for (const s of model.stimuli) {
      if (s.type === 'poisson') continue;
      const pop = populations.find((p) => p.name === s.population)!;
      const targets = Uint32Array.from(s.neurons ?? Array.from({ length: pop.size }, (_, i) => i), (i) => pop.start + i);
      if (s.type === 'silence') {
        silences.push({
          targets,
          startStep: toSteps(s.start ?? 0, dt),
          stopStep: s.stop === undefined ? NEVER : toSteps(s.stop, dt),
          amplitude: 0,
        });
      } else if (s.type === 'dc') {
        segs.push({
          targets,
          startStep: toSteps(s.start ?? 0, dt),
          stopStep: s.stop === undefined ? NEVER : toSteps(s.stop, dt),
          amplitude: s.amplitude,
        });
      } else {
        s.times.forEach((t, j) => {
          const next = j + 1 < s.times.length ? toSteps(s.times[j + 1], dt) : NEVER;
          segs.push({ targets, startStep: toSteps(t, dt), stopStep: next, amplitude: s.amplitudes[j] });
        });
      }
    }
    this.segments = segs;
    this.silences = silences;
    const bp = new Set<number>([0]);
    for (const g of [...segs, ...silences]) {
      bp.add(g.startStep);
      if (g.stopStep !== NEVER) bp.add(g.stopStep);
    }
    this.breakpoints = [...bp].sort((a, b) => a - b);
  }

  /** The per-neuron injected current (nA) during step `step`. */
  currentAt(step: number): Float32Array {
    const out = new Float32Array(this.net.numNeurons);
    for (const g of this.segments) {
      if (step < g.startStep || step >= g.stopStep) continue;
      for (const i of g.targets) out[i] += g.amplitude;
    }
    return out;
  }

  /** One bit per neuron: silenced (held at V_reset, no spikes out) during step `step`. */
  silencedAt(step: number): Uint32Array {
    const mask = new Uint32Array(Math.ceil(this.net.numNeurons / 32));
    for (const g of this.silences) {
      if (step < g.startStep || step >= g.stopStep) continue;
      for (const i of g.targets) mask[i >>> 5] |= 1 << (i & 31);
    }
    return mask;
  }

  /** The first breakpoint strictly after `step`, or Infinity. */
  nextBreakpointAfter(step: number): number {
    const bp = this.breakpoints;
    let lo = 0;
    let hi = bp.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (bp[mid] > step) hi = mid;
      else lo = mid + 1;
    }
    return lo < bp.length ? bp[lo] : Infinity;
  }
}
