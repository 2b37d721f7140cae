/**
 * Spike trains as NPZ in the layout of Brian2's SpikeMonitor: array `i` (int32 neuron indices)
 * and array `t` (float64 spike times in seconds), each an .npy file (NumPy format 1.0) in a zip
 * (fflate). `numpy.load('spikes.npz')['i']` and `['t']` read them.
 */
import { zip, zipSync } from 'fflate';
import { stepTimeS } from '../model/time';

/** One .npy file (format version 1.0, little-endian, C order) for a 1-D array. */
export function npyBytes(data: Int32Array | Float64Array): Uint8Array {
  const descr = data instanceof Int32Array ? '<i4' : '<f8';
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${data.length},), }`;
  // magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple of 64, ending in \n
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0); // \x93NUMPY 1.0
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let k = 0; k < header.length; k++) out[10 + k] = header.charCodeAt(k);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}

/** Reads a 1-D .npy written by npyBytes (for tests and re-import). */
export function parseNpy(bytes: Uint8Array): Int32Array | Float64Array {
  if (bytes[0] !== 0x93 || String.fromCharCode(...bytes.subarray(1, 6)) !== 'NUMPY') throw new Error('not an .npy file');
  const len = new DataView(bytes.buffer, bytes.byteOffset).getUint16(8, true);
  const header = String.fromCharCode(...bytes.subarray(10, 10 + len));
  const shape = /'shape': \((\d+),\)/.exec(header);
  if (!shape) throw new Error(`unsupported .npy header: ${header}`);
  const n = Number(shape[1]);
  const body = bytes.slice(10 + len);
  if (header.includes("'<i4'")) return new Int32Array(body.buffer, 0, n);
  if (header.includes("'<f8'")) return new Float64Array(body.buffer, 0, n);
  throw new Error(`unsupported dtype in ${header}`);
}

/** The two .npy files of recorded spikes: global neuron indices, and step × dt in seconds. */
export function npzEntries(neurons: Uint32Array, steps: Uint32Array, dtMs: number): Record<string, Uint8Array> {
  const i = new Int32Array(neurons.length);
  const t = new Float64Array(neurons.length);
  for (let k = 0; k < neurons.length; k++) {
    i[k] = neurons[k];
    t[k] = stepTimeS(steps[k], dtMs);
  }
  return { 'i.npy': npyBytes(i), 't.npy': npyBytes(t) };
}

/** The NPZ archive of recorded spikes, compressed here (see npzEntries for the asynchronous path). */
export function spikesToNpz(neurons: Uint32Array, steps: Uint32Array, dtMs: number): Uint8Array {
  return zipSync(npzEntries(neurons, steps, dtMs), { level: 6 });
}

/** The same archive compressed off the main thread (fflate's asynchronous zip uses workers). */
export function spikesToNpzAsync(neurons: Uint32Array, steps: Uint32Array, dtMs: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) =>
    zip(npzEntries(neurons, steps, dtMs), { level: 6 }, (err, data) => (err ? reject(err) : resolve(data))),
  );
}
