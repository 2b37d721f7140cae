/**
 * The GPU benchmark, bundled into one file by bench/gpu/prepare.sh and run by bench/gpu/run.sh
 * on a machine that has a GPU but no Node and no registries. For CUBA, Brunel's model A and the
 * PD14 microcircuit at 10 % and at full scale, on WebGPU (Dawn in Node): setup time (the GPU
 * build of generated synapses included), wall time per simulated second after a warm-up,
 * dispatches per step, bytes per synapse, GPU memory and peak host memory; and CUBA on this
 * machine's CPU backend as the reference in the same run. The networks whose shortest delay is
 * one step run twice: with delivery passes (2 dispatches per step, the default) and with the
 * neuron update delivering its own spikes (1 dispatch per step, `ownDelivery`), to decide the
 * default on a real GPU.
 *
 *   node gpu-bench.mjs [--quick]      (--quick: small sizes, for a smoke test on a software GPU)
 */
import { example } from '../../src/examples';
import { Run } from '../../src/engine/run';
import { CPU_WASM, type RunTarget } from '../../src/engine/backends';
import { acquireNodeDevice } from '../../src/gpu/nodeDevice';

interface Case {
  label: string;
  model: string;
  scale?: number;
  seconds: number;
  backend: 'cpu' | 'webgpu';
  ownDelivery?: boolean;
}

const quick = process.argv.includes('--quick');
const CASES: Case[] = quick
  ? [
      { label: 'cuba', model: 'cuba', seconds: 0.2, backend: 'cpu' },
      { label: 'cuba', model: 'cuba', seconds: 0.2, backend: 'webgpu' },
      { label: 'microcircuit --scale 0.02', model: 'microcircuit', scale: 0.02, seconds: 0.1, backend: 'webgpu' },
      {
        label: 'microcircuit --scale 0.02, own delivery',
        model: 'microcircuit',
        scale: 0.02,
        seconds: 0.1,
        backend: 'webgpu',
        ownDelivery: true,
      },
    ]
  : [
      { label: 'cuba', model: 'cuba', seconds: 2, backend: 'cpu' },
      { label: 'cuba', model: 'cuba', seconds: 10, backend: 'webgpu' },
      { label: 'cuba, own delivery', model: 'cuba', seconds: 10, backend: 'webgpu', ownDelivery: true },
      { label: 'brunel-ai', model: 'brunel-ai', seconds: 2, backend: 'webgpu' },
      { label: 'microcircuit --scale 0.1', model: 'microcircuit', scale: 0.1, seconds: 5, backend: 'webgpu' },
      { label: 'microcircuit --scale 1 (full PD14)', model: 'microcircuit', scale: 1, seconds: 5, backend: 'webgpu' },
      { label: 'microcircuit --scale 1, own delivery', model: 'microcircuit', scale: 1, seconds: 5, backend: 'webgpu', ownDelivery: true },
    ];

function fmt(x: number | undefined, digits: number): string {
  return x !== undefined && Number.isFinite(x) ? x.toFixed(digits) : '-';
}

async function main(): Promise<void> {
  const gpu = await acquireNodeDevice();
  console.error(`adapter: ${gpu.description}`);
  const rows: string[] = [];
  let cpuCuba = NaN;
  for (const c of CASES) {
    const target: RunTarget =
      c.backend === 'cpu' ? CPU_WASM : { kind: 'webgpu', device: gpu.device, adapter: gpu.description, ownDelivery: c.ownDelivery };
    const t0 = performance.now();
    try {
      const sim = await Run.create(c.scale !== undefined ? example(c.model, { scale: c.scale }) : example(c.model), target);
      const setupS = (performance.now() - t0) / 1000;
      await sim.run(200); // warm-up: pipelines compiled, staging allocated
      sim.reset();
      const t1 = performance.now();
      await sim.run(c.seconds * 1000);
      if (c.backend === 'webgpu') await gpu.device.queue.onSubmittedWorkDone();
      const perSimS = (performance.now() - t1) / 1000 / c.seconds;
      if (c.model === 'cuba' && c.backend === 'cpu') cpuCuba = perSimS;
      const s = sim.summary();
      const m = s.memory!;
      const ratio = c.model === 'cuba' && c.backend === 'webgpu' ? fmt(perSimS / cpuCuba, 3) : '-';
      rows.push(
        `| ${c.label} | ${c.backend} | ${s.neurons.toLocaleString('en-US')} | ${s.synapses.toLocaleString('en-US')} | ${fmt(setupS, 2)} | ${fmt(perSimS, 4)} | ${ratio} | ${m.dispatchesPerStep} | ${fmt(m.bytesPerSynapse, 2)} + ${fmt(m.indexBytes / 2 ** 20, 1)} MB index | ${fmt(m.deviceBytes / 2 ** 20, 0)} | ${fmt(process.resourceUsage().maxRSS / 1024, 0)} | ${fmt(s.meanRateHz, 2)} |`,
      );
      sim.destroy();
    } catch (e) {
      rows.push(`| ${c.label} | ${c.backend} | - | - | - | - | - | - | - | - | - | - | ${(e as Error).message}`);
    }
    console.error(rows[rows.length - 1]);
  }
  console.log(`adapter: ${gpu.description}`);
  console.log(
    [
      '| run | backend | neurons | synapses | setup s | s per simulated s | × CPU | dispatches/step | B/synapse | GPU MB | peak host MB | rate Hz |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |',
      ...rows,
    ].join('\n'),
  );
  console.log('(peak host MB is this process’s peak so far; GeNN 4.8 on an RTX 4090: 0.272 s per simulated second for full PD14)');
  gpu.device.destroy();
}

await main();
