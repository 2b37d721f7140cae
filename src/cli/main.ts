/**
 * `npx luciole …`: run models headless in Node and print a JSON summary.
 *   luciole run <model.json | example> [--backend cpu|cpu-typescript|webgpu] [--duration-ms T] [--seed S] [--out FILE]
 *   luciole analyse <spikes.h5 | .nwb | .csv | .npz | NEST .dat> [--t-start-ms T] [--t-stop-ms T] [--fano-window-ms W]
                  [--correlation-bin-ms B] [--correlation-neurons N] [--psd-bin-ms B] [--seed S]
                  [--out summary.csv] [--neurons-out rates.csv] [--psd-out psd.csv]
  luciole convert <model.json | circuit_config.json | graph.nir | example-name> <out> [--scale F] [--drive poisson|dc]
                  (out by its name: circuit_config.json a SONATA network in its directory; .nir a NIR graph; .json the model)
  luciole examples
 *   luciole bench | bench-kuramoto …
 *   luciole hlop …
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { parseArgs } from 'node:util';
import { EXAMPLES, SCALABLE_EXAMPLES, example } from '../examples';
import type { MicrocircuitOptions } from '../examples/microcircuit';
import { CONNECTOME_EXAMPLES } from '../examples/connectomes';
import { phaseCsvHeader, phaseCsvRows } from '../io/oscillatorCsv';
import { exporter, exporterForFormat, exporterForPath } from '../io/exports';
import { Run } from '../engine/run';
import { NetworkTooLargeError } from '../network/network';
import { CPU, cpuTarget, type RunTarget } from '../engine/backends';
import { ModelValidationError, parseModel, readModelJson, type Model, type ModelInput } from '../model/schema';
import { acquireNodeDevice } from '../gpu/nodeDevice';
import { HLOP_USAGE, UsageError, hlopCommand } from './hlopCommand';
import { ASSEMBLIES_USAGE, assembliesCommand } from './assembliesCommand';
import { TableFormatError } from '../io/connectome/delimitedTable';
import { readSpikeFile, SpikeFileError } from '../io/spikeFiles';
import { resolveSpikeSources } from '../io/spikeSources';
import { isSonataConfig } from '../io/modelFiles';
import { SPIKES_CSV_HEADER, spikesCsvLines } from '../io/spikesCsv';
import { readNir, writeNir, NirError } from '../io/nir/nirGraph';
import { modelToNir, nirToModel, type NirImportOptions } from '../io/nir/nirModel';
import { applyNirInput } from '../io/nir/nirInput';
import { modelSynapseList } from '../io/modelSynapses';
import { modelToSonata, SonataExportError } from '../io/sonataNetwork';
import { sonataToModel, SonataNetworkError } from '../io/sonataNetworkImport';
import { analyseSpikes } from '../analysis/spikeTrainAnalysis';
import { analysisNeuronsCsv, analysisPsdCsv, analysisSummaryCsv, psdPeakHz } from '../analysis/analysisCsv';
import { connectomeSummary, importConnectome } from '../io/connectome/importConnectome';
import { stimulusAlignment } from '../analysis/oscillatorMeasures';

const USAGE = `usage:
  luciole run <model.json | circuit_config.json | graph.nir | example-name> [--backend cpu|cpu-typescript|webgpu] [--duration-ms T] [--seed S] [--out FILE [--format sonata|nwb|csv|npz|json]]
              [--scale F] [--drive poisson|dc] (microcircuit: N and K scaled by F in (0, 1], default 0.1)
              [--max-recorded-spikes N] (the in-memory budget; --out x.csv streams every spike past it)
              [--input input.csv] [--dt MS] [--nir-euler] [--nir-subtract] (NIR graphs: the Input node's spikes,
               time_ms,value… one row per step; dt, default 0.1 ms; forward Euler; reset by subtraction)
              [--own-delivery] (webgpu: the neuron update delivers its own spikes, one dispatch per step)
              [--order-out order.csv] [--phases phases.csv [--phase-every-ms T]]
  luciole examples
  luciole connectome inspect <edges> [--nodes <nodes>] [--skip-invalid-rows]
  luciole bench [--model cuba|coba|brunel-ai|microcircuit|stdp-song2000|all] [--scale F] [--sim-seconds S]
                [--skip-brian] [--skip-browser] [--skip-node-gpu]
  luciole bench-kuramoto [--steps N] [--sizes 1000,10000,100000]
  luciole bench-hlop [--epochs E]
  ${HLOP_USAGE}
  ${ASSEMBLIES_USAGE}

run prints a JSON summary: spike count, meanRateHz of the network and per population,
simulated time, setup and simulation wall time, backend and adapter; for oscillator models
the final order parameter r (and ψ, per group, rMeanSecondHalf; AKOrN: energy). --out writes
by --format, else by its extension: .csv the recorded spikes (neuron_id,time_ms), or r(t)
(time_ms,r,psi) for a model with oscillators only; .npz the spikes as Brian2's SpikeMonitor
(i, t in s); .h5 (sonata) a SONATA spike report; .nwb an NWB 2 file with a Units table; .json the
model as run (with plastic projections: the weights learnt, as fromList rows); --order-out writes r(t) for any oscillator model; --phases writes phase
snapshots (time_ms,oscillator,theta or x0..) every --phase-every-ms (default: 10 per run).
The default backend is cpu: its WebAssembly SIMD kernels where this Node runs them; cpu-typescript
is the same backend on its TypeScript reference kernels (the same bits, several times slower).`;

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
      case 'convert':
        return await convertCommand(rest);
      case 'analyse':
      case 'analyze':
        return await analyseCommand(rest);
      case 'hlop':
        return await hlopCommand(rest);
      case 'assemblies':
        return await assembliesCommand(rest);
      case 'bench-hlop': {
        const { benchHlop } = await import('../../bench/hlop');
        return await benchHlop(rest);
      }
      case 'bench-kuramoto': {
        const { benchKuramoto } = await import('../../bench/kuramoto');
        return await benchKuramoto(rest);
      }
      case 'bench':
      case 'bench-cuba': {
        const { benchNetworks } = await import('../../bench/networks');
        return await benchNetworks(rest);
      }
      case 'bench-run': {
        const { benchRun } = await import('../../bench/networks');
        return await benchRun(rest);
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
    return err instanceof ModelValidationError ||
      err instanceof TableFormatError ||
      err instanceof UsageError ||
      err instanceof SpikeFileError ||
      err instanceof SonataExportError ||
      err instanceof SonataNetworkError ||
      err instanceof NirError
      ? 2
      : 1;
  }
}

export async function loadModel(source: string, options?: MicrocircuitOptions, nir: NirImportOptions = {}): Promise<ModelInput> {
  const sized = options && Object.values(options).some((v) => v !== undefined);
  if (existsSync(source)) {
    if (sized) throw new Error('--scale and --drive apply to bundled examples, not to a model file');
    if (/\.nir$/i.test(source)) return nirToModel(source, await readNir(source, readFileSync(source)), nir);
    const text = readFileSync(source, 'utf8');
    // A SONATA circuit config (networks.nodes) rather than a Luciole model.
    if (isSonataConfig(text)) return sonataToModel(source, (path) => readFileSync(path));
    // Spike files a SpikeSourceArray names are read beside the model.
    return resolveSpikeSources(readModelJson(text) as ModelInput, (file) => {
      const path = isAbsolute(file) ? file : join(dirname(source), file);
      if (!existsSync(path)) throw new SpikeFileError(`${file}: no such file (looked for ${path})`);
      return readFileSync(path);
    });
  }
  if (source in EXAMPLES) return example(source, options);
  if (sized) throw new Error(`--scale and --drive apply to ${Object.keys(SCALABLE_EXAMPLES).join(', ')}, not to "${source}"`);
  if (source in CONNECTOME_EXAMPLES)
    return CONNECTOME_EXAMPLES[source].build(async (path) => readFileSync(new URL(`../../public/data/${path}`, import.meta.url), 'utf8'));
  if (source.endsWith('.json')) throw new Error(`no such file: ${source}`);
  throw new Error(
    `"${source}" is neither a model file nor an example (${[...Object.keys(EXAMPLES), ...Object.keys(CONNECTOME_EXAMPLES)].join(', ')})`,
  );
}

async function runCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      backend: { type: 'string', default: 'cpu' },
      'own-delivery': { type: 'boolean', default: false },
      'duration-ms': { type: 'string' },
      seed: { type: 'string' },
      scale: { type: 'string' },
      drive: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
      input: { type: 'string' },
      'max-recorded-spikes': { type: 'string' },
      dt: { type: 'string' },
      'nir-euler': { type: 'boolean', default: false },
      'nir-subtract': { type: 'boolean', default: false },
      'order-out': { type: 'string' },
      phases: { type: 'string' },
      'phase-every-ms': { type: 'string' },
    },
  });
  if (positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const scale = values.scale === undefined ? undefined : Number(values.scale);
  if (scale !== undefined && !(scale > 0 && scale <= 1)) throw new UsageError(`--scale: expected a number in (0, 1], got ${values.scale}`);
  const drive = values.drive;
  if (drive !== undefined && drive !== 'poisson' && drive !== 'dc') throw new UsageError(`--drive: expected poisson or dc, got ${drive}`);
  const nirOptions = nirOptionsOf(values);
  let input = (await loadModel(positionals[0], { scale, drive }, nirOptions)) as Model;
  if (values.input) {
    if (!existsSync(values.input)) throw new Error(`no such file: ${values.input}`);
    const applied = applyNirInput(input, values.input, readFileSync(values.input, 'utf8'));
    input = applied.model as Model;
    if (values['duration-ms'] === undefined) input.durationMs = +(applied.rows * input.dt).toFixed(9);
  }
  if (values.seed !== undefined) input.seed = Number(values.seed);
  if (values['duration-ms'] !== undefined) input.durationMs = Number(values['duration-ms']);
  const spiking = (input.populations ?? []).length > 0;
  if (values.out && spiking && !input.recorders?.some((r) => r.type === 'spikes'))
    input.recorders = [...(input.recorders ?? []), ...input.populations.map((p) => ({ type: 'spikes' as const, population: p.name }))];
  const model = parseModel(input);
  const orderOut = values['order-out'];
  if ((orderOut || values.phases) && !model.oscillators)
    throw new Error('--order-out and --phases need a model with an oscillators section');
  const phaseEvery = values['phase-every-ms'] !== undefined ? Number(values['phase-every-ms']) : model.durationMs / 10;
  if (values.phases && !(phaseEvery > 0))
    throw new Error(`--phase-every-ms: expected a positive number of ms, got ${values['phase-every-ms']}`);

  let target: RunTarget;
  let release = () => {};
  if (values.backend === 'cpu') target = cpuTarget();
  else if (values.backend === 'cpu-typescript') target = CPU;
  else if (values.backend === 'webgpu') {
    const gpu = await acquireNodeDevice();
    release = () => gpu.device.destroy();
    target = { kind: 'webgpu', device: gpu.device, adapter: gpu.description, ownDelivery: values['own-delivery'] };
  } else {
    console.error(`luciole: --backend must be cpu, cpu-typescript or webgpu, got "${values.backend}"`);
    return 2;
  }
  let run: Run;
  try {
    const budget = values['max-recorded-spikes'];
    run = await Run.create(model, target, budget === undefined ? {} : { maxRecordedSpikes: Number(budget) });
  } catch (e) {
    // Synapses grow as scale² (N and K both scale).
    if (e instanceof NetworkTooLargeError && scale !== undefined)
      e.message += `: try --scale ${Math.floor(100 * scale * Math.sqrt(e.limit / e.synapses)) / 100}`;
    throw e;
  }
  try {
    // Refuse an output this run cannot write before running it.
    if (values.format && !values.out) throw new UsageError('--format needs --out FILE');
    const outFormat = values.out ? (values.format ? exporterForFormat(values.format, run) : exporterForPath(values.out, run)) : null;
    const why = outFormat?.unavailable(run);
    if (why) throw new Error(`${values.out}: cannot write ${outFormat!.label}: ${why}`);
    const osc = run.oscillators;
    let streamedSpikes: number | null = null;
    const phaseOut = values.phases ? createWriteStream(values.phases) : null;
    if (phaseOut && osc) {
      const width = osc.built.stateWidth;
      phaseOut.write(phaseCsvHeader(width));
      phaseOut.write(phaseCsvRows(0, await run.readOscillatorState(), width));
      let done = 0;
      while (done < model.durationMs - 1e-9) {
        const ms = Math.min(phaseEvery, model.durationMs - done);
        await run.run(ms);
        done += ms;
        if (!phaseOut.write(phaseCsvRows(run.timeMs, await run.readOscillatorState(), width)))
          await new Promise<void>((r) => phaseOut.once('drain', () => r()));
      }
      await new Promise<void>((resolve, reject) => phaseOut.end((e?: Error | null) => (e ? reject(e) : resolve())));
    } else if (values.out && outFormat?.id === 'spikes-csv') {
      // Streamed: every spike goes to the file as its chunk is read back, so a run may record far
      // more than the in-memory budget; the run advances a second at a time, waiting for the disk.
      const out = createWriteStream(values.out);
      out.write(`${SPIKES_CSV_HEADER}\n`);
      let streamed = 0;
      const stop = run.addSpikeSink((neurons, steps) => {
        streamed += neurons.length;
        out.write(spikesCsvLines(neurons, steps, run.dt));
      });
      for (let done = 0; done < model.durationMs - 1e-9;) {
        const ms = Math.min(1000, model.durationMs - done);
        await run.run(ms);
        done += ms;
        if (out.writableNeedDrain) await new Promise<void>((r) => out.once('drain', () => r()));
      }
      stop();
      await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
      streamedSpikes = streamed;
    } else await run.run(model.durationMs);

    const full = run.summary();
    let summary: Record<string, unknown> = { ...full };
    if (osc) {
      const o = full.oscillators!;
      // A model of oscillators only reports its order parameters at the top level.
      if (!run.spiking) {
        const { oscillators: _nested, ...rest } = full;
        void _nested;
        summary = { ...rest, ...o };
        for (const key of [
          'neurons',
          'synapses',
          'spikeCount',
          'meanRateHz',
          'populations',
          'recordedSpikes',
          'recordingFull',
          'stateRecordingFull',
        ])
          delete summary[key];
      }
      summary.r = o.r;
      if (osc.built.model === 'akorn' && osc.built.stimulus)
        summary.stimulusAlignment =
          Math.round(stimulusAlignment(await run.readOscillatorState(), osc.built.stimulus, osc.built.stateWidth) * 1e6) / 1e6;
    }
    if (values.out && outFormat) {
      if (streamedSpikes === null) await writeExport(values.out, outFormat, run);
      else summary.streamedSpikes = streamedSpikes;
      summary.out = values.out;
    }
    if (orderOut && osc) {
      await writeExport(orderOut, exporter('order-csv'), run);
      summary.orderOut = orderOut;
    }
    if (values.phases) summary.phases = values.phases;
    console.log(JSON.stringify(summary, null, 2));
    return 0;
  } finally {
    run.destroy();
    release();
  }
}

async function writeExport(path: string, e: ReturnType<typeof exporter>, run: Run): Promise<void> {
  const why = e.unavailable(run);
  if (why) throw new Error(`${path}: cannot write ${e.label}: ${why}`);
  await writePieces(path, await e.produce(run));
}

/** --dt, --nir-euler and --nir-subtract: how a NIR graph (which has no dt) is read. */
function nirOptionsOf(values: {
  dt?: string | boolean;
  'nir-euler'?: string | boolean;
  'nir-subtract'?: string | boolean;
}): NirImportOptions {
  const dt = values.dt === undefined ? undefined : Number(values.dt);
  if (dt !== undefined && !(dt > 0)) throw new UsageError(`--dt: expected a positive number of ms, got ${String(values.dt)}`);
  return { dt, euler: values['nir-euler'] === true, subtract: values['nir-subtract'] === true };
}

async function convertCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      scale: { type: 'string' },
      drive: { type: 'string' },
      dt: { type: 'string' },
      'nir-euler': { type: 'boolean', default: false },
      'nir-subtract': { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 2) {
    console.error(USAGE);
    return 2;
  }
  const [source, out] = positionals;
  const scale = values.scale === undefined ? undefined : Number(values.scale);
  const drive = values.drive as 'poisson' | 'dc' | undefined;
  const model = parseModel(await loadModel(source, { scale, drive }, nirOptionsOf(values)));
  if (/\.nir$/i.test(out)) {
    const graph = modelToNir(model, (k) => modelSynapseList(model, k));
    writeFileSync(out, await writeNir(graph));
    console.log(
      JSON.stringify(
        { from: source, to: out, format: 'nir', nodes: [...graph.nodes].map(([n, v]) => `${n}: ${v.type}`), edges: graph.edges.length },
        null,
        2,
      ),
    );
    return 0;
  }
  if (/circuit_config[^/]*\.json$/i.test(out)) {
    const { files, notes } = await modelToSonata(model);
    const dir = dirname(out);
    mkdirSync(dir, { recursive: true });
    for (const [name, bytes] of Object.entries(files))
      writeFileSync(join(dir, name === 'circuit_config.json' ? basename(out) : name), bytes);
    console.log(JSON.stringify({ from: source, to: out, format: 'sonata', files: Object.keys(files), notes }, null, 2));
    return 0;
  }
  if (out.toLowerCase().endsWith('.json')) {
    writeFileSync(out, JSON.stringify(model, null, 2) + '\n');
    console.log(JSON.stringify({ from: source, to: out, format: 'model-json' }, null, 2));
    return 0;
  }
  throw new UsageError(`${out}: expected circuit_config.json (a SONATA network), a .nir graph or a .json model file name`);
}

async function analyseCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      't-start-ms': { type: 'string' },
      't-stop-ms': { type: 'string' },
      'fano-window-ms': { type: 'string' },
      'correlation-bin-ms': { type: 'string' },
      'correlation-neurons': { type: 'string' },
      'psd-bin-ms': { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      'neurons-out': { type: 'string' },
      'psd-out': { type: 'string' },
    },
  });
  if (positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const path = positionals[0];
  if (!existsSync(path)) throw new Error(`no such file: ${path}`);
  const file = await readSpikeFile(path, readFileSync(path));
  const number = (flag: keyof typeof values) => {
    const v = values[flag];
    if (v === undefined) return undefined;
    const x = Number(v);
    if (typeof v !== 'string' || v.trim() === '' || !Number.isFinite(x))
      throw new UsageError(`--${flag}: expected a number, got "${String(v)}"`);
    return x;
  };
  const table = { ...file, tStartMs: number('t-start-ms') ?? file.tStartMs, tStopMs: number('t-stop-ms') ?? file.tStopMs };
  const options = Object.fromEntries(
    (
      [
        ['fanoWindowMs', 'fano-window-ms'],
        ['correlationBinMs', 'correlation-bin-ms'],
        ['correlationNeurons', 'correlation-neurons'],
        ['psdBinMs', 'psd-bin-ms'],
        ['seed', 'seed'],
      ] as const
    ).flatMap(([key, flag]) => (values[flag] === undefined ? [] : [[key, number(flag)]])),
  );
  const result = analyseSpikes(table, options);
  if (values.out) writeFileSync(values.out, analysisSummaryCsv(result));
  if (values['neurons-out']) writeFileSync(values['neurons-out'], analysisNeuronsCsv(result));
  if (values['psd-out']) writeFileSync(values['psd-out'], analysisPsdCsv(result));
  const round = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : null);
  const summary = {
    file: path,
    format: file.format,
    spikes: file.neurons.length,
    tStartMs: table.tStartMs,
    tStopMs: table.tStopMs,
    populations: result.map((p) => ({
      name: p.name,
      neurons: p.size,
      meanRateHz: round(p.meanRateHz),
      meanCv: round(p.meanCv),
      cvNeurons: p.cvs.length,
      meanFano: round(p.meanFano),
      meanCorrelation: round(p.meanCorrelation),
      correlationPairs: p.correlations.length,
      psdPeakHz: round(psdPeakHz(p)),
    })),
  };
  console.log(JSON.stringify(summary, null, 2));
  return 0;
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

async function writePieces(path: string, pieces: Iterable<string | Uint8Array>): Promise<void> {
  const out = createWriteStream(path);
  for (const piece of pieces) if (!out.write(piece)) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}
