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

/**
 * Most synapses the host builder (src/network/network.ts) makes: it holds every synapse in
 * JavaScript while sorting, about 40 bytes each at its peak, so 2^26 synapses take ≈ 2.7 GB.
 */
export const MAX_HOST_BUILT_SYNAPSES = 2 ** 26; // 67,108,864
