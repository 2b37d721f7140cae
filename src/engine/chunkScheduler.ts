/**
 * The chunk scheduler: one chunk policy and one readback pipeline for every run. It cuts the
 * steps asked for into chunks — as long as the policy allows (1,000 steps), no longer than every
 * component's device part can hold now (this follows live edits: the spike log bound depends on
 * the refractory periods in force) and never across a stimulus breakpoint — keeps up to
 * `pipelineDepth` chunks in flight, and hands each chunk's results to the components in order.
 */
import { ParameterError } from './errors';
import type { StepLoop } from './stepLoop';

/** A part of a run (spiking populations, oscillators) as the scheduler sees it. */
export interface RunComponent {
  /** The first step after `at` at which its inputs change (a chunk ends there); Infinity if none. */
  nextBreakpointAfter?(at: number): number;
  /** Just before the chunk starting at step `at` is issued. */
  beforeChunk?(at: number): void;
  /** How many steps of one chunk's result hold (fewer when the state went non-finite), and that error. */
  validSteps(result: unknown): { steps: number; error: Error | null };
  /** Records the first `steps` steps of one chunk's result (the fewest that hold in every component). */
  record(result: unknown, steps: number): void;
  /** Chunks in flight were dropped after a failure. */
  dropInflight?(): void;
}

/** Steps per chunk when nothing limits it: long enough for 100 µs timestamp quantisation to vanish. */
export const CHUNK_POLICY_STEPS = 1000;

export class ChunkScheduler {
  stepsDone = 0;
  private stepsIssued = 0;
  private running = false;
  private pauseRequested = false;
  private failure: Error | null = null;
  /** Wall-clock time spent running (ms). */
  wallMs = 0;
  /** Lengths (steps) of the last chunks issued (at most 64), for inspection. */
  readonly chunkLengths: number[] = [];

  constructor(
    private readonly loop: StepLoop,
    private readonly components: RunComponent[],
    readonly pipelineDepth: number,
    private readonly policySteps = CHUNK_POLICY_STEPS,
  ) {}

  get isRunning(): boolean {
    return this.running;
  }

  /** The step the next chunk starts at (the next step issued). */
  get nextIssueStep(): number {
    return Math.max(this.stepsIssued, this.stepsDone);
  }

  /** The length the next chunk from step `at` would have, for `left` steps still to run. */
  nextChunkSteps(at = this.stepsIssued, left = Infinity): number {
    let n = Math.min(left, this.policySteps, this.loop.maxChunkSteps());
    for (const c of this.components) if (c.nextBreakpointAfter) n = Math.min(n, c.nextBreakpointAfter(at) - at);
    return n;
  }

  /** Advances `steps` steps, or fewer if paused. Resolves when all their results are recorded. */
  async runSteps(steps: number): Promise<void> {
    if (this.running) throw new ParameterError('the simulation is already running');
    if (this.failure) throw this.failure;
    this.running = true;
    this.pauseRequested = false;
    const t0 = performance.now();
    const inflight: Promise<unknown[]>[] = [];
    const target = this.stepsIssued + steps;
    try {
      while (this.stepsIssued < target && !this.pauseRequested) {
        const at = this.stepsIssued;
        const n = this.nextChunkSteps(at, target - at);
        for (const c of this.components) c.beforeChunk?.(at);
        inflight.push(this.loop.submitChunk(n));
        if (this.chunkLengths.push(n) > 64) this.chunkLengths.shift();
        this.stepsIssued += n;
        if (inflight.length >= this.pipelineDepth) this.consume(await inflight.shift()!);
      }
      while (inflight.length) this.consume(await inflight.shift()!);
    } catch (e) {
      // Keep what was recorded; later chunks of a failed run are dropped.
      await Promise.allSettled(inflight);
      for (const c of this.components) c.dropInflight?.();
      this.failure = e as Error;
      this.stepsIssued = this.stepsDone;
      throw e;
    } finally {
      this.wallMs += performance.now() - t0;
      this.running = false;
    }
  }

  private consume(results: unknown[]): void {
    // Every component records the same steps, so the recordings stay in step with the clock.
    const valid = this.components.map((c, k) => c.validSteps(results[k]));
    const steps = Math.min(...valid.map((v) => v.steps));
    const error = valid.filter((v) => v.error).sort((a, b) => a.steps - b.steps)[0]?.error;
    this.components.forEach((c, k) => c.record(results[k], steps));
    this.stepsDone += steps;
    if (error) throw error;
  }

  /** Stops after the chunks already issued; `runSteps` then resolves. */
  pause(): void {
    this.pauseRequested = true;
  }

  reset(): void {
    if (this.running) throw new ParameterError('pause the simulation before resetting it');
    this.stepsDone = 0;
    this.stepsIssued = 0;
    this.wallMs = 0;
    this.failure = null;
    this.chunkLengths.length = 0;
  }
}
