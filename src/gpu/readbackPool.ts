/**
 * Staging buffers for reading GPU results back: reused once read, so a chunk loop allocates none
 * in steady state, and mapping is asynchronous, so several chunks can be in flight.
 */
/** Mapping a staging buffer failed (the device was lost, or the buffer is invalid): not a parse error. */
export class ReadbackMapError extends Error {
  constructor(override readonly cause: unknown) {
    super(`mapping a staging buffer failed: ${(cause as Error)?.message ?? cause}`);
    this.name = 'ReadbackMapError';
  }
}

const mappable = (bytes: number) => Math.max(16, Math.ceil(bytes / 4) * 4);

export class ReadbackPool {
  private readonly free: GPUBuffer[] = [];
  private destroyed = false;

  constructor(
    private readonly device: GPUDevice,
    private readonly label: string,
  ) {}

  /** A mappable buffer of at least `bytes`: the smallest free one that fits, else a new one. */
  take(bytes: number): GPUBuffer {
    let best = -1;
    for (let k = 0; k < this.free.length; k++)
      if (this.free[k].size >= bytes && (best < 0 || this.free[k].size < this.free[best].size)) best = k;
    if (best >= 0) return this.free.splice(best, 1)[0];
    return this.device.createBuffer({
      label: `${this.label}.staging`,
      size: mappable(bytes),
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
  }

  /** Returns a buffer taken from the pool (unmapped) for reuse; after `destroy()` it is destroyed instead. */
  give(buffer: GPUBuffer): void {
    if (this.destroyed) buffer.destroy();
    else this.free.push(buffer);
  }

  /**
   * Records a copy of `bytes` from `source` into a staging buffer on `encoder`; after the encoder
   * is submitted, the returned function maps it and resolves with a copy of the bytes.
   */
  copy(encoder: GPUCommandEncoder, source: GPUBuffer, bytes: number, sourceOffset = 0): () => Promise<ArrayBuffer> {
    const staging = this.take(bytes);
    if (bytes > 0) encoder.copyBufferToBuffer(source, sourceOffset, staging, 0, bytes);
    return () => this.mapped(staging, bytes, (range) => range.slice(0, bytes));
  }

  /**
   * Maps the first `bytes` of `staging` (already written by a submitted copy), hands them to
   * `parse`, and returns the buffer to the pool. A failed map rejects with a ReadbackMapError; an
   * error of `parse` comes through as it is.
   */
  async mapped<T>(staging: GPUBuffer, bytes: number, parse: (range: ArrayBuffer) => T): Promise<T> {
    const size = Math.min(staging.size, mappable(bytes));
    try {
      await staging.mapAsync(GPUMapMode.READ, 0, size);
    } catch (e) {
      staging.destroy();
      throw new ReadbackMapError(e);
    }
    try {
      return parse(staging.getMappedRange(0, size));
    } finally {
      staging.unmap();
      this.give(staging);
    }
  }

  /** Reads `bytes` of `source` now (one submit). */
  read(source: GPUBuffer, bytes: number, sourceOffset = 0): Promise<ArrayBuffer> {
    const encoder = this.device.createCommandEncoder({ label: `${this.label}.read` });
    const done = this.copy(encoder, source, bytes, sourceOffset);
    this.device.queue.submit([encoder.finish()]);
    return done();
  }

  destroy(): void {
    this.destroyed = true;
    for (const b of this.free) b.destroy();
    this.free.length = 0;
  }
}
