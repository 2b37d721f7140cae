/** An append-only typed array that doubles its capacity (for building synapse lists). */
export class GrowableArray<T extends Uint32Array | Int32Array | Float32Array> {
  length = 0;
  constructor(
    private data: T,
    private readonly make: (n: number) => T,
  ) {}

  push(x: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(Math.max(16, this.data.length * 2));
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = x;
  }

  get(i: number): number {
    return this.data[i];
  }

  /** A view of the filled part. */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

export const growU32 = () => new GrowableArray(new Uint32Array(1024), (n) => new Uint32Array(n));
export const growF32 = () => new GrowableArray(new Float32Array(1024), (n) => new Float32Array(n));
