/**
 * One entry point for any model: spiking populations, oscillators, or both in lockstep (the
 * oscillators then drive neurons by phase and advance inside the spiking backend's steps, on the
 * same backend and device).
 */
import type { BackendFactory } from './backend';
import type { SimulationOptions } from './simulation';
import { CpuBackend, cpuBackend } from './cpu';
import { Simulation } from './simulation';
import { WebGpuBackend, webgpuBackend } from './webgpu/webgpuBackend';
import type { Model } from '../model/schema';
import { CpuOscillators } from './oscillators/cpu/cpuOscillators';
import { OscillatorSimulation, cpuOscillators } from './oscillators/oscillatorSimulation';
import { WebGpuOscillators, webgpuOscillators } from './oscillators/webgpu/webgpuOscillators';

export type RunTarget = { kind: 'cpu' } | { kind: 'webgpu'; device: GPUDevice; description?: string };

export interface ModelRun {
  /** The spiking network, when the model has populations. */
  sim: Simulation | null;
  /** The oscillators, when the model has an oscillators section. */
  osc: OscillatorSimulation | null;
}

export async function createRun(model: Model, target: RunTarget, opts: SimulationOptions = {}): Promise<ModelRun> {
  const oscFactory = target.kind === 'cpu' ? cpuOscillators : webgpuOscillators(target.device, { adapterDescription: target.description });
  const osc = model.oscillators ? await OscillatorSimulation.create(model, oscFactory) : null;
  if (model.populations.length === 0) return { sim: null, osc };
  const spiking: BackendFactory = target.kind === 'cpu' ? cpuBackend : webgpuBackend(target.device, { adapterDescription: target.description });
  const factory: BackendFactory = osc
    ? async (net) => {
        const backend = await spiking(net);
        const companion = osc.oscillatorBackend;
        if (backend instanceof WebGpuBackend && companion instanceof WebGpuOscillators) companion.attachTo(backend);
        else if (backend instanceof CpuBackend && companion instanceof CpuOscillators) backend.attachCompanion(companion);
        else throw new Error('oscillators and neurons must run on the same backend');
        osc.followCompanionChunks();
        return backend;
      }
    : spiking;
  try {
    return { sim: await Simulation.create(model, factory, opts), osc };
  } catch (e) {
    osc?.destroy();
    throw e;
  }
}
