/**
 * HDF5 files through h5wasm (loaded only here, only when needed), in its in-memory file system:
 *   writeHdf5  `fill` writes a new file, whose bytes are read back and the file removed
 *   readHdf5   the bytes, checked for the HDF5 signature, truncation and a stalling global heap,
 *              are opened for `read` and removed after
 * A WebAssembly trap inside HDF5 refuses both from then on (see `crashedOn`).
 */
import type h5wasmModule from 'h5wasm';

export type H5 = typeof h5wasmModule;
export type H5File = InstanceType<H5['File']>;

let files = 0;

/**
 * What crashed HDF5 inside WebAssembly ("reading x.nir", "writing an HDF5 export") (a damaged file led the C library
 * outside its memory: "memory access out of bounds"), or null. After such a trap the library's
 * heap may be corrupt, and a later read could fail anywhere or, worse, an export could write
 * damaged bytes without a word, so HDF5 is refused until the page (or the CLI) starts again.
 * A trap is rare: 32 of the import fuzz's 10,000 damaged files.
 */
let crashedOn: string | null = null;

function refuseAfterCrash(Fail: new (message: string) => Error): void {
  if (crashedOn !== null)
    throw new Fail(
      `HDF5 files cannot be read or written until the page is reloaded: ${crashedOn} crashed the HDF5 library, whose memory may be damaged (the running model and its recording are untouched; CSV and NPZ exports still work)`,
    );
}

/** `e` as thrown, or, for a WebAssembly trap inside HDF5, the error that says HDF5 is now refused. */
function noteCrash(e: unknown, fileName: string, Fail: new (message: string) => Error, writing = false): unknown {
  if (!(e instanceof WebAssembly.RuntimeError)) return e;
  crashedOn = writing ? `writing ${fileName}` : `reading ${fileName}`;
  const what = writing ? `writing it (${e.message})` : `reading this file (corrupted: ${e.message})`;
  return new Fail(`${fileName}: HDF5 crashed ${what}; reload the page before opening or exporting another HDF5 file`);
}

async function h5wasmFs(): Promise<{ h5wasm: H5; FS: Awaited<H5['ready']>['FS'] }> {
  const { default: h5wasm } = await import('h5wasm');
  const { FS } = await h5wasm.ready;
  return { h5wasm, FS };
}

export async function writeHdf5(fill: (file: H5File, h5wasm: H5) => Promise<void> | void): Promise<Uint8Array> {
  refuseAfterCrash(Error);
  const { h5wasm, FS } = await h5wasmFs();
  const path = `/luciole-write-${files++}.h5`;
  try {
    const file = new h5wasm.File(path, 'w');
    try {
      await fill(file, h5wasm);
    } finally {
      file.close();
    }
    return FS.readFile(path);
  } catch (e) {
    throw noteCrash(e, 'an HDF5 export', Error, true);
  } finally {
    if (FS.analyzePath(path).exists) FS.unlink(path); // not there if the library failed to create it
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
  const stall = stalledGlobalHeapObject(bytes);
  if (stall)
    throw new Fail(
      `${fileName}: corrupted HDF5 file: the global heap collection at byte ${stall.collection} holds an empty object at byte ${stall.object} before its end`,
    );
  refuseAfterCrash(Fail);
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
        if (e instanceof Fail || e instanceof WebAssembly.RuntimeError) throw e;
        // h5wasm's own failures inside a damaged file ("name not defined!", out-of-range reads)
        throw new Fail(`${fileName}: HDF5 could not read the file (corrupted): ${(e as Error).message ?? String(e)}`);
      }
    } finally {
      file.close();
    }
  } catch (e) {
    throw noteCrash(e, fileName, Fail);
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

const GLOBAL_HEAP_SIGNATURE = [0x47, 0x43, 0x4f, 0x4c]; // "GCOL"

/**
 * A global heap collection whose object walk would never end (HDF5 file format specification,
 * "Global Heap"; H5HGcache.c in the HDF5 library). The library steps from each object to the next
 * by 16 + its aligned size, or by its size alone for object 0 (free space), and so stays in place
 * forever on an object 0 of size 0 that is not at the collection's end. The HDF5 build inside
 * h5wasm 0.10 does not check this, and a damaged length field (a variable-length string's, say)
 * leads the walk onto zeros. Every collection the library would accept ("GCOL", version 1) is
 * walked the same way here; a valid file never has such an object.
 */
export function stalledGlobalHeapObject(bytes: Uint8Array): { collection: number; object: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const OBJECT_HEADER = 16; // bytes: index (2), reference count (2), reserved (4), size (8)
  for (
    let at = bytes.indexOf(GLOBAL_HEAP_SIGNATURE[0]);
    at >= 0 && at + OBJECT_HEADER <= bytes.length;
    at = bytes.indexOf(GLOBAL_HEAP_SIGNATURE[0], at + 1)
  ) {
    if (!GLOBAL_HEAP_SIGNATURE.every((b, k) => bytes[at + k] === b) || bytes[at + 4] !== 1) continue;
    const end = Math.min(at + Number(view.getBigUint64(at + 8, true)), bytes.length);
    for (let object = at + OBJECT_HEADER; object + OBJECT_HEADER <= end;) {
      const index = view.getUint16(object, true);
      const size = Number(view.getBigUint64(object + 8, true));
      const step = index > 0 ? OBJECT_HEADER + Math.ceil(size / 8) * 8 : size;
      if (step === 0) return { collection: at, object };
      object += step;
    }
  }
  return null;
}
