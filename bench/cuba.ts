/**
 * CUBA and COBA benchmarks (Brette et al. 2007; CUBA as Brian2's examples/CUBA.py, COBA as the
 * `coba` example) and the STDP benchmark (`stdp-song2000`, Brian2's examples/synapses/STDP.py):
 * wall time per simulated second on the CPU backend (Node), WebGPU in headless
 * Chromium, WebGPU in Node (Dawn), and Brian2 2.5.1 C++ standalone on the same machine
 * (bench/brian2_<model>.py), with the ratio of each to Brian2.
 *
 *   npm run bench -- [--model cuba|coba|stdp-song2000|both] [--sim-seconds 10] [--skip-brian] [--skip-browser] [--skip-node-gpu]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { example } from '../src/examples';
import { COMPUTE_FLAGS, CHROMIUM_PATH } from '../test/chromium';
import { acquireNodeDevice } from '../src/gpu/nodeDevice';
import { Run } from '../src/engine/run';
import { CPU, webgpuTarget } from '../src/engine/backends';

interface Row {
  name: string;
  adapter: string;
  setupS: number;
  simS: number;
  perSimSecond: number;
  meanRateHz: number;
  note?: string;
}

export async function benchCuba(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'sim-seconds': { type: 'string', default: '10' },
      model: { type: 'string', default: 'both' },
      'skip-brian': { type: 'boolean', default: false },
      'skip-browser': { type: 'boolean', default: false },
      'skip-node-gpu': { type: 'boolean', default: false },
    },
  });
  const seconds = Number(values['sim-seconds']);
  const models = values.model === 'both' ? ['cuba', 'coba'] : [values.model!];
  for (const name of models) {
    if (name !== 'cuba' && name !== 'coba' && name !== 'stdp-song2000')
      throw new Error(`--model: expected cuba, coba, stdp-song2000 or both, got ${name}`);
    await benchModel(name, seconds, values);
  }
  return 0;
}

/** The Brian2 script of each benchmark (bench/). */
const BRIAN2_SCRIPT: Record<string, string> = {
  cuba: 'brian2_cuba.py',
  coba: 'brian2_coba.py',
  'stdp-song2000': 'brian2_stdp_song2000.py',
};

async function benchModel(
  model: 'cuba' | 'coba' | 'stdp-song2000',
  seconds: number,
  values: { 'skip-brian'?: boolean; 'skip-browser'?: boolean; 'skip-node-gpu'?: boolean },
): Promise<void> {
  const rows: Row[] = [];
  console.error(`${model}, ${seconds} s simulated, dt 0.1 ms, on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}`);

  // 1. CPU backend in this process.
  {
    const sim = await Run.create(example(model), CPU);
    await sim.run(seconds * 1000);
    const s = sim.summary();
    rows.push({
      name: 'luciole cpu (Node)',
      adapter: s.adapter,
      setupS: s.setupWallMs / 1000,
      simS: s.simulationWallMs / 1000,
      perSimSecond: s.wallPerSimulatedSecond,
      meanRateHz: s.meanRateHz,
    });
    console.error(`  cpu: ${s.wallPerSimulatedSecond.toFixed(4)} s per simulated second`);
  }

  // 2. WebGPU in headless Chromium (the product's real setting), and the raster's drawing cost.
  if (!values['skip-browser']) {
    rows.push(await browserRun(model, seconds));
    if (model === 'cuba') {
      const raster = await inBrowser('bench/raster.html', 120_000);
      console.error(`  raster, 1 s window, 1200×400 px: ${JSON.stringify(raster)} (ms per frame; 16.7 ms is one frame at 60 Hz)`);
    }
  }

  // 3. WebGPU in Node through Dawn.
  if (!values['skip-node-gpu']) {
    try {
      const gpu = await acquireNodeDevice();
      const sim = await Run.create(example(model), webgpuTarget(gpu.device, gpu.description));
      await sim.run(200);
      sim.reset();
      const t0 = performance.now();
      await sim.run(seconds * 1000);
      const wall = (performance.now() - t0) / 1000;
      const s = sim.summary();
      rows.push({
        name: 'luciole webgpu (Node, Dawn)',
        adapter: s.adapter,
        setupS: s.setupWallMs / 1000,
        simS: wall,
        perSimSecond: wall / seconds,
        meanRateHz: s.meanRateHz,
      });
      sim.destroy();
      gpu.device.destroy();
    } catch (e) {
      rows.push({
        name: 'luciole webgpu (Node, Dawn)',
        adapter: '-',
        setupS: NaN,
        simS: NaN,
        perSimSecond: NaN,
        meanRateHz: NaN,
        note: (e as Error).message,
      });
    }
  }

  // 4. Brian2 C++ standalone.
  let brian: Row | null = null;
  if (!values['skip-brian']) {
    if (!existsSync('/usr/bin/python3')) console.error('  brian2: /usr/bin/python3 missing (apt-get install python3-brian)');
    else {
      const r = spawnSync('/usr/bin/python3', [`bench/${BRIAN2_SCRIPT[model]}`, String(seconds)], { encoding: 'utf8', timeout: 600_000 });
      const line = r.stdout.trim().split('\n').pop() ?? '';
      try {
        const b = JSON.parse(line);
        brian = {
          name: `brian2 ${b.brian2} cpp_standalone`,
          adapter: 'CPU, 1 thread',
          setupS: b.buildWallS,
          simS: b.mainLoopS,
          perSimSecond: b.mainLoopS / seconds,
          meanRateHz: b.meanRateHz,
          note: `process incl. load ${b.runWallS.toFixed(2)} s`,
        };
        rows.push(brian);
      } catch {
        console.error(`  brian2 failed (apt-get install python3-brian):\n${r.stderr.slice(-2000)}`);
      }
    }
  }

  const ref = brian?.perSimSecond;
  const table = [
    '| run | adapter | setup s | simulation s | s per simulated s | × Brian2 | rate Hz |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.adapter} | ${fmt(r.setupS, 3)} | ${fmt(r.simS, 3)} | ${fmt(r.perSimSecond, 4)} | ${ref ? fmt(r.perSimSecond / ref, 2) : '-'} | ${fmt(r.meanRateHz, 2)} |${r.note ? ` ${r.note}` : ''}`,
    ),
  ].join('\n');
  console.log(`${model}:\n${table}`);
  mkdirSync('bench/out', { recursive: true });
  writeFileSync(
    `bench/out/${model}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
    JSON.stringify({ model, seconds, rows }, null, 2),
  );
}

function fmt(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '-';
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

async function browserRun(model: string, seconds: number): Promise<Row> {
  try {
    const r = (await inBrowser(`bench/webgpu.html?model=${model}&seconds=${seconds}`, 600_000)) as Record<string, number> & {
      adapter: string;
      error?: string;
    };
    if ('error' in r) throw new Error(String(r.error));
    console.error(`  webgpu (Chromium): ${r.wallPerSimulatedSecond.toFixed(4)} s per simulated second`);
    return {
      name: 'luciole webgpu (Chromium)',
      adapter: r.adapter,
      setupS: r.setupWallMs / 1000,
      simS: r.simulationWallMs / 1000,
      perSimSecond: r.wallPerSimulatedSecond,
      meanRateHz: r.meanRateHz,
    };
  } catch (e) {
    return {
      name: 'luciole webgpu (Chromium)',
      adapter: '-',
      setupS: NaN,
      simS: NaN,
      perSimSecond: NaN,
      meanRateHz: NaN,
      note: (e as Error).message,
    };
  }
}
