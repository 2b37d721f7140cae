/**
 * Spikes as a plain table, whatever they came from (a run, or a SONATA, NWB, CSV or NPZ file):
 * every spike's global neuron index and time, and the populations as contiguous index ranges.
 */
export interface SpikeTable {
  populations: { name: string; start: number; size: number }[];
  /** Global neuron index of each spike. */
  neurons: Uint32Array;
  /** ms; not necessarily sorted. */
  timesMs: Float64Array;
  /** The interval recorded (ms): spikes lie in [tStartMs, tStopMs]. */
  tStartMs: number;
  tStopMs: number;
}

/** Total neurons of the table's populations. */
export function neuronCount(table: Pick<SpikeTable, 'populations'>): number {
  return table.populations.reduce((n, p) => Math.max(n, p.start + p.size), 0);
}

/**
 * Each neuron's spike times, sorted: `times.subarray(offsets[g], offsets[g + 1])` are neuron g's
 * (a counting sort by neuron, then a sort of each neuron's slice).
 */
export function spikesByNeuron(table: SpikeTable): { offsets: Uint32Array; times: Float64Array } {
  const n = neuronCount(table);
  const offsets = new Uint32Array(n + 1);
  for (let k = 0; k < table.neurons.length; k++) offsets[table.neurons[k] + 1]++;
  for (let g = 0; g < n; g++) offsets[g + 1] += offsets[g];
  const fill = offsets.slice(0, n);
  const times = new Float64Array(table.neurons.length);
  for (let k = 0; k < table.neurons.length; k++) times[fill[table.neurons[k]]++] = table.timesMs[k];
  for (let g = 0; g < n; g++) {
    const own = times.subarray(offsets[g], offsets[g + 1]);
    for (let i = 1; i < own.length; i++)
      if (own[i] < own[i - 1]) {
        own.sort();
        break;
      }
  }
  return { offsets, times };
}
