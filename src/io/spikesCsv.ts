/**
 * Spike trains as CSV: a header `neuron_id,time_ms`, then one spike per line in time order.
 * Times are printed with as many decimals as the time step has, so they read back exactly.
 */

export const SPIKES_CSV_HEADER = 'neuron_id,time_ms';

export function decimalsOf(dt: number): number {
  const s = String(dt);
  const exp = /e-(\d+)$/.exec(s);
  if (exp) return Number(exp[1]) + (s.split('e')[0].split('.')[1]?.length ?? 0);
  return s.split('.')[1]?.length ?? 0;
}

/** Yields the CSV in pieces of at most `linesPerPiece` lines (for streaming large recordings). */
export function* spikesCsvPieces(neurons: Uint32Array, steps: Uint32Array, dt: number, linesPerPiece = 100_000): Generator<string> {
  yield `${SPIKES_CSV_HEADER}\n`;
  const digits = decimalsOf(dt);
  for (let start = 0; start < neurons.length; start += linesPerPiece) {
    const end = Math.min(neurons.length, start + linesPerPiece);
    const lines: string[] = [];
    for (let k = start; k < end; k++) lines.push(`${neurons[k]},${(steps[k] * dt).toFixed(digits)}`);
    yield `${lines.join('\n')}\n`;
  }
}

/** The lines of some spikes, without the header (for streaming a recording as it runs). */
export function spikesCsvLines(neurons: Uint32Array, steps: Uint32Array, dt: number): string {
  const digits = decimalsOf(dt);
  let out = '';
  for (let k = 0; k < neurons.length; k++) out += `${neurons[k]},${(steps[k] * dt).toFixed(digits)}\n`;
  return out;
}

export function spikesToCsv(neurons: Uint32Array, steps: Uint32Array, dt: number): string {
  return [...spikesCsvPieces(neurons, steps, dt)].join('');
}

/** Parses `neuron_id,time_ms` CSV back (for tests and re-import). */
export function parseSpikesCsv(text: string): { neurons: number[]; timesMs: number[] } {
  const lines = text.trimEnd().split('\n');
  if (lines[0] !== SPIKES_CSV_HEADER) throw new Error(`line 1: expected header "${SPIKES_CSV_HEADER}", got "${lines[0]}"`);
  const neurons: number[] = [];
  const timesMs: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const [a, b, extra] = lines[i].split(',');
    const id = Number(a);
    const t = Number(b);
    if (extra !== undefined || !Number.isInteger(id) || !Number.isFinite(t))
      throw new Error(`line ${i + 1}: expected "neuron_id,time_ms", got "${lines[i]}"`);
    neurons.push(id);
    timesMs.push(t);
  }
  return { neurons, timesMs };
}
