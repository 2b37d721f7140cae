/**
 * The one layout of the CPU backend's arrays: which arrays it holds and how long each is. They
 * are either plain typed arrays (the TypeScript kernels) or views into one WebAssembly.Memory
 * (the WebAssembly kernels, which address them by the byte offsets in `at`). Every array starts
 * on a 16-byte boundary and is followed by 16 bytes of padding, so that a 4-lane load at a
 * population's last neuron stays inside the memory (wasm/neuronUpdateWat.ts). The arrays only the
 * WebAssembly kernels read (WASM_ONLY) are empty as plain arrays: the TypeScript kernels read the
 * built network's own.
 */
import { MAX_POISSON_TABLE_LENGTH, type BuiltNetwork } from '../../network/network';

const ARRAYS = {
  state: Float32Array,
  refractory: Int32Array,
  ring: Int32Array,
  spikeList: Uint32Array,
  silenced: Uint32Array,
  weights: Int32Array,
  rowPtr: Uint32Array,
  targets: Uint32Array,
  generatedWords: Uint32Array,
  generatedWeights: Int32Array,
  segmentStart: Uint32Array,
  neuronSegments: Uint32Array,
  /** Each population's constants at `constantsStride` words apart (cell.constantNames order). */
  constants: Float32Array,
  /** Poisson source k's event-count table (poissonTable.ts) at k · MAX_POISSON_TABLE_LENGTH. */
  poissonCdf: Float32Array,
  /** Every Poisson source's targets, one after another (source k's from poissonTargetStart[k]). */
  poissonTargets: Uint32Array,
} as const;

type ArrayName = keyof typeof ARRAYS;

/** Copies of the network's rows, tables and targets, and the constants, for the WebAssembly memory only. */
const WASM_ONLY = new Set<ArrayName>([
  'rowPtr',
  'targets',
  'generatedWords',
  'generatedWeights',
  'segmentStart',
  'neuronSegments',
  'constants',
  'poissonCdf',
  'poissonTargets',
]);
export type CpuArrays = { [K in ArrayName]: InstanceType<(typeof ARRAYS)[K]> };

/** Elements (4 bytes each) of every array for `net`. */
export function cpuArrayLengths(net: BuiltNetwork): Record<ArrayName, number> & { constantsStride: number } {
  const n = net.numNeurons;
  const constantsStride = Math.max(1, ...net.populations.map((p) => p.cell.constantNames.length));
  return {
    state: net.stateLayout.words,
    refractory: n,
    ring: (net.maxDelaySteps + 1) * 2 * n,
    spikeList: n,
    silenced: Math.ceil(n / 32) + 1, // a word of padding: a group of four may read two words
    weights: net.weights.length,
    rowPtr: n + 1,
    targets: net.targets.length,
    generatedWords: net.generated.count,
    generatedWeights: net.generated.count,
    segmentStart: net.generated.segmentStart.length,
    neuronSegments: net.generated.neuronSegments.length,
    constants: constantsStride * net.populations.length,
    poissonCdf: net.poissonSources.length * MAX_POISSON_TABLE_LENGTH,
    poissonTargets: net.poissonSources.reduce((a, src) => a + src.targets.length, 0),
    constantsStride,
  };
}

export interface CpuMemory {
  arrays: CpuArrays;
  /** Byte offset of each array in `memory` (absent for plain arrays). */
  at: Record<ArrayName, number> | null;
  memory: WebAssembly.Memory | null;
  constantsStride: number;
}

const PAD_BYTES = 16;
const WASM_PAGE = 65536;
/** WebAssembly's 32-bit address space: 65,536 pages of 64 KiB. */
export const MAX_WASM_BYTES = 2 ** 32;

/** Plain typed arrays (the TypeScript kernels). */
export function plainCpuArrays(net: BuiltNetwork): CpuMemory {
  const lengths = cpuArrayLengths(net);
  const arrays = Object.fromEntries(
    (Object.keys(ARRAYS) as ArrayName[]).map((name) => [name, new ARRAYS[name](WASM_ONLY.has(name) ? 0 : lengths[name])]),
  ) as unknown as CpuArrays;
  return { arrays, at: null, memory: null, constantsStride: lengths.constantsStride };
}

/** Bytes the arrays take in one WebAssembly.Memory, padding included. */
export function wasmArrayBytes(net: BuiltNetwork): number {
  const lengths = cpuArrayLengths(net);
  let bytes = 0;
  for (const name of Object.keys(ARRAYS) as ArrayName[]) bytes += align16(lengths[name] * 4) + PAD_BYTES;
  return bytes;
}

/** Every array as a view into one new WebAssembly.Memory. */
export function wasmCpuArrays(net: BuiltNetwork): CpuMemory {
  const lengths = cpuArrayLengths(net);
  const bytes = wasmArrayBytes(net);
  if (bytes > MAX_WASM_BYTES)
    throw new RangeError(`the CPU backend's arrays need ${bytes} bytes, above WebAssembly's 32-bit memory of ${MAX_WASM_BYTES} bytes`);
  const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / WASM_PAGE), maximum: Math.ceil(bytes / WASM_PAGE) });
  const at = {} as Record<ArrayName, number>;
  const arrays = {} as Record<ArrayName, unknown>;
  let offset = 0;
  for (const name of Object.keys(ARRAYS) as ArrayName[]) {
    at[name] = offset;
    arrays[name] = new ARRAYS[name](memory.buffer, offset, lengths[name]);
    offset += align16(lengths[name] * 4) + PAD_BYTES;
  }
  return { arrays: arrays as CpuArrays, at, memory, constantsStride: lengths.constantsStride };
}

function align16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}
