import { describe, expect, it } from 'vitest';
import { readSpikeFile, SpikeFileError } from './spikeFiles';
import { spikesToSonata } from './sonataSpikes';
import { spikesToNwb } from './nwbUnits';
import { spikesToNpz } from './spikesNpz';
import { spikesToCsv } from './spikesCsv';

// 3 + 2 neurons, spikes in step order (dt = 0.1 ms).
const populations = [
  { name: 'E', start: 0, size: 3 },
  { name: 'I', start: 3, size: 2 },
];
const neurons = Uint32Array.from([0, 4, 2, 2, 3, 0, 4]);
const steps = Uint32Array.from([5, 5, 12, 40, 41, 77, 90]);
const dt = 0.1;
const timesMs = Array.from(steps, (s) => s / 10);

/** (neuron, time) pairs, sorted, for comparing tables whatever order their spikes come in. */
const pairs = (t: { neurons: Uint32Array; timesMs: Float64Array }) =>
  Array.from(t.neurons, (g, k) => [g, Math.round(t.timesMs[k] * 1e9) / 1e9]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
const expected = pairs({ neurons, timesMs: Float64Array.from(timesMs) });

describe('reading spike files', () => {
  it('reads back a SONATA report and an NWB file with their populations, and CSV and NPZ as one population', async () => {
    const sonata = await readSpikeFile('run.h5', await spikesToSonata({ neurons, steps, dt, populations }));
    expect(sonata.format).toBe('sonata');
    expect(sonata.populations).toEqual([
      { name: 'E', start: 0, size: 3 },
      { name: 'I', start: 3, size: 2 },
    ]);
    expect(pairs(sonata)).toEqual(expected);
    const nwb = await readSpikeFile(
      'run.nwb',
      await spikesToNwb({ neurons, steps, dt, populations, recordedUntilMs: 10, description: 'test' }),
    );
    expect(nwb.format).toBe('nwb');
    expect(nwb.populations).toEqual(populations);
    expect(pairs(nwb)).toEqual(expected);
    expect(nwb.tStopMs).toBe(10); // the observed interval, not the last spike
    const csv = await readSpikeFile('run.csv', new TextEncoder().encode(spikesToCsv(neurons, steps, dt)));
    expect(csv.populations).toEqual([{ name: 'neurons', start: 0, size: 5 }]);
    expect(pairs(csv)).toEqual(expected);
    const npz = await readSpikeFile('run.npz', spikesToNpz(neurons, steps, dt));
    expect(npz.format).toBe('npz');
    expect(pairs(npz)).toEqual(expected);
  });

  it("reads NEST's spike-recorder text (comment lines, tabs, node ids from 1)", async () => {
    const text = '# NEST version: 3.6\n# RecordingBackendASCII\n# Recorder: spike_recorder\nsender\ttime_ms\n1\t0.5\n5\t0.5\n3\t1.2\n';
    const f = await readSpikeFile('spike_recorder-21-0.dat', new TextEncoder().encode(text));
    expect(f.format).toBe('nest-text');
    expect(pairs(f)).toEqual([
      [0, 0.5],
      [2, 1.2],
      [4, 0.5],
    ]);
  });

  it('refuses a truncated HDF5 file, a file that is not HDF5 and a SONATA report without timestamps, naming the file', async () => {
    const good = await spikesToSonata({ neurons, steps, dt, populations });
    await expect(readSpikeFile('cut.h5', good.subarray(0, good.length >> 1))).rejects.toThrow(
      new SpikeFileError(`cut.h5: truncated HDF5 file: ${good.length >> 1} bytes, its superblock records ${good.length}`),
    );
    await expect(readSpikeFile('notes.h5', new TextEncoder().encode('neuron_id,time_ms\n'))).rejects.toThrow(
      'notes.h5: not an HDF5 file (no HDF5 signature at byte 0, 512, 1024, …)',
    );
    const { default: h5wasm } = await import('h5wasm');
    const { FS } = await h5wasm.ready;
    const f = new h5wasm.File('/no-timestamps.h5', 'w');
    f.create_group('spikes')
      .create_group('V1')
      .create_dataset({ name: 'node_ids', data: new BigUint64Array([1n, 2n]) });
    f.close();
    await expect(readSpikeFile('no-timestamps.h5', FS!.readFile('/no-timestamps.h5'))).rejects.toThrow(
      'no-timestamps.h5: /spikes/V1 has no timestamps dataset (SONATA spike reports need /spikes/<population>/timestamps)',
    );
    const other = new h5wasm.File('/other.h5', 'w');
    other.create_group('data');
    other.close();
    await expect(readSpikeFile('other.h5', FS!.readFile('/other.h5'))).rejects.toThrow(
      'other.h5: neither a SONATA spike report (/spikes) nor an NWB file with a Units table (/units); it holds /data',
    );
  });

  it('names the line and column of a bad CSV row', async () => {
    const bad = (text: string) => readSpikeFile('s.csv', new TextEncoder().encode(text));
    await expect(bad('neuron_id,time_ms\n1,2\n3,x\n')).rejects.toThrow('s.csv: line 3, column 3: expected a time in ms, got "x"');
    await expect(bad('neuron_id,time_ms\n-1,2\n')).rejects.toThrow('s.csv: line 2, column 1: expected a neuron id ≥ 0, got "-1"');
    await expect(bad('neuron_id,time_ms\n1,2,3\n')).rejects.toThrow('s.csv: line 2: expected 2 columns, got 3');
    await expect(bad('id;t\n')).rejects.toThrow(
      's.csv: line 1: expected the header "neuron_id,time_ms" (or NEST\'s "sender time_ms"), got "id;t"',
    );
  });
});
