/**
 * A Lit reactive controller between the page and the engine: picks the backend (WebGPU, or the
 * CPU with the reason when WebGPU is missing), runs a model and exposes its progress and summary.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { cpuBackend } from '../engine/cpu';
import { Simulation, type RunSummary } from '../engine/simulation';
import { webgpuBackend } from '../engine/webgpu/webgpuBackend';
import type { ModelInput } from '../model/schema';
import { acquireDevice, type AcquiredDevice } from '../platform/gpuDevice';

export type RunPhase = 'idle' | 'building' | 'running' | 'done' | 'error';

export class EngineController implements ReactiveController {
  phase: RunPhase = 'idle';
  error = '';
  summary: RunSummary | null = null;
  backendLabel = '';
  simulation: Simulation | null = null;
  private gpu: Promise<AcquiredDevice | null> | null = null;
  private cpuReason = '';

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.gpu ??= acquireDevice(navigator.gpu, 'luciole-page').catch((e: Error) => {
      this.cpuReason = e.message;
      return null;
    });
    void this.gpu.then((g) => {
      this.backendLabel = g ? `WebGPU — ${g.description}` : `CPU — ${this.cpuReason}`;
      this.host.requestUpdate();
    });
  }

  hostDisconnected(): void {
    this.simulation?.destroy();
  }

  /** Builds and runs `model` for `durationMs`, updating the host after every chunk. */
  async run(model: ModelInput, durationMs: number): Promise<void> {
    this.simulation?.destroy();
    this.simulation = null;
    this.summary = null;
    this.error = '';
    this.phase = 'building';
    this.host.requestUpdate();
    try {
      const gpu = await this.gpu;
      const factory = gpu ? webgpuBackend(gpu.device, { adapterDescription: gpu.description }) : cpuBackend;
      const sim = await Simulation.create(model, factory);
      this.simulation = sim;
      this.phase = 'running';
      const slice = 100; // ms of simulated time between screen updates
      for (let t = 0; t < durationMs; t += slice) {
        await sim.run(Math.min(slice, durationMs - t));
        this.summary = sim.summary();
        this.host.requestUpdate();
        await new Promise((r) => requestAnimationFrame(() => r(null)));
      }
      this.phase = 'done';
    } catch (e) {
      this.error = (e as Error).message;
      this.phase = 'error';
    }
    this.host.requestUpdate();
  }
}
