/**
 * Choosing neurons by what they are: names, cell types, hemispheres or an annotation (from a
 * population's `neuronInfo`). All given criteria must hold. Returns local indices, ready for a
 * stimulus's or recorder's `neurons`.
 */
import type { Population } from './schema';

export interface NeuronFilter {
  /** Names, or ids (local indices as text) for neurons without names. */
  names?: string[];
  cellTypes?: string[];
  hemispheres?: string[];
  annotation?: { key: string; values: string[] };
}

export class SelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectionError';
  }
}

export function selectNeurons(population: Population, filter: NeuronFilter): number[] {
  const info = population.neuronInfo ?? {};
  const need = <T>(list: T[] | undefined, what: string): T[] => {
    if (!list) throw new SelectionError(`population "${population.name}" has no ${what} to select by`);
    return list;
  };
  const tests: ((i: number) => boolean)[] = [];
  if (filter.names) {
    const names = info.names ?? [];
    const wanted = new Set(filter.names);
    const isId = (n: string) => /^\d+$/.test(n) && Number(n) < population.size && !names.includes(n);
    const unknown = filter.names.filter((n) => !names.includes(n) && !isId(n));
    if (unknown.length)
      throw new SelectionError(`no neuron named ${unknown.map((n) => `"${n}"`).join(', ')} in population "${population.name}"`);
    tests.push((i) => wanted.has(names[i]) || wanted.has(String(i)));
  }
  if (filter.cellTypes) {
    const types = need(info.cellTypes, 'cell types');
    const wanted = new Set(filter.cellTypes);
    tests.push((i) => wanted.has(types[i]));
  }
  if (filter.hemispheres) {
    const hemi = need(info.hemispheres, 'hemispheres');
    const wanted = new Set(filter.hemispheres);
    tests.push((i) => wanted.has(hemi[i]));
  }
  if (filter.annotation) {
    const all = info.annotations ?? {};
    const values = all[filter.annotation.key];
    if (!values)
      throw new SelectionError(
        `no annotation "${filter.annotation.key}" in population "${population.name}" (${Object.keys(all).join(', ') || 'none'})`,
      );
    const wanted = new Set(filter.annotation.values);
    tests.push((i) => wanted.has(values[i]));
  }
  const out: number[] = [];
  for (let i = 0; i < population.size; i++) if (tests.every((t) => t(i))) out.push(i);
  return out;
}
