import { describe, expect, it } from 'vitest';
import { FramePacer } from './framePacer';

/** Runs `frames` frames at "as fast as possible" against a cost model; returns the last frame's steps and time. */
function settle(cost: (steps: number) => number, frames = 60) {
  const pacer = new FramePacer(25);
  let steps = 0;
  let ms = 0;
  for (let f = 0; f < frames; f++) {
    steps = pacer.plan(1, true);
    ms = cost(steps);
    pacer.record(steps, ms);
  }
  return { steps, ms, pacer };
}

describe('frame pacing', () => {
  it('a large fixed cost per frame does not lock the loop at one step: work grows to about the overhead', () => {
    // 60 ms per frame whatever happens (readback, drawing) + 7 ms per step: a 10⁴-oscillator model on a software GPU.
    const { steps, ms } = settle((n) => 60 + 7 * n);
    expect(steps).toBeGreaterThanOrEqual(7); // 60 ms of work / 7 ms ≈ 8.6 steps, ±15 %
    expect(steps).toBeLessThanOrEqual(10);
    expect(ms).toBeLessThan(200);
    // The old per-step estimate, (60 + 7·8) / 8 = 14.5 ms, planned 25 / 14.5 → 1 step: 67 ms a step.
    expect(ms / steps).toBeLessThan(67 / 4);
  });

  it('a frame that costs far more than a step (a slow canvas) still finds the overhead, starting from one step', () => {
    // 1,500 ms of drawing per frame + 10 ms per step, after a model switch left the plan at one step:
    // alternating 1 and 2 steps used to round to the same size, leaving the fit undetermined.
    // Stepping is then held to the frame bound (100 ms), not grown to match the drawing.
    const pacer = new FramePacer(25, 0.01);
    let steps = 0;
    for (let f = 0; f < 12; f++) {
      steps = pacer.plan(1, true);
      pacer.record(steps, 1500 + 10 * steps);
    }
    expect(steps).toBeGreaterThanOrEqual(8); // 100 ms / 10 ms, ±15 %
    expect(steps).toBeLessThanOrEqual(12);
  });

  it('a first frame that compiled the kernels does not, left in the history, let frames grow for seconds', () => {
    // The oscillator page on a software GPU: 1 step in 3 s (compiling), then 60 ms + 7 ms a step,
    // at "as fast as possible" with real time asking for 2,000 steps (100 ms of 0.05 ms steps).
    // The compile frame made every later frame look cheaper than it ("more steps took no longer"),
    // halving the cost estimate each frame until one frame ran 2,000 steps (14 s).
    const pacer = new FramePacer(25);
    pacer.record(pacer.plan(2000, true), 3000);
    let worst = 0;
    let steps = 0;
    for (let f = 0; f < 40; f++) {
      steps = pacer.plan(2000, true);
      const ms = 60 + 7 * steps;
      worst = Math.max(worst, ms);
      pacer.record(steps, ms);
    }
    expect(worst).toBeLessThan(60 + 2 * 7 * 17); // within twice the bound's ≈ 14 steps (+15 %)
    expect(steps).toBeGreaterThanOrEqual(11); // 100 ms / 7 ms, ±15 %
    expect(steps).toBeLessThanOrEqual(17);
  });

  it('a one-step frame dearer than the bound still refits: frames at the cap alternate in size', () => {
    // 80 ms for one step (60 ms fixed + 20 ms a step): the cap fell to one step, and frames of
    // one step each never told the fixed part from the steps.
    const pacer = new FramePacer(25);
    pacer.record(1, 80); // one frame of one step: undetermined, so 80 ms a step, a cap of one step
    expect(pacer.capSteps()).toBe(1);
    const sizes = new Set<number>();
    for (let f = 0; f < 30; f++) {
      const steps = pacer.plan(2000, true);
      if (f >= 20) sizes.add(steps);
      pacer.record(steps, 60 + 20 * steps);
    }
    expect(pacer.capSteps()).toBe(5); // 100 ms / 20 ms: the fit found c = 20 ms, not 80
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(4);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(6);
  });

  it('restart forgets the last model: the next frames start again from one step and grow at most twofold', () => {
    const { pacer } = settle((n) => 0.05 * n, 60);
    expect(pacer.plan(1, true)).toBeGreaterThan(300);
    pacer.restart();
    const plans = Array.from({ length: 6 }, () => pacer.plan(100_000, true));
    expect(plans).toEqual([2, 4, 8, 16, 32, 64]);
  });

  it('with no fixed cost the frame work settles at the budget', () => {
    const { steps, ms } = settle((n) => 0.05 * n, 200);
    expect(ms).toBeGreaterThan(15);
    expect(ms).toBeLessThan(40);
    expect(steps).toBeGreaterThan(300);
  });

  it('follows a model that becomes more expensive, and caps the other speeds at the 100 ms bound', () => {
    const first = settle((n) => 0.05 * n, 40).pacer;
    expect(first.capSteps()).toBeGreaterThan(1500); // 100 ms / 0.05 ms
    const pacer = new FramePacer(25);
    let steps = 0;
    for (let f = 0; f < 60; f++) {
      steps = pacer.plan(1, true);
      pacer.record(steps, (f < 30 ? 0.05 : 1) * steps); // 20 × dearer from frame 30 on
    }
    expect(steps).toBeGreaterThan(15);
    expect(steps).toBeLessThan(35); // 25 ms / 1 ms, ±15 %
    expect(pacer.capSteps()).toBe(100);
  });

  it('a tiny model whose frames are all overhead and noise grows its steps far past real time', () => {
    // 16.7 ms a frame (vsync) ± 3 ms of noise, and 0.1 µs a step: the fit's slope is noise.
    let seed = 7;
    const noise = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 6;
    const pacer = new FramePacer(25);
    let steps = 0;
    let worst = 0;
    for (let f = 0; f < 120; f++) {
      steps = pacer.plan(1, true);
      const ms = 16.7 + noise() + 1e-4 * steps;
      worst = Math.max(worst, ms);
      pacer.record(steps, ms);
    }
    expect(steps).toBeGreaterThan(10 * 167); // real time at 60 frames a second is 167 steps of 0.1 ms
    expect(worst).toBeLessThan(100); // and no frame blocks the page
  });
});
