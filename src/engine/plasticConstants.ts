/**
 * What the generated plasticity code of one projection reads (both backends), defined once:
 *
 *   topology (u32): [rowPtr: preSize+1][postOf: m][colPtr: postSize+1][colSynapse: m][colPre: m][preOf: m]
 *   traces (f32):   [pre trace t: preSize]… then [post trace t: postSize]…, in the rule's order
 *   synapses (f32): [variable v: m]…, `rule.synapseNames` order (w first)
 *   history (u32):  [delay slot: preSize]… the step + 1 at which each presynaptic neuron fired,
 *                   one slot per step of the delay (one word when the delay is one step)
 *   values (f32):   the rule's constants (`rule.constantNames`), then each trace's decay e^{−dt/τ}
 *
 * The per-step decay factors are computed in f64 and rounded once to f32, as cell constants are.
 */
import { derivedValues } from '../model/cellTypes/compile';
import type { PlasticProjection } from '../network/plasticProjection';

export interface PlasticLayout {
  synapses: number;
  rowPtr: number;
  postOf: number;
  colPtr: number;
  colSynapse: number;
  colPre: number;
  preOf: number;
  topologyWords: number;
  /** Word of trace t of the presynaptic traces; then the postsynaptic ones. */
  preTrace: (t: number) => number;
  postTrace: (t: number) => number;
  traceWords: number;
  historyWords: number;
  synapseWords: number;
}

export function plasticLayout(p: PlasticProjection): PlasticLayout {
  const m = p.postOf.length;
  const rowPtr = 0;
  const postOf = rowPtr + p.pre.size + 1;
  const colPtr = postOf + m;
  const colSynapse = colPtr + p.post.size + 1;
  const colPre = colSynapse + m;
  const preOf = colPre + m;
  const nPre = p.rule.preTraces.length;
  const nPost = p.rule.postTraces.length;
  return {
    synapses: m,
    rowPtr,
    postOf,
    colPtr,
    colSynapse,
    colPre,
    preOf,
    topologyWords: preOf + m,
    preTrace: (t) => t * p.pre.size,
    postTrace: (t) => nPre * p.pre.size + t * p.post.size,
    traceWords: nPre * p.pre.size + nPost * p.post.size,
    historyWords: p.delaySteps > 1 ? p.delaySteps * p.pre.size : 1,
    synapseWords: m * p.rule.synapseNames.length,
  };
}

/** The topology words of `p` in the layout above. */
export function plasticTopology(p: PlasticProjection): Uint32Array {
  const L = plasticLayout(p);
  const out = new Uint32Array(L.topologyWords);
  out.set(p.rowPtr, L.rowPtr);
  out.set(p.postOf, L.postOf);
  out.set(p.colPtr, L.colPtr);
  out.set(p.colSynapse, L.colSynapse);
  out.set(p.colPre, L.colPre);
  for (let j = 0; j < p.pre.size; j++) for (let k = p.rowPtr[j]; k < p.rowPtr[j + 1]; k++) out[L.preOf + k] = j;
  return out;
}

/** Names of the values, in order: `k_<constant>`, then `decay_<trace>`. */
export function plasticValueNames(p: PlasticProjection): string[] {
  const r = p.rule;
  return [...r.constantNames.map((k) => `k_${k}`), ...[...r.preTraces, ...r.postTraces].map((t) => `decay_${t.name}`)];
}

/** The values in f32 for parameters `params` (f64 on the host, rounded once). */
export function plasticValues(p: PlasticProjection, params: Readonly<Record<string, number>>, dt: number): Float32Array {
  const r = p.rule;
  const all: Record<string, number> = { ...params, ...derivedValues(r, params, dt) };
  return Float32Array.from([
    ...r.constantNames.map((k) => all[k]),
    ...[...r.preTraces, ...r.postTraces].map((t) => Math.exp(-dt / all[t.tau])),
  ]);
}
