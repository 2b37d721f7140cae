import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { Run } from '../engine/run';
import { example } from '../examples';
import { parseModel, type ModelInput } from '../model/schema';
import { modelFromFiles, ModelFilesError, type OpenedFile } from './modelFiles';
import { modelToSonata } from './sonataNetwork';
import { sonataToModel } from './sonataNetworkImport';
import { modelSynapseList } from './modelSynapses';

const utf8 = (s: string) => new TextEncoder().encode(s);
const nirFile = (name: string): OpenedFile => ({ name, bytes: new Uint8Array(readFileSync(`public/data/nir/${name}`)) });

describe('a model from the files opened together', () => {
  it("a NIR graph with its input CSV: Norse's LIF fires in the NIR paper's exact steps, for the input's duration", async () => {
    const exact = readFileSync('public/data/nir/lif_exact.csv', 'utf8').trim().split('\n');
    const input = ['time_ms,value', ...exact.map((l, k) => `${+(k * 0.1).toFixed(6)},${Number(l.split(',')[0])}`)].join('\n');
    const { model, label } = await modelFromFiles([nirFile('lif_norse.nir'), { name: 'drive.csv', bytes: utf8(input) }]);
    expect(label).toBe('lif_norse.nir');
    expect(model.durationMs).toBe(100);
    const run = await Run.create(parseModel(model));
    await run.run(100);
    const lif = run.network.populations.find((p) => p.name === '1')!;
    const { neurons, steps } = run.spikes();
    expect(Array.from(steps).filter((_, k) => neurons[k] === lif.start)).toEqual([460, 510, 710, 760]);
    run.destroy();
    await expect(modelFromFiles([nirFile('lif_norse.nir'), nirFile('two_lif_neurons.nir')])).rejects.toThrow(
      'open one NIR graph at a time, not lif_norse.nir and two_lif_neurons.nir',
    );
  });

  it('a SONATA network, as a zip or as loose files, gives the model its config describes; a missing file is named', async () => {
    const original = parseModel(example('cuba'));
    original.durationMs = 50;
    const { files } = await modelToSonata(original);
    const direct = await sonataToModel('circuit_config.json', (p) => files[p.replace(/^\.\//, '')]);
    // Inside a folder in the zip, as someone zipping the exported directory would make it.
    const zip = zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [`cuba-sonata/${k}`, v])));
    const fromZip = await modelFromFiles([{ name: 'cuba-sonata.zip', bytes: zip }]);
    expect({ ...fromZip.model, description: direct.description }).toEqual(direct);
    expect(fromZip.model.description).toBe('imported from the SONATA network cuba-sonata/circuit_config.json');
    expect(fromZip.label).toBe('cuba');
    const loose = Object.entries(files).map(([name, bytes]) => ({ name, bytes }));
    expect((await modelFromFiles(loose)).model).toEqual(direct);
    const synapses = (m: ModelInput) => m.projections!.reduce((n, _, k) => n + modelSynapseList(m, k).source.length, 0);
    expect(synapses(fromZip.model)).toBe(synapses(original));
    const edges = Object.keys(files).find((k) => k.includes('edges') && k.endsWith('.h5'))!;
    await expect(modelFromFiles(loose.filter((f) => f.name !== edges))).rejects.toThrow(
      new RegExp(`circuit_config.json names .*${edges.replace('.', '\\.')}, which is not among the opened files`),
    );
  });

  it('a model JSON takes the spike files its SpikeSourceArrays name from the files opened with it', async () => {
    const model = {
      format: 'luciole-model',
      version: 1,
      name: 'replay',
      durationMs: 10,
      populations: [
        { name: 'src', size: 2, cellType: 'SpikeSourceArray', spikeTimesFrom: { file: 'recorded/spikes.csv' } },
        { name: 'target', size: 1, cellType: 'IF_curr_exp' },
      ],
      projections: [],
    };
    const json = { name: 'replay.json', bytes: utf8(JSON.stringify(model)) };
    const spikes = { name: 'spikes.csv', bytes: utf8('neuron_id,time_ms\n1,2.5\n0,4\n1,7.5\n') };
    const { model: m, label } = await modelFromFiles([json, spikes]);
    expect(label).toBe('replay.json');
    expect(m.populations![0].spikeTimes).toEqual([[4], [2.5, 7.5]]);
    await expect(modelFromFiles([json])).rejects.toThrow(
      'replay.json names recorded/spikes.csv, which is not among the opened files (replay.json): open it together with replay.json',
    );
  });

  it('refuses what is no model, by name', async () => {
    await expect(modelFromFiles([{ name: 'x.zip', bytes: utf8('not a zip') }])).rejects.toThrow(/^x\.zip: not a readable zip file/);
    await expect(modelFromFiles([{ name: 'notes.txt', bytes: utf8('hi') }])).rejects.toThrow(ModelFilesError);
    await expect(modelFromFiles([{ name: 'bad.json', bytes: utf8('{\n  "name": \n}') }])).rejects.toThrow(
      'invalid JSON at line 3, column 1: value expected',
    );
  });
});
