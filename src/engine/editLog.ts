/**
 * The edit log: the model as a run started, and every live edit with the step from which it
 * applies. Replaying it onto another backend rebuilds the same run (the backends agree), which is
 * how a run continues on the CPU after a GPU is lost.
 */
import type { Model } from '../model/schema';

export class EditLog<Target> {
  private initial: Model;
  private readonly entries: { step: number; apply: (target: Target) => void }[] = [];

  constructor(model: Model) {
    this.initial = structuredClone(model);
  }

  /** The model the run started from (before any logged edit). */
  get initialModel(): Model {
    return structuredClone(this.initial);
  }

  get length(): number {
    return this.entries.length;
  }

  /** `apply` repeats the edit on another run; it takes effect from `step`. */
  record(step: number, apply: (target: Target) => void): void {
    this.entries.push({ step, apply });
  }

  /** After a reset: the run starts again from `model` (with the edits so far written into it). */
  restart(model: Model): void {
    this.entries.length = 0;
    this.initial = structuredClone(model);
  }

  /** Applies every edit up to step `until` onto `target`, advancing it to each edit's step first, then to `until`. */
  async replay(target: Target, until: number, advanceTo: (step: number) => Promise<void>): Promise<void> {
    for (const edit of this.entries) {
      if (edit.step > until) break;
      await advanceTo(edit.step);
      edit.apply(target);
    }
    await advanceTo(until);
  }
}
