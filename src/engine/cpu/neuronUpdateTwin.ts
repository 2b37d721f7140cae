/**
 * The CPU twin of the generated neuron-update kernel (../webgpu/neuronUpdateKernel.ts): the same
 * cell-type code emitted as JavaScript that rounds to f32 after every operation in the kernel's
 * order, compiled once per cell type with `new Function`. Step order per neuron, as the kernel:
 * read and clear this step's input; refractory counter − 1; the update; variables the cell type
 * holds while refractory are restored; values below 2^-64 flushed to 0; finiteness; then silenced, or threshold → reset, spike.
 */
import { emitTsCondition, emitTsStatements } from '../../codegen/emit';
import { FLUSH_BELOW, portableExp } from '../../codegen/portableMath';
import type { CompiledCellType } from '../../model/cellTypes';
import { SHARED_PLANES } from '../../network/stateLayout';
import { generatedNameResolver } from '../generatedNames';
import { Stream, threefry2x32, uniform01 } from '../../random/threefry';

/** What one call of a twin advances: one population for one step. */
export interface TwinContext {
  state: Float32Array;
  refractory: Int32Array;
  /** This step's ring slot: [receptor][neuron], fixed point; read here, cleared by the caller. */
  inExc: Int32Array;
  inInh: Int32Array;
  silenced: Uint32Array;
  spikeList: Uint32Array;
  /** Spikes in the list so far; the twin appends and updates it. */
  count: number;
  n: number;
  invScale: number;
  start: number;
  size: number;
  /** Word of the population's first non-v variable (StateLayout block base). */
  base: number;
  refractorySteps: number;
  values: Float32Array;
  /** For the `t` and `uniform` inputs: this step, the population's index and the network's seed. */
  step: number;
  population: number;
  seed: number;
}

/** Advances one population by one step; returns the sum of every updated state value (non-finite iff one is). */
export type NeuronUpdateTwin = (ctx: TwinContext) => number;

const cache = new WeakMap<CompiledCellType, Map<string, NeuronUpdateTwin>>();

/** JavaScript source of the twin's body (exported for tests and for reading). */
export function twinSource(cell: CompiledCellType, dt: number, fused: boolean): string {
  const state = cell.stateNames;
  const others = state.filter((v) => v !== 'v');
  const resolve = generatedNameResolver(cell, (k) => `k_${k}`, 'twin');
  const used = cell.inputsUsed;
  const holds = cell.refractoryHolds;
  const lines = [
    `const { state, refractory, inExc, inInh, silenced, spikeList, n, invScale, start, size, base, refractorySteps, values, step } = ctx;`,
    `const DT_MS = ${Math.fround(dt)};`,
    ...(used.has('t') ? [`const x_t = fr(fr(step) * DT_MS);`] : []),
    ...(used.has('uniform') ? [`const stream = ${Stream.cellNoise} + ctx.population;`, `const rng = new Uint32Array(2);`] : []),
    ...cell.constantNames.map((k, j) => `const k_${k} = values[${j}];`),
    ...others.map((s, j) => `const at_${s} = base + ${j} * size;`),
    `let count = ctx.count;`,
    `let guard = 0;`,
    `for (let j = 0; j < size; j++) {`,
    `  const i = start + j;`,
    `  let r = refractory[i];`,
    `  if (r > 0) r--;`,
    `  let s_v = state[i];`,
    ...others.map((s) => `  let s_${s} = state[at_${s} + j];`),
    ...(used.has('in_exc') ? [`  const x_in_exc = fr(fr(inExc[i]) * invScale);`] : []),
    ...(used.has('in_inh') ? [`  const x_in_inh = fr(fr(inInh[i]) * invScale);`] : []),
    ...(['i_stim', 'i_gap', 'i_osc'] as const)
      .filter((x) => used.has(x))
      .map((x) => `  const x_${x} = state[${SHARED_PLANES[x]} * n + i];`),
    ...(used.has('i_ext') ? [`  const x_i_ext = fr(fr(x_i_stim + x_i_gap) + x_i_osc);`] : []),
    ...(used.has('uniform') ? [`  threefry2x32(ctx.seed, stream, j, step, rng);`, `  const x_uniform = uniform01(rng[0]);`] : []),
    ...holds.map((s) => `  const held_${s} = s_${s};`),
    emitTsStatements(cell.update, resolve, '  ', fused),
    ...(holds.length ? [`  if (r > 0) { ${holds.map((s) => `s_${s} = held_${s};`).join(' ')} }`] : []),
    // Values below 2^-64 flush to 0, as in the kernel (so that no product falls into the subnormals GPUs flush).
    ...state.map((s) => `  if (Math.abs(s_${s}) < ${FLUSH_BELOW}) s_${s} = 0;`),
    `  guard += ${state.map((s) => `s_${s}`).join(' + ')};`,
    `  if ((silenced[i >>> 5] >>> (i & 31)) & 1) {`,
    cell.silenced
      ? emitTsStatements(cell.silenced, resolve, '    ', fused)
      : `    if (${emitTsCondition(cell.threshold, resolve, fused)}) {\n${emitTsStatements(cell.reset, resolve, '      ', fused)}\n    }`,
    `  } else if (r === 0 && ${emitTsCondition(cell.threshold, resolve, fused)}) {`,
    emitTsStatements(cell.reset, resolve, '    ', fused),
    `    r = refractorySteps;`,
    `    spikeList[count++] = i;`,
    `  }`,
    `  state[i] = s_v;`,
    ...others.map((s) => `  state[at_${s} + j] = s_${s};`),
    `  refractory[i] = r;`,
    `}`,
    `ctx.count = count;`,
    `return guard;`,
  ];
  return lines.join('\n');
}

/** The twin of `cell` at time step `dt` (ms); `fused` emulates a GPU that contracts a*b + c to FMA. */
export function neuronUpdateTwin(cell: CompiledCellType, dt: number, fused = false): NeuronUpdateTwin {
  let byKey = cache.get(cell);
  if (!byKey) cache.set(cell, (byKey = new Map()));
  const key = `${dt}/${fused}`;
  let twin = byKey.get(key);
  if (!twin) {
    twin = new Function(
      'fr',
      'lu_exp',
      'threefry2x32',
      'uniform01',
      `return function ${fused ? 'fused_' : ''}update(ctx) {\n${twinSource(cell, dt, fused)}\n};`,
    )(Math.fround, portableExp, threefry2x32, uniform01) as NeuronUpdateTwin;
    byKey.set(key, twin);
  }
  return twin;
}
