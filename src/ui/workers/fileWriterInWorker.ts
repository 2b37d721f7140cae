/**
 * The page's FileWriters: each binary export is written in its own module worker
 * (fileWriter.worker.ts), so that h5wasm and the zip run while the page keeps drawing. The spike
 * arrays are copied to the worker (the recording keeps its own); the file comes back transferred.
 */
import type { FileWriters } from '../../io/exports';
import type { FileWriteReply, FileWriteRequest } from './fileWriter.worker';

async function writeInWorker(request: FileWriteRequest, onProgress?: (fraction: number) => Promise<void> | void): Promise<Uint8Array> {
  const worker = new Worker(new URL('./fileWriter.worker.ts', import.meta.url), { type: 'module' });
  try {
    return await new Promise<Uint8Array>((resolve, reject) => {
      worker.onmessage = (e: MessageEvent<FileWriteReply>) => {
        const m = e.data;
        if (m.kind === 'progress') void onProgress?.(m.fraction);
        else if (m.kind === 'done') resolve(m.bytes);
        else reject(Object.assign(new Error(m.message), { name: m.name }));
      };
      worker.onerror = (e) => reject(new Error(`the export worker failed: ${e.message || 'it could not start'}`));
      worker.postMessage(request);
    });
  } finally {
    worker.terminate();
  }
}

/** Only the fields the writers read, so the message carries no engine objects. */
const plainPopulations = (ps: readonly { name: string; start: number; size: number }[]) =>
  ps.map(({ name, start, size }) => ({ name, start, size }));

export const WORKER_WRITERS: FileWriters = {
  spikesToSonata: (input, onProgress) =>
    writeInWorker({ kind: 'spikes-sonata', input: { ...input, populations: plainPopulations(input.populations) } }, onProgress),
  spikesToNwb: (input, onProgress) =>
    writeInWorker({ kind: 'spikes-nwb', input: { ...input, populations: plainPopulations(input.populations) } }, onProgress),
  networkToSonataZip: (model, onProgress) => writeInWorker({ kind: 'network-sonata', model }, onProgress),
};
