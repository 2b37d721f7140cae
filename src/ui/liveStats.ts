/**
 * The status bar's live figures, sampled once per frame from a run: frames per second,
 * real-time factor, spikes per wall-clock second, and each population's rate over the last
 * simulated RATE_WINDOW_MS.
 */
import type { Run } from '../engine/run';

export interface LiveStats {
  fps: number;
  realTimeFactor: number; // simulated ms per wall ms
  spikesPerSecond: number; // spikes per wall-clock second
  /** Rate of each population over the last simulated `RATE_WINDOW_MS`, Hz. */
  recentRatesHz: number[];
}

export const RATE_WINDOW_MS = 500;

interface Sample {
  wallMs: number;
  step: number;
  spikes: number;
  popCounts: number[];
}

export class LiveStatsSampler {
  stats: LiveStats = { fps: 0, realTimeFactor: 0, spikesPerSecond: 0, recentRatesHz: [] };
  private samples: Sample[] = [];

  /** Forget the samples (a new model, a reset, a replay); rates start at 0 for `populations`. */
  restart(populations = this.stats.recentRatesHz.length): void {
    this.samples = [];
    this.stats = { fps: 0, realTimeFactor: 0, spikesPerSecond: 0, recentRatesHz: new Array(populations).fill(0) };
  }

  /** Takes this frame's sample of `run`, keeping one wall-clock second of them. */
  sample(run: Run, nowMs = performance.now()): void {
    const populations = run.spiking?.populationSummaries(run.timeMs) ?? [];
    const spikeCount = populations.reduce((a, p) => a + p.spikeCount, 0);
    this.samples.push({ wallMs: nowMs, step: run.step, spikes: spikeCount, popCounts: populations.map((p) => p.spikeCount) });
    while (this.samples.length > 2 && nowMs - this.samples[0].wallMs > 1000) this.samples.shift();
    const first = this.samples[0];
    const dWall = nowMs - first.wallMs;
    if (dWall > 0) {
      this.stats.fps = ((this.samples.length - 1) * 1000) / dWall;
      this.stats.realTimeFactor = ((run.step - first.step) * run.dt) / dWall;
      this.stats.spikesPerSecond = ((spikeCount - first.spikes) * 1000) / dWall;
    }
    // recent rate: from the oldest sample within the last RATE_WINDOW_MS of simulated time
    const windowSteps = RATE_WINDOW_MS / run.dt;
    const ref = this.samples.find((x) => run.step - x.step <= windowSteps) ?? first;
    const dSim = (run.step - ref.step) * run.dt;
    this.stats.recentRatesHz = populations.map((p, k) => (dSim > 0 ? ((p.spikeCount - ref.popCounts[k]) / p.size / dSim) * 1000 : 0));
  }
}
