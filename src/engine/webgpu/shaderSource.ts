/**
 * Assembles WGSL: constants generated from the TypeScript definitions (so each layout and bit
 * field is written down once), then shaders/common.wgsl, shaders/threefry.wgsl and the kernel.
 */
import commonWgsl from '../../../shaders/common.wgsl?raw';
import threefryWgsl from '../../../shaders/threefry.wgsl?raw';
import { DELAY_MASK, DELAY_SHIFT, POST_MASK, RECEPTOR_SHIFT } from '../../network/synapseEncoding';
import {
  GENERATED_PROJECTION_FIELDS,
  GENERATED_PROJECTION_WORDS,
  POISSON_SOURCE_FIELDS,
  POISSON_SOURCE_WORDS,
  chunkCounterLayout,
} from './layouts';
import { SHARED_PLANES } from '../../network/stateLayout';
import { Stream } from '../../random/threefry';

export function generatedConstants(numPopulations: number): string {
  const counters = chunkCounterLayout(numPopulations);
  const u32 = (name: string, v: number) => `const ${name}: u32 = ${v >>> 0}u;`;
  return [
    '// Generated from src/network/synapseEncoding.ts, src/network/stateLayout.ts and src/engine/webgpu/layouts.ts.',
    u32('POST_MASK', POST_MASK),
    u32('DELAY_SHIFT', DELAY_SHIFT),
    u32('DELAY_MASK', DELAY_MASK),
    u32('RECEPTOR_SHIFT', RECEPTOR_SHIFT),
    u32('STATE_PLANE_V', SHARED_PLANES.v),
    u32('STATE_PLANE_I_STIM', SHARED_PLANES.i_stim),
    u32('STATE_PLANE_I_GAP', SHARED_PLANES.i_gap),
    u32('STATE_PLANE_I_OSC', SHARED_PLANES.i_osc),
    u32('OSCILLATOR_NOISE_STREAM', Stream.oscillatorNoise),
    u32('CELL_NOISE_STREAM', Stream.cellNoise),
    u32('CHUNK_COUNTER_RECORDED', counters.recorded),
    u32('CHUNK_COUNTER_POPULATION_SPIKES', counters.populationSpikes),
    u32('CHUNK_COUNTER_FIRST_NON_FINITE', counters.firstNonFinite),
    u32('CHUNK_COUNTER_FIRST_NON_FINITE_PLASTIC', counters.firstNonFinitePlastic),
    u32('GENERATED_PROJECTION_WORDS', GENERATED_PROJECTION_WORDS),
    u32('POISSON_SOURCE_WORDS', POISSON_SOURCE_WORDS),
    ...Object.entries(POISSON_SOURCE_FIELDS).map(([k, v]) => u32(`PS_${k.replace(/[A-Z]/g, (c) => '_' + c).toUpperCase()}`, v)),
    ...Object.entries(GENERATED_PROJECTION_FIELDS).map(([k, v]) => u32(`GP_${k.replace(/[A-Z]/g, (c) => '_' + c).toUpperCase()}`, v)),
    '',
  ].join('\n');
}

/** The full source of a kernel for a network with `numPopulations` populations. */
export function kernelSource(kernel: string, numPopulations: number): string {
  return [generatedConstants(numPopulations), commonWgsl, threefryWgsl, kernel].join('\n');
}

export { commonWgsl };
