/**
 * A plastic projection as arrays, the one definition both backends read (src/engine/plasticity/):
 *
 *   by presynaptic neuron (CSR over local pre indices): synapses of pre j are rowPtr[j] … rowPtr[j+1]−1,
 *     postOf[k] the local postsynaptic index of synapse k;
 *   by postsynaptic neuron (the post→pre index): entries colPtr[i] … colPtr[i+1]−1 of post i list
 *     colSynapse (the synapse's position k) and colPre (its local pre index), in row order;
 *   per-synapse variables: [variable][synapse] f32, w first (its magnitude, in the receptor's unit).
 *
 * Plastic synapses are not in the static CSR of BuiltNetwork. The projection has one delay.
 */
import type { CompiledWeightUpdate } from '../model/plasticity';
import { initialSynapseValues } from '../model/plasticity';

export interface PlasticProjection {
  /** Index in model.projections. */
  projection: number;
  name: string;
  rule: CompiledWeightUpdate;
  /** The rule's parameters in force (live edits replace them). */
  params: Readonly<Record<string, number>>;
  pre: { start: number; size: number };
  post: { start: number; size: number };
  receptor: number; // EXCITATORY | INHIBITORY
  /** +1, or −1 onto an inhibitory current or voltage receptor (w is a magnitude). */
  sign: number;
  delaySteps: number;
  rowPtr: Uint32Array;
  postOf: Uint32Array;
  colPtr: Uint32Array;
  colSynapse: Uint32Array;
  colPre: Uint32Array;
  /** [variable][synapse], `rule.synapseNames` order. */
  initialSynapse: Float32Array;
  /** Synapse position of each synapse in the order the connector made them (the model's order). */
  positionOf: Uint32Array;
}

export function synapseCount(p: PlasticProjection): number {
  return p.postOf.length;
}

/** Builds the arrays from the connector's pairs (local indices, generation order) and initial weight magnitudes. */
export function buildPlasticProjection(
  base: Omit<PlasticProjection, 'rowPtr' | 'postOf' | 'colPtr' | 'colSynapse' | 'colPre' | 'initialSynapse' | 'positionOf'>,
  preLocal: ArrayLike<number>,
  postLocal: ArrayLike<number>,
  weights: ArrayLike<number>,
): PlasticProjection {
  const m = preLocal.length;
  const rowPtr = new Uint32Array(base.pre.size + 1);
  for (let s = 0; s < m; s++) rowPtr[preLocal[s] + 1]++;
  for (let j = 0; j < base.pre.size; j++) rowPtr[j + 1] += rowPtr[j];
  const fill = rowPtr.slice(0, base.pre.size);
  const positionOf = new Uint32Array(m);
  const post = new Uint32Array(m);
  const vars = base.rule.synapseNames.length;
  const initialSynapse = new Float32Array(vars * m);
  const lo = base.params[base.rule.bounds.min];
  const hi = base.params[base.rule.bounds.max];
  const others = initialSynapseValues(base.rule, base.params);
  for (let s = 0; s < m; s++) {
    const k = fill[preLocal[s]]++;
    positionOf[s] = k;
    post[k] = postLocal[s];
    initialSynapse[k] = Math.min(hi, Math.max(lo, Math.abs(weights[s])));
    base.rule.synapseNames.slice(1).forEach((name, v) => (initialSynapse[(v + 1) * m + k] = others[name]));
  }
  const colPtr = new Uint32Array(base.post.size + 1);
  for (let k = 0; k < m; k++) colPtr[post[k] + 1]++;
  for (let i = 0; i < base.post.size; i++) colPtr[i + 1] += colPtr[i];
  const colFill = colPtr.slice(0, base.post.size);
  const colSynapse = new Uint32Array(m);
  const colPre = new Uint32Array(m);
  for (let j = 0; j < base.pre.size; j++)
    for (let k = rowPtr[j]; k < rowPtr[j + 1]; k++) {
      const e = colFill[post[k]]++;
      colSynapse[e] = k;
      colPre[e] = j;
    }
  return { ...base, rowPtr, postOf: post, colPtr, colSynapse, colPre, initialSynapse, positionOf };
}
