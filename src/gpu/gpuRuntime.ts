/**
 * The one GPU runtime under every GPU stack (spiking network, oscillators, learning): it is
 * handed a GPUDevice and owns what they all need — device loss, error scopes, buffer allocation
 * with limit checks before allocating, and the readback pool. The stacks own only their buffers
 * and passes.
 */
import { checkDeviceLimits, type BufferPlan, type DispatchPlan } from './deviceLimits';
import { DeviceLostError } from './errors';
import { ReadbackMapError, ReadbackPool } from './readbackPool';

export class GpuRuntime {
  readonly readback: ReadbackPool;
  private lost: GPUDeviceLostInfo | null = null;
  private validationError: string | null = null;
  private destroyed = false;
  private readonly owned: GPUBuffer[] = [];

  /** `adapter` is shown to users, e.g. "NVIDIA … (Vulkan)" or "SwiftShader (software GPU)". */
  constructor(
    readonly device: GPUDevice,
    readonly adapter = 'WebGPU device',
  ) {
    this.readback = new ReadbackPool(device, 'GpuRuntime');
    // Loss is watched here rather than through an 'uncapturederror' listener: that listener
    // crashes the `webgpu` package in Node.
    void device.lost.then((info) => (this.lost = info));
  }

  /** Bytes of every buffer this runtime allocated (readback staging excluded). */
  get allocatedBytes(): number {
    let total = 0;
    for (const b of this.owned) total += b.size;
    return total;
  }

  get isLost(): boolean {
    return this.lost !== null;
  }

  /** Throws a DeviceLimitError naming the limit and the overshoot; call before allocating. */
  checkLimits(buffers: BufferPlan[], dispatches: DispatchPlan[] = [], storageBuffersPerStage?: { needed: number; what: string }): void {
    checkDeviceLimits(this.device.limits, buffers, dispatches, storageBuffersPerStage);
  }

  /**
   * A buffer of at least `bytes` (rounded up to 4, at least 16), checked against the binding
   * limits first; it is destroyed with the runtime.
   */
  createBuffer(label: string, bytes: number, usage: number): GPUBuffer {
    if (usage & GPUBufferUsage.STORAGE) this.checkLimits([{ label, bytes }]);
    const buffer = this.device.createBuffer({ label, size: Math.max(16, Math.ceil(bytes / 4) * 4), usage });
    this.owned.push(buffer);
    return buffer;
  }

  /** Writes a typed array at byte `offset` of `buffer` (nothing for an empty array). */
  write(buffer: GPUBuffer, data: ArrayBufferView | ArrayBuffer, offset = 0): void {
    const view = data instanceof ArrayBuffer ? new Uint8Array(data) : data;
    if (view.byteLength) this.device.queue.writeBuffer(buffer, offset, view.buffer, view.byteOffset, view.byteLength);
  }

  /**
   * Runs `make` (buffers, pipelines) inside validation and out-of-memory error scopes and says
   * what failed; a limit checked before allocating throws its own DeviceLimitError.
   */
  async build<T>(what: string, make: () => T): Promise<T> {
    this.device.pushErrorScope('out-of-memory');
    this.device.pushErrorScope('validation');
    let made: T | undefined;
    let thrown: unknown = null;
    try {
      made = make();
    } catch (e) {
      thrown = e;
    }
    // Both pops are issued at once, so an overlapping build cannot take one of them.
    const [validation, oom] = await Promise.all([this.device.popErrorScope(), this.device.popErrorScope()]);
    if (thrown) throw thrown;
    if (oom) throw new Error(`the GPU could not allocate ${what}: ${oom.message}`);
    if (validation) throw new Error(`WebGPU rejected ${what}: ${validation.message}`);
    return made as T;
  }

  /**
   * Encodes one command buffer with `encode` and submits it inside a validation scope; a
   * validation error makes every later `failure()` report it. Returns what `encode` returned and
   * a promise that settles once the scope has been checked.
   */
  submit<T>(label: string, encode: (encoder: GPUCommandEncoder) => T): { value: T; checked: Promise<void> } {
    this.device.pushErrorScope('validation');
    let value: T;
    try {
      const encoder = this.device.createCommandEncoder({ label });
      value = encode(encoder);
      this.device.queue.submit([encoder.finish()]);
    } catch (e) {
      void this.device.popErrorScope().catch(() => {});
      throw e;
    }
    const checked = this.device.popErrorScope().then(
      (e) => {
        if (e) this.validationError ??= e.message;
      },
      () => {},
    );
    return { value, checked };
  }

  /** Why no more work can run (device lost, a rejected submit, destroyed), or null. `atTimeMs` (a run's simulated time) is reported with a loss. */
  failure(atTimeMs: number | null = null): Error | null {
    if (this.lost) return new DeviceLostError(this.lost.message || this.lost.reason || 'unknown reason', atTimeMs);
    if (this.validationError) return new Error(`WebGPU error: ${this.validationError}`);
    if (this.destroyed) return new Error('the GPU resources of this run were destroyed');
    return null;
  }

  /**
   * The error to report when reading a result failed: the device's failure if there is one; a
   * failed map as a lost device; any other error (a result that fails its own checks) as it is.
   */
  readFailure(e: unknown, atTimeMs: number | null = null): Error {
    const failure = this.failure(atTimeMs);
    if (failure) return failure;
    if (e instanceof ReadbackMapError) return new DeviceLostError(String((e.cause as Error)?.message ?? e.cause), atTimeMs);
    return e as Error;
  }

  destroy(): void {
    this.destroyed = true;
    for (const b of this.owned) b.destroy();
    this.owned.length = 0;
    this.readback.destroy();
  }
}
