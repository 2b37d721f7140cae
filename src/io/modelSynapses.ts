/**
 * A projection's synapses for exporters, exactly as the model gives them where it lists them
 * (fromList rows keep their f64 weights), else as the network a run builds (network/synapseList.ts).
 */
import { parseModel, type ModelInput } from '../model/schema';
import { buildNetwork, type BuiltNetwork } from '../network/network';
import { projectionSynapseList, type SynapseList } from '../network/synapseList';

const built = new WeakMap<object, BuiltNetwork>();

export function modelSynapseList(model: ModelInput, k: number): SynapseList {
  const pr = model.projections![k];
  const dt = model.dt ?? 0.1;
  if (pr.connector.type === 'fromList' && typeof pr.weight === 'number' && (pr.delay === undefined || typeof pr.delay === 'number')) {
    const rows = pr.connector.connections;
    const steps = (d: number) => Math.min(512, Math.max(1, Math.round(d / dt)));
    return {
      source: Uint32Array.from(rows, (r) => r[0]),
      target: Uint32Array.from(rows, (r) => r[1]),
      weight: Float64Array.from(rows, (r) => (r.length >= 3 ? r[2]! : (pr.weight as number))),
      delayMs: Float64Array.from(rows, (r) => steps(r.length === 4 ? r[3]! : ((pr.delay as number | undefined) ?? dt)) * dt),
    };
  }
  let net = built.get(model);
  if (!net) built.set(model, (net = buildNetwork(parseModel(model))));
  return projectionSynapseList(net, k);
}
