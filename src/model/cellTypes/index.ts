/**
 * Cell types: the built-in descriptors (PyNN's names, units and defaults) and the lookup that
 * also finds a model's own `cellTypes`. Adding a built-in is one descriptor file plus its test
 * (ARCHITECTURE.md, "Adding a cell type").
 */
import { compileCellType, type CompiledCellType } from './compile';
import type { CellTypeDescriptor } from './descriptor';
import { EIF_cond_exp_isfa_ista } from './eifCondExpIsfaIsta';
import { IF_cond_exp } from './ifCondExp';
import { IF_curr_alpha } from './ifCurrAlpha';
import { IF_curr_delta } from './ifCurrDelta';
import { IF_curr_exp } from './ifCurrExp';
import { Izhikevich } from './izhikevich';
import { SpikeSourcePoisson } from './spikeSourcePoisson';
import { SpikeSourceArray } from './spikeSourceArray';

export const BUILT_IN_CELL_TYPES: Readonly<Record<string, CellTypeDescriptor>> = {
  IF_curr_exp,
  IF_curr_delta,
  IF_curr_alpha,
  IF_cond_exp,
  EIF_cond_exp_isfa_ista,
  Izhikevich,
  SpikeSourcePoisson,
  SpikeSourceArray,
};

export const BUILT_IN_CELL_TYPE_NAMES = Object.keys(BUILT_IN_CELL_TYPES);

/** A state variable's name (`v`, `isyn_exc`, `u`, ...): which exist depends on the cell type. */
export type StateVariable = string;

const builtIns = new Map<string, CompiledCellType>();
const userTypes = new WeakMap<object, CompiledCellType>();

export function isBuiltInCellType(name: string): boolean {
  return Object.hasOwn(BUILT_IN_CELL_TYPES, name);
}

/** A user's descriptor as written in a model's `cellTypes` section (its name is its key). */
export type UserCellType = Omit<CellTypeDescriptor, 'name'>;

/** Compiles a model's own cell type (cached per descriptor object); throws CodeError or CellTypeError. */
export function compileUserCellType(name: string, d: UserCellType): CompiledCellType {
  let c = userTypes.get(d);
  if (!c) {
    c = compileCellType(`cellTypes.${name}`, { name, ...d } as CellTypeDescriptor);
    userTypes.set(d, c);
  }
  return c;
}

/** The compiled cell type `name` of a model: one of its own `cellTypes`, else a built-in. */
export function cellTypeOf(model: { cellTypes?: Record<string, UserCellType> }, name: string): CompiledCellType {
  const own = model.cellTypes?.[name];
  if (own) return compileUserCellType(name, own);
  if (!isBuiltInCellType(name)) throw new Error(`no cell type "${name}"`);
  let c = builtIns.get(name);
  if (!c) {
    c = compileCellType(name, BUILT_IN_CELL_TYPES[name]);
    builtIns.set(name, c);
  }
  return c;
}

export type { CompiledCellType } from './compile';
export {
  CellTypeError,
  constantValues,
  derivedValues,
  describeCellTypeError,
  initialStateOf,
  parameterProblems,
  refractorySteps,
  resolveParameters,
  spikeCharge,
  weightUnitOf,
} from './compile';
export { WEIGHT_UNITS, type CellTypeDescriptor, type ReceptorInput } from './descriptor';
