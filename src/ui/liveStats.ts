/**
 * The status bar's live figures, sampled once per frame from a run: frames per second,
 * real-time factor and spikes per wall-clock second (the populations' rates come from the
 * recorded spikes: views/plotData.ts recentPopulationRates).
 */
import type { Run } from '../engine/run';

export interface LiveStats {
  fps: number;
  realTimeFactor: number; // simulated ms per wall ms
  spikesPerSecond: number; // spikes per wall-clock second
}

interface Sample {
  wallMs: number;
  step: number;
  spikes: number;
}

export class LiveStatsSampler {
  stats: LiveStats = { fps: 0, realTimeFactor: 0, spikesPerSecond: 0 };
  private samples: Sample[] = [];

  /** Forget the samples (a new model, a reset, a replay). */
  restart(): void {
    this.samples = [];
    this.stats = { fps: 0, realTimeFactor: 0, spikesPerSecond: 0 };
  }

  /** Takes this frame's sample of `run`, keeping one wall-clock second of them. */
  sample(run: Run, nowMs = performance.now()): void {
    const populations = run.spiking?.populationSummaries(run.timeMs) ?? [];
    const spikeCount = populations.reduce((a, p) => a + p.spikeCount, 0);
    this.samples.push({ wallMs: nowMs, step: run.step, spikes: spikeCount });
    while (this.samples.length > 2 && nowMs - this.samples[0].wallMs > 1000) this.samples.shift();
    const first = this.samples[0];
    const dWall = nowMs - first.wallMs;
    if (dWall > 0) {
      this.stats.fps = ((this.samples.length - 1) * 1000) / dWall;
      this.stats.realTimeFactor = ((run.step - first.step) * run.dt) / dWall;
      this.stats.spikesPerSecond = ((spikeCount - first.spikes) * 1000) / dWall;
    }
  }
}

/** The real-time factor in words: how simulated time compares with the wall clock. */
export function realTimeWords(factor: number): string {
  if (!(factor > 0)) return 'not running';
  if (Math.abs(factor - 1) < 0.05) return 'as fast as real time';
  const x = factor > 1 ? factor : 1 / factor;
  const n = x >= 10 ? x.toFixed(0) : x.toFixed(1);
  return factor > 1
    ? `${n}× faster than real time: 1 s of wall clock simulates ${(factor * 1000).toFixed(0)} ms`
    : `${n}× slower than real time: 1 s of simulated time takes ${n} s`;
}
