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
import { commentText, emitWgslCondition, emitWgslStatements, wgslF32 } from '../../codegen/emit';
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

/**
 * The kernel delivers the rows of its own spikes (one dispatch per step, or per window, instead
 * of an update and a delivery): after each step a workgroup's spiking neurons are listed in
 * workgroup memory and its invocations scatter their rows. This is exact because a spike of
 * step n reaches slot n + delay ≥ n + 1 (n + W in a window of W steps), never the slot any
 * neuron reads in this dispatch; the adds are integer atomics, so their order does not matter.
 */
export interface OwnDelivery {
  /** Stored CSR rows (rowPtr, targets, weights). */
  stored: boolean;
  /** Bindings of generated synapse words (words0 …), 0 without generated projections. */
  generatedWordBindings: number;
}

/** The kernel's bindings in order (NeuronUpdatePass binds the same buffers in this order). */
export function neuronUpdateBindings(poisson: boolean, delivery: OwnDelivery | null): string[] {
  return [
    'clock',
    'sizes',
    'cells',
    'state',
    'refractory',
    'ring',
    'spikeLog',
    'counters',
    'silenced',
    ...(delivery ? [] : ['lastSpike']), // read by the plasticity passes, which never run with own delivery
    ...(poisson ? ['poissonData'] : []),
    ...(delivery?.stored ? ['rowPtr', 'targets', 'weights'] : []),
    ...(delivery?.generatedWordBindings
      ? ['gen', 'index', ...Array.from({ length: delivery.generatedWordBindings }, (_, b) => `words${b}`)]
      : []),
  ];
}

/** Bindings that count against maxStorageBuffersPerShaderStage. */
export function storageBindings(names: string[]): number {
  return names.filter((b) => !['clock', 'sizes', 'gen'].includes(b)).length;
}

const DECLARATIONS: Record<string, string> = {
  clock: 'var<uniform> clock: StepWindow;                // windowSteps steps from clock.step',
  sizes: 'var<uniform> sizes: NetworkSizes;',
  cells: 'var<storage, read> cells: array<CellConstants>;',
  state: 'var<storage, read_write> state: array<f32>;        // src/network/stateLayout.ts',
  refractory: 'var<storage, read_write> refractory: array<u32>;   // steps left',
  spikeLog: 'var<storage, read_write> spikeLog: SpikeLog;',
  counters: 'var<storage, read_write> counters: array<atomic<u32>>; // see CHUNK_COUNTER_*',
  silenced: 'var<storage, read> silenced: array<u32>;            // one bit per neuron',
  lastSpike: 'var<storage, read_write> lastSpike: array<u32>;     // step + 1 of the last spike',
  poissonData: 'var<storage, read> poissonData: array<u32>;  // src/engine/webgpu/layouts.ts',
  rowPtr: 'var<storage, read> rowPtr: array<u32>;        // CSR offsets by presynaptic neuron',
  targets: 'var<storage, read> targets: array<u32>;       // packed post | delay | receptor',
  weights: 'var<storage, read> weights: array<i32>;       // fixed point',
  gen: 'var<uniform> gen: GeneratedSizes;',
  index: 'var<storage, read> index: array<u32>;          // generated rows (src/engine/webgpu/layouts.ts)',
};

function declaration(name: string, delivery: OwnDelivery | null): string {
  if (name === 'ring')
    return delivery
      ? "var<storage, read_write> ring: array<atomic<i32>>; // this step's slot is read and cleared; spikes add to later slots"
      : "var<storage, read_write> ring: array<i32>;         // this step's slot is read and cleared";
  if (name.startsWith('words')) return `var<storage, read> ${name}: array<u32>;        // generated synapse words`;
  return DECLARATIONS[name];
}

/** loadWord over the generated words' bindings (generated_rows.wgsl calls it). */
function loadWordWgsl(bindings: number): string {
  if (bindings === 1) return 'fn loadWord(k: u32) -> u32 { return words0[k]; }';
  return [
    'fn loadWord(k: u32) -> u32 {',
    '  let b = k / gen.wordsPerBinding;',
    '  let at = k - b * gen.wordsPerBinding;',
    ...Array.from({ length: bindings - 1 }, (_, b) => `  if (b == ${b}u) { return words${b}[at]; }`),
    `  return words${bindings - 1}[at];`,
    '}',
  ].join('\n');
}

/** Each step's spikes of this workgroup deliver their rows (OwnDelivery). */
function ownDeliveryWgsl(delivery: OwnDelivery): string {
  return `    workgroupBarrier();
    if (lid.x == 0u) {
      firedTotal = atomicLoad(&firedCount);
      atomicStore(&firedCount, 0u);
    }
    let fired = workgroupUniformLoad(&firedTotal);
    for (var f = 0u; f < fired; f++) {
      let pre = firedNeurons[f];
${
  delivery.stored
    ? `      let rowEnd = rowPtr[pre + 1u];
      for (var k = rowPtr[pre] + lid.x; k < rowEnd; k += WORKGROUP_SIZE) {
        let tw = targets[k];
        let to = (step + ((tw >> DELAY_SHIFT) & DELAY_MASK) + 1u) % sizes.ringSlots;
        atomicAdd(&ring[ringIndex(to, tw >> RECEPTOR_SHIFT, tw & POST_MASK, n)], weights[k]);
      }`
    : ''
}
${
  delivery.generatedWordBindings
    ? `      let segFirst = index[pre];
      let segLast = index[pre + 1u];
      let synLast = index[gen.segmentStart + segLast];
      for (var k = index[gen.segmentStart + segFirst] + lid.x; k < synLast; k += WORKGROUP_SIZE) {
        deliverGeneratedSynapse(pre, k, segFirst, segLast, step);
      }`
    : ''
}
    }
    workgroupBarrier(); // firedNeurons is refilled by the next step`;
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
  /** Deliver this kernel's own spikes (OwnDelivery); the caller appends generated_rows.wgsl when it has generated rows. */
  delivery: OwnDelivery | null = null,
): string {
  const bindings = neuronUpdateBindings(poisson, delivery);
  const ringRead = (receptor: number) =>
    delivery ? `atomicLoad(&ring[ringIndex(slot, ${receptor}u, i, n)])` : `ring[ringIndex(slot, ${receptor}u, i, n)]`;
  const ringClear = (receptor: number) =>
    delivery ? `atomicStore(&ring[ringIndex(slot, ${receptor}u, i, n)], 0)` : `ring[ringIndex(slot, ${receptor}u, i, n)] = 0`;
  const state = cell.stateNames;
  const others = state.filter((v) => v !== 'v');
  const resolve = generatedNameResolver(cell, (k) => `c.k_${k}`, 'kernel');
  const used = cell.inputsUsed;
  const holds = cell.refractoryHolds;
  const plane = { i_stim: 'STATE_PLANE_I_STIM', i_gap: 'STATE_PLANE_I_GAP', i_osc: 'STATE_PLANE_I_OSC' } as const;
  return `// Generated from the cell type ${commentText(cell.name)} (src/model/cellTypes); see src/engine/webgpu/neuronUpdateKernel.ts.
${cellConstantsStruct(cell)}

${WGSL_PORTABLE_EXP}
const NUM_THREADS: u32 = ${numThreads}u;           // neurons of this cell type
const NUM_CELL_POPULATIONS: u32 = ${numPopulationsOfType}u;
const DT_MS: f32 = ${wgslF32(dt)};
const FLUSH_BELOW: f32 = ${wgslF32(FLUSH_BELOW)};

${bindings.map((name, k) => `@group(0) @binding(${k}) ${declaration(name, delivery)}`).join('\n')}
override WORKGROUP_SIZE: u32 = 64u;
${
  delivery
    ? `
var<workgroup> firedNeurons: array<u32, WORKGROUP_SIZE>; // this workgroup's spikes of the step
var<workgroup> firedCount: atomic<u32>;
var<workgroup> firedTotal: u32;
${delivery.generatedWordBindings ? loadWordWgsl(delivery.generatedWordBindings) : ''}
`
    : ''
}
@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let t = gid.x;
  ${delivery ? 'let inRange = t < NUM_THREADS; // every invocation reaches the barriers' : 'if (t >= NUM_THREADS) { return; }'}
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
  ${delivery ? 'if (inRange) {' : ''}
  let slot = step % sizes.ringSlots;
  var inE = ${ringRead(0)};
  var inI = ${ringRead(1)};
  ${ringClear(0)};
  ${ringClear(1)};
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
    ${delivery ? 'firedNeurons[atomicAdd(&firedCount, 1u)] = i;' : 'lastSpike[i] = step + 1u;'}
    let k = atomicAdd(&spikeLog.count, 1u);
    if (k < sizes.logCapacity) { spikeLog.entries[k] = vec2u(i, step); }
  }
  state[STATE_PLANE_V * n + i] = s_v;
${others.map((s, k) => `  state[c.base + ${k}u * c.size + j] = s_${s};`).join('\n')}
  refractory[i] = r;
${
  delivery
    ? `  }
${ownDeliveryWgsl(delivery)}`
    : ''
}
  }
}
`;
}
