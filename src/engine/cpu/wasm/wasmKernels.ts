/**
 * The CPU backend's WebAssembly kernels: one module per network, generated as WebAssembly text
 * from the cell types' descriptors (neuronUpdateWat.ts) plus the spike delivery below, assembled
 * by wabt (the WebAssembly Binary Toolkit, from npm) and compiled by the engine that runs it. The
 * module works on the backend's arrays in one WebAssembly.Memory (../cpuArrays.ts).
 */
import { WAT_LANE_CALLS, WAT_MATH_IMPORTS, WAT_PORTABLE_EXP } from '../../../codegen/emitWat';
import type { BuiltNetwork } from '../../../network/network';
import { DELAY_MASK, DELAY_SHIFT, POST_MASK, RECEPTOR_SHIFT } from '../../../network/synapseEncoding';
import type { CpuMemory } from '../cpuArrays';
import { neuronUpdateWat, WAT_THREEFRY } from './neuronUpdateWat';

/**
 * Scatters synapses first … last − 1 (words and weights at byte addresses) of a spike at step
 * `step` into the ring: slot (step + delay) mod slots, receptor plane, post neuron (the same
 * arithmetic as CpuBackend.propagate; delays are ≤ slots − 1, so one subtraction wraps).
 */
const WAT_DELIVER = `
  (func $deliver (param $first i32) (param $last i32) (param $words i32) (param $weights i32) (param $ring i32) (param $stepSlot i32) (param $slots i32) (param $n i32)
    (local $t i32) (local $slot i32) (local $at i32)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $first) (local.get $last)))
      (local.set $t (i32.load (i32.add (local.get $words) (i32.shl (local.get $first) (i32.const 2)))))
      (local.set $slot (i32.add (i32.add (local.get $stepSlot) (i32.and (i32.shr_u (local.get $t) (i32.const ${DELAY_SHIFT})) (i32.const ${DELAY_MASK}))) (i32.const 1)))
      (if (i32.ge_u (local.get $slot) (local.get $slots)) (then (local.set $slot (i32.sub (local.get $slot) (local.get $slots)))))
      (local.set $at (i32.add (local.get $ring) (i32.shl
        (i32.add (i32.mul (i32.add (i32.shl (local.get $slot) (i32.const 1)) (i32.shr_u (local.get $t) (i32.const ${RECEPTOR_SHIFT}))) (local.get $n))
                 (i32.and (local.get $t) (i32.const ${POST_MASK})))
        (i32.const 2))))
      (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.load (i32.add (local.get $weights) (i32.shl (local.get $first) (i32.const 2))))))
      (local.set $first (i32.add (local.get $first) (i32.const 1)))
      (br $next)))
  )
`;

/**
 * Poisson input of one source at one step, four targets per vector (CpuBackend.addPoissonInput):
 * u from Threefry (seed, stream; target position, step), the event count is the number of table
 * entries before the last that u reaches (the table rises, so this is poissonCount), and
 * count × weight is added to the target's word of the ring plane.
 */
const WAT_POISSON = `
  (func (export "poisson_input") (param $targets i32) (param $count i32) (param $plane i32) (param $seed i32) (param $stream i32) (param $step i32)
        (param $cdf i32) (param $cdfLength i32) (param $weight i32)
    (local $t i32) (local $j i32) (local $u v128) (local $k v128) (local $reached v128) (local $events i32) (local $at i32)
    (block $done (loop $group
      (br_if $done (i32.ge_u (local.get $t) (local.get $count)))
      (local.set $u (f32x4.mul
        (f32x4.convert_i32x4_u (i32x4.shr_u
          (call $threefry_x0 (i32x4.add (i32x4.splat (local.get $t)) (v128.const i32x4 0 1 2 3)) (i32x4.splat (local.get $step)) (local.get $seed) (local.get $stream))
          (i32.const 8)))
        (v128.const f32x4 5.96046448e-8 5.96046448e-8 5.96046448e-8 5.96046448e-8)))
      (local.set $k (v128.const i32x4 0 0 0 0))
      (local.set $j (i32.const 0))
      (block $counted (loop $entry
        (br_if $counted (i32.ge_u (local.get $j) (i32.sub (local.get $cdfLength) (i32.const 1))))
        (local.set $reached (f32x4.ge (local.get $u) (f32x4.splat (f32.load (i32.add (local.get $cdf) (i32.shl (local.get $j) (i32.const 2)))))))
        (br_if $counted (i32.eqz (v128.any_true (local.get $reached))))
        (local.set $k (i32x4.sub (local.get $k) (local.get $reached)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $entry)))
${[0, 1, 2, 3]
  .map(
    (l) => `      (local.set $events (i32x4.extract_lane ${l} (local.get $k)))
      (if (i32.and (i32.ne (local.get $events) (i32.const 0)) (i32.lt_u (i32.add (local.get $t) (i32.const ${l})) (local.get $count))) (then
        (local.set $at (i32.add (local.get $plane) (i32.shl (i32.load offset=${4 * l} (i32.add (local.get $targets) (i32.shl (local.get $t) (i32.const 2)))) (i32.const 2))))
        (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.mul (local.get $events) (local.get $weight))))))`,
  )
  .join('\n')}
      (local.set $t (i32.add (local.get $t) (i32.const 4)))
      (br $group)))
  )
`;

function propagateWat(m: CpuMemory, net: BuiltNetwork): string {
  const at = m.at!;
  const n = net.numNeurons;
  const slots = net.maxDelaySteps + 1;
  const load = (array: keyof CpuMemory['arrays'], index: string) =>
    `(i32.load (i32.add (i32.const ${at[array]}) (i32.shl ${index} (i32.const 2))))`;
  const generated = net.generated.segmentStart.length > 1;
  return `
  (func (export "propagate") (param $count i32) (param $step i32)
    (local $s i32) (local $pre i32) (local $stepSlot i32)
    (local.set $stepSlot (i32.rem_u (local.get $step) (i32.const ${slots})))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $s) (local.get $count)))
      (local.set $pre ${load('spikeList', '(local.get $s)')})
      (call $deliver ${load('rowPtr', '(local.get $pre)')} ${load('rowPtr', '(i32.add (local.get $pre) (i32.const 1))')}
        (i32.const ${at.targets}) (i32.const ${at.weights}) (i32.const ${at.ring}) (local.get $stepSlot) (i32.const ${slots}) (i32.const ${n}))
      ${
        generated
          ? `(call $deliver ${load('segmentStart', load('neuronSegments', '(local.get $pre)'))} ${load('segmentStart', load('neuronSegments', '(i32.add (local.get $pre) (i32.const 1))'))}
        (i32.const ${at.generatedWords}) (i32.const ${at.generatedWeights}) (i32.const ${at.ring}) (local.get $stepSlot) (i32.const ${slots}) (i32.const ${n}))`
          : ''
      }
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $next)))
  )`;
}

/** WebAssembly text of the network's module (exported for tests and for reading). */
export function cpuKernelsWat(net: BuiltNetwork, m: CpuMemory): string {
  const invScale = 1 / net.fixedPointScale;
  const cells = [...new Set(net.populations.map((p) => p.cell))];
  return [
    '(module',
    '  (import "env" "memory" (memory 1 65536))',
    WAT_MATH_IMPORTS,
    '  (global $non_finite (export "non_finite") (mut i32) (i32.const 0))',
    WAT_PORTABLE_EXP,
    WAT_LANE_CALLS,
    WAT_THREEFRY,
    ...cells.map((cell, k) => neuronUpdateWat(`update_${k}`, cell, net.dt, invScale)),
    WAT_DELIVER,
    WAT_POISSON,
    propagateWat(m, net),
    ')',
  ].join('\n');
}

type UpdateFunction = (...args: number[]) => number;

/** The instantiated kernels of one network on its memory. */
export interface WasmKernels {
  /** Update function of each population (populations of one cell type share one). */
  updates: UpdateFunction[];
  propagate: (count: number, step: number) => void;
  /** (targets, count, ring plane, seed, stream, step, table, table length, fixed-point weight): byte addresses. */
  poissonInput: (...args: number[]) => void;
  /** 1 after an update met a value that is not finite; the caller clears it. */
  nonFinite: WebAssembly.Global;
}

type Wabt = Awaited<ReturnType<typeof import('wabt')>>;
let wabt: Promise<Wabt> | null = null;

/** Assembles the WebAssembly text with wabt (loaded once, on first use). */
async function assemble(text: string): Promise<Uint8Array> {
  wabt ??= import('wabt').then((w) =>
    ((w as unknown as { default?: () => Promise<Wabt> }).default ?? (w as unknown as () => Promise<Wabt>))(),
  );
  const tools = await wabt;
  const module = tools.parseWat('luciole-cpu-kernels.wat', text, { simd: true });
  try {
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

/** True where the engine runs WebAssembly SIMD (validated on a one-instruction module). */
export function wasmSimdAvailable(): boolean {
  if (typeof WebAssembly !== 'object') return false;
  // (module (func (result v128) (v128.const i32x4 0 0 0 0)))
  const bytes = Uint8Array.from([
    0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 11,
  ]);
  return WebAssembly.validate(bytes);
}

/** Builds, compiles and instantiates the kernels of `net` on the arrays of `m`. */
export async function instantiateCpuKernels(net: BuiltNetwork, m: CpuMemory): Promise<WasmKernels> {
  if (!m.memory || !m.at) throw new Error('internal: the WebAssembly kernels need the arrays in a WebAssembly.Memory');
  const binary = await assemble(cpuKernelsWat(net, m));
  const compiled = await WebAssembly.compile(binary as Uint8Array<ArrayBuffer>);
  const instance = await WebAssembly.instantiate(compiled, {
    env: { memory: m.memory },
    math: { log: Math.log, pow: Math.pow },
  });
  const cells = [...new Set(net.populations.map((p) => p.cell))];
  const exports = instance.exports as Record<string, unknown>;
  return {
    updates: net.populations.map((p) => exports[`update_${cells.indexOf(p.cell)}`] as UpdateFunction),
    propagate: exports.propagate as WasmKernels['propagate'],
    poissonInput: exports.poisson_input as WasmKernels['poissonInput'],
    nonFinite: exports.non_finite as WebAssembly.Global,
  };
}
