/**
 * Staging buffers for reading GPU results back: reused once read, so a chunk loop allocates none
 * in steady state, and mapping is asynchronous, so several chunks can be in flight.
 */
export class ReadbackPool {
  private readonly free: GPUBuffer[] = [];

  constructor(
    private readonly device: GPUDevice,
    private readonly label: string,
  ) {}

  /** A mappable buffer of at least `bytes` (reused when one is free). */
  take(bytes: number): GPUBuffer {
    const k = this.free.findIndex((b) => b.size >= bytes);
    if (k >= 0) return this.free.splice(k, 1)[0];
    return this.device.createBuffer({
      label: `${this.label}.staging`,
      size: Math.max(16, Math.ceil(bytes / 4) * 4),
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
  }

  /** Returns a buffer taken from the pool (unmapped) for reuse. */
  give(buffer: GPUBuffer): void {
    this.free.push(buffer);
  }

  /**
   * Records a copy of `bytes` from `source` into a staging buffer on `encoder`; after the encoder
   * is submitted, the returned function maps it and resolves with a copy of the bytes.
   */
  copy(encoder: GPUCommandEncoder, source: GPUBuffer, bytes: number, sourceOffset = 0): () => Promise<ArrayBuffer> {
    const staging = this.take(bytes);
    if (bytes > 0) encoder.copyBufferToBuffer(source, sourceOffset, staging, 0, bytes);
    return () => this.mapped(staging, bytes, (range) => range.slice(0));
  }

  /** Maps `staging` (already written by a submitted copy), hands its first `bytes` to `parse`, and returns it to the pool. */
  async mapped<T>(staging: GPUBuffer, bytes: number, parse: (range: ArrayBuffer) => T): Promise<T> {
    await staging.mapAsync(GPUMapMode.READ);
    try {
      return parse(staging.getMappedRange(0, Math.max(4, Math.ceil(bytes / 4) * 4)));
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
    for (const b of this.free) b.destroy();
    this.free.length = 0;
  }
}
