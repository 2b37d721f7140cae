/**
 * GPU memory layouts. Structs are defined once in shaders/common.wgsl and packed here by the GPU
 * runtime's reflection of that WGSL (src/gpu/structPacking.ts); flat arrays (chunk counters) are defined here once
 * and emitted into WGSL as constants by shaderSource.ts.
 */
import { StructPacker } from '../../gpu/structPacking';
import commonWgsl from '../../../shaders/common.wgsl?raw';

/** The structs of shaders/common.wgsl, packed by reflection. */
const commonStructs = new StructPacker(commonWgsl);

// The f32 `state` buffer has the layout of src/network/stateLayout.ts (shared with the CPU twin).

/**
 * The per-chunk u32 counters: spikes recorded, spikes per population, first non-finite step per
 * population, then first non-finite step per plastic projection (weight, synapse variable or trace).
 */
export function chunkCounterLayout(numPopulations: number, numPlasticProjections = 0) {
  return {
    recorded: 0,
    populationSpikes: 1,
    firstNonFinite: 1 + numPopulations,
    firstNonFinitePlastic: 1 + 2 * numPopulations,
    length: 1 + 2 * numPopulations + numPlasticProjections,
  };
}

/** Uniform slots of the step clock are this many bytes apart (minUniformBufferOffsetAlignment). */
export const CLOCK_STRIDE = 256;

/** Packs an array of structs of WGSL type `structName` (declared in shaders/common.wgsl) into bytes. */
export function packStructArray(structName: string, items: Record<string, number>[]): ArrayBuffer {
  return commonStructs.pack(structName, items);
}

export function structSize(structName: string): number {
  return commonStructs.size(structName);
}

/**
 * The generated-connectivity index (one u32 buffer, src/engine/webgpu/generatedBuffers.ts):
 * neuronSegments [n + 1], segmentProjection [S], segmentStart [S + 1], then one record of
 * GENERATED_PROJECTION_WORDS per generated projection, then every projection's weight knots
 * (GENERATED_KNOT_SLOTS each, i32 fixed point, room for any live edit) and delay thresholds.
 * Offsets of the parts are in the GeneratedSizes uniform (shaders/common.wgsl).
 */
export const GENERATED_PROJECTION_FIELDS = {
  preStart: 0,
  postStart: 1,
  postSize: 2,
  receptor: 3,
  stream: 4,
  noSelf: 5,
  knotOffset: 6, // absolute word of its first knot
  knotCount: 7, // 1, 2 or 2^QUANTILE_BITS + 1
  knotBits: 8,
  delayOffset: 9,
  delayCount: 10,
} as const;
export const GENERATED_PROJECTION_WORDS = 11;

/**
 * The Poisson data (one u32 buffer, NetworkBuffers.poissonData): one record of
 * POISSON_SOURCE_WORDS per source, then each source's cdf table (MAX_POISSON_TABLE_LENGTH f32
 * words, bit-cast), the global neuron of each (source, target) entry, and a CSR by neuron of
 * (entry, source) pairs for the neuron update that draws a neuron's Poisson input itself. Word
 * offsets of the parts are in NetworkSizes (shaders/common.wgsl).
 */
export const POISSON_SOURCE_FIELDS = {
  stream: 0,
  firstEntry: 1,
  count: 2,
  cdfOffset: 3, // word offset of its table within the cdf part
  cdfLength: 4,
  weightFixed: 5, // i32, bit-cast
  receptor: 6,
  startStep: 7,
  stopStep: 8, // exclusive
} as const;
export const POISSON_SOURCE_WORDS = 9;

/** The words of one Poisson source record. */
export function poissonSourceWords(item: Record<keyof typeof POISSON_SOURCE_FIELDS, number>): Uint32Array {
  const w = new Uint32Array(POISSON_SOURCE_WORDS);
  for (const [k, at] of Object.entries(POISSON_SOURCE_FIELDS)) w[at] = item[k as keyof typeof POISSON_SOURCE_FIELDS] >>> 0;
  return w;
}
