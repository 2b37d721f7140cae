/**
 * Writes the heavy binary exports (SONATA and NWB spikes through h5wasm, the zipped SONATA
 * network) off the main thread; posts progress, then the file's bytes (transferred) or the error.
 */
import { IN_THREAD_WRITERS } from '../../io/exports';
import type { SpikeReportInput } from '../../io/sonataSpikes';
import type { NwbInput } from '../../io/nwbUnits';
import type { Model } from '../../model/schema';

export type FileWriteRequest =
  { kind: 'spikes-sonata'; input: SpikeReportInput } | { kind: 'spikes-nwb'; input: NwbInput } | { kind: 'network-sonata'; model: Model };

export type FileWriteReply =
  { kind: 'progress'; fraction: number } | { kind: 'done'; bytes: Uint8Array } | { kind: 'error'; message: string; name: string };

const post = (m: FileWriteReply, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

self.onmessage = async (e: MessageEvent<FileWriteRequest>) => {
  const onProgress = (fraction: number) => post({ kind: 'progress', fraction });
  try {
    const r = e.data;
    const bytes =
      r.kind === 'spikes-sonata'
        ? await IN_THREAD_WRITERS.spikesToSonata(r.input, onProgress)
        : r.kind === 'spikes-nwb'
          ? await IN_THREAD_WRITERS.spikesToNwb(r.input, onProgress)
          : await IN_THREAD_WRITERS.networkToSonataZip(r.model, onProgress);
    post({ kind: 'done', bytes }, [bytes.buffer]);
  } catch (err) {
    post({ kind: 'error', message: (err as Error).message, name: (err as Error).name });
  }
};
