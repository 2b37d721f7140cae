/**
 * Network benchmarks: CUBA and COBA (Brette et al. 2007; CUBA as Brian2's examples/CUBA.py),
 * Brunel's model A (`brunel-ai`), the PD14 microcircuit (`microcircuit`, `--scale`, default 0.1)
 * and STDP (`stdp-song2000`). Wall time per simulated second on the CPU backend (Node; its WebAssembly
 * SIMD kernels and its TypeScript reference kernels), WebGPU
 * in headless Chromium, WebGPU in Node (Dawn), and Brian2 2.5.1 C++ standalone on one thread
 * (bench/brian2_<model>.py), with the ratio of each to Brian2; setup time, dispatches per step,
 * bytes per synapse, peak host memory and GPU memory. The Node runs are separate processes
 * (`luciole run`), so each peak is its own.
 *
 *   npm run bench -- [--model cuba|coba|brunel-ai|microcircuit|stdp-song2000|all] [--scale 0.1]
 *                    [--sim-seconds S] [--skip-brian] [--skip-browser] [--skip-node-gpu]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { example } from '../src/examples';
import { COMPUTE_FLAGS, CHROMIUM_PATH } from '../test/chromium';
import { acquireNodeDevice } from '../src/gpu/nodeDevice';
import { Run } from '../src/engine/run';
import { CPU, CPU_WASM, webgpuTarget, type RunTarget } from '../src/engine/backends';

interface Row {
  name: string;
  adapter: string;
  setupS: number;
  perSimSecond: number;
  meanRateHz: number;
  dispatchesPerStep?: number;
  bytesPerSynapse?: number;
  peakHostMB?: number;
  gpuMB?: number;
  note?: string;
}

const MODELS = ['cuba', 'coba', 'brunel-ai', 'microcircuit', 'stdp-song2000'] as const;
type BenchModel = (typeof MODELS)[number];

/** The Brian2 script of each benchmark (bench/) and its arguments. */
const BRIAN2: Record<BenchModel, (seconds: number, scale: number) => string[]> = {
  cuba: (s) => ['brian2_cuba.py', String(s)],
  coba: (s) => ['brian2_coba.py', String(s)],
  'brunel-ai': (s) => ['brian2_brunel.py', String(s)],
  microcircuit: (s, scale) => ['brian2_microcircuit.py', '--scale', String(scale), '--ms', String(s * 1000)],
  'stdp-song2000': (s) => ['brian2_stdp_song2000.py', String(s)],
};

/** Simulated seconds by default: the two large networks are slow on a software GPU. */
const DEFAULT_SECONDS: Record<BenchModel, number> = { cuba: 10, coba: 10, 'brunel-ai': 1, microcircuit: 1, 'stdp-song2000': 10 };

export async function benchNetworks(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'sim-seconds': { type: 'string' },
      model: { type: 'string', default: 'all' },
      scale: { type: 'string', default: '0.1' },
      'skip-brian': { type: 'boolean', default: false },
      'skip-browser': { type: 'boolean', default: false },
      'skip-node-gpu': { type: 'boolean', default: false },
    },
  });
  const models: BenchModel[] = values.model === 'all' ? ['cuba', 'coba', 'brunel-ai', 'microcircuit'] : [values.model as BenchModel];
  for (const name of models) if (!MODELS.includes(name)) throw new Error(`--model: expected ${MODELS.join(', ')} or all, got ${name}`);
  const scale = Number(values.scale);
  if (!(scale > 0 && scale <= 1)) throw new Error(`--scale: expected a number in (0, 1], got ${values.scale}`);
  for (const name of models) {
    const seconds = values['sim-seconds'] !== undefined ? Number(values['sim-seconds']) : DEFAULT_SECONDS[name];
    await benchModel(name, seconds, scale, values);
  }
  return 0;
}

/** The model as benchmarked (the microcircuit at `scale`). */
function benchExample(model: string, scale: number) {
  return model === 'microcircuit' ? example(model, { scale }) : example(model);
}

/**
 * `luciole bench-run <model> <cpu|cpu-typescript|webgpu> <seconds> <scale>`: one run in its own process, after a
 * 200 ms warm-up (pipelines compiled, staging allocated) and a reset; prints its summary, the
 * steady-state wall time and this process's peak resident memory as one JSON line.
 */
export async function benchRun(args: string[]): Promise<number> {
  const [model, backend, secondsText, scaleText] = args;
  const seconds = Number(secondsText);
  let release = () => {};
  let target: RunTarget = backend === 'cpu-typescript' ? CPU : CPU_WASM;
  if (backend === 'webgpu') {
    const gpu = await acquireNodeDevice();
    release = () => gpu.device.destroy();
    target = webgpuTarget(gpu.device, gpu.description);
  }
  const sim = await Run.create(benchExample(model, Number(scaleText)), target);
  const setupS = sim.summary().setupWallMs / 1000;
  await sim.run(200);
  sim.reset();
  const t0 = performance.now();
  await sim.run(seconds * 1000);
  const wall = (performance.now() - t0) / 1000;
  const s = sim.summary();
  console.log(JSON.stringify({ ...s, setupS, wallPerSimulatedSecond: wall / seconds, peakHostMB: process.resourceUsage().maxRSS / 1024 }));
  sim.destroy();
  release();
  return 0;
}

function nodeRun(model: BenchModel, backend: 'cpu' | 'cpu-typescript' | 'webgpu', seconds: number, scale: number, name: string): Row {
  const r = spawnSync(process.execPath, ['bin/luciole.mjs', 'bench-run', model, backend, String(seconds), String(scale)], {
    encoding: 'utf8',
    timeout: 1_800_000,
    maxBuffer: 1 << 26,
  });
  try {
    const s = JSON.parse(r.stdout.trim().split('\n').pop() ?? '');
    return {
      name,
      adapter: s.adapter,
      setupS: s.setupS,
      perSimSecond: s.wallPerSimulatedSecond,
      meanRateHz: s.meanRateHz,
      dispatchesPerStep: s.memory?.dispatchesPerStep,
      bytesPerSynapse: s.memory?.bytesPerSynapse,
      peakHostMB: s.peakHostMB,
      gpuMB: backend === 'webgpu' ? s.memory?.deviceBytes / 2 ** 20 : undefined,
    };
  } catch {
    const why = (r.stderr || r.error?.message || 'no output').trim().split('\n').slice(-1)[0];
    return { name, adapter: '-', setupS: NaN, perSimSecond: NaN, meanRateHz: NaN, note: why };
  }
}

async function benchModel(
  model: BenchModel,
  seconds: number,
  scale: number,
  values: { 'skip-brian'?: boolean; 'skip-browser'?: boolean; 'skip-node-gpu'?: boolean },
): Promise<void> {
  const rows: Row[] = [];
  const label = model === 'microcircuit' ? `microcircuit --scale ${scale}` : model;
  console.error(`${label}, ${seconds} s simulated, dt 0.1 ms, on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}`);

  // 1. CPU backend: the WebAssembly SIMD kernels, then the TypeScript reference.
  rows.push(nodeRun(model, 'cpu', seconds, scale, 'luciole cpu (Node)'));
  console.error(`  cpu: ${fmt(rows[0].perSimSecond, 4)} s per simulated second`);
  rows.push(nodeRun(model, 'cpu-typescript', seconds, scale, 'luciole cpu, TypeScript kernels (Node)'));
  console.error(`  cpu, TypeScript kernels: ${fmt(rows[1].perSimSecond, 4)} s per simulated second`);

  // 2. WebGPU in headless Chromium (the product's real setting), and the raster's drawing cost.
  if (!values['skip-browser']) {
    rows.push(await browserRun(model, seconds, scale));
    if (model === 'cuba') {
      const raster = await inBrowser('bench/raster.html', 120_000);
      console.error(`  raster, 1 s window, 1200×400 px: ${JSON.stringify(raster)} (ms per frame; 16.7 ms is one frame at 60 Hz)`);
    }
  }

  // 3. WebGPU in Node through Dawn.
  if (!values['skip-node-gpu']) rows.push(nodeRun(model, 'webgpu', seconds, scale, 'luciole webgpu (Node, Dawn)'));

  // 4. Brian2 C++ standalone.
  let brian: Row | null = null;
  if (!values['skip-brian']) {
    if (!existsSync('/usr/bin/python3')) console.error('  brian2: /usr/bin/python3 missing (apt-get install python3-brian)');
    else {
      const [script, ...rest] = BRIAN2[model](seconds, scale);
      const r = spawnSync('/usr/bin/python3', [`bench/${script}`, ...rest], { encoding: 'utf8', timeout: 1_800_000 });
      const line = r.stdout.trim().split('\n').pop() ?? '';
      try {
        const b = JSON.parse(line);
        const rate =
          b.meanRateHz ??
          b.populations.reduce((a: number, p: { size: number; meanRateHz: number }) => a + p.size * p.meanRateHz, 0) / b.neurons;
        brian = {
          name: `brian2 ${b.brian2} cpp_standalone`,
          adapter: 'CPU, 1 thread',
          setupS: b.buildWallS,
          perSimSecond: b.mainLoopS / seconds,
          meanRateHz: rate,
          note: `process incl. load ${b.runWallS.toFixed(2)} s${model === 'microcircuit' ? '; rate over 500 ms–end' : ''}`,
        };
        rows.push(brian);
      } catch {
        console.error(`  brian2 failed (apt-get install python3-brian):\n${r.stderr.slice(-2000)}`);
      }
    }
  }

  const ref = brian?.perSimSecond;
  const table = [
    '| run | adapter | setup s | s per simulated s | × Brian2 | dispatches/step | B/synapse | peak host MB | GPU MB | rate Hz |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.adapter} | ${fmt(r.setupS, 3)} | ${fmt(r.perSimSecond, 4)} | ${ref ? fmt(r.perSimSecond / ref, 2) : '-'} | ${fmt(r.dispatchesPerStep, 0)} | ${fmt(r.bytesPerSynapse, 2)} | ${fmt(r.peakHostMB, 0)} | ${fmt(r.gpuMB, 1)} | ${fmt(r.meanRateHz, 2)} |${r.note ? ` ${r.note}` : ''}`,
    ),
  ].join('\n');
  console.log(`${label}:\n${table}`);
  mkdirSync('bench/out', { recursive: true });
  writeFileSync(
    `bench/out/${model}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
    JSON.stringify({ model, scale: model === 'microcircuit' ? scale : undefined, seconds, rows }, null, 2),
  );
}

function fmt(x: number | undefined, digits: number): string {
  return x !== undefined && Number.isFinite(x) ? x.toFixed(digits) : '-';
}

/** Serves the repository with Vite, opens `path` in headless Chromium and returns window.benchResult. */
async function inBrowser(path: string, timeoutMs: number): Promise<Record<string, unknown>> {
  const { createServer } = await import('vite');
  const { chromium } = await import('playwright');
  const server = await createServer({
    configFile: false,
    root: process.cwd(),
    logLevel: 'error',
    server: { host: '127.0.0.1', port: 5199, strictPort: false },
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5199/';
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: COMPUTE_FLAGS });
  try {
    const page = await browser.newPage();
    await page.goto(`${url}${path}`);
    await page.waitForFunction(() => (window as { benchResult?: unknown }).benchResult !== undefined, null, {
      timeout: timeoutMs,
      polling: 500,
    });
    return (await page.evaluate(() => (window as { benchResult?: unknown }).benchResult)) as Record<string, unknown>;
  } finally {
    await browser.close();
    await server.close();
  }
}

async function browserRun(model: string, seconds: number, scale: number): Promise<Row> {
  try {
    const r = (await inBrowser(`bench/webgpu.html?model=${model}&seconds=${seconds}&scale=${scale}`, 1_800_000)) as Record<
      string,
      number
    > & {
      adapter: string;
      error?: string;
    };
    if ('error' in r) throw new Error(String(r.error));
    console.error(`  webgpu (Chromium): ${r.wallPerSimulatedSecond.toFixed(4)} s per simulated second`);
    return {
      name: 'luciole webgpu (Chromium)',
      adapter: r.adapter,
      setupS: r.setupWallMs / 1000,
      perSimSecond: r.wallPerSimulatedSecond,
      meanRateHz: r.meanRateHz,
      dispatchesPerStep: (r as unknown as { memory?: { dispatchesPerStep: number } }).memory?.dispatchesPerStep,
      bytesPerSynapse: (r as unknown as { memory?: { bytesPerSynapse: number } }).memory?.bytesPerSynapse,
      gpuMB: ((r as unknown as { memory?: { deviceBytes: number } }).memory?.deviceBytes ?? NaN) / 2 ** 20,
    };
  } catch (e) {
    return {
      name: 'luciole webgpu (Chromium)',
      adapter: '-',
      setupS: NaN,
      perSimSecond: NaN,
      meanRateHz: NaN,
      note: (e as Error).message,
    };
  }
}
