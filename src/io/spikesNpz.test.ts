import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { npyBytes, parseNpy, spikesToNpz, spikesToNpzAsync } from './spikesNpz';

describe('spike NPZ (Brian2 SpikeMonitor layout)', () => {
  it('holds i (int32) and t (float64 seconds) that read back', () => {
    const npz = spikesToNpz(Uint32Array.from([3, 1, 2]), Uint32Array.from([479, 1008, 1008]), 0.1);
    const files = unzipSync(npz);
    expect(Object.keys(files).sort()).toEqual(['i.npy', 't.npy']);
    expect(Array.from(parseNpy(files['i.npy']))).toEqual([3, 1, 2]);
    expect(Array.from(parseNpy(files['t.npy']))).toEqual([0.0479, 0.1008, 0.1008]);
  });

  it('the asynchronous archive holds the same files', async () => {
    const args = [Uint32Array.from([5, 6]), Uint32Array.from([10, 11]), 0.1] as const;
    const a = unzipSync(spikesToNpz(...args));
    const b = unzipSync(await spikesToNpzAsync(...args));
    expect(b['i.npy']).toEqual(a['i.npy']);
    expect(b['t.npy']).toEqual(a['t.npy']);
  });

  it('writes .npy headers padded to 64 bytes', () => {
    const b = npyBytes(new Float64Array(5));
    const len = new DataView(b.buffer).getUint16(8, true);
    expect((10 + len) % 64).toBe(0);
    expect(b[10 + len - 1]).toBe(0x0a);
  });

  // numpy is installed by scripts/system-deps.sh (Debian's python3-numpy) before the tests
  it('numpy reads it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'npz-')), 's.npz');
    writeFileSync(file, spikesToNpz(Uint32Array.from([7, 9]), Uint32Array.from([1, 25]), 0.1));
    const r = spawnSync(
      '/usr/bin/python3',
      ['-c', `import numpy as np; d = np.load('${file}'); print(d['i'].tolist(), d['t'].tolist(), d['i'].dtype, d['t'].dtype)`],
      { encoding: 'utf8' },
    );
    expect(r.stdout.trim()).toBe('[7, 9] [0.0001, 0.0025] int32 float64');
  });
});
