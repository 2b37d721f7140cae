/**
 * `--input file.csv` for a graph's Input node: a header, then one row per time step,
 * `time_ms,value[,value…]`, one value per input channel, 0 or 1 (a spike). Row k (time k·dt) is
 * sent in step k − 1 so that, after the one-step delivery, it acts in step k as in the graph; a
 * spike in row 0 cannot arrive in time and is refused. Every error names the line and column.
 */
import type { ModelInput } from '../../model/schema';
import { NirError } from './nirGraph';

/** The model with the Input node's spikes from the file, and the number of rows (steps) the file holds. */
export function applyNirInput(model: ModelInput, fileName: string, text: string): { model: ModelInput; rows: number } {
  const inputs = (model.populations ?? []).filter((p) => p.cellType === 'SpikeSourceArray');
  if (inputs.length !== 1)
    throw new NirError(
      `${fileName}: --input drives one Input node; the graph has ${inputs.length} (${inputs.map((p) => p.name).join(', ') || 'none'})`,
    );
  const input = inputs[0];
  const dt = model.dt ?? 0.1;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = lines[0].split(',').map((s) => s.trim());
  if (header[0] !== 'time_ms')
    throw new NirError(`${fileName}: line 1, column 1: expected the header time_ms,value[,value…], got "${lines[0].slice(0, 40)}"`);
  if (header.length - 1 !== input.size)
    throw new NirError(
      `${fileName}: line 1: ${header.length - 1} value columns, but the Input node ${input.name} has ${input.size} channels`,
    );
  const times: number[][] = Array.from({ length: input.size }, () => []);
  let rows = 0;
  for (let n = 1; n < lines.length; n++) {
    if (!lines[n].trim()) continue;
    const cells = lines[n].split(',');
    if (cells.length !== header.length)
      throw new NirError(`${fileName}: line ${n + 1}: ${cells.length} columns, expected ${header.length}`);
    const t = Number(cells[0]);
    const expected = rows * dt;
    if (cells[0].trim() === '' || !(Math.abs(t - expected) <= 1e-6 * Math.max(1, expected)))
      throw new NirError(
        `${fileName}: line ${n + 1}, column 1: expected time ${+expected.toFixed(6)} ms (one row per ${dt} ms step), got "${cells[0]}"`,
      );
    for (let c = 1; c < cells.length; c++) {
      const v = cells[c].trim();
      if (v !== '0' && v !== '1' && v !== '0.0' && v !== '1.0')
        throw new NirError(`${fileName}: line ${n + 1}, column ${c + 1}: expected 0 or 1 (a spike input), got "${v}"`);
      if (Number(v) === 1) {
        if (rows === 0)
          throw new NirError(
            `${fileName}: line ${n + 1}, column ${c + 1}: a spike at t = 0 cannot act in step 0 (Luciole delivers one step after sending); start the input with a row of zeros`,
          );
        times[c - 1].push(+((rows - 1) * dt).toFixed(9));
      }
    }
    rows++;
  }
  const out = structuredClone(model);
  const target = out.populations!.find((p) => p.name === input.name)!;
  target.spikeTimes = times;
  return { model: out, rows };
}
