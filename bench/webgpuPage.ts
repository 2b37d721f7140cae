/** Runs a bundled example (`?model=`, default cuba) on WebGPU in the page and leaves the summary on `window.benchResult`. */
import { example } from '../src/examples';
import { acquireDevice } from '../src/gpu/device';
import { Run } from '../src/engine/run';
import { webgpuTarget } from '../src/engine/backends';

declare global {
  interface Window {
    benchResult?: unknown;
  }
}

async function main() {
  const params = new URLSearchParams(location.search);
  const seconds = Number(params.get('seconds') ?? 10);
  const gpu = await acquireDevice(navigator.gpu, 'bench');
  const model = params.get('model') ?? 'cuba';
  const scale = Number(params.get('scale') ?? 0.1);
  const sim = await Run.create(
    model === 'microcircuit' ? example(model, { scale }) : example(model),
    webgpuTarget(gpu.device, gpu.description),
  );
  await sim.run(200); // warm-up: pipelines compiled, staging buffers allocated
  sim.reset();
  const t0 = performance.now();
  await sim.run(seconds * 1000);
  await gpu.device.queue.onSubmittedWorkDone();
  const wallMs = performance.now() - t0;
  window.benchResult = { ...sim.summary(), simulationWallMs: wallMs, wallPerSimulatedSecond: wallMs / 1000 / seconds };
  document.getElementById('out')!.textContent = JSON.stringify(window.benchResult, null, 2);
}
main().catch((e) => {
  window.benchResult = { error: (e as Error).message };
});
