/**
 * Hard limits of the model format, fixed by the synapse encoding (see build/synapseEncoding.ts).
 */

/** Largest network: post-synaptic indices take 22 bits of a packed synapse word. */
export const MAX_NEURONS = 1 << 22; // 4,194,304

/** Delays are whole steps in 1..MAX_DELAY_STEPS (9 bits of the packed synapse word). */
export const MAX_DELAY_STEPS = 512;

/** Poisson sources: at most this many expected events per neuron per step (rate × dt). */
export const MAX_POISSON_EVENTS_PER_STEP = 200;

/** Time step bounds, ms. */
export const MIN_DT_MS = 0.001;
export const MAX_DT_MS = 1.0;
