/** Errors the engine reports to users; each says what happened and what was kept. */

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

export class NonFiniteStateError extends Error {
  constructor(
    readonly population: string,
    readonly step: number,
    readonly timeMs: number,
    kind: 'population' | 'oscillator group' = 'population',
  ) {
    super(
      `${kind} "${population}" has a non-finite state (NaN or ±Inf) at step ${step} (t = ${timeMs.toFixed(3)} ms); ` +
        `the simulation stopped there. Recorded data up to that time is kept; change the parameters or reset.`,
    );
    this.name = 'NonFiniteStateError';
  }
}

export class DeviceLostError extends Error {
  constructor(
    readonly reason: string,
    readonly atTimeMs: number,
  ) {
    super(`the GPU device was lost (${reason}) at t = ${atTimeMs.toFixed(3)} ms; recorded data up to then is kept.`);
    this.name = 'DeviceLostError';
  }
}

export class ParameterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParameterError';
  }
}
