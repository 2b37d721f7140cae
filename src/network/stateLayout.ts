/**
 * The neuron state in memory, defined once for both backends (the CPU twin holds the same
 * words in a Float32Array that the GPU holds in its `state` buffer). f32 words:
 *
 *   [v: N] [i_stim: N] [i_gap: N] [i_osc: N]                    planes over every neuron
 *   then, per population p, each of its other state variables     a plane of size_p
 *
 * v (mV) is a shared plane because gap junctions, probes and views read it for any neuron; the
 * input planes hold this step's stimulus, gap-junction and oscillator currents (nA).
 */
export const SHARED_PLANES = { v: 0, i_stim: 1, i_gap: 2, i_osc: 3 } as const;
export const NUM_SHARED_PLANES = 4;

export interface PopulationStateBlock {
  start: number; // first global neuron index
  size: number;
  /** Word of the first neuron's first variable. */
  base: number;
  /** Its state variables other than v, in this order. */
  variables: readonly string[];
}

export class StateLayout {
  readonly blocks: PopulationStateBlock[] = [];
  /** f32 words in all. */
  readonly words: number;

  constructor(
    readonly numNeurons: number,
    populations: readonly { start: number; size: number; stateNames: readonly string[] }[],
  ) {
    let at = NUM_SHARED_PLANES * numNeurons;
    for (const p of populations) {
      const variables = p.stateNames.filter((n) => n !== 'v');
      this.blocks.push({ start: p.start, size: p.size, base: at, variables });
      at += variables.length * p.size;
    }
    this.words = at;
  }

  /** First word of a shared plane. */
  plane(name: keyof typeof SHARED_PLANES): number {
    return SHARED_PLANES[name] * this.numNeurons;
  }

  /** First word of population p's variable `name` (the word of its neuron 0). */
  variableBase(population: number, name: string): number {
    if (name === 'v') return this.blocks[population].start;
    const b = this.blocks[population];
    const k = b.variables.indexOf(name);
    if (k < 0) throw new Error(`internal: no state variable "${name}" in population ${population}`);
    return b.base + k * b.size;
  }

  /** The word holding variable `name` of global neuron `neuron` of population `population`. */
  wordOf(population: number, neuron: number, name: string): number {
    return this.variableBase(population, name) + (neuron - this.blocks[population].start);
  }

  /** Every variable's values per neuron (NaN for neurons whose cell type lacks it), from a copy of the state. */
  variablesOf(state: Float32Array): Record<string, Float32Array> {
    const n = this.numNeurons;
    const out: Record<string, Float32Array> = { v: state.slice(0, n) };
    this.blocks.forEach((b) => {
      b.variables.forEach((name, k) => {
        const arr = (out[name] ??= new Float32Array(n).fill(NaN));
        arr.set(state.subarray(b.base + k * b.size, b.base + (k + 1) * b.size), b.start);
      });
    });
    return out;
  }
}
