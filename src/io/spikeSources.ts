/**
 * SpikeSourceArray populations whose times come from a spike file (`spikeTimesFrom`): the file
 * is read (SONATA, NWB, CSV, NEST text or NPZ, io/spikeFiles.ts) and its population's spikes
 * become the population's `spikeTimes`, neuron by neuron (node i of the file → neuron i). One use
 * is to replay a recorded run as input.
 */
import type { ModelInput } from '../model/schema';
import { readSpikeFile, SpikeFileError } from './spikeFiles';

/** The model with every `spikeTimesFrom` replaced by the times read; `read(file)` gives a file's bytes. */
export async function resolveSpikeSources(model: ModelInput, read: (file: string) => Uint8Array): Promise<ModelInput> {
  const populations = model.populations ?? [];
  if (!populations.some((p) => p.spikeTimesFrom)) return model;
  const out = structuredClone(model);
  for (const [k, p] of (out.populations ?? []).entries()) {
    const from = p.spikeTimesFrom;
    if (!from) continue;
    const where = `populations[${k}].spikeTimesFrom`;
    const file = await readSpikeFile(from.file, read(from.file));
    const pop = from.population
      ? file.populations.find((q) => q.name === from.population)
      : file.populations.length === 1
        ? file.populations[0]
        : null;
    if (!pop)
      throw new SpikeFileError(
        `${where}: ${from.file} has the populations ${file.populations.map((q) => q.name).join(', ')}; name one in "population"`,
      );
    if (pop.size > p.size)
      throw new SpikeFileError(
        `${where}: ${from.file} population ${pop.name} has ${pop.size} nodes, more than ${p.name}'s ${p.size} neurons`,
      );
    const times: number[][] = Array.from({ length: p.size }, () => []);
    const offset = from.offsetMs ?? 0;
    for (let s = 0; s < file.neurons.length; s++) {
      const g = file.neurons[s];
      if (g < pop.start || g >= pop.start + pop.size) continue;
      const t = file.timesMs[s] + offset;
      if (t >= 0) times[g - pop.start].push(t);
    }
    for (const t of times) t.sort((a, b) => a - b);
    p.spikeTimes = times;
    delete p.spikeTimesFrom;
  }
  return out;
}
