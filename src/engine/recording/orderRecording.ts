/**
 * The recording store of an oscillator run: one row per step of (r, ψ) per group, (r, ψ) of all
 * oscillators and the energy (AKOrN). Row k is the state at t = k·dt; row 0 is the initial state.
 */
export interface OrderSeries {
  timesMs: Float64Array;
  r: Float32Array;
  psi: Float32Array;
  energy: Float32Array;
}

export class OrderRecording {
  private rows: Float32Array;
  private rowCount = 1;

  constructor(
    private readonly rowWords: number,
    private readonly numGroups: number,
    private readonly dtMs: number,
    private readonly initialRow: Float32Array,
  ) {
    this.rows = new Float32Array(rowWords * 1024);
    this.rows.set(initialRow);
  }

  get length(): number {
    return this.rowCount;
  }

  /** The first step (0-based within `rows`) whose row is not finite, or -1. */
  static firstNonFinite(rows: Float32Array, steps: number, rowWords: number, numGroups: number): { step: number; group: number } | null {
    for (let k = 0; k < steps; k++)
      for (let g = 0; g < numGroups; g++) if (!Number.isFinite(rows[k * rowWords + 2 * g])) return { step: k, group: g };
    return null;
  }

  /** Appends the first `steps` rows. */
  append(rows: Float32Array, steps: number): void {
    const w = this.rowWords;
    const need = (this.rowCount + steps) * w;
    if (need > this.rows.length) {
      const bigger = new Float32Array(Math.max(need, this.rows.length * 2));
      bigger.set(this.rows.subarray(0, this.rowCount * w));
      this.rows = bigger;
    }
    this.rows.set(rows.subarray(0, steps * w), this.rowCount * w);
    this.rowCount += steps;
  }

  /**
   * r(t), ψ(t) of group `group`, or of all oscillators when omitted; energy (AKOrN). With
   * `maxPoints`, an even subsample that always keeps the last row (for plots redrawn each frame).
   */
  series(group?: number, maxPoints = Infinity): OrderSeries {
    const w = this.rowWords;
    const G = this.numGroups;
    const col = group === undefined ? 2 * G : 2 * group;
    const rows = this.rowCount;
    const stride = Math.max(1, Math.ceil(rows / maxPoints));
    const picked = Math.ceil(rows / stride) + ((rows - 1) % stride ? 1 : 0);
    const out: OrderSeries = {
      timesMs: new Float64Array(picked),
      r: new Float32Array(picked),
      psi: new Float32Array(picked),
      energy: new Float32Array(picked),
    };
    for (let j = 0; j < picked; j++) {
      const k = Math.min(j * stride, rows - 1);
      out.timesMs[j] = k * this.dtMs;
      out.r[j] = this.rows[k * w + col];
      out.psi[j] = this.rows[k * w + col + 1];
      out.energy[j] = this.rows[k * w + 2 * G + 2];
    }
    return out;
  }

  /** Mean r of a group (all oscillators when omitted) over rows `fromRow` to the last, without copying. */
  meanR(group: number | undefined, fromRow: number): number {
    const col = group === undefined ? 2 * this.numGroups : 2 * group;
    let sum = 0;
    for (let k = fromRow; k < this.rowCount; k++) sum += this.rows[k * this.rowWords + col];
    return sum / Math.max(1, this.rowCount - fromRow);
  }

  /** The last recorded row (the state now). */
  latest(): Float32Array {
    const w = this.rowWords;
    return this.rows.slice((this.rowCount - 1) * w, this.rowCount * w);
  }

  clear(): void {
    this.rowCount = 1;
    this.rows.set(this.initialRow);
  }
}
