/**
 * Oscillator exports: the order parameter r(t), ψ(t) (per group when there are several, and the
 * AKOrN energy), and phase snapshots. Times in ms, phases in rad.
 */
export interface OrderColumns {
  timesMs: Float64Array;
  r: Float32Array;
  psi: Float32Array;
  energy?: Float32Array;
  groups?: { name: string; r: Float32Array; psi: Float32Array }[];
}

/** CSV `time_ms,r,psi[,r_<group>,psi_<group>…][,energy]`, in pieces of about 1 MB. */
export function* orderParameterCsvPieces(c: OrderColumns): Generator<string> {
  const groups = c.groups && c.groups.length > 1 ? c.groups : [];
  const header = ['time_ms', 'r', 'psi', ...groups.flatMap((g) => [`r_${g.name}`, `psi_${g.name}`]), ...(c.energy ? ['energy'] : [])];
  let piece = header.join(',') + '\n';
  for (let k = 0; k < c.timesMs.length; k++) {
    let line = `${+c.timesMs[k].toFixed(6)},${c.r[k]},${c.psi[k]}`;
    for (const g of groups) line += `,${g.r[k]},${g.psi[k]}`;
    if (c.energy) line += `,${c.energy[k]}`;
    piece += line + '\n';
    if (piece.length > 1 << 20) {
      yield piece;
      piece = '';
    }
  }
  if (piece) yield piece;
}

/** Header of a phase-snapshot CSV: `time_ms,oscillator,theta` or `time_ms,oscillator,x0,…`. */
export function phaseCsvHeader(stateWidth: number): string {
  return stateWidth === 1
    ? 'time_ms,oscillator,theta\n'
    : `time_ms,oscillator,${Array.from({ length: stateWidth }, (_, k) => `x${k}`).join(',')}\n`;
}

/** One snapshot's rows. */
export function phaseCsvRows(timeMs: number, state: Float64Array, stateWidth: number): string {
  const n = state.length / stateWidth;
  const t = +timeMs.toFixed(6);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    let line = `${t},${i}`;
    for (let k = 0; k < stateWidth; k++) line += `,${Math.fround(state[i * stateWidth + k])}`;
    lines.push(line);
  }
  return lines.join('\n') + '\n';
}
