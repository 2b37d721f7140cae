/**
 * The one definition of how a synapse is stored (both backends read it through these helpers or
 * their WGSL twins in shaders/common.wgsl):
 *
 *   target word (u32): bits 0..21 post-synaptic neuron index, bits 22..30 delay − 1 (steps),
 *                      bit 31 receptor (0 excitatory, 1 inhibitory)
 *   weight word (i32): weight × fixedPointScale, rounded (nA for IF_curr_exp, mV for IF_curr_delta)
 */
import { MAX_DELAY_STEPS, MAX_NEURONS } from '../model/limits';

export const POST_BITS = 22;
export const POST_MASK = MAX_NEURONS - 1;
export const DELAY_SHIFT = POST_BITS;
export const DELAY_MASK = MAX_DELAY_STEPS - 1; // 9 bits
export const RECEPTOR_SHIFT = 31;

export const EXCITATORY = 0;
export const INHIBITORY = 1;

export function packSynapse(post: number, delaySteps: number, receptor: number): number {
  return (post | ((delaySteps - 1) << DELAY_SHIFT) | (receptor << RECEPTOR_SHIFT)) >>> 0;
}

export function synapsePost(word: number): number {
  return word & POST_MASK;
}

export function synapseReceptor(word: number): number {
  return word >>> RECEPTOR_SHIFT;
}

/**
 * Fixed-point synaptic input. Integer sums do not depend on the order of atomic additions, so
 * every backend and every thread order gives the same input. The scale is the largest power of
 * two ≤ 2^20 for which the worst case of one neuron's input in one step (all its synapses of one
 * receptor firing at once plus the most Poisson events a table can give) stays below 2^31 − 1:
 * the saturation guard. Changing a weight while running is refused if it would break that bound.
 */
export const MAX_FIXED_POINT_SCALE = 2 ** 20;
export const I32_MAX = 2 ** 31 - 1;

export function chooseFixedPointScale(worstCaseInput: number): number {
  let scale = MAX_FIXED_POINT_SCALE;
  while (scale > 1 && worstCaseInput * scale > I32_MAX) scale /= 2;
  return scale;
}

export function toFixed(weight: number, scale: number): number {
  return Math.round(weight * scale);
}
