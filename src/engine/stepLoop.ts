/**
 * The step loop: one chunk of steps advances every component of a run (oscillators, then the
 * spiking network) in lockstep. On the CPU each step calls each component in turn; on WebGPU the
 * whole chunk — every component's passes for every step — is one compute pass and one submit,
 * and each component's results come back through the runtime's readback pool.
 */
import type { GpuRuntime } from '../gpu/gpuRuntime';

/** A component's CPU twin, driven step by step. */
export interface CpuStepper<R> {
  readonly maxChunkSteps: number;
  beginChunk(firstStep: number, steps: number): void;
  /** Step k of the chunk. */
  step(k: number): void;
  endChunk(): R;
}

/** A component's WebGPU part: it encodes its passes into the chunk's compute pass. */
export interface GpuStepper<R> {
  readonly maxChunkSteps: number;
  /** Queue writes for the chunk (clock slots, counters) before it is encoded. */
  beginChunk(firstStep: number, steps: number): void;
  /** Step k's dispatches. */
  encodeStep(pass: GPUComputePassEncoder, k: number): void;
  /** Dispatches after the last step, in the same compute pass. */
  encodeChunkEnd?(pass: GPUComputePassEncoder): void;
  /** After the compute pass: copies the chunk's results out; the returned function reads them once submitted. */
  copyResults(encoder: GPUCommandEncoder): () => Promise<R>;
}

export type Stepper<R> = CpuStepper<R> | GpuStepper<R>;

/** Runs chunks over an ordered list of components of one kind; results come back in the same order. */
export interface StepLoop {
  /** Most steps the next chunk may hold: the smallest of the components'. */
  maxChunkSteps(): number;
  submitChunk(steps: number): Promise<unknown[]>;
}

function smallestChunk(steppers: { maxChunkSteps: number }[]): number {
  return steppers.reduce((m, s) => Math.min(m, s.maxChunkSteps), Infinity);
}

function checkChunk(steps: number, most: number): void {
  if (!(Number.isInteger(steps) && steps >= 1 && steps <= most)) throw new Error(`chunk of ${steps} steps: expected 1..${most}`);
}

export class CpuStepLoop implements StepLoop {
  private step = 0;

  constructor(private readonly steppers: CpuStepper<unknown>[]) {}

  maxChunkSteps(): number {
    return smallestChunk(this.steppers);
  }

  submitChunk(steps: number): Promise<unknown[]> {
    try {
      checkChunk(steps, this.maxChunkSteps());
      for (const s of this.steppers) s.beginChunk(this.step, steps);
      for (let k = 0; k < steps; k++) for (const s of this.steppers) s.step(k);
      this.step += steps;
      return Promise.resolve(this.steppers.map((s) => s.endChunk()));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  reset(): void {
    this.step = 0;
  }
}

export class WebGpuStepLoop implements StepLoop {
  private step = 0;

  constructor(
    private readonly runtime: GpuRuntime,
    private readonly steppers: GpuStepper<unknown>[],
    private readonly dtMs: number,
  ) {}

  maxChunkSteps(): number {
    return smallestChunk(this.steppers);
  }

  submitChunk(steps: number): Promise<unknown[]> {
    const firstStep = this.step;
    const failure = this.runtime.failure(firstStep * this.dtMs);
    if (failure) return Promise.reject(failure);
    try {
      checkChunk(steps, this.maxChunkSteps());
    } catch (e) {
      return Promise.reject(e);
    }
    for (const s of this.steppers) s.beginChunk(firstStep, steps);
    const { value: readers, checked } = this.runtime.submit('WebGpuStepLoop.chunk', (encoder) => {
      const pass = encoder.beginComputePass({ label: 'WebGpuStepLoop.steps' });
      for (let k = 0; k < steps; k++) for (const s of this.steppers) s.encodeStep(pass, k);
      for (const s of this.steppers) s.encodeChunkEnd?.(pass);
      pass.end();
      return this.steppers.map((s) => s.copyResults(encoder));
    });
    this.step += steps;
    return Promise.all([...readers.map((read) => read()), checked]).then(
      (results) => {
        results.pop();
        const late = this.runtime.failure(firstStep * this.dtMs);
        if (late) throw late;
        return results;
      },
      (e) => {
        throw this.runtime.readFailure(e, firstStep * this.dtMs);
      },
    );
  }

  reset(): void {
    this.step = 0;
  }
}
