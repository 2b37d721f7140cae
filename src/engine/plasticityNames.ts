/**
 * How a plasticity rule's names appear in its generated code, the same in the WGSL kernels and
 * the CPU twin: per-synapse variables `s_<name>` (w is `s_w`), traces `x_<name>`, dt `DT_MS`, and
 * the rule's constants as the target reads them (`c.k_<name>` in WGSL, `k_<name>` in the twin).
 */
import type { CompiledWeightUpdate } from '../model/plasticity';

export function plasticityNameResolver(rule: CompiledWeightUpdate, constant: (name: string) => string): (name: string) => string {
  const names = new Map<string, string>();
  for (const s of rule.synapseNames) names.set(s, `s_${s}`);
  for (const t of [...rule.preTraces, ...rule.postTraces]) names.set(t.name, `x_${t.name}`);
  for (const k of rule.constantNames) names.set(k, constant(k));
  names.set('dt', 'DT_MS');
  return (name) => {
    const r = names.get(name);
    if (!r) throw new Error(`internal: the rule ${rule.name} reads "${name}", which its generated code does not provide`);
    return r;
  };
}
