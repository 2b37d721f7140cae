/**
 * Spikes as a SONATA spike report (SONATA data format, "Spike file", AllenInstitute/sonata
 * docs/SONATA_DEVELOPER_GUIDE.md): an HDF5 file with the root attributes `magic` = 0x0A7A and
 * `version` = [0, 1], and per population `/spikes/<population>/timestamps` (f64, attribute
 * units = "ms") and `node_ids` (u64, the node's index within its population), sorted by time
 * (attribute sorting = "by_time"). NEST's SONATA output, BMTK's SpikeTrains and PyNN read this
 * layout. Times are Luciole's spike stamps, step × dt (the start of the step).
 *
 * HDF5 is written by h5wasm (the HDF5 C library compiled to WebAssembly), imported only here and
 * only when a report is written.
 */
import { stepTimeMs } from '../model/time';
import { writeHdf5 } from './hdf5File';

/** SONATA's magic number, the root attribute that marks a SONATA file. */
export const SONATA_MAGIC = 0x0a7a;

export interface SpikeReportInput {
  /** Global neuron index and step of every spike, sorted by step. */
  neurons: Uint32Array;
  steps: Uint32Array;
  /** ms */
  dt: number;
  populations: readonly { name: string; start: number; size: number }[];
}

/** The report as the bytes of an HDF5 file; `onProgress(fraction)` after each population. */
export async function spikesToSonata(
  input: SpikeReportInput,
  onProgress?: (fraction: number) => Promise<void> | void,
): Promise<Uint8Array> {
  return writeHdf5(async (file) => {
    file.create_attribute('magic', SONATA_MAGIC, null, '<I');
    file.create_attribute('version', [0, 1], [2], '<I');
    const spikes = file.create_group('spikes');
    const { neurons, steps, dt, populations } = input;
    const populationOf = populationIndex(populations);
    const counts = new Uint32Array(populations.length);
    for (let k = 0; k < neurons.length; k++) counts[populationOf(neurons[k])]++;
    // One pass: each spike goes to its population's arrays, in time order.
    const timestamps = populations.map((_, p) => new Float64Array(counts[p]));
    const nodeIds = populations.map((_, p) => new BigUint64Array(counts[p]));
    const filled = new Uint32Array(populations.length);
    for (let k = 0; k < neurons.length; k++) {
      const p = populationOf(neurons[k]);
      timestamps[p][filled[p]] = stepTimeMs(steps[k], dt);
      nodeIds[p][filled[p]++] = BigInt(neurons[k] - populations[p].start);
    }
    for (let p = 0; p < populations.length; p++) {
      const group = spikes.create_group(populations[p].name);
      group.create_attribute('sorting', 'by_time');
      group.create_dataset({ name: 'timestamps', data: timestamps[p] }).create_attribute('units', 'ms');
      group.create_dataset({ name: 'node_ids', data: nodeIds[p] });
      await onProgress?.((p + 1) / populations.length);
    }
  });
}

/** neuron → population index, by the populations' contiguous ranges. */
function populationIndex(populations: readonly { start: number; size: number }[]): (neuron: number) => number {
  const starts = populations.map((p) => p.start);
  return (g) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= g) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
}
