/**
 * Which neuron each of the raster's rows shows: every neuron (row = global index), or each
 * population's first K in population order, so that a big population is not a solid block; and
 * who the neuron of a row is (global index, population, local index, name). Pure (no DOM).
 */

/** A population as an index range (a run's, or a spike file's). */
export interface PopulationRange {
  readonly name: string;
  readonly start: number;
  readonly size: number;
}

/** Neuron names per population, from a model's `neuronInfo.names` (connectomes). */
export interface NamedPopulation {
  readonly name: string;
  readonly neuronInfo?: { readonly names?: readonly string[] };
}

export class RasterRows {
  readonly numRows: number;
  /** Per population: its first row and how many of its neurons are shown. */
  private readonly firstRow: Int32Array;
  private readonly shown: Int32Array;

  /** `perPopulation`: each population's first K neurons, or null for every neuron. */
  constructor(
    readonly populations: readonly PopulationRange[],
    numNeurons: number,
    readonly perPopulation: number | null,
  ) {
    this.firstRow = new Int32Array(populations.length);
    this.shown = new Int32Array(populations.length);
    let rows = 0;
    populations.forEach((p, k) => {
      this.firstRow[k] = perPopulation === null ? p.start : rows;
      this.shown[k] = perPopulation === null ? p.size : Math.min(p.size, perPopulation);
      rows += this.shown[k];
    });
    this.numRows = perPopulation === null ? numNeurons : rows;
  }

  /** The row of neuron `i` (global) of population `k`, or -1 when it is not shown. */
  rowOf(i: number, k: number): number {
    if (this.perPopulation === null) return i;
    const local = i - this.populations[k].start;
    return local >= 0 && local < this.shown[k] ? this.firstRow[k] + local : -1;
  }

  /** The neuron (global index) of row `r`, or -1 when none is there. */
  neuronOf(r: number): number {
    if (r < 0 || r >= this.numRows) return -1;
    if (this.perPopulation === null) return r;
    const k = this.populationOfRow(r);
    return k < 0 ? -1 : this.populations[k].start + r - this.firstRow[k];
  }

  /** The population whose rows hold row `r`, or -1. */
  populationOfRow(r: number): number {
    for (let k = 0; k < this.populations.length; k++) if (r >= this.firstRow[k] && r < this.firstRow[k] + this.shown[k]) return k;
    return -1;
  }

  /** Population k's rows: [first, first + count). */
  band(k: number): { first: number; count: number } {
    return { first: this.firstRow[k], count: this.shown[k] };
  }
}

/** The population holding neuron `i` (populations sorted by start), or -1. */
export function populationOf(populations: readonly PopulationRange[], i: number): number {
  let lo = 0;
  let hi = populations.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = populations[mid];
    if (i < p.start) hi = mid - 1;
    else if (i >= p.start + p.size) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** Who neuron `i` is: its population and index in it, and its name where the data has one. */
export interface NeuronIdentity {
  index: number;
  population: string;
  local: number;
  name?: string;
}

export function neuronIdentity(
  populations: readonly PopulationRange[],
  i: number,
  nameOf?: (i: number) => string | undefined,
): NeuronIdentity | null {
  const k = populationOf(populations, i);
  if (k < 0) return null;
  const name = nameOf?.(i) || undefined; // an empty name is no name
  return { index: i, population: populations[k].name, local: i - populations[k].start, ...(name ? { name } : {}) };
}

/** Names of neurons by global index, from the model populations' `neuronInfo.names`, matched by population name; undefined when none has names. */
export function namesFromModel(
  populations: readonly PopulationRange[],
  modelPopulations: readonly NamedPopulation[],
): ((i: number) => string | undefined) | undefined {
  const lists = populations.map((p) => modelPopulations.find((m) => m.name === p.name)?.neuronInfo?.names);
  if (!lists.some(Boolean)) return undefined;
  return (i) => {
    const k = populationOf(populations, i);
    return k < 0 ? undefined : lists[k]?.[i - populations[k].start];
  };
}
