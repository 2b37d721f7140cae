/**
 * One projection's synapses as they run, as a list: local pre and post indices, weights (the
 * model's unit and sign; from the fixed-point weight words, so exactly what the engine adds) and
 * delays (ms, whole steps). For exporters (SONATA edges); the engine never reads this.
 */
import type { BuiltNetwork } from './network';
import { expandGeneratedProjection } from './generatedSynapses';
import { DELAY_MASK, DELAY_SHIFT, synapsePost } from './synapseEncoding';

export interface SynapseList {
  source: Uint32Array;
  target: Uint32Array;
  weight: Float64Array;
  delayMs: Float64Array;
}

const delayStepsOf = (word: number) => ((word >>> DELAY_SHIFT) & DELAY_MASK) + 1;

export function projectionSynapseList(net: BuiltNetwork, k: number): SynapseList {
  const pr = net.model.projections[k];
  const pre = net.populations.find((p) => p.name === pr.pre)!;
  const post = net.populations.find((p) => p.name === pr.post)!;
  const scale = net.fixedPointScale;
  const generatedIndex = net.generated.projections.findIndex((g) => g.projection === k);
  if (generatedIndex >= 0) {
    const { pre: from, words, weights } = expandGeneratedProjection(net.generated, generatedIndex, net.seed, scale);
    const out = emptyList(words.length);
    for (let n = 0; n < words.length; n++) {
      out.source[n] = from[n];
      out.target[n] = synapsePost(words[n]) - post.start;
      out.weight[n] = weights[n] / scale;
      out.delayMs[n] = delayStepsOf(words[n]) * net.dt;
    }
    return out;
  }
  const slots = net.projectionSlots[k];
  const out = emptyList(slots.length);
  const preOf = presynapticOf(net);
  slots.forEach((slot, n) => {
    out.source[n] = preOf[slot] - pre.start;
    out.target[n] = synapsePost(net.targets[slot]) - post.start;
    out.weight[n] = net.weights[slot] / scale;
    out.delayMs[n] = delayStepsOf(net.targets[slot]) * net.dt;
  });
  return out;
}

const preOfCache = new WeakMap<BuiltNetwork, Uint32Array>();

/** CSR position → presynaptic neuron (computed once per network). */
function presynapticOf(net: BuiltNetwork): Uint32Array {
  let preOf = preOfCache.get(net);
  if (!preOf) {
    preOf = new Uint32Array(net.targets.length);
    for (let g = 0; g < net.numNeurons; g++) preOf.fill(g, net.rowPtr[g], net.rowPtr[g + 1]);
    preOfCache.set(net, preOf);
  }
  return preOf;
}

function emptyList(n: number): SynapseList {
  return { source: new Uint32Array(n), target: new Uint32Array(n), weight: new Float64Array(n), delayMs: new Float64Array(n) };
}
