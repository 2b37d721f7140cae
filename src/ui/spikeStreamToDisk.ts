/**
 * Streams a run's spikes to a CSV file on disk as they are recorded, so that a long run keeps
 * every spike however small the in-memory recording budget is. The file is one the user picks
 * (File System Access API, `showSaveFilePicker`) or, where that API is missing, one in the
 * origin-private file system (OPFS), downloaded when the stream ends.
 *
 * The file starts with the spikes already recorded in memory, then every chunk as it is read
 * back (Run.addSpikeSink); writes are queued in order, and `backlogBytes` lets the caller hold the
 * run back while the disk catches up. The queue holds each chunk's text encoded to bytes at once:
 * a CSV built by concatenation is a rope of small strings, several times its length in heap.
 */
import type { Run } from '../engine/run';
import { SPIKES_CSV_HEADER, spikesCsvLines } from '../io/spikesCsv';

type SaveFilePicker = (options: {
  suggestedName: string;
  types: { description: string; accept: Record<string, string[]> }[];
}) => Promise<FileSystemFileHandle>;

export type StreamTarget = 'picked file' | 'origin-private file system';

const encoder = new TextEncoder();

export class SpikeStreamToDisk {
  /** Spikes and bytes handed to the file so far. */
  spikes = 0;
  bytes = 0;
  /** Why writing stopped, or null while it goes on. */
  error: string | null = null;
  private queue: Promise<void> = Promise.resolve();
  private queuedBytes = 0;
  private stopSink: () => void = () => {};
  private finished = false;

  private constructor(
    readonly fileName: string,
    readonly target: StreamTarget,
    private readonly handle: FileSystemFileHandle,
    private readonly writable: FileSystemWritableFileStream,
    private readonly dtMs: number,
  ) {}

  /**
   * Asks where to write (a picked file, else OPFS) and starts streaming `run`'s spikes there.
   * Rejects with the browser's reason when no file can be opened (the picker cancelled, say).
   */
  static async start(run: Run, suggestedName: string): Promise<SpikeStreamToDisk> {
    const picker = (globalThis as { showSaveFilePicker?: SaveFilePicker }).showSaveFilePicker;
    let handle: FileSystemFileHandle;
    let target: StreamTarget;
    if (picker) {
      handle = await picker({ suggestedName, types: [{ description: 'Spikes CSV', accept: { 'text/csv': ['.csv'] } }] });
      target = 'picked file';
    } else {
      if (!navigator.storage?.getDirectory) throw new Error('this browser offers neither a file picker nor an origin-private file system');
      handle = await (await navigator.storage.getDirectory()).getFileHandle(suggestedName, { create: true });
      target = 'origin-private file system';
    }
    const stream = new SpikeStreamToDisk(handle.name, target, handle, await handle.createWritable(), run.dt);
    stream.attach(run, true);
    return stream;
  }

  /**
   * Streams `run` from now on. With `withRecorded`, the spikes it holds in memory go first: they and
   * the sink are taken in one synchronous step, so no chunk falls between them.
   */
  attach(run: Run, withRecorded = false): void {
    this.stopSink();
    if (withRecorded) {
      const { neurons, steps } = run.spikes();
      this.enqueue(`${SPIKES_CSV_HEADER}\n`, 0);
      this.enqueue(spikesCsvLines(neurons, steps, this.dtMs), neurons.length);
    }
    this.stopSink = run.addSpikeSink((neurons, steps) => this.enqueue(spikesCsvLines(neurons, steps, this.dtMs), neurons.length));
  }

  /** Bytes handed over but not yet written. */
  get backlogBytes(): number {
    return this.queuedBytes;
  }

  /** Resolves once everything handed over so far is written (or writing failed). */
  drained(): Promise<void> {
    return this.queue;
  }

  get active(): boolean {
    return !this.finished && this.error === null;
  }

  private enqueue(text: string, spikes: number): void {
    if (!this.active || !text) return;
    const bytes = encoder.encode(text);
    this.spikes += spikes;
    this.bytes += bytes.length;
    this.queuedBytes += bytes.length;
    this.queue = this.queue.then(async () => {
      if (this.error !== null) return;
      try {
        await this.writable.write(bytes);
      } catch (e) {
        this.error = (e as Error).message || String(e);
        this.stopSink();
      } finally {
        this.queuedBytes -= bytes.length;
      }
    });
  }

  /**
   * Stops streaming and closes the file once every queued write is done. Returns the file when it
   * lives in OPFS (for the page to download), else null.
   */
  async finish(): Promise<File | null> {
    this.stopSink();
    this.finished = true;
    await this.queue;
    try {
      await this.writable.close();
    } catch (e) {
      this.error ??= (e as Error).message || String(e);
    }
    return this.target === 'origin-private file system' ? this.handle.getFile() : null;
  }
}
