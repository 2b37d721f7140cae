/**
 * Cost of drawing the spike raster per frame when its 1 s window holds N spikes (the raster redraws
 * the window every frame): N = 100,000 is 100 k spikes per second of simulated time at real time.
 * Uses a recording of the right size, not a running network, so only the drawing is timed.
 */
import type { SpikeRaster } from '../src/views/spikeRaster';
import '../src/views/spikeRaster';
import type { NetworkData } from '../src/engine/recording/recordedData';

declare global {
  interface Window {
    benchResult?: unknown;
  }
}

function recording(spikes: number, neurons: number, windowSteps: number) {
  const n = new Uint32Array(spikes);
  const s = new Uint32Array(spikes);
  for (let k = 0; k < spikes; k++) {
    s[k] = Math.floor((k / spikes) * windowSteps);
    n[k] = (k * 2654435761) % neurons;
  }
  return { neurons: n, steps: s };
}

async function main() {
  const raster = document.querySelector('spike-raster') as SpikeRaster;
  const neurons = 100_000;
  const results: Record<string, number> = {};
  for (const spikes of [100_000, 1_000_000]) {
    const rec = recording(spikes, neurons, 10_000);
    const fake = {
      dt: 0.1,
      step: 10_000,
      network: { numNeurons: neurons, populations: [{ index: 0, start: 0, size: neurons }] },
      spikeView: () => rec,
      firstSpikeAtOrAfter: (step: number) => rec.steps.findIndex((s) => s >= step),
    } as unknown as NetworkData;
    raster.sim = fake;
    await raster.updateComplete;
    const frames = 30;
    const t0 = performance.now();
    for (let f = 0; f < frames; f++) {
      raster.frame = f + 1;
      await raster.updateComplete;
    }
    results[`msPerFrame_${spikes}`] = (performance.now() - t0) / frames;
  }
  window.benchResult = results;
  document.getElementById('out')!.textContent = JSON.stringify(results, null, 2);
}
void main();
