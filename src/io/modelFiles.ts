/**
 * A model from the files a user opens together (the page's "Open model file…", DOM-free):
 *   - a NIR graph (`.nir`), driven by an input CSV (`time_ms,value[,value…]`) when one comes with it;
 *   - a SONATA network: `circuit_config.json` with the nodes, edges and type files it names, or a
 *     zip holding them (Luciole's own "Network SONATA" export is one);
 *   - a model JSON, with the spike files its SpikeSourceArrays name (`spikeTimesFrom`).
 * Files are matched to the paths a config or model names by path, then by file name alone.
 */
import { unzipSync } from 'fflate';
import { readModelJson, type ModelInput } from '../model/schema';
import { readNir } from './nir/nirGraph';
import { nirToModel } from './nir/nirModel';
import { applyNirInput } from './nir/nirInput';
import { sonataToModel } from './sonataNetworkImport';
import { resolveSpikeSources } from './spikeSources';

export interface OpenedFile {
  name: string;
  bytes: Uint8Array;
}

export class ModelFilesError extends Error {
  override name = 'ModelFilesError';
}

/** True for a SONATA circuit config (networks.nodes…) rather than a Luciole model. */
export function isSonataConfig(text: string): boolean {
  try {
    const j = JSON.parse(text) as { format?: unknown; networks?: unknown };
    return j.format === undefined && typeof j.networks === 'object' && j.networks !== null;
  } catch {
    return false;
  }
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const ext = (name: string) => name.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? '';
const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);
/** A zip's local-file-header signature, PK\x03\x04 (a file named without .zip is still one). */
const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const normalise = (path: string) => path.replace(/^(\.\/)+/, '').replace(/\/\.\//g, '/');

/** The model the files describe, the main file's name (`source`) and a label for the page (that name; a SONATA network's model name). */
export async function modelFromFiles(opened: readonly OpenedFile[]): Promise<{ model: ModelInput; label: string; source: string }> {
  if (!opened.length) throw new ModelFilesError('no file was opened');
  // Zips are opened into their entries, each under its path inside the zip.
  const files: OpenedFile[] = [];
  for (const f of opened) {
    if (ext(f.name) !== 'zip' && !isZip(f.bytes)) files.push(f);
    else {
      let entries: Record<string, Uint8Array>;
      try {
        entries = unzipSync(f.bytes);
      } catch (e) {
        throw new ModelFilesError(`${f.name}: not a readable zip file (${(e as Error).message})`);
      }
      for (const [path, bytes] of Object.entries(entries)) if (!path.endsWith('/')) files.push({ name: path, bytes });
    }
  }
  const names = files.map((f) => f.name);
  const find = (path: string, neededBy: string): Uint8Array => {
    const p = normalise(path);
    const byPath = files.filter(
      (f) => normalise(f.name) === p || normalise(f.name).endsWith(`/${p}`) || p.endsWith(`/${normalise(f.name)}`),
    );
    const candidates = byPath.length ? byPath : files.filter((f) => baseName(f.name) === baseName(p));
    if (candidates.length === 1) return candidates[0].bytes;
    if (candidates.length > 1)
      throw new ModelFilesError(
        `${neededBy} names ${path}, and several opened files match it: ${candidates.map((f) => f.name).join(', ')}`,
      );
    throw new ModelFilesError(
      `${neededBy} names ${path}, which is not among the opened files (${names.join(', ')}): open it together with ${neededBy}`,
    );
  };
  const label = (name: string) => baseName(name).replace(/\.[^.]*$/, '');

  const nir = files.filter((f) => ext(f.name) === 'nir');
  if (nir.length > 1) throw new ModelFilesError(`open one NIR graph at a time, not ${nir.map((f) => f.name).join(' and ')}`);
  if (nir.length === 1) {
    const graph = nir[0];
    let model = nirToModel(graph.name, await readNir(graph.name, graph.bytes));
    const inputs = files.filter((f) => ext(f.name) === 'csv');
    if (inputs.length > 1) throw new ModelFilesError(`a NIR graph takes one input CSV, not ${inputs.map((f) => f.name).join(' and ')}`);
    if (inputs.length === 1) {
      const applied = applyNirInput(model, inputs[0].name, text(inputs[0].bytes));
      model = { ...applied.model, durationMs: +(applied.rows * (applied.model.dt ?? 0.1)).toFixed(9) };
    }
    return { model, label: baseName(graph.name), source: graph.name };
  }

  const json = files.filter((f) => ext(f.name) === 'json');
  const configs = json.filter((f) => isSonataConfig(text(f.bytes)));
  if (configs.length > 1) throw new ModelFilesError(`open one SONATA network at a time, not ${configs.map((f) => f.name).join(' and ')}`);
  if (configs.length === 1) {
    const config = configs[0];
    const model = await sonataToModel(config.name, (path) => (path === config.name ? config.bytes : find(path, config.name)));
    return {
      model,
      label: model.name ?? (label(config.name) === 'circuit_config' ? 'sonata-network' : label(config.name)),
      source: config.name,
    };
  }

  const models = json.filter((f) => !configs.includes(f));
  if (models.length > 1) throw new ModelFilesError(`open one model at a time, not ${models.map((f) => f.name).join(' and ')}`);
  if (models.length === 1) {
    const m = models[0];
    const model = await resolveSpikeSources(readModelJson(text(m.bytes)) as ModelInput, (file) => find(file, m.name));
    return { model, label: baseName(m.name), source: m.name };
  }
  throw new ModelFilesError(
    `${names.join(', ')}: expected a model (.json), a NIR graph (.nir, with an input .csv if it has one), or a SONATA network (circuit_config.json with its files, or a zip of them)`,
  );
}
