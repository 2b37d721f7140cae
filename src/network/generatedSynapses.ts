/**
 * Generated connectivity: projections whose synapses are never built on the host. The host draws
 * only how many synapses each presynaptic neuron has in each projection (a multinomial split, as
 * GeNN's FixedNumberTotalWithReplacement); every synapse is then a pure function of
 * (seed, projection, pre neuron, index in its row) through Threefry, computed with integers only:
 *
 *   (x, y) = threefry(seed, stream; pre, 2m)      post = start + ⌊x · N_post / 2³²⌋, delay = table(y)
 *   (z, ·) = threefry(seed, stream; pre, 2m + 1)  weight = quantile table(z), in fixed point
 *
 * The GPU fills its 4-byte synapse words from this (shaders/generated_synapses.wgsl) and draws
 * the weight again at each delivery (shaders/generated_propagation.wgsl), so a synapse costs
 * 4 bytes; the CPU twin (`expandGeneratedSynapses`) computes the same words and weights.
 *
 * Layout, defined here once:
 *   segments   one per (pre neuron, generated projection from its population), by neuron, then
 *              projection in model order; neuronSegments[g] … neuronSegments[g+1] − 1 are g's
 *   segmentProjection[s]  which generated projection segment s belongs to
 *   segmentStart[s]       its first synapse; segmentStart[numSegments] = synapse count
 *   synapse word          packSynapse(post, delay, receptor) (synapseEncoding.ts)
 */
import type { Model, Value } from '../model/schema';
import { CounterRng, threefry2x32 } from '../random/threefry';
import { uniformMultinomial } from './binomial';
import { QUANTILE_BITS, delayThresholds, weightKnots } from './distributionTables';
import { EXCITATORY, INHIBITORY, packSynapse, toFixed } from './synapseEncoding';

export interface GeneratedProjection {
  /** Index in model.projections. */
  projection: number;
  name: string;
  pre: { start: number; size: number };
  post: { start: number; size: number };
  receptor: number;
  /** Threefry key word 1 of the per-synapse draws. */
  stream: number;
  /** Same population without self-connections: posts skip the pre neuron itself. */
  noSelf: boolean;
  /** The weight's quantile knots in the model's unit: 1 (fixed), 2 (uniform) or 2^QUANTILE_BITS + 1. */
  knots: Float64Array;
  delayThresholds: Uint32Array;
  /** Largest delay drawn, steps. */
  maxDelaySteps: number;
  /** Its synapse count (each pre neuron's share is in GeneratedSynapses.segmentStart). */
  synapses: number;
}

export interface GeneratedSynapses {
  projections: GeneratedProjection[];
  neuronSegments: Uint32Array;
  segmentProjection: Uint32Array;
  segmentStart: Uint32Array;
  count: number;
}

/** Only these are generated: the rest are built on the host (network.ts). */
export function isGenerated(pr: Model['projections'][number]): boolean {
  return (
    pr.connector.type === 'fixedTotalNumber' && (pr.connector.withReplacement ?? true) && !pr.plasticity && pr.receptor !== 'electrical'
  );
}

/** log2 of the weight table's pieces (0: one piece or a fixed weight). */
export function knotBits(knots: Float64Array): number {
  return knots.length > 2 ? QUANTILE_BITS : 0;
}

export interface GeneratedInput {
  projection: number;
  name: string;
  pre: { start: number; size: number };
  post: { start: number; size: number };
  receptor: 'excitatory' | 'inhibitory';
  samePopulation: boolean;
  allowSelf: boolean;
  total: number;
  weight: Value;
  delay: Value;
  /** Stream base of this projection (connectivity + 4k): lengths from +0, synapses from +1. */
  streamBase: number;
  /** Keeps a weight on its receptor's side of zero (network.ts signedWeight). */
  sign: (w: number) => number;
}

/** Row lengths and tables of the generated projections; no synapse is made here. */
export function planGeneratedSynapses(
  inputs: GeneratedInput[],
  populations: { start: number; size: number }[],
  numNeurons: number,
  seed: number,
  dt: number,
): GeneratedSynapses {
  const projections: GeneratedProjection[] = [];
  const lengths: Uint32Array[] = [];
  for (const g of inputs) {
    const thresholds = delayThresholds(g.delay, dt);
    projections.push({
      projection: g.projection,
      name: g.name,
      pre: g.pre,
      post: g.post,
      receptor: g.receptor === 'excitatory' ? EXCITATORY : INHIBITORY,
      stream: g.streamBase + 1,
      noSelf: g.samePopulation && !g.allowSelf,
      knots: weightKnots(g.weight, g.sign),
      delayThresholds: thresholds,
      maxDelaySteps: thresholds.length + 1,
      synapses: g.total,
    });
    lengths.push(uniformMultinomial(g.total, g.pre.size, new CounterRng(seed, g.streamBase)));
  }
  // Segments by neuron, then projection (model order).
  const byPopulation = populations.map((p) =>
    projections.map((g, j) => (g.pre.start === p.start && g.pre.size === p.size ? j : -1)).filter((j) => j >= 0),
  );
  const neuronSegments = new Uint32Array(numNeurons + 1);
  for (let p = 0; p < populations.length; p++)
    for (let i = 0; i < populations[p].size; i++) neuronSegments[populations[p].start + i + 1] = byPopulation[p].length;
  for (let g = 0; g < numNeurons; g++) neuronSegments[g + 1] += neuronSegments[g];
  const numSegments = neuronSegments[numNeurons];
  const segmentProjection = new Uint32Array(numSegments);
  const segmentStart = new Uint32Array(numSegments + 1);
  let total = 0;
  for (let p = 0; p < populations.length; p++) {
    const list = byPopulation[p];
    for (let i = 0; i < populations[p].size; i++) {
      const first = neuronSegments[populations[p].start + i];
      list.forEach((j, k) => {
        segmentProjection[first + k] = j;
        segmentStart[first + k] = total;
        total += lengths[j][i];
      });
    }
  }
  segmentStart[numSegments] = total;
  if (total > 0xffffffff) throw new RangeError(`generated synapses: ${total} exceed 2^32 − 1`);
  return { projections, neuronSegments, segmentProjection, segmentStart, count: total };
}

/** ⌊a · b / 2³²⌋ for u32 a, b, exactly (the WGSL twin is `mulhi32` in shaders/common.wgsl). */
export function mulhi32(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const mid = Math.floor(p00 / 65536) + (p01 & 0xffff) + (p10 & 0xffff);
  return (a1 * b1 + Math.floor(p01 / 65536) + Math.floor(p10 / 65536) + Math.floor(mid / 65536)) >>> 0;
}

/** The smallest step s with u < thresholds[s − 1], else thresholds.length + 1. */
export function delayStepOf(thresholds: Uint32Array, u: number): number {
  let s = 0;
  while (s < thresholds.length && u >= thresholds[s]) s++;
  return s + 1;
}

/** A weight from its fixed-point knots: linear between knots, integers only (WGSL twin: generatedWeight). */
export function weightOf(knotsFixed: Int32Array, offset: number, count: number, bits: number, u: number): number {
  if (count === 1) return knotsFixed[offset];
  const idx = bits === 0 ? 0 : u >>> (32 - bits);
  const frac = bits === 0 ? u >>> 16 : ((u << bits) >>> 16) & 0xffff;
  const lo = knotsFixed[offset + idx];
  const diff = (knotsFixed[offset + idx + 1] - lo) >>> 0;
  // ⌊diff · frac / 2¹⁶⌋ without overflowing 32 bits.
  const part = ((diff >>> 16) * frac + (((diff & 0xffff) * frac) >>> 16)) >>> 0;
  return (lo + part) | 0;
}

/** Every projection's knots in fixed point, one array, with each projection's offset. */
export function fixedKnots(gen: GeneratedSynapses, scale: number): { knots: Int32Array; offsets: number[] } {
  const offsets: number[] = [];
  let n = 0;
  for (const p of gen.projections) {
    offsets.push(n);
    n += p.knots.length;
  }
  const knots = new Int32Array(n);
  gen.projections.forEach((p, j) => p.knots.forEach((w, k) => (knots[offsets[j] + k] = toFixed(w, scale))));
  return { knots, offsets };
}

/** The synapse word of index m of pre neuron `pre` (local) in projection p. */
function wordOf(p: GeneratedProjection, seed: number, pre: number, m: number, out: Uint32Array): number {
  threefry2x32(seed, p.stream, pre, 2 * m, out);
  const x = out[0] >>> 0;
  const y = out[1] >>> 0;
  let post: number;
  if (p.noSelf) {
    post = mulhi32(x, p.post.size - 1);
    if (post >= pre) post++;
  } else post = mulhi32(x, p.post.size);
  return packSynapse(p.post.start + post, delayStepOf(p.delayThresholds, y), p.receptor);
}

/** The u32 that draws synapse m's weight. */
export function weightBits(p: GeneratedProjection, seed: number, pre: number, m: number, out: Uint32Array): number {
  threefry2x32(seed, p.stream, pre, 2 * m + 1, out);
  return out[0] >>> 0;
}

/** The CPU twin: every generated synapse's word and fixed-point weight, in segment order. */
export function expandGeneratedSynapses(gen: GeneratedSynapses, seed: number, scale: number): { words: Uint32Array; weights: Int32Array } {
  const words = new Uint32Array(gen.count);
  const weights = new Int32Array(gen.count);
  const out = new Uint32Array(2);
  forEachSegment(gen, (p, pre, first, last) => {
    for (let k = first, m = 0; k < last; k++, m++) words[k] = wordOf(p, seed, pre, m, out);
  });
  redrawGeneratedWeights(gen, seed, scale, weights);
  return { words, weights };
}

/** One generated projection's synapses (for exporters): each pre neuron (local), word and fixed-point weight, in segment order. */
export function expandGeneratedProjection(
  gen: GeneratedSynapses,
  j: number,
  seed: number,
  scale: number,
): { pre: Uint32Array; words: Uint32Array; weights: Int32Array } {
  const p = gen.projections[j];
  const pre = new Uint32Array(p.synapses);
  const words = new Uint32Array(p.synapses);
  const weights = new Int32Array(p.synapses);
  const { knots, offsets } = fixedKnots(gen, scale);
  const bits = knotBits(p.knots);
  const out = new Uint32Array(2);
  let n = 0;
  forEachSegment(gen, (q, local, first, last, k) => {
    if (k !== j) return;
    for (let m = 0; m < last - first; m++, n++) {
      pre[n] = local;
      words[n] = wordOf(q, seed, local, m, out);
      weights[n] = weightOf(knots, offsets[j], q.knots.length, bits, weightBits(q, seed, local, m, out));
    }
  });
  return { pre, words, weights };
}

/** Draws the weights of every generated synapse (or only of projection `only`) into `weights`. */
export function redrawGeneratedWeights(gen: GeneratedSynapses, seed: number, scale: number, weights: Int32Array, only?: number): void {
  const { knots, offsets } = fixedKnots(gen, scale);
  const out = new Uint32Array(2);
  forEachSegment(gen, (p, pre, first, last, j) => {
    if (only !== undefined && j !== only) return;
    const bits = knotBits(p.knots);
    for (let k = first, m = 0; k < last; k++, m++)
      weights[k] = weightOf(knots, offsets[j], p.knots.length, bits, weightBits(p, seed, pre, m, out));
  });
}

function forEachSegment(
  gen: GeneratedSynapses,
  f: (p: GeneratedProjection, pre: number, first: number, last: number, j: number) => void,
): void {
  const n = gen.neuronSegments.length - 1;
  for (let g = 0; g < n; g++) {
    for (let s = gen.neuronSegments[g]; s < gen.neuronSegments[g + 1]; s++) {
      const j = gen.segmentProjection[s];
      const p = gen.projections[j];
      f(p, g - p.pre.start, gen.segmentStart[s], gen.segmentStart[s + 1], j);
    }
  }
}

/**
 * An upper bound on each post neuron's in-degree from projection p, for the fixed-point guard:
 * its in-degree is Binomial(total, 1/N_post), so mean + 10 sd + 10 is exceeded with probability
 * below 10⁻²⁰ per neuron. The CPU twin checks the bound on the network it expands.
 */
export function inDegreeBound(p: GeneratedProjection): number {
  const posts = p.noSelf ? p.post.size - 1 : p.post.size;
  const mean = p.synapses / Math.max(1, posts);
  return Math.min(p.synapses, Math.ceil(mean + 10 * Math.sqrt(mean) + 10));
}
