/**
 * Reads a user's connectome files into a model in a module worker (the page stays responsive),
 * reporting progress; resolves with the worker's reply: the model and the rows it skipped, or
 * the file, line and column of a malformed row.
 */
import type { ImportReply, ImportRequest } from './connectomeImport.worker';

export type ImportResult = Exclude<ImportReply, { kind: 'progress' }>;

export async function importConnectomeInWorker(request: ImportRequest, onProgress: (fraction: number) => void): Promise<ImportResult> {
  const worker = new Worker(new URL('./connectomeImport.worker.ts', import.meta.url), { type: 'module' });
  try {
    return await new Promise<ImportResult>((resolve) => {
      worker.onmessage = (e: MessageEvent<ImportReply>) => {
        if (e.data.kind === 'progress') onProgress(e.data.fraction);
        else resolve(e.data);
      };
      worker.onerror = (e) => resolve({ kind: 'error', message: e.message });
      worker.postMessage(request);
    });
  } finally {
    worker.terminate();
  }
}
