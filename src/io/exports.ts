/**
 * The export registry, shared by the page and the command line: each format a run can be
 * written as, with its file name, what it needs, and how it is produced (in pieces, so a large
 * export reports progress and the page stays responsive).
 */
import type { Run } from '../engine/run';
import { orderParameterCsvPieces } from './oscillatorCsv';
import { spikesCsvPieces } from './spikesCsv';
import { spikesToNpzAsync } from './spikesNpz';
import { spikesToSonata, type SpikeReportInput } from './sonataSpikes';
import { spikesToNwb, type NwbInput } from './nwbUnits';
import { modelToSonata } from './sonataNetwork';
import { zipSync } from 'fflate';
import { stepTimeMs } from '../model/time';
import type { Model } from '../model/schema';

type Progress = (fraction: number) => Promise<void> | void;

/**
 * The writers of the heavy binary formats (HDF5 through h5wasm, and the zipped SONATA network).
 * The command line runs them in its own thread; the page hands them to a worker
 * (ui/workers/fileWriterInWorker.ts) so that a large export does not block it.
 */
export interface FileWriters {
  spikesToSonata(input: SpikeReportInput, onProgress?: Progress): Promise<Uint8Array>;
  spikesToNwb(input: NwbInput, onProgress?: Progress): Promise<Uint8Array>;
  networkToSonataZip(model: Model, onProgress?: Progress): Promise<Uint8Array>;
}

export const IN_THREAD_WRITERS: FileWriters = {
  spikesToSonata,
  spikesToNwb,
  async networkToSonataZip(model, onProgress) {
    const { files } = await modelToSonata(model);
    await onProgress?.(0.8);
    return zipSync(files, { level: 6 });
  },
};

export type ExportId =
  | 'spikes-csv'
  | 'populations-csv'
  | 'spikes-npz'
  | 'spikes-sonata'
  | 'spikes-nwb'
  | 'network-sonata'
  | 'order-csv'
  | 'model-json'
  | 'learned-model-json';

export interface Exporter {
  id: ExportId;
  /** Shown on the page's button. */
  label: string;
  /** File name for a model called `model`. */
  fileName(model: string): string;
  mime: string;
  /** Why this run cannot be exported so, or null. */
  unavailable(run: Run): string | null;
  /** The file's content in pieces; `onProgress(fraction)` after each. Binary formats go through `writers`. */
  produce(run: Run, onProgress?: Progress, writers?: FileWriters): Promise<(string | Uint8Array)[]>;
}

const SPIKE_LINES_PER_PIECE = 200_000;

const needsSpiking = (run: Run) => (run.spiking ? null : 'the model has no spiking populations');
const needsOscillators = (run: Run) => (run.oscillators ? null : 'the model has no oscillators');

export const EXPORTERS: Exporter[] = [
  {
    id: 'spikes-csv',
    label: 'Spikes CSV',
    fileName: (m) => `${m}-spikes.csv`,
    mime: 'text/csv',
    unavailable: needsSpiking,
    async produce(run, onProgress) {
      const { neurons, steps } = run.spikes();
      const parts: string[] = [];
      let done = 0;
      for (const piece of spikesCsvPieces(neurons, steps, run.dt, SPIKE_LINES_PER_PIECE)) {
        parts.push(piece);
        done = Math.min(neurons.length, done + SPIKE_LINES_PER_PIECE);
        await onProgress?.(neurons.length ? done / neurons.length : 1);
      }
      return parts;
    },
  },
  {
    id: 'populations-csv',
    label: 'Populations CSV',
    fileName: (m) => `${m}-populations.csv`,
    mime: 'text/csv',
    unavailable: needsSpiking,
    async produce(run) {
      return [
        ['population,first_neuron_id,size', ...run.network.populations.map((p) => `${p.name},${p.start},${p.size}`)].join('\n') + '\n',
      ];
    },
  },
  {
    id: 'spikes-npz',
    label: 'Spikes NPZ',
    fileName: (m) => `${m}-spikes.npz`,
    mime: 'application/zip',
    unavailable: needsSpiking,
    async produce(run, onProgress) {
      const { neurons, steps } = run.spikes();
      await onProgress?.(0.5);
      const bytes = await spikesToNpzAsync(neurons, steps, run.dt); // compressed off the main thread
      await onProgress?.(1);
      return [bytes];
    },
  },
  {
    id: 'spikes-sonata',
    label: 'Spikes SONATA',
    fileName: (m) => `${m}-spikes.h5`,
    mime: 'application/x-hdf5',
    unavailable: needsSpiking,
    async produce(run, onProgress, writers = IN_THREAD_WRITERS) {
      const { neurons, steps } = run.spikes();
      return [await writers.spikesToSonata({ neurons, steps, dt: run.dt, populations: run.network.populations }, onProgress)];
    },
  },
  {
    id: 'spikes-nwb',
    label: 'Spikes NWB',
    fileName: (m) => `${m}-spikes.nwb`,
    mime: 'application/x-hdf5',
    unavailable: needsSpiking,
    async produce(run, onProgress, writers = IN_THREAD_WRITERS) {
      const { neurons, steps } = run.spikes();
      // A full recording stopped at its last spike's step; otherwise it covers the whole run.
      const recordedUntilMs = run.recordingFull && steps.length ? stepTimeMs(steps[steps.length - 1], run.dt) : run.timeMs;
      const input = { neurons, steps, dt: run.dt, populations: run.network.populations, recordedUntilMs };
      const description = `Luciole simulation of the model "${run.model.name}" (dt = ${run.dt} ms, seed ${run.model.seed})`;
      return [await writers.spikesToNwb({ ...input, description }, onProgress)];
    },
  },
  {
    id: 'network-sonata',
    label: 'Network SONATA',
    fileName: (m) => `${m}-sonata.zip`,
    mime: 'application/zip',
    unavailable: needsSpiking,
    async produce(run, onProgress, writers = IN_THREAD_WRITERS) {
      return [await writers.networkToSonataZip(run.exportModel(), onProgress)];
    },
  },
  {
    id: 'order-csv',
    label: 'r(t) CSV',
    fileName: (m) => `${m}-order.csv`,
    mime: 'text/csv',
    unavailable: needsOscillators,
    async produce(run) {
      const built = run.builtOscillators;
      const all = run.orderSeries();
      const groups = built.groups.map((g, k) => ({ name: g.name, ...run.orderSeries(k) }));
      return [...orderParameterCsvPieces({ ...all, energy: built.model === 'akorn' ? all.energy : undefined, groups })];
    },
  },
  {
    id: 'model-json',
    label: 'Model JSON',
    fileName: (m) => `${m}.json`,
    mime: 'application/json',
    unavailable: () => null,
    async produce(run) {
      return [run.exportModelJson()];
    },
  },
  {
    id: 'learned-model-json',
    label: 'Model JSON with learnt weights',
    fileName: (m) => `${m}-learnt.json`,
    mime: 'application/json',
    unavailable: (run) => (run.plasticProjections.length ? null : 'the model has no plastic projections'),
    async produce(run) {
      return [JSON.stringify(await run.exportLearnedModel(), null, 2)];
    },
  },
];

export function exporter(id: ExportId): Exporter {
  return EXPORTERS.find((e) => e.id === id)!;
}

/** The spike formats `--format` names, and the exporter of each. */
export const SPIKE_FORMATS = { sonata: 'spikes-sonata', nwb: 'spikes-nwb', csv: 'spikes-csv', npz: 'spikes-npz' } as const;

/** The exporter `--format` names; `json` is the model (with learnt weights where it has them). */
export function exporterForFormat(format: string, run: Run): Exporter {
  if (format === 'json') return exporter(run.plasticProjections.length ? 'learned-model-json' : 'model-json');
  if (format === 'csv' && !run.spiking) return exporter('order-csv');
  const id = (SPIKE_FORMATS as Record<string, ExportId>)[format];
  if (!id) throw new Error(`--format: expected ${[...Object.keys(SPIKE_FORMATS), 'json'].join(', ')}, got "${format}"`);
  return exporter(id);
}

/**
 * The format for an output file, by its extension: `.npz` spikes (NPZ), `.h5` spikes as a SONATA
 * spike report, `.nwb` spikes as an NWB Units table, `.json` the model (with
 * the weights learnt so far, if it has plastic projections), `.csv` the spikes of a model with
 * neurons, else r(t).
 */
export function exporterForPath(path: string, run: Run): Exporter {
  const ext = path.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (ext === 'npz') return exporter('spikes-npz');
  if (ext === 'h5') return exporter('spikes-sonata');
  if (ext === 'nwb') return exporter('spikes-nwb');
  if (ext === 'json') return exporter(run.plasticProjections.length ? 'learned-model-json' : 'model-json');
  if (ext === 'csv') return exporter(run.spiking ? 'spikes-csv' : 'order-csv');
  throw new Error(`${path}: expected a .csv, .npz, .h5 (SONATA spikes), .nwb or .json file name`);
}
