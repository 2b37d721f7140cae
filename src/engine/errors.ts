/** Errors the engine reports to users; each says what happened and what was kept (the GPU runtime's own are re-exported). */

export { DeviceLimitError, DeviceLostError } from '../gpu/errors';

export class NonFiniteStateError extends Error {
  constructor(
    readonly population: string,
    readonly step: number,
    readonly timeMs: number,
    kind: 'population' | 'oscillator group' | 'plastic projection' = 'population',
  ) {
    const what = kind === 'plastic projection' ? 'a non-finite weight, synapse variable or trace' : 'a non-finite state';
    super(
      `${kind} "${population}" has ${what} (NaN or ±Inf) at step ${step} (t = ${timeMs.toFixed(3)} ms); ` +
        `the simulation stopped there. Recorded data up to that time is kept; change the parameters or reset.`,
    );
    this.name = 'NonFiniteStateError';
  }
}

export class ParameterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParameterError';
  }
}
