/**
 * How many steps one animation frame advances. A frame costs a fixed part O (submitting,
 * reading back, drawing) plus c per step. Sizing frames by "ms per step" counts O against the
 * steps, so when O dominates (a large model on a software GPU) the loop shrinks to one step per
 * frame and stays there. The pacer instead fits ms = O + c·steps to the last frames (least
 * squares; planned sizes alternate ±15 % so the fit stays determined) and plans
 * max(work budget, O) / c steps: stepping takes at least as long as the overhead it pays for.
 *
 * No frame blocks the page: every speed is held to `maxWorkMs` of stepping (by the fitted c),
 * a frame plans at most twice the steps of the frame before it, and a frame whose stepping took
 * longer than `maxWorkMs` is believed at once (its c replaces a lower fitted one). The first
 * frame after a load or reset compiles the kernels; it is not recorded (see `restart`).
 */
const HISTORY = 16;

export class FramePacer {
  private readonly frames: { steps: number; ms: number }[] = [];
  private fixedMs = 0;
  private perStepMs: number;
  private jitter = 1;
  /** Steps of the last planned frame (a frame plans at most twice as many). */
  private lastSteps = 1;

  constructor(
    private readonly workBudgetMs = 25,
    private readonly initialSteps = 20,
    private readonly maxWorkMs = 100,
  ) {
    this.perStepMs = workBudgetMs / initialSteps;
  }

  /** Forgets every frame: a new model (or a reset one) starts again from one step. */
  restart(): void {
    this.frames.length = 0;
    this.fixedMs = 0;
    this.perStepMs = this.workBudgetMs / this.initialSteps;
    this.lastSteps = 1;
  }

  /** Steps that fill a frame's work time. */
  private budgetSteps(): number {
    return Math.min(Math.max(this.workBudgetMs, this.fixedMs), this.maxWorkMs) / this.perStepMs;
  }

  /** `steps` 15 % above or below (by the current jitter), and never the same size up and down. */
  private jittered(steps: number): number {
    // Up and down plans must differ even when the plan is one or two steps, or the fit stays
    // undetermined and the loop locks at that size.
    return this.jitter > 1 ? Math.max(2, Math.ceil(steps * this.jitter)) : Math.max(1, Math.floor(steps * this.jitter));
  }

  /**
   * Steps for the next frame: `wantedSteps` (a fixed speed, or real time), or for "as fast as
   * possible" at least the pacer's plan, always within the frame bound.
   */
  plan(wantedSteps: number, asFastAsPossible = false): number {
    this.jitter = this.jitter > 1 ? 0.85 : 1.15;
    let steps = Math.max(1, wantedSteps);
    if (asFastAsPossible) steps = Math.max(steps, this.jittered(this.budgetSteps()));
    steps = Math.min(steps, this.jittered(this.capSteps()), 2 * this.lastSteps);
    this.lastSteps = steps;
    return steps;
  }

  /** The most steps any speed may plan in one frame (`maxWorkMs` of stepping). */
  capSteps(): number {
    return Math.max(1, Math.floor(this.maxWorkMs / this.perStepMs));
  }

  /** A frame advanced `steps` steps in `spentMs`. */
  record(steps: number, spentMs: number): void {
    if (!(steps > 0) || !(spentMs >= 0)) return;
    this.frames.push({ steps, ms: spentMs });
    if (this.frames.length > HISTORY) this.frames.shift();
    const n = this.frames.length;
    const mx = this.frames.reduce((a, f) => a + f.steps, 0) / n;
    const my = this.frames.reduce((a, f) => a + f.ms, 0) / n;
    let sxx = 0;
    let sxy = 0;
    for (const f of this.frames) {
      sxx += (f.steps - mx) ** 2;
      sxy += (f.steps - mx) * (f.ms - my);
    }
    const slope = sxx > 0 ? sxy / sxx : NaN;
    const intercept = my - slope * mx;
    if (slope > 0 && intercept >= 0) [this.perStepMs, this.fixedMs] = [slope, intercept];
    else if (slope > 0) [this.perStepMs, this.fixedMs] = [slope, 0];
    else if (!(sxx > 0))
      [this.perStepMs, this.fixedMs] = [Math.max(1e-6, spentMs / steps), 0]; // undetermined: the cautious figure
    // More steps took no longer: a step costs less than the frames' noise (a tiny model, whose
    // frames are all vsync and readback). Plan twice the steps, until their cost shows.
    else this.perStepMs = Math.max(1e-9, this.perStepMs / 2);
    // A frame that overran the bound is believed over the fit (an outlier in the history, or a
    // model that just became dearer, must not let the next frames grow past it).
    const overran = (spentMs - this.fixedMs) / steps;
    if (spentMs - this.fixedMs > this.maxWorkMs && overran > this.perStepMs) this.perStepMs = overran;
  }
}
