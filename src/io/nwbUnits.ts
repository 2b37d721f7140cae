/**
 * Spikes as an NWB 2.x file (NWB core schema 2.7.0, nwb.file.yaml and nwb.misc.yaml; hdmf-common
 * 1.8 for the table types): the NWBFile root with every required dataset and group, and a
 * `/units` Units table with one row per neuron:
 *   spike_times + spike_times_index  the neuron's spike times (f64, seconds; a ragged column:
 *                                    spike_times_index[k] is the end of row k's slice)
 *   obs_intervals + obs_intervals_index  the interval recorded, [[0, end]] for every row (seconds)
 *   population, node_id               the neuron's population and its index within it, as in SONATA
 * `id` is the global neuron index. Every typed object carries `namespace`, `neurodata_type` and
 * `object_id`; each VectorIndex's `target` is an HDF5 object reference to its column. pynwb's
 * `NWBHDF5IO(path).read().units` reads the table; so does `h5py` by these paths.
 *
 * HDF5 is written by h5wasm through ./hdf5File, loaded only when a file is written.
 */
import { stepTimeS } from '../model/time';
import { writeHdf5 } from './hdf5File';
import type { SpikeReportInput } from './sonataSpikes';

export const NWB_VERSION = '2.7.0';

export interface NwbInput extends SpikeReportInput {
  /** End of the recorded interval (ms). */
  recordedUntilMs: number;
  /** Text for `session_description`: what was simulated. */
  description: string;
  /** `identifier`: unique to this file. */
  identifier?: string;
  /** The run's start (session_start_time and timestamps_reference_time); now unless given. */
  startTime?: Date;
}

/** The NWB file's bytes; `onProgress(fraction)` as it is filled. */
export async function spikesToNwb(input: NwbInput, onProgress?: (fraction: number) => Promise<void> | void): Promise<Uint8Array> {
  const { neurons, steps, dt, populations } = input;
  const numNeurons = populations.reduce((n, p) => Math.max(n, p.start + p.size), 0);

  // Spike times grouped by neuron (a counting sort; each neuron's spikes stay in time order).
  const ends = new BigUint64Array(numNeurons);
  const counts = new Uint32Array(numNeurons + 1);
  for (let k = 0; k < neurons.length; k++) counts[neurons[k] + 1]++;
  for (let g = 0; g < numNeurons; g++) {
    counts[g + 1] += counts[g];
    ends[g] = BigInt(counts[g + 1]);
  }
  const spikeTimes = new Float64Array(neurons.length);
  for (let k = 0; k < neurons.length; k++) spikeTimes[counts[neurons[k]]++] = stepTimeS(steps[k], dt);
  await onProgress?.(0.4);

  const ids = new BigInt64Array(numNeurons);
  const nodeIds = new BigInt64Array(numNeurons);
  const populationNames: string[] = new Array(numNeurons);
  for (const p of populations)
    for (let i = 0; i < p.size; i++) {
      ids[p.start + i] = BigInt(p.start + i);
      nodeIds[p.start + i] = BigInt(i);
      populationNames[p.start + i] = p.name;
    }
  const intervals = new Float64Array(2 * numNeurons);
  const untilS = input.recordedUntilMs / 1000;
  for (let g = 0; g < numNeurons; g++) intervals[2 * g + 1] = untilS;
  const intervalEnds = new BigUint64Array(numNeurons);
  for (let g = 0; g < numNeurons; g++) intervalEnds[g] = BigInt(g + 1);

  const bytes = await writeHdf5(async (file) => {
    const typed = (obj: { create_attribute(name: string, value: string): void }, namespace: string, type: string) => {
      obj.create_attribute('namespace', namespace);
      obj.create_attribute('neurodata_type', type);
      obj.create_attribute('object_id', uuid());
    };
    const start = (input.startTime ?? new Date()).toISOString();
    typed(file, 'core', 'NWBFile');
    file.create_attribute('nwb_version', NWB_VERSION);
    file.create_dataset({ name: 'file_create_date', data: [new Date().toISOString()] });
    file.create_dataset({ name: 'identifier', data: input.identifier ?? uuid() });
    file.create_dataset({ name: 'session_description', data: input.description });
    file.create_dataset({ name: 'session_start_time', data: start });
    file.create_dataset({ name: 'timestamps_reference_time', data: start });
    for (const g of ['acquisition', 'analysis', 'processing', 'general']) file.create_group(g);
    const stimulus = file.create_group('stimulus');
    stimulus.create_group('presentation');
    stimulus.create_group('templates');

    const units = file.create_group('units');
    typed(units, 'core', 'Units');
    units.create_attribute('description', 'simulated neurons, one row per neuron (id: the global neuron index)');
    units.create_attribute('colnames', ['spike_times', 'obs_intervals', 'population', 'node_id']);
    typed(units.create_dataset({ name: 'id', data: ids }), 'hdmf-common', 'ElementIdentifiers');
    const column = (name: string, data: Float64Array | BigInt64Array | string[], description: string, shape?: number[]) => {
      const ds = units.create_dataset({ name, data, shape });
      typed(ds, 'hdmf-common', 'VectorData');
      ds.create_attribute('description', description);
      return ds;
    };
    const index = (name: string, data: BigUint64Array, target: ReturnType<typeof column>, description: string) => {
      const ds = units.create_dataset({ name, data });
      typed(ds, 'hdmf-common', 'VectorIndex');
      ds.create_attribute('description', description);
      ds.create_attribute('target', target.create_reference());
    };
    const times = column('spike_times', spikeTimes, 'the spike times for each unit in seconds (start of the time step)');
    times.create_attribute('resolution', dt / 1000);
    index('spike_times_index', ends, times, 'Index for VectorData spike_times');
    await onProgress?.(0.8);
    const obs = column('obs_intervals', intervals, 'the observation intervals for each unit', [numNeurons, 2]);
    index('obs_intervals_index', intervalEnds, obs, 'Index for VectorData obs_intervals');
    column('population', populationNames, 'the population of the neuron (as in the model)');
    column('node_id', nodeIds, "the neuron's index within its population (its SONATA node_id)");
  });
  await onProgress?.(1);
  return bytes;
}

/** An RFC 4122 version-4 UUID (NWB's object_id). */
function uuid(): string {
  return globalThis.crypto.randomUUID();
}
