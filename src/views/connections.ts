/** A neuron's strongest connections by |weight|, from the network's CSR (for selection views). */
import type { BuiltNetwork } from '../network/network';
import { POST_MASK } from '../network/synapseEncoding';

export interface StrongestConnections {
  outputs: number[]; // global indices of postsynaptic neurons, strongest first
  inputs: number[]; // global indices of presynaptic neurons, strongest first
}

/** O(synapses) for the inputs (the CSR is by presynaptic neuron): call once per selection. */
export function strongestConnections(net: BuiltNetwork, neuron: number, count: number): StrongestConnections {
  const { rowPtr, targets, weights, numNeurons } = net;
  const outs: [number, number][] = [];
  for (let k = rowPtr[neuron]; k < rowPtr[neuron + 1]; k++) outs.push([targets[k] & POST_MASK, Math.abs(weights[k])]);
  const ins: [number, number][] = [];
  for (let pre = 0; pre < numNeurons; pre++)
    for (let k = rowPtr[pre]; k < rowPtr[pre + 1]; k++) if ((targets[k] & POST_MASK) === neuron) ins.push([pre, Math.abs(weights[k])]);
  const top = (xs: [number, number][]) =>
    xs
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([j]) => j);
  return { outputs: top(outs), inputs: top(ins) };
}
