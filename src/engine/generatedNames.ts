/**
 * How a cell type's names appear in the generated neuron update, the same in the WGSL kernel and
 * the CPU twin: state variables `s_<name>`, inputs `x_<name>`, dt the constant `DT_MS`, and
 * population constants as the target reads them (`c.k_<name>` in WGSL, `k_<name>` in the twin).
 */
import type { CompiledCellType } from '../model/cellTypes';
import { CELL_INPUTS } from '../model/cellTypes/descriptor';

export function generatedNameResolver(
  cell: CompiledCellType,
  constant: (name: string) => string,
  target: string,
): (name: string) => string {
  const names = new Map<string, string>();
  for (const s of cell.stateNames) names.set(s, `s_${s}`);
  for (const k of cell.constantNames) names.set(k, constant(k));
  for (const x of Object.keys(CELL_INPUTS)) names.set(x, `x_${x}`);
  names.set('dt', 'DT_MS');
  return (name) => {
    const r = names.get(name);
    if (!r) throw new Error(`internal: ${cell.name} code reads "${name}", which the ${target} does not provide`);
    return r;
  };
}
