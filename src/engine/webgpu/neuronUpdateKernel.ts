/**
 * The neuron-update kernel, generated per cell type from its descriptor (src/model/cellTypes):
 * one invocation advances one neuron of that type by one step. The populations of the type are
 * dispatched together; each invocation finds its population in the type's own constants table,
 * so there is no run-time branch on the cell type. The CPU twin (../cpu/neuronUpdateTwin.ts) is
 * generated from the same AST and does the same operations in the same order:
 *
 *   read and clear this step's ring slot → refractory counter − 1 → the update → variables the
 *   cell type holds while refractory are restored → values below 2^-64 flushed to 0 → first non-finite step (before the reset, which
 *   would hide an overflow) → silenced, or (not refractory and threshold) → reset, spike logged.
 */
import { emitWgslCondition, emitWgslStatements, wgslF32 } from '../../codegen/emit';
import { FLUSH_BELOW, WGSL_PORTABLE_EXP } from '../../codegen/portableMath';
import type { CompiledCellType } from '../../model/cellTypes';
import { generatedNameResolver } from '../generatedNames';

/** The WGSL struct of one population's constants for `cell` (packed by reflection of this text). */
export function cellConstantsStruct(cell: CompiledCellType): string {
  return [
    'struct CellConstants {',
    '  population: u32,      // index in the network',
    '  start: u32,           // first global neuron index',
    '  size: u32,',
    '  firstThread: u32,     // invocation index of its first neuron in this dispatch',
    '  refractorySteps: u32,',
    '  base: u32,            // word of its first non-v variable (src/network/stateLayout.ts)',
    ...cell.constantNames.map((k) => `  k_${k}: f32,`),
    '}',
  ].join('\n');
}

/** The kernel's own part (bindings and entry point); shaderSource.ts prepends the shared WGSL. */
/** This step's Poisson events of neuron i, added to its input (integers: the same sums as the Poisson pass's atomics). */
const POISSON_IN_UPDATE = `  let firstPair = poissonData[sizes.poissonNeuronPtrAt + i];
  let lastPair = poissonData[sizes.poissonNeuronPtrAt + i + 1u];
  for (var q = firstPair; q < lastPair; q++) {
    let e = poissonData[sizes.poissonNeuronEntriesAt + 2u * q];
    let src = poissonData[sizes.poissonNeuronEntriesAt + 2u * q + 1u];
    let at = src * POISSON_SOURCE_WORDS;
    let k = poissonEvents(src, e - poissonData[at + PS_FIRST_ENTRY], step);
    if (k > 0u) {
      let add = i32(k) * bitcast<i32>(poissonData[at + PS_WEIGHT_FIXED]);
      if (poissonData[at + PS_RECEPTOR] == 0u) { inE += add; } else { inI += add; }
    }
  }`;

export function neuronUpdateKernel(
  cell: CompiledCellType,
  dt: number,
  numThreads: number,
  numPopulationsOfType: number,
  /** Draw each neuron's Poisson input here (shaders/poisson_events.wgsl) rather than in a pass of its own. */
  poisson = false,
): string {
  const state = cell.stateNames;
  const others = state.filter((v) => v !== 'v');
  const resolve = generatedNameResolver(cell, (k) => `c.k_${k}`, 'kernel');
  const used = cell.inputsUsed;
  const holds = cell.refractoryHolds;
  const plane = { i_stim: 'STATE_PLANE_I_STIM', i_gap: 'STATE_PLANE_I_GAP', i_osc: 'STATE_PLANE_I_OSC' } as const;
  return `// Generated from the cell type ${cell.name} (src/model/cellTypes); see src/engine/webgpu/neuronUpdateKernel.ts.
${cellConstantsStruct(cell)}

${WGSL_PORTABLE_EXP}
const NUM_THREADS: u32 = ${numThreads}u;           // neurons of this cell type
const NUM_CELL_POPULATIONS: u32 = ${numPopulationsOfType}u;
const DT_MS: f32 = ${wgslF32(dt)};
const FLUSH_BELOW: f32 = ${wgslF32(FLUSH_BELOW)};

@group(0) @binding(0) var<uniform> clock: StepWindow;                // windowSteps steps from clock.step
@group(0) @binding(1) var<uniform> sizes: NetworkSizes;
@group(0) @binding(2) var<storage, read> cells: array<CellConstants>;
@group(0) @binding(3) var<storage, read_write> state: array<f32>;        // src/network/stateLayout.ts
@group(0) @binding(4) var<storage, read_write> refractory: array<u32>;   // steps left
@group(0) @binding(5) var<storage, read_write> ring: array<i32>;         // this step's slot is read and cleared
@group(0) @binding(6) var<storage, read_write> spikeLog: SpikeLog;
@group(0) @binding(7) var<storage, read_write> counters: array<atomic<u32>>; // see CHUNK_COUNTER_*
@group(0) @binding(8) var<storage, read> silenced: array<u32>;            // one bit per neuron
@group(0) @binding(9) var<storage, read_write> lastSpike: array<u32>;     // step + 1 of the last spike
${poisson ? '@group(0) @binding(10) var<storage, read> poissonData: array<u32>;  // src/engine/webgpu/layouts.ts' : ''}
override WORKGROUP_SIZE: u32 = 64u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let t = gid.x;
  if (t >= NUM_THREADS) { return; }
  var q = 0u;
  loop {
    if (q + 1u >= NUM_CELL_POPULATIONS || t < cells[q + 1u].firstThread) { break; }
    q++;
  }
  let c = cells[q];
  let j = t - c.firstThread;
  let i = c.start + j;
  let n = sizes.numNeurons;
  // Several steps per dispatch where every delay is at least that long: no spike of this window
  // can reach a slot read in it, so each neuron runs its steps alone (WebGpuBackend.windowSteps).
  for (var w = 0u; w < clock.windowSteps; w++) {
  let step = clock.step + w;
  let slot = step % sizes.ringSlots;
  var inE = ring[ringIndex(slot, 0u, i, n)];
  var inI = ring[ringIndex(slot, 1u, i, n)];
  ring[ringIndex(slot, 0u, i, n)] = 0;
  ring[ringIndex(slot, 1u, i, n)] = 0;
${poisson ? POISSON_IN_UPDATE : ''}
  var r = refractory[i];
  if (r > 0u) { r -= 1u; }
  var s_v = state[STATE_PLANE_V * n + i];
${others.map((s, k) => `  var s_${s} = state[c.base + ${k}u * c.size + j];`).join('\n')}
${used.has('in_exc') ? '  let x_in_exc = f32(inE) * sizes.invScale;' : ''}
${used.has('in_inh') ? '  let x_in_inh = f32(inI) * sizes.invScale;' : ''}
${(['i_stim', 'i_gap', 'i_osc'] as const)
  .filter((x) => used.has(x))
  .map((x) => `  let x_${x} = state[${plane[x]} * n + i];`)
  .join('\n')}
${used.has('i_ext') ? '  let x_i_ext = (x_i_stim + x_i_gap) + x_i_osc;' : ''}
${used.has('t') ? '  let x_t = f32(step) * DT_MS;' : ''}
${used.has('uniform') ? '  let x_uniform = uniform01(threefry2x32(vec2u(sizes.seed, CELL_NOISE_STREAM + c.population), vec2u(j, step)).x);' : ''}
${holds.map((s) => `  let held_${s} = s_${s};`).join('\n')}
${emitWgslStatements(cell.update, resolve)}
${holds.length ? `  if (r > 0u) { ${holds.map((s) => `s_${s} = held_${s};`).join(' ')} }` : ''}
  // Values below 2^-64 flush to 0, here and in the CPU twin: then no product of a state variable
  // with a constant falls into the subnormal range, which GPUs may flush and the CPU does not.
${state.map((s) => `  s_${s} = select(s_${s}, 0.0f, abs(s_${s}) < FLUSH_BELOW);`).join('\n')}
  if (!(${state.map((s) => `isFiniteF32(s_${s})`).join(' && ')})) {
    atomicMin(&counters[CHUNK_COUNTER_FIRST_NON_FINITE + c.population], step);
  }
  if (((silenced[i >> 5u] >> (i & 31u)) & 1u) != 0u) {
${
  cell.silenced
    ? emitWgslStatements(cell.silenced, resolve, '    ')
    : `    if (${emitWgslCondition(cell.threshold, resolve)}) {\n${emitWgslStatements(cell.reset, resolve, '      ')}\n    }`
}
  } else if (r == 0u && ${emitWgslCondition(cell.threshold, resolve)}) {
${emitWgslStatements(cell.reset, resolve, '    ')}
    r = c.refractorySteps;
    lastSpike[i] = step + 1u;
    let k = atomicAdd(&spikeLog.count, 1u);
    if (k < sizes.logCapacity) { spikeLog.entries[k] = vec2u(i, step); }
  }
  state[STATE_PLANE_V * n + i] = s_v;
${others.map((s, k) => `  state[c.base + ${k}u * c.size + j] = s_${s};`).join('\n')}
  refractory[i] = r;
  }
}
`;
}
