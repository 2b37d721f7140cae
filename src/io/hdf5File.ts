/**
 * An HDF5 file written with h5wasm (loaded only here, only when needed) and returned as bytes:
 * `fill` writes into a file in h5wasm's in-memory file system, which is read back and removed.
 */
import type h5wasmModule from 'h5wasm';

type H5 = typeof h5wasmModule;
let files = 0;

export async function writeHdf5(fill: (file: InstanceType<H5['File']>, h5wasm: H5) => Promise<void> | void): Promise<Uint8Array> {
  const { default: h5wasm } = await import('h5wasm');
  const { FS } = await h5wasm.ready;
  const path = `/luciole-write-${files++}.h5`;
  const file = new h5wasm.File(path, 'w');
  try {
    await fill(file, h5wasm);
  } finally {
    file.close();
  }
  try {
    return FS!.readFile(path);
  } finally {
    FS!.unlink(path);
  }
}
