/**
 * GPU memory layouts. Structs are defined once in shaders/common.wgsl and packed here through
 * webgpu-utils' reflection of that WGSL; flat arrays (state planes, chunk counters) are defined
 * here once and emitted into WGSL as constants by shaderSource.ts.
 */
import { makeShaderDataDefinitions, makeStructuredView } from 'webgpu-utils';
import commonWgsl from '../../../shaders/common.wgsl?raw';

// Reflected on first use: reflection needs the WebGPU globals, which Node only has once a
// device is being acquired.
let structs: ReturnType<typeof makeShaderDataDefinitions>['structs'] | null = null;
function reflectedStructs() {
  return (structs ??= makeShaderDataDefinitions(commonWgsl).structs);
}

/** Planes of the f32 `state` buffer: plane k of neuron i is state[k·N + i]. */
/** i_osc: the oscillator drive of this step (phase drive; 0 without one). */
export const STATE_PLANES = { v: 0, isyn_exc: 1, isyn_inh: 2, i_stim: 3, i_gap: 4, i_osc: 5 } as const;
export const NUM_STATE_PLANES = 6;

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

/** Packs an array of structs of WGSL type `structName` into bytes. */
export function packStructArray(structName: string, items: Record<string, number>[]): ArrayBuffer {
  const def = reflectedStructs()[structName];
  if (!def) throw new Error(`no struct ${structName} in common.wgsl`);
  const buffer = new ArrayBuffer(Math.max(1, items.length) * def.size);
  items.forEach((item, k) => {
    const view = makeStructuredView(def, buffer, k * def.size);
    for (const key of Object.keys(def.fields)) {
      if (!(key in item)) throw new Error(`${structName}.${key} is missing`);
    }
    view.set(item);
  });
  return buffer;
}

export function structSize(structName: string): number {
  return reflectedStructs()[structName].size;
}
