import { describe, expect, it } from 'vitest';
import { hdf5SignatureAt, readHdf5, writeHdf5 } from './hdf5File';

class TestError extends Error {
  override name = 'TestError';
}

/** The files readHdf5 and writeHdf5 leave in h5wasm's file system (none, once they are done). */
async function leftOver(): Promise<string[]> {
  const { default: h5wasm } = await import('h5wasm');
  const { FS } = await h5wasm.ready;
  return FS.readdir('/').filter((name: string) => name.startsWith('luciole-'));
}

describe('HDF5 files through h5wasm', () => {
  it('reads back what it writes, and removes both files', async () => {
    const bytes = await writeHdf5((file) => {
      file.create_dataset({ name: 'x', data: new Float64Array([1, 2, 3]) });
    });
    expect(hdf5SignatureAt(bytes)).toBe(0);
    const x = await readHdf5('x.h5', bytes, (file) => Array.from((file.get('x') as { value: Float64Array }).value));
    expect(x).toEqual([1, 2, 3]);
    expect(await leftOver()).toEqual([]);
  });

  it('refuses a file that is not HDF5 or is truncated with the given error type, naming the file; a failed read still removes the file', async () => {
    const bytes = await writeHdf5((file) => {
      file.create_group('g');
    });
    const never = () => expect.unreachable();
    await expect(readHdf5('a.dat', new TextEncoder().encode('text'), never, { error: TestError, what: 'a thing' })).rejects.toThrow(
      new TestError('a.dat: not a thing (no HDF5 signature at byte 0, 512, 1024, …)'),
    );
    const cut = bytes.subarray(0, bytes.length >> 1);
    await expect(readHdf5('cut.h5', cut, never, { error: TestError })).rejects.toThrow(
      new TestError(`cut.h5: truncated HDF5 file: ${cut.length} bytes, its superblock records ${bytes.length}`),
    );
    await expect(readHdf5('cut.h5', cut, never, { error: TestError })).rejects.toBeInstanceOf(TestError);
    await expect(
      readHdf5('g.h5', bytes, () => {
        throw new TestError('inside');
      }),
    ).rejects.toThrow('inside');
    expect(await leftOver()).toEqual([]);
  });
});
