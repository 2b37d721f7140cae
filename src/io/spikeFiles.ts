/**
 * Reading spike files that Luciole or another simulator wrote, into a SpikeTable:
 *   SONATA spike reports  /spikes/<population>/{timestamps, node_ids} (NEST, BMTK, Luciole);
 *                         also the older single-population /spikes/{timestamps, gids}
 *   NWB 2.x               /units spike_times + spike_times_index (+ population, node_id columns
 *                         where present; rows grouped by population, else one population "units")
 *   CSV                   Luciole's `neuron_id,time_ms`, or NEST's spike recorder text
 *                         (`sender time_ms`, tab or space separated, `#` comment lines)
 *   NPZ                   Brian2 SpikeMonitor layout: i (neuron), t (s)
 * The format is read from the bytes (the HDF5 signature, a zip's "PK"), not the name. Every error
 * names the file, and the line and column or the HDF5 path.
 */
import { unzipSync } from 'fflate';
import { hdf5SignatureAt, readHdf5 } from './hdf5File';
import { parseNpy } from './spikesNpz';
import type { SpikeTable } from './spikeTable';

export type SpikeFileFormat = 'sonata' | 'nwb' | 'csv' | 'nest-text' | 'npz';

export interface SpikeFile extends SpikeTable {
  format: SpikeFileFormat;
  fileName: string;
}

export class SpikeFileError extends Error {
  override name = 'SpikeFileError';
}

export async function readSpikeFile(fileName: string, bytes: Uint8Array): Promise<SpikeFile> {
  if (hdf5SignatureAt(bytes) >= 0 || /\.(h5|hdf5|nwb)$/i.test(fileName)) return readHdf5Spikes(fileName, bytes);
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return readNpz(fileName, bytes);
  return readText(fileName, new TextDecoder('utf-8', { fatal: false }).decode(bytes));
}

function readHdf5Spikes(fileName: string, bytes: Uint8Array): Promise<SpikeFile> {
  return readHdf5(
    fileName,
    bytes,
    (file, h5wasm) => {
      const fail = (what: string) => new SpikeFileError(`${fileName}: ${what}`);
      const values = (p: string): ArrayLike<number | bigint> => {
        const d = file.get(p);
        if (!(d instanceof h5wasm.Dataset)) throw fail(`/${p} is missing`);
        let v: unknown;
        try {
          v = d.value;
        } catch {
          throw fail(`/${p} could not be read (corrupted)`);
        }
        if (!(ArrayBuffer.isView(v) || Array.isArray(v))) throw fail(`/${p}: expected numbers, got ${JSON.stringify(d.dtype)}`);
        return v as ArrayLike<number | bigint>;
      };
      const keys = file.keys();
      if (keys.includes('spikes')) return readSonata(fileName, file, values, fail, h5wasm.Group);
      if (keys.includes('units')) return readNwb(fileName, file, values, fail);
      throw fail(
        `neither a SONATA spike report (/spikes) nor an NWB file with a Units table (/units); it holds ${keys.map((k) => '/' + k).join(', ') || 'nothing'}`,
      );
    },
    { error: SpikeFileError },
  );
}

type Values = (path: string) => ArrayLike<number | bigint>;
type Fail = (what: string) => SpikeFileError;
interface H5Like {
  get(path: string): unknown;
  keys(): string[];
}

function readSonata(fileName: string, file: H5Like, values: Values, fail: Fail, Group: new (...a: never[]) => unknown): SpikeFile {
  const spikes = file.get('spikes') as H5Like & { attrs?: unknown };
  const names = spikes.keys();
  // The older layout: one population, /spikes/timestamps and /spikes/gids (or node_ids).
  const flat = names.includes('timestamps') && !(spikes.get('timestamps') instanceof Group);
  const groups = flat
    ? [{ name: 'spikes', path: 'spikes' }]
    : names.filter((n) => spikes.get(n) instanceof Group).map((n) => ({ name: n, path: `spikes/${n}` }));
  if (!groups.length) throw fail('/spikes holds no population groups');
  const neurons: number[] = [];
  const times: number[] = [];
  const populations: SpikeTable['populations'] = [];
  let start = 0;
  for (const g of groups) {
    const group = file.get(g.path) as H5Like;
    const members = group.keys();
    if (!members.includes('timestamps'))
      throw fail(`/${g.path} has no timestamps dataset (SONATA spike reports need /spikes/<population>/timestamps)`);
    const idName = members.includes('node_ids') ? 'node_ids' : members.includes('gids') ? 'gids' : null;
    if (!idName) throw fail(`/${g.path} has no node_ids dataset`);
    const t = values(`${g.path}/timestamps`);
    const ids = values(`${g.path}/${idName}`);
    if (t.length !== ids.length) throw fail(`/${g.path}: ${t.length} timestamps but ${ids.length} ${idName}`);
    const unitsAttr = (file.get(`${g.path}/timestamps`) as { attrs: Record<string, { value: unknown }> }).attrs.units?.value;
    const scale = unitsAttr === 's' ? 1000 : 1;
    if (unitsAttr !== undefined && unitsAttr !== 'ms' && unitsAttr !== 's')
      throw fail(`/${g.path}/timestamps: units "${String(unitsAttr)}", expected ms or s`);
    let size = 0;
    for (let k = 0; k < ids.length; k++) {
      const id = Number(ids[k]);
      const time = Number(t[k]) * scale;
      if (!(Number.isInteger(id) && id >= 0)) throw fail(`/${g.path}/${idName}[${k}]: expected a node id ≥ 0, got ${id}`);
      if (!Number.isFinite(time)) throw fail(`/${g.path}/timestamps[${k}]: expected a time, got ${time}`);
      size = Math.max(size, id + 1);
      neurons.push(start + id);
      times.push(time);
    }
    populations.push({ name: g.name, start, size });
    start += size;
  }
  return finish(fileName, 'sonata', populations, neurons, times, null);
}

function readNwb(fileName: string, file: H5Like, values: Values, fail: Fail): SpikeFile {
  const units = file.get('units') as H5Like;
  const members = units.keys();
  for (const need of ['spike_times', 'spike_times_index', 'id'])
    if (!members.includes(need)) throw fail(`/units has no ${need} (an NWB Units table needs spike_times, spike_times_index and id)`);
  const times = values('units/spike_times');
  const ends = values('units/spike_times_index');
  const ids = values('units/id');
  if (ends.length !== ids.length) throw fail(`/units: ${ends.length} rows in spike_times_index but ${ids.length} ids`);
  const rows = ids.length;
  const popColumn = members.includes('population') ? ((file.get('units/population') as { value: unknown }).value as string[]) : null;
  const order: string[] = [];
  const rowPop = new Array<number>(rows);
  for (let r = 0; r < rows; r++) {
    const name = popColumn ? String(popColumn[r]) : 'units';
    let p = order.indexOf(name);
    if (p < 0) p = order.push(name) - 1;
    rowPop[r] = p;
  }
  // Rows grouped by population, in file order within each: row → global neuron index.
  const sizes = order.map((_, p) => rowPop.filter((q) => q === p).length);
  const starts = sizes.map((_, p) => sizes.slice(0, p).reduce((a, b) => a + b, 0));
  const filled = sizes.map(() => 0);
  const neurons: number[] = [];
  const out: number[] = [];
  let from = 0;
  for (let r = 0; r < rows; r++) {
    const end = Number(ends[r]);
    if (!(Number.isInteger(end) && end >= from && end <= times.length))
      throw fail(`/units/spike_times_index[${r}] = ${end}: expected a value in ${from}..${times.length} (the index must not decrease)`);
    const g = starts[rowPop[r]] + filled[rowPop[r]]++;
    for (let k = from; k < end; k++) {
      const t = Number(times[k]) * 1000; // NWB times are in seconds
      if (!Number.isFinite(t)) throw fail(`/units/spike_times[${k}]: expected a time, got ${times[k]}`);
      neurons.push(g);
      out.push(t);
    }
    from = end;
  }
  let tStop: number | null = null;
  if (members.includes('obs_intervals')) {
    const oi = values('units/obs_intervals');
    for (let k = 1; k < oi.length; k += 2) tStop = Math.max(tStop ?? 0, Number(oi[k]) * 1000);
  }
  const populations = order.map((name, p) => ({ name, start: starts[p], size: sizes[p] }));
  return finish(fileName, 'nwb', populations, neurons, out, tStop);
}

function readNpz(fileName: string, bytes: Uint8Array): SpikeFile {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (e) {
    throw new SpikeFileError(`${fileName}: not a readable NPZ (zip) file: ${(e as Error).message}`);
  }
  for (const need of ['i.npy', 't.npy'])
    if (!entries[need])
      throw new SpikeFileError(`${fileName}: the NPZ has no ${need.slice(0, 1)} array (Brian2's SpikeMonitor layout: i, t in s)`);
  let i: Int32Array | Float64Array;
  let t: Int32Array | Float64Array;
  try {
    i = parseNpy(entries['i.npy']);
    t = parseNpy(entries['t.npy']);
  } catch (e) {
    throw new SpikeFileError(`${fileName}: ${(e as Error).message}`);
  }
  if (i.length !== t.length) throw new SpikeFileError(`${fileName}: ${i.length} neuron indices but ${t.length} times`);
  const neurons = Array.from(i);
  const size = neurons.reduce((m, g) => Math.max(m, g + 1), 0);
  return finish(
    fileName,
    'npz',
    [{ name: 'neurons', start: 0, size }],
    neurons,
    Array.from(t, (s) => s * 1000),
    null,
  );
}

/** Luciole's CSV, or NEST's spike-recorder text. */
function readText(fileName: string, text: string): SpikeFile {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let k = 0;
  while (k < lines.length && (lines[k].startsWith('#') || !lines[k].trim())) k++;
  if (k === lines.length)
    throw new SpikeFileError(`${fileName}: no spikes header (expected "neuron_id,time_ms", or NEST's "sender time_ms")`);
  const header = lines[k];
  const csv = header.trim() === 'neuron_id,time_ms';
  const nest = !csv && /^sender\s+time_ms\s*$/.test(header.trim());
  if (!csv && !nest)
    throw new SpikeFileError(
      `${fileName}: line ${k + 1}: expected the header "neuron_id,time_ms" (or NEST's "sender time_ms"), got "${header.slice(0, 60)}"`,
    );
  const split = csv ? (l: string) => l.split(',') : (l: string) => l.trim().split(/\s+/);
  const neurons: number[] = [];
  const times: number[] = [];
  for (let n = k + 1; n < lines.length; n++) {
    const line = lines[n];
    if (!line.trim() || line.startsWith('#')) continue;
    const cells = split(line);
    if (cells.length !== 2) throw new SpikeFileError(`${fileName}: line ${n + 1}: expected 2 columns, got ${cells.length}`);
    const id = Number(cells[0]);
    const t = Number(cells[1]);
    if (!(cells[0].trim() !== '' && Number.isInteger(id) && id >= 0))
      throw new SpikeFileError(`${fileName}: line ${n + 1}, column 1: expected a neuron id ≥ 0, got "${cells[0]}"`);
    if (!(cells[1].trim() !== '' && Number.isFinite(t)))
      throw new SpikeFileError(
        `${fileName}: line ${n + 1}, column ${csv ? line.indexOf(',') + 2 : 2}: expected a time in ms, got "${cells[1]}"`,
      );
    neurons.push(id);
    times.push(t);
  }
  // NEST numbers its nodes from 1; Luciole's CSV from 0.
  const first = nest ? neurons.reduce((m, g) => Math.min(m, g), Infinity) : 0;
  const base = nest && Number.isFinite(first) ? Math.min(first, 1) : 0;
  const shifted = neurons.map((g) => g - base);
  const size = shifted.reduce((m, g) => Math.max(m, g + 1), 0);
  return finish(fileName, csv ? 'csv' : 'nest-text', [{ name: 'neurons', start: 0, size }], shifted, times, null);
}

function finish(
  fileName: string,
  format: SpikeFileFormat,
  populations: SpikeTable['populations'],
  neurons: number[],
  times: number[],
  tStopMs: number | null,
): SpikeFile {
  let last = 0;
  for (const t of times) last = Math.max(last, t);
  let first = 0;
  for (const t of times) first = Math.min(first, t);
  return {
    format,
    fileName,
    populations,
    neurons: Uint32Array.from(neurons),
    timesMs: Float64Array.from(times),
    tStartMs: first,
    tStopMs: tStopMs ?? last,
  };
}
