/**
 * Builds the device parts of a run for a target — the CPU twins or WebGPU passes on one shared
 * GPU runtime — links the oscillators' phase drive to the neurons, and puts them in one step
 * loop (oscillators first: their drive is read by the neuron update of the same step).
 */
import { GpuRuntime } from '../gpu/gpuRuntime';
import type { BuiltNetwork } from '../network/network';
import type { BuiltOscillators } from '../network/buildOscillators';
import type { Backend } from './backend';
import { CpuBackend, type CpuKernels } from './cpu/cpuBackend';
import { wasmSimdAvailable } from './cpu/wasm/wasmKernels';
import { CpuOscillators } from './oscillators/cpu/cpuOscillators';
import type { OscillatorBackend } from './oscillators/oscillatorBackend';
import { WebGpuOscillators } from './oscillators/webgpu/webgpuOscillators';
import { CpuStepLoop, WebGpuStepLoop, type CpuStepper, type GpuStepper, type StepLoop } from './stepLoop';
import { WebGpuBackend } from './webgpu/webgpuBackend';

/** Where a run executes. */
export type RunTarget =
  | {
      kind: 'cpu';
      /** The TypeScript reference (default: the oracle tests compare against) or the WebAssembly SIMD kernels. */
      kernels?: CpuKernels;
      /** Round `a*b + c` once, as a GPU compiler that contracts to FMA would (to measure that bound). */
      fusedMultiplyAdd?: boolean;
    }
  | {
      kind: 'webgpu';
      device: GPUDevice;
      /** Shown to users, e.g. "NVIDIA … (Vulkan)" or "SwiftShader (software GPU)". */
      adapter?: string;
      /** Workgroups sharing the spikes of a step in propagation and recording. */
      spikeWorkgroups?: number;
      /** Workgroups delivering generated rows (WebGpuBackendOptions.generatedWorkgroups). */
      generatedWorkgroups?: number;
      /** At most this many generated synapse words per binding (to test the split on a small network). */
      generatedWordsPerBinding?: number;
      /** false: Poisson input in a pass of its own, as on a device with 8 storage buffers per stage. */
      poissonInNeuronUpdate?: boolean;
      /** false: one step per dispatch (WebGpuBackendOptions.multiStepDispatch). */
      multiStepDispatch?: boolean;
      /** true: the neuron update delivers its own spikes (WebGpuBackendOptions.ownDelivery). */
      ownDelivery?: boolean;
    };

/** The CPU backend on its TypeScript kernels: the readable reference and the test oracle. */
export const CPU: RunTarget = { kind: 'cpu' };
/** The CPU backend on its WebAssembly SIMD kernels (bit-identical to CPU). */
export const CPU_WASM: RunTarget = { kind: 'cpu', kernels: 'wasm' };

/** The fastest CPU backend this engine runs: WebAssembly SIMD where it has it, else the TypeScript kernels. */
export function cpuTarget(): RunTarget {
  return wasmSimdAvailable() ? CPU_WASM : CPU;
}

export function webgpuTarget(device: GPUDevice, adapter?: string): RunTarget {
  return { kind: 'webgpu', device, adapter };
}

export interface RunBackends {
  kind: 'cpu' | 'webgpu';
  adapter: string;
  spiking: Backend | null;
  oscillators: OscillatorBackend | null;
  /** Steppers in this order: oscillators (if any), then spiking (if any). */
  loop: StepLoop & { reset(): void };
  destroy(): void;
}

export async function createBackends(
  target: RunTarget,
  network: BuiltNetwork | null,
  oscillators: BuiltOscillators | null,
  dtMs: number,
): Promise<RunBackends> {
  if (target.kind === 'cpu') {
    const spiking = network
      ? await CpuBackend.create(network, { fusedMultiplyAdd: target.fusedMultiplyAdd, kernels: target.kernels })
      : null;
    const osc = oscillators ? new CpuOscillators(oscillators) : null;
    if (osc && spiking) osc.connectDrive(spiking.oscillatorCurrent);
    const steppers: CpuStepper<unknown>[] = [...(osc ? [osc] : []), ...(spiking ? [spiking] : [])];
    return {
      kind: 'cpu',
      adapter: spiking?.adapter ?? 'CPU (TypeScript reference)',
      spiking,
      oscillators: osc,
      loop: new CpuStepLoop(steppers),
      destroy: () => {},
    };
  }
  const runtime = new GpuRuntime(target.device, target.adapter);
  try {
    const built = await runtime.build('the run’s buffers and kernels', () => {
      const spiking = network
        ? new WebGpuBackend(runtime, network, {
            spikeWorkgroups: target.spikeWorkgroups,
            generatedWorkgroups: target.generatedWorkgroups,
            generatedWordsPerBinding: target.generatedWordsPerBinding,
            poissonInNeuronUpdate: target.poissonInNeuronUpdate,
            multiStepDispatch: target.multiStepDispatch,
            ownDelivery: target.ownDelivery,
          })
        : null;
      const osc = oscillators ? new WebGpuOscillators(runtime, oscillators) : null;
      if (osc && spiking) {
        osc.connectDrive(spiking.stateBuffer, spiking.oscillatorPlane);
        spiking.oneStepPerDispatch();
      }
      const steppers: GpuStepper<unknown>[] = [...(osc ? [osc] : []), ...(spiking ? [spiking] : [])];
      return {
        kind: 'webgpu' as const,
        adapter: runtime.adapter,
        spiking,
        oscillators: osc,
        loop: new WebGpuStepLoop(runtime, steppers, dtMs),
        destroy: () => runtime.destroy(),
      };
    });
    // Setup includes the work submitted while building (generated synapses are filled on the GPU).
    await target.device.queue.onSubmittedWorkDone();
    return built;
  } catch (e) {
    runtime.destroy();
    throw e;
  }
}
