/**
 * `npx luciole …`: run models headless in Node and print a JSON summary.
 *   luciole run <model.json | example> [--backend cpu|webgpu] [--duration-ms T] [--seed S] [--out FILE]
 *   luciole examples
 *   luciole bench-cuba [--sim-seconds S] [--skip-brian] [--skip-browser]
 */
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { cpuBackend } from '../engine/cpu';
import { Simulation } from '../engine/simulation';
import { webgpuBackend } from '../engine/webgpu/webgpuBackend';
import { EXAMPLES, example } from '../examples';
import { CONNECTOME_EXAMPLES } from '../examples/connectomes';
import { spikesCsvPieces } from '../io/spikesCsv';
import { ModelValidationError, parseModel, parseModelJson, type Model, type ModelInput } from '../model/schema';
import { acquireNodeDevice } from './nodeGpu';
import { TableFormatError } from '../build/connectome/delimitedTable';
import { connectomeSummary, importConnectome } from '../build/connectome/importConnectome';

const USAGE = `usage:
  luciole run <model.json | example-name> [--backend cpu|webgpu] [--duration-ms T] [--seed S] [--out spikes.csv]
  luciole examples
  luciole connectome inspect <edges> [--nodes <nodes>] [--skip-invalid-rows]
  luciole bench-cuba [--sim-seconds S] [--skip-brian] [--skip-browser]

run prints a JSON summary: spike count, meanRateHz of the network and per population,
simulated time, setup and simulation wall time, backend and adapter. --out writes the
recorded spikes as CSV (neuron_id,time_ms). The default backend is cpu.`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await runCommand(rest);
      case 'examples':
        for (const [name, m] of Object.entries(EXAMPLES)) console.log(`${name.padEnd(14)} ${m.description ?? ''}`);
        for (const [name, m] of Object.entries(CONNECTOME_EXAMPLES)) console.log(`${name.padEnd(14)} ${m.description}`);
        return 0;
      case 'connectome':
        return await connectomeCommand(rest);
      case 'bench-cuba': {
        const { benchCuba } = await import('../../bench/cuba');
        return await benchCuba(rest);
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        console.log(USAGE);
        return command === undefined ? 2 : 0;
      default:
        console.error(`luciole: unknown command "${command}"\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    const err = e as Error;
    if (err instanceof ModelValidationError) console.error(`luciole: invalid model:\n${err.message}`);
    else console.error(`luciole: ${err.message}`);
    return err instanceof ModelValidationError || err instanceof TableFormatError ? 2 : 1;
  }
}

export async function loadModel(source: string): Promise<ModelInput> {
  if (existsSync(source)) return parseModelJson(readFileSync(source, 'utf8'));
  if (source in EXAMPLES) return example(source);
  if (source in CONNECTOME_EXAMPLES) return CONNECTOME_EXAMPLES[source].build(async (path) => readFileSync(new URL(`../../public/data/${path}`, import.meta.url), 'utf8'));
  if (source.endsWith('.json')) throw new Error(`no such file: ${source}`);
  throw new Error(`"${source}" is neither a model file nor an example (${[...Object.keys(EXAMPLES), ...Object.keys(CONNECTOME_EXAMPLES)].join(', ')})`);
}

async function runCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      backend: { type: 'string', default: 'cpu' },
      'duration-ms': { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const input = (await loadModel(positionals[0])) as Model;
  if (values.seed !== undefined) input.seed = Number(values.seed);
  if (values['duration-ms'] !== undefined) input.durationMs = Number(values['duration-ms']);
  if (values.out && !input.recorders?.some((r) => r.type === 'spikes'))
    input.recorders = [...(input.recorders ?? []), ...input.populations.map((p) => ({ type: 'spikes' as const, population: p.name }))];
  const model = parseModel(input);

  let sim: Simulation;
  let release = () => {};
  if (values.backend === 'cpu') {
    sim = await Simulation.create(model, cpuBackend);
  } else if (values.backend === 'webgpu') {
    const gpu = await acquireNodeDevice();
    release = () => gpu.device.destroy();
    sim = await Simulation.create(model, webgpuBackend(gpu.device, { adapterDescription: gpu.description }));
  } else {
    console.error(`luciole: --backend must be cpu or webgpu, got "${values.backend}"`);
    return 2;
  }
  try {
    await sim.run(model.durationMs);
    const summary: Record<string, unknown> = { ...sim.summary() };
    if (values.out) {
      const { neurons, steps } = sim.spikes();
      await writePieces(values.out, spikesCsvPieces(neurons, steps, model.dt));
      summary.out = values.out;
    }
    console.log(JSON.stringify(summary, null, 2));
    return 0;
  } finally {
    sim.destroy();
    release();
  }
}

async function connectomeCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { nodes: { type: 'string' }, 'skip-invalid-rows': { type: 'boolean', default: false } },
  });
  if (positionals[0] !== 'inspect' || positionals.length !== 2) {
    console.error(USAGE);
    return 2;
  }
  const read = (path: string) => {
    if (!existsSync(path)) throw new Error(`no such file: ${path}`);
    return readFileSync(path, 'utf8');
  };
  const edgesFile = positionals[1];
  const nodes = values.nodes ? { file: values.nodes, text: read(values.nodes) } : undefined;
  const c = importConnectome(edgesFile, read(edgesFile), nodes, { skipInvalidRows: values['skip-invalid-rows'] });
  console.log(JSON.stringify({ edgesFile, nodesFile: values.nodes ?? null, ...connectomeSummary(c) }, null, 2));
  return 0;
}

async function writePieces(path: string, pieces: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  for (const piece of pieces) if (!out.write(piece)) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}
