/**
 * HDF5 files through h5wasm (loaded only here, only when needed), in its in-memory file system:
 *   writeHdf5  `fill` writes a new file, whose bytes are read back and the file removed
 *   readHdf5   the bytes, checked for the HDF5 signature and truncation, are opened for `read`
 *              and removed after
 */
import type h5wasmModule from 'h5wasm';

export type H5 = typeof h5wasmModule;
export type H5File = InstanceType<H5['File']>;

let files = 0;

async function h5wasmFs(): Promise<{ h5wasm: H5; FS: Awaited<H5['ready']>['FS'] }> {
  const { default: h5wasm } = await import('h5wasm');
  const { FS } = await h5wasm.ready;
  return { h5wasm, FS };
}

export async function writeHdf5(fill: (file: H5File, h5wasm: H5) => Promise<void> | void): Promise<Uint8Array> {
  const { h5wasm, FS } = await h5wasmFs();
  const path = `/luciole-write-${files++}.h5`;
  const file = new h5wasm.File(path, 'w');
  try {
    await fill(file, h5wasm);
  } finally {
    file.close();
  }
  try {
    return FS.readFile(path);
  } finally {
    FS.unlink(path);
  }
}

export interface ReadHdf5Options {
  /** The error type thrown for a file that is not HDF5, truncated or unreadable (default Error). */
  error?: new (message: string) => Error;
  /** What the file should be, for "<file>: not <what> (no HDF5 signature …)" (default "an HDF5 file"). */
  what?: string;
}

/** `read(file)` on the HDF5 file in `bytes`; every error names `fileName`. */
export async function readHdf5<T>(
  fileName: string,
  bytes: Uint8Array,
  read: (file: H5File, h5wasm: H5) => T | Promise<T>,
  { error: Fail = Error, what = 'an HDF5 file' }: ReadHdf5Options = {},
): Promise<T> {
  const at = hdf5SignatureAt(bytes);
  if (at < 0) throw new Fail(`${fileName}: not ${what} (no HDF5 signature at byte 0, 512, 1024, …)`);
  const eof = storedEndOfFile(bytes, at);
  if (eof !== null && eof > bytes.length)
    throw new Fail(`${fileName}: truncated HDF5 file: ${bytes.length} bytes, its superblock records ${eof}`);
  const { h5wasm, FS } = await h5wasmFs();
  const path = `/luciole-read-${files++}.h5`;
  FS.writeFile(path, bytes);
  try {
    const file = new h5wasm.File(path, 'r');
    try {
      if (Number(file.file_id) < 0) throw new Fail(`${fileName}: HDF5 could not open the file (corrupted)`);
      try {
        return await read(file, h5wasm);
      } catch (e) {
        if (e instanceof Fail) throw e;
        // h5wasm's own failures inside a damaged file ("name not defined!", out-of-range reads)
        throw new Fail(`${fileName}: HDF5 could not read the file (corrupted): ${(e as Error).message ?? String(e)}`);
      }
    } finally {
      file.close();
    }
  } finally {
    FS.unlink(path);
  }
}

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** Where the HDF5 superblock starts (0, or after a user block of 512·2^k bytes), or -1. */
export function hdf5SignatureAt(bytes: Uint8Array): number {
  for (let at = 0; at + 8 <= bytes.length; at = at ? at * 2 : 512) if (HDF5_SIGNATURE.every((b, k) => bytes[at + k] === b)) return at;
  return -1;
}

/**
 * The end-of-file address the superblock records (HDF5 file format specification, "Superblock":
 * versions 0 and 1 after the B-tree K values, 2 and 3 after the base and extension addresses), so
 * a truncated file is named as such instead of failing somewhere inside.
 */
function storedEndOfFile(bytes: Uint8Array, at: number): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = bytes[at + 8];
  const offsetSize = version <= 1 ? bytes[at + 13] : bytes[at + 9];
  if (offsetSize !== 8 && offsetSize !== 4) return null;
  const eofAt = version <= 1 ? at + 24 + (version === 1 ? 4 : 0) + 2 * offsetSize : at + 12 + 2 * offsetSize;
  if (eofAt + offsetSize > bytes.length) return null;
  const eof = offsetSize === 8 ? Number(view.getBigUint64(eofAt, true)) : view.getUint32(eofAt, true);
  return at + eof;
}
