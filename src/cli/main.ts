/**
 * `npx luciole …`: run models headless in Node and print a JSON summary.
 *   luciole run <model.json | example> [--backend cpu|webgpu] [--duration-ms T] [--seed S] [--out FILE]
 *   luciole examples
 *   luciole bench-cuba | bench-kuramoto …
 *   luciole hlop …
 */
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EXAMPLES, example } from '../examples';
import { CONNECTOME_EXAMPLES } from '../examples/connectomes';
import { spikesCsvPieces } from '../io/spikesCsv';
import { orderParameterCsvPieces, phaseCsvHeader, phaseCsvRows } from '../io/oscillatorCsv';
import { createRun, type RunTarget } from '../engine/createRun';
import { ModelValidationError, parseModel, parseModelJson, type Model, type ModelInput } from '../model/schema';
import { acquireNodeDevice } from '../gpu/nodeDevice';
import { HLOP_USAGE, UsageError, hlopCommand } from './hlopCommand';
import { TableFormatError } from '../io/connectome/delimitedTable';
import { connectomeSummary, importConnectome } from '../io/connectome/importConnectome';

const USAGE = `usage:
  luciole run <model.json | example-name> [--backend cpu|webgpu] [--duration-ms T] [--seed S] [--out FILE]
              [--order-out order.csv] [--phases phases.csv [--phase-every-ms T]]
  luciole examples
  luciole connectome inspect <edges> [--nodes <nodes>] [--skip-invalid-rows]
  luciole bench-cuba [--sim-seconds S] [--skip-brian] [--skip-browser]
  luciole bench-kuramoto [--steps N] [--sizes 1000,10000,100000]
  luciole bench-hlop [--epochs E]
  ${HLOP_USAGE}

run prints a JSON summary: spike count, meanRateHz of the network and per population,
simulated time, setup and simulation wall time, backend and adapter; for oscillator models
the final order parameter r (and ψ, per group, rMeanSecondHalf; AKOrN: energy). --out writes
the recorded spikes as CSV (neuron_id,time_ms), or r(t) (time_ms,r,psi) for a model with
oscillators only; --order-out writes r(t) for any oscillator model; --phases writes phase
snapshots (time_ms,oscillator,theta or x0..) every --phase-every-ms (default: 10 per run).
The default backend is cpu.`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await runCommand(rest);
      case 'examples':
        for (const [name, m] of Object.entries(EXAMPLES)) console.log(`${name.padEnd(20)} ${m.description ?? ''}`);
        for (const [name, m] of Object.entries(CONNECTOME_EXAMPLES)) console.log(`${name.padEnd(20)} ${m.description}`);
        return 0;
      case 'connectome':
        return await connectomeCommand(rest);
      case 'hlop':
        return await hlopCommand(rest);
      case 'bench-hlop': {
        const { benchHlop } = await import('../../bench/hlop');
        return await benchHlop(rest);
      }
      case 'bench-kuramoto': {
        const { benchKuramoto } = await import('../../bench/kuramoto');
        return await benchKuramoto(rest);
      }
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
    return err instanceof ModelValidationError || err instanceof TableFormatError || err instanceof UsageError ? 2 : 1;
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
      'order-out': { type: 'string' },
      phases: { type: 'string' },
      'phase-every-ms': { type: 'string' },
    },
  });
  if (positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const input = (await loadModel(positionals[0])) as Model;
  if (values.seed !== undefined) input.seed = Number(values.seed);
  if (values['duration-ms'] !== undefined) input.durationMs = Number(values['duration-ms']);
  const spiking = (input.populations ?? []).length > 0;
  if (values.out && spiking && !input.recorders?.some((r) => r.type === 'spikes'))
    input.recorders = [...(input.recorders ?? []), ...input.populations.map((p) => ({ type: 'spikes' as const, population: p.name }))];
  const model = parseModel(input);
  const orderOut = values['order-out'] ?? (!spiking && values.out ? values.out : undefined);
  if ((orderOut || values.phases) && !model.oscillators) throw new Error('--order-out and --phases need a model with an oscillators section');
  const phaseEvery = values['phase-every-ms'] !== undefined ? Number(values['phase-every-ms']) : model.durationMs / 10;
  if (values.phases && !(phaseEvery > 0)) throw new Error(`--phase-every-ms: expected a positive number of ms, got ${values['phase-every-ms']}`);

  let target: RunTarget;
  let release = () => {};
  if (values.backend === 'cpu') target = { kind: 'cpu' };
  else if (values.backend === 'webgpu') {
    const gpu = await acquireNodeDevice();
    release = () => gpu.device.destroy();
    target = { kind: 'webgpu', device: gpu.device, description: gpu.description };
  } else {
    console.error(`luciole: --backend must be cpu or webgpu, got "${values.backend}"`);
    return 2;
  }
  const { sim, osc } = await createRun(model, target);
  try {
    const advance = async (ms: number) => {
      if (sim) {
        await sim.run(ms);
        await osc?.settled();
      } else await osc!.run(ms);
    };
    const phaseOut = values.phases ? createWriteStream(values.phases) : null;
    if (phaseOut && osc) {
      phaseOut.write(phaseCsvHeader(osc.built.stateWidth));
      phaseOut.write(phaseCsvRows(0, await osc.readState(), osc.built.stateWidth));
      let done = 0;
      while (done < model.durationMs - 1e-9) {
        const ms = Math.min(phaseEvery, model.durationMs - done);
        await advance(ms);
        done += ms;
        if (!phaseOut.write(phaseCsvRows(osc.timeMs, await osc.readState(), osc.built.stateWidth))) await new Promise<void>((r) => phaseOut.once('drain', () => r()));
      }
      await new Promise<void>((resolve, reject) => phaseOut.end((e?: Error | null) => (e ? reject(e) : resolve())));
    } else await advance(model.durationMs);

    const summary: Record<string, unknown> = sim ? { ...sim.summary() } : {};
    if (osc) {
      const o = osc.summary();
      if (sim) summary.oscillators = o;
      else Object.assign(summary, o);
      summary.r = o.r;
      if (osc.built.model === 'akorn' && osc.built.stimulus) summary.stimulusAlignment = stimulusAlignment(await osc.readState(), osc.built.stimulus, osc.built.stateWidth);
    }
    if (values.out && sim) {
      const { neurons, steps } = sim.spikes();
      await writePieces(values.out, spikesCsvPieces(neurons, steps, model.dt));
      summary.out = values.out;
    }
    if (orderOut && osc) {
      const all = osc.series();
      const groups = osc.built.groups.map((g, k) => ({ name: g.name, ...osc.series(k) }));
      await writePieces(orderOut, orderParameterCsvPieces({ ...all, energy: osc.built.model === 'akorn' ? all.energy : undefined, groups }));
      summary.orderOut = orderOut;
    }
    if (values.phases) summary.phases = values.phases;
    console.log(JSON.stringify(summary, null, 2));
    return 0;
  } finally {
    sim?.destroy();
    osc?.destroy();
    release();
  }
}

/** Mean cosine between each AKOrN vector and its stimulus (1: all aligned). */
function stimulusAlignment(x: Float64Array, c: Float64Array, width: number): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < x.length / width; i++) {
    let dot = 0;
    let norm = 0;
    for (let k = 0; k < width; k++) {
      dot += x[i * width + k] * c[i * width + k];
      norm += c[i * width + k] ** 2;
    }
    if (norm > 0) {
      sum += dot / Math.sqrt(norm);
      count++;
    }
  }
  return count ? Math.round((sum / count) * 1e6) / 1e6 : 0;
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
