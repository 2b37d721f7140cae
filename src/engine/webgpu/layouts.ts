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

/** The per-chunk u32 counters: spikes recorded, spikes per population, first non-finite step per population. */
export function chunkCounterLayout(numPopulations: number) {
  return {
    recorded: 0,
    populationSpikes: 1,
    firstNonFinite: 1 + numPopulations,
    length: 1 + 2 * numPopulations,
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
