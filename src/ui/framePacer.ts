/**
 * How many steps one animation frame advances. A frame costs a fixed part O (submitting,
 * reading back, drawing) plus c per step. Sizing frames by "ms per step" counts O against the
 * steps, so when O dominates (a large model on a software GPU) the loop shrinks to one step per
 * frame and stays there. The pacer instead fits ms = O + c·steps to the last frames (least
 * squares; planned sizes alternate ±15 % so the fit stays determined) and plans
 * max(work budget, O) / c steps: stepping takes at least as long as the overhead it pays for.
 */
const HISTORY = 16;

export class FramePacer {
  private readonly frames: { steps: number; ms: number }[] = [];
  private fixedMs = 0;
  private perStepMs: number;
  private jitter = 1;

  constructor(
    private readonly workBudgetMs = 25,
    initialSteps = 20,
  ) {
    this.perStepMs = workBudgetMs / initialSteps;
  }

  /** Steps that fill a frame's work time. */
  private budgetSteps(): number {
    return Math.max(this.workBudgetMs, this.fixedMs) / this.perStepMs;
  }

  /** Steps for "as fast as possible" (alternately 15 % above and below the plan). */
  maxSpeedSteps(): number {
    this.jitter = this.jitter > 1 ? 0.85 : 1.15;
    const planned = this.budgetSteps() * this.jitter;
    // Up and down plans must differ even when the plan is one or two steps, or the fit stays
    // undetermined and the loop locks at that size.
    return this.jitter > 1 ? Math.max(2, Math.ceil(planned)) : Math.max(1, Math.floor(planned));
  }

  /** The most steps any speed may plan in one frame (keeps the page responsive). */
  capSteps(): number {
    return Math.max(1, Math.round(4 * this.budgetSteps()));
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
  }
}
