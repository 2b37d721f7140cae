/**
 * The WebGPU oscillator backend. Kuramoto, per step and per Runge–Kutta stage: reduce the stage
 * phases to group sums (order_parameter), then evaluate the stage (kuramoto_stage); the reduction
 * after the last stage also records (r, ψ). AKOrN, per step: update (akorn_update), reduce, field
 * and energy (akorn_field), reduce and record. The run's step loop encodes a chunk of up to 1,000
 * steps into one submit (with the spiking passes, when the model has neurons); the recorded rows
 * come back through the runtime's readback pool, asynchronously. With phase drive, each step
 * first writes the neurons' oscillator-current plane.
 */
import type { GpuRuntime } from '../../../gpu/gpuRuntime';
import { CLOCK_STRIDE } from '../../webgpu/layouts';
import type { GpuStepper } from '../../stepLoop';
import type { OscillatorBackend, OscillatorChunk } from '../oscillatorBackend';
import type { BuiltOscillators } from '../../../network/buildOscillators';
import { RUNGE_KUTTA } from '../cpu/cpuOscillators';
import { MAX_OSCILLATOR_CHUNK_STEPS, OscillatorBuffers, gpuRowWords, packCoefficients } from './oscillatorBuffers';
import { AkornFieldPass } from './passes/akornFieldPass';
import { AkornUpdatePass } from './passes/akornUpdatePass';
import { KuramotoStagePass } from './passes/kuramotoStagePass';
import { OrderParameterPass } from './passes/orderParameterPass';
import { PhaseDrivePass } from './passes/phaseDrivePass';

interface Step {
  encode(pass: GPUComputePassEncoder, k: number): void;
}

export class WebGpuOscillators implements OscillatorBackend, GpuStepper<OscillatorChunk> {
  readonly kind = 'webgpu' as const;
  readonly maxChunkSteps = MAX_OSCILLATOR_CHUNK_STEPS;
  private readonly buffers: OscillatorBuffers;
  private readonly steps: Step[] = [];
  private readonly init: Step[] = [];
  private readonly clockData = new Uint32Array((MAX_OSCILLATOR_CHUNK_STEPS * CLOCK_STRIDE) / 4);
  private readonly omega: Float64Array;
  private readonly K: Float64Array;
  private drive: PhaseDrivePass | null = null;
  private chunk: { firstStep: number; steps: number } | null = null;
  readonly device: GPUDevice;
  readonly adapter: string;

  constructor(
    private readonly runtime: GpuRuntime,
    readonly built: BuiltOscillators,
  ) {
    this.device = runtime.device;
    this.adapter = runtime.adapter;
    const b = (this.buffers = new OscillatorBuffers(runtime, built));
    this.omega = built.omega.slice();
    this.K = built.couplingK.slice();
    if (built.model === 'kuramoto') {
      const { a, b: weights } = RUNGE_KUTTA[built.integrator];
      const S = weights.length;
      for (let s = 0; s < S; s++) {
        const last = s === S - 1;
        const stage = new KuramotoStagePass(b, { aNext: last ? 0 : a[s], b: weights[s], first: s === 0, last, phiInB: s % 2 === 1 });
        // The stage writes φ_B after even stages and φ_A after odd ones; the last writes θ into φ_A.
        const reduce = new OrderParameterPass(b, { phiB: s % 2 === 0 && !last, energy: false, record: last });
        this.steps.push(stagePair(stage, reduce));
      }
      this.init.push(step(new OrderParameterPass(b, { phiB: false, energy: false, record: false })));
    } else {
      const sums = new OrderParameterPass(b, { phiB: false, energy: false, record: false });
      const field = new AkornFieldPass(b);
      this.steps.push(
        step(new AkornUpdatePass(b)),
        step(sums),
        step(field),
        step(new OrderParameterPass(b, { phiB: false, energy: true, record: true })),
      );
      this.init.push(step(sums), step(field));
    }
    this.reset();
  }

  setCouplingStrength(index: number, K: number): void {
    this.K[index] = K;
    this.device.queue.writeBuffer(this.buffers.coefficients, (this.buffers.layout.couplingKAt + index) * 4, new Float32Array([K]));
    // AKOrN: the field the next step reads was computed with the old K; compute it again (as the
    // CPU twin does), or the edit would act a step late, and after a reset from a blown-up K not at all.
    if (this.built.model === 'akorn') this.submitInit();
  }

  setFrequencies(omega: Float64Array): void {
    this.omega.set(omega);
    this.device.queue.writeBuffer(this.buffers.coefficients, 0, Float32Array.from(omega));
  }

  setNoise(D: number): void {
    this.buffers.writeParams(D);
  }

  reset(): void {
    const { device, buffers: b, built } = this;
    const q = device.queue;
    q.writeBuffer(b.coefficients, 0, packCoefficients(built, b.layout, this.omega, this.K));
    const state = Float32Array.from(built.initialState);
    q.writeBuffer(b.state, 0, state);
    if (built.model === 'kuramoto') q.writeBuffer(b.scratch, b.layout.phiAAt * 4, state); // φ_A = θ before the first stage
    this.writeClock(0, 1);
    this.submitInit();
  }

  /** The passes that prepare the first step from the state: group sums (and the AKOrN field). */
  private submitInit(): void {
    const enc = this.device.createCommandEncoder({ label: 'WebGpuOscillators.init' });
    const pass = enc.beginComputePass({ label: 'WebGpuOscillators.init' });
    for (const s of this.init) s.encode(pass, 0);
    pass.end();
    this.device.queue.submit([enc.finish()]);
  }

  private writeClock(firstStep: number, steps: number): void {
    const words = CLOCK_STRIDE / 4;
    for (let k = 0; k < steps; k++) {
      this.clockData[k * words] = firstStep + k;
      this.clockData[k * words + 1] = k;
    }
    this.device.queue.writeBuffer(this.buffers.clock, 0, this.clockData.buffer, 0, steps * CLOCK_STRIDE);
  }

  // ── GpuStepper: encoded by the run's step loop ───────────────────────────────────────────

  /** From now on each step first writes the phase drive into the neurons' oscillator-current plane (at word `planeAt` of `neuronState`). */
  connectDrive(neuronState: GPUBuffer, planeAt: number): void {
    if (this.built.drive.length) this.drive = new PhaseDrivePass(this.buffers, this.built.drive, neuronState, planeAt);
  }

  beginChunk(firstStep: number, steps: number): void {
    this.writeClock(firstStep, steps);
    this.chunk = { firstStep, steps };
  }

  encodeStep(pass: GPUComputePassEncoder, k: number): void {
    this.drive?.encode(pass);
    for (const s of this.steps) s.encode(pass, k);
  }

  copyResults(enc: GPUCommandEncoder): () => Promise<OscillatorChunk> {
    const { firstStep, steps } = this.chunk!;
    this.chunk = null;
    const bytes = steps * gpuRowWords(this.built) * 4;
    const staging = this.runtime.readback.take(MAX_OSCILLATOR_CHUNK_STEPS * gpuRowWords(this.built) * 4);
    enc.copyBufferToBuffer(this.buffers.records, 0, staging, 0, bytes);
    return () =>
      this.runtime.readback.mapped(staging, bytes, (range) => ({
        firstStep,
        steps,
        rows: rowsFromGroupSums(this.built, new Float32Array(range, 0, bytes / 4), steps),
        rowWords: this.built.rowWords,
      }));
  }

  async readState(): Promise<Float64Array> {
    const bytes = this.built.n * this.built.stateWidth * 4;
    return Float64Array.from(new Float32Array(await this.runtime.readback.read(this.buffers.state, bytes)));
  }

  /** Its buffers belong to the run's GPU runtime, which frees them. */
  destroy(): void {}
}

function step(p: { encodeStep(pass: GPUComputePassEncoder, k: number): void }): Step {
  return { encode: (pass, k) => p.encodeStep(pass, k) };
}

function stagePair(stage: KuramotoStagePass, reduce: OrderParameterPass): Step {
  return {
    encode: (pass, k) => {
      stage.encodeStep(pass, k);
      reduce.encodeStep(pass, k);
    },
  };
}

/** GPU rows of group sums → the canonical rows: (r, ψ) per group, (r, ψ) of all, energy. */
export function rowsFromGroupSums(b: BuiltOscillators, sums: Float32Array, steps: number): Float32Array {
  const G = b.groups.length;
  const width = Math.max(2, b.stateWidth);
  const inWords = G * (width + 1);
  const out = new Float32Array(steps * b.rowWords);
  const all = new Float64Array(width);
  for (let s = 0; s < steps; s++) {
    all.fill(0);
    let energy = 0;
    const at = s * b.rowWords;
    for (let g = 0; g < G; g++) {
      const base = s * inWords + g * (width + 1);
      let sq = 0;
      for (let c = 0; c < width; c++) {
        sq += sums[base + c] ** 2;
        all[c] += sums[base + c];
      }
      out[at + 2 * g] = Math.sqrt(sq) / b.groups[g].size;
      out[at + 2 * g + 1] = Math.atan2(sums[base + 1], sums[base]);
      energy += sums[base + width];
    }
    let sq = 0;
    for (let c = 0; c < width; c++) sq += all[c] ** 2;
    out[at + 2 * G] = Math.sqrt(sq) / b.n;
    out[at + 2 * G + 1] = Math.atan2(all[1], all[0]);
    out[at + 2 * G + 2] = energy;
  }
  return out;
}
