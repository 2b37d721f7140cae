/** Errors of the GPU runtime; each says what happened and what was kept. */

/** A resource does not fit the device: names the limit, what needs it and by how much. */
export class DeviceLimitError extends Error {
  constructor(
    readonly limit: string,
    readonly needed: number,
    readonly available: number,
    what: string,
  ) {
    super(
      `the network does not fit this GPU: ${what} needs ${limit} ≥ ${needed.toLocaleString('en-US')}, ` +
        `but the device allows ${available.toLocaleString('en-US')} (over by ${(needed - available).toLocaleString('en-US')}, ` +
        `${(needed / available).toFixed(2)}×)`,
    );
    this.name = 'DeviceLimitError';
  }
}

/** The device was lost; `atTimeMs` is the simulated time a run had reached (null where there is none, as in training). */
export class DeviceLostError extends Error {
  constructor(
    readonly reason: string,
    readonly atTimeMs: number | null,
  ) {
    super(
      atTimeMs === null
        ? `the GPU device was lost (${reason})`
        : `the GPU device was lost (${reason}) at t = ${atTimeMs.toFixed(3)} ms; recorded data up to then is kept.`,
    );
    this.name = 'DeviceLostError';
  }
}
