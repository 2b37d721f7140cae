/**
 * The neuron update of one cell type as a WebAssembly SIMD function, four neurons per f32x4
 * vector: the third twin of the generated kernel (../../webgpu/neuronUpdateKernel.ts), in the
 * step order of the TypeScript twin (../neuronUpdateTwin.ts), which stays the readable reference
 * and the oracle it is tested against bit for bit. Per group of four neurons: read and clear
 * nothing (the caller clears the slot); refractory counter − 1; the update; held variables
 * restored; values below 2^-64 flushed to 0; finiteness; then silenced, or threshold → reset,
 * spike, appended in neuron order. A population's last group may extend past its end: those
 * lanes compute on whatever lies there and store back the words they read.
 */
import { WatEmitter, watSplat } from '../../../codegen/emitWat';
import { FLUSH_BELOW } from '../../../codegen/portableMath';
import type { CompiledCellType } from '../../../model/cellTypes';
import { SHARED_PLANES } from '../../../network/stateLayout';
import { Stream } from '../../../random/threefry';
import { generatedNameResolver } from '../../generatedNames';

/** The function's parameters, in order (byte addresses are into the backend's one memory). */
export const UPDATE_PARAMS = [
  'state', // byte address of the state (src/network/stateLayout.ts)
  'n', // neurons in the network
  'refractory', // byte address, i32 per neuron
  'inExc', // byte address of this step's excitatory ring plane, i32 fixed point per neuron
  'inInh',
  'silenced', // byte address, one bit per neuron (one word of padding after)
  'spikes', // byte address of the spike list
  'count', // spikes in the list so far
  'start', // the population's first neuron
  'size',
  'base', // word of the population's first non-v variable
  'values', // byte address of the population's constants (f32, cell.constantNames order)
  'refractorySteps',
  'step',
  'population',
  'seed',
  'anySilenced', // 0 while no neuron of the network is silenced: the bits are not read
] as const;

/** WAT of `$name`: (UPDATE_PARAMS) → the new spike count; sets the global $non_finite when a state value of the population is not finite. */
export function neuronUpdateWat(name: string, cell: CompiledCellType, dt: number, invScale: number): string {
  if (Math.fround(invScale) !== invScale) throw new Error(`internal: 1/fixed-point scale ${invScale} is not an f32`);
  const state = cell.stateNames;
  const others = state.filter((v) => v !== 'v');
  const used = cell.inputsUsed;
  const holds = cell.refractoryHolds;
  const resolve = generatedNameResolver(cell, (k) => `k_${k}`, 'WebAssembly twin');
  const emit = new WatEmitter(resolve);
  const get = (x: string) => `(local.get $${x})`;
  const set = (x: string, v: string) => `(local.set $${x} ${v})`;
  const i32 = (x: number) => `(i32.const ${x})`;
  const byteOf = (word: string) => `(i32.shl ${word} ${i32(2)})`;

  const update = emit.statements(cell.update, null);
  const threshold = emit.condition(cell.threshold);
  const silencedCode = cell.silenced ? emit.statements(cell.silenced, 'silenced_lanes') : null;
  // Silenced lanes without silenced code: threshold → reset, no spike (as the twin).
  const silencedReset = cell.silenced ? null : emit.statements(cell.reset, 'silenced_reset');
  const reset = emit.statements(cell.reset, 'spiking');

  // Per-variable byte addresses of lane 0 of the group: `$p_<s>` + 4 j (hoisted out of the loop).
  const plane = (x: 'i_stim' | 'i_gap' | 'i_osc') => `p_${x}`;
  const pointers = [
    ...others.map((s, k) =>
      set(`p_${s}`, `(i32.add ${get('state')} ${byteOf(`(i32.add ${get('base')} (i32.mul ${i32(k)} ${get('size')}))`)})`),
    ),
    ...(['i_stim', 'i_gap', 'i_osc'] as const)
      .filter((x) => used.has(x))
      .map((x) =>
        set(plane(x), `(i32.add ${get('state')} ${byteOf(`(i32.add (i32.mul ${i32(SHARED_PLANES[x])} ${get('n')}) ${get('start')})`)})`),
      ),
  ];
  const jByte = byteOf(get('j'));

  /**
   * One group of four neurons. `tail`: the population's last, partial group, whose lanes past
   * its end are masked out of the spikes and the finiteness check and store back what they read.
   */
  const group = (tail: boolean): string[] => {
    const activeAnd = (x: string) => (tail ? `(v128.and ${get('active')} ${x})` : x);
    const store = (address: string, value: string, original: string) =>
      `  (v128.store ${address} ${tail ? `(v128.bitselect ${get(value)} ${get(original)} ${get('active')})` : get(value)})`;
    return [
      `  ${set('i', `(i32.add ${get('start')} ${get('j')})`)}`,
      `  ${set('at', byteOf(get('i')))}`,
      ...(tail
        ? [
            `  ${set('active', `(i32x4.lt_s (i32x4.add (i32x4.splat ${get('j')}) (v128.const i32x4 0 1 2 3)) (i32x4.splat ${get('size')}))`)}`,
          ]
        : []),
      `  ${set('r0', `(v128.load (i32.add ${get('refractory')} ${get('at')}))`)}`,
      // r > 0 gives −1 in the lane: the counter counts down
      `  ${set('r', `(i32x4.add ${get('r0')} (i32x4.gt_s ${get('r0')} (v128.const i32x4 0 0 0 0)))`)}`,
      `  ${set('o_v', `(v128.load (i32.add ${get('state')} ${get('at')}))`)}`,
      `  ${set('s_v', get('o_v'))}`,
      ...others.flatMap((s) => [
        `  ${set(`o_${s}`, `(v128.load (i32.add ${get(`p_${s}`)} ${jByte}))`)}`,
        `  ${set(`s_${s}`, get(`o_${s}`))}`,
      ]),
      ...(['in_exc', 'in_inh'] as const)
        .filter((x) => used.has(x))
        .map(
          (x) =>
            `  ${set(`x_${x}`, `(f32x4.mul (f32x4.convert_i32x4_s (v128.load (i32.add ${get(x === 'in_exc' ? 'inExc' : 'inInh')} ${get('at')}))) ${watSplat(invScale)})`)}`,
        ),
      ...(['i_stim', 'i_gap', 'i_osc'] as const)
        .filter((x) => used.has(x))
        .map((x) => `  ${set(`x_${x}`, `(v128.load (i32.add ${get(plane(x))} ${jByte}))`)}`),
      ...(used.has('i_ext')
        ? [`  ${set('x_i_ext', `(f32x4.add (f32x4.add ${get('x_i_stim')} ${get('x_i_gap')}) ${get('x_i_osc')})`)}`]
        : []),
      ...(used.has('uniform')
        ? [
            `  ${set(
              'x_uniform',
              `(f32x4.mul (f32x4.convert_i32x4_u (i32x4.shr_u (call $threefry_x0 (i32x4.add (i32x4.splat ${get('j')}) (v128.const i32x4 0 1 2 3)) (i32x4.splat ${get('step')}) ${get('seed')} (i32.add ${i32(Stream.cellNoise)} ${get('population')})) (i32.const 8))) ${watSplat(2 ** -24)})`,
            )}`,
          ]
        : []),
      ...holds.map((s) => `  ${set(`held_${s}`, get(`s_${s}`))}`),
      update,
      ...(holds.length
        ? [
            `  ${set('r_positive', `(i32x4.gt_s ${get('r')} (v128.const i32x4 0 0 0 0))`)}`,
            ...holds.map((s) => `  ${set(`s_${s}`, `(v128.bitselect ${get(`held_${s}`)} ${get(`s_${s}`)} ${get('r_positive')})`)}`),
          ]
        : []),
      ...state.map(
        (s) => `  ${set(`s_${s}`, `(v128.andnot ${get(`s_${s}`)} (f32x4.lt (f32x4.abs ${get(`s_${s}`)}) ${watSplat(FLUSH_BELOW)}))`)}`,
      ),
      // s − s is NaN exactly where s is not finite, and NaN stays in the running sum
      ...state.map((s) => `  ${set('bad', `(f32x4.add ${get('bad')} ${activeAnd(`(f32x4.sub ${get(`s_${s}`)} ${get(`s_${s}`)})`)})`)}`),
      `  ${set('above', threshold)}`,
      // the silenced bits of lanes i … i+3 (they may straddle two words), read only while any neuron is silenced
      `  ${set('bits', i32(0))}`,
      `  (if ${get('anySilenced')} (then`,
      `    ${set('bits', `(i32.and (i32.wrap_i64 (i64.shr_u (i64.load (i32.add ${get('silenced')} ${byteOf(`(i32.shr_u ${get('i')} ${i32(5)})`)})) (i64.extend_i32_u (i32.and ${get('i')} ${i32(31)})))) ${i32(15)})`)}`,
      `  ))`,
      `  ${set('silenced_lanes', `(v128.const i32x4 0 0 0 0)`)}`,
      `  (if ${get('bits')} (then`,
      `    ${set('silenced_lanes', activeAnd(`(i32x4.ne (v128.and (i32x4.splat ${get('bits')}) (v128.const i32x4 1 2 4 8)) (v128.const i32x4 0 0 0 0))`))}`,
      silencedCode ?? `    ${set('silenced_reset', `(v128.and ${get('silenced_lanes')} ${get('above')})`)}\n${silencedReset}`,
      `  ))`,
      `  ${set('spiking', `(v128.andnot (v128.and ${activeAnd(get('above'))} (i32x4.eq ${get('r')} (v128.const i32x4 0 0 0 0))) ${get('silenced_lanes')})`)}`,
      `  ${set('lanes', `(i32x4.bitmask ${get('spiking')})`)}`,
      `  (if ${get('lanes')} (then`,
      reset,
      `    ${set('r', `(v128.bitselect (i32x4.splat ${get('refractorySteps')}) ${get('r')} ${get('spiking')})`)}`,
      ...[0, 1, 2, 3].map(
        (l) =>
          `    (if (i32.and ${get('lanes')} ${i32(1 << l)}) (then (i32.store (i32.add ${get('spikes')} ${byteOf(get('count'))}) (i32.add ${get('i')} ${i32(l)})) ${set('count', `(i32.add ${get('count')} ${i32(1)})`)}))`,
      ),
      `  ))`,
      store(`(i32.add ${get('state')} ${get('at')})`, 's_v', 'o_v'),
      ...others.map((s) => store(`(i32.add ${get(`p_${s}`)} ${jByte})`, `s_${s}`, `o_${s}`)),
      store(`(i32.add ${get('refractory')} ${get('at')})`, 'r', 'r0'),
      `  ${set('j', `(i32.add ${get('j')} ${i32(4)})`)}`,
    ];
  };

  const body = [
    ...cell.constantNames.map((k, j) => set(`k_${k}`, `(f32x4.splat (f32.load offset=${4 * j} ${get('values')}))`)),
    ...(used.has('t')
      ? [set('x_t', `(f32x4.splat (f32.mul (f32.convert_i32_u ${get('step')}) (f32.const ${Math.fround(dt).toPrecision(9)})))`)]
      : []),
    set('DT_MS', watSplat(dt)),
    ...pointers,
    // whole groups, then the partial one
    `(block $done (loop $group`,
    `  (br_if $done (i32.gt_s (i32.add ${get('j')} ${i32(4)}) ${get('size')}))`,
    ...group(false),
    `  (br $group)`,
    `))`,
    `(if (i32.lt_s ${get('j')} ${get('size')}) (then`,
    ...group(true),
    `))`,
    `(if (v128.any_true (f32x4.ne ${get('bad')} ${get('bad')})) (then (global.set $non_finite (i32.const 1))))`,
    get('count'),
  ];
  const v128Locals = new Set<string>([
    ...emit.locals,
    ...cell.constantNames.map((k) => `k_${k}`),
    ...state.map((s) => `s_${s}`),
    ...state.map((s) => `o_${s}`),
    ...holds.map((s) => `held_${s}`),
    ...[...used].map((x) => `x_${x}`),
    'DT_MS',
    'active',
    'r0',
    'r',
    'r_positive',
    'bad',
    'above',
    'silenced_lanes',
    'silenced_reset',
    'spiking',
  ]);
  return [
    `(func $${name} (export "${name}") ${UPDATE_PARAMS.map((p) => `(param $${p} i32)`).join(' ')} (result i32)`,
    `  (local $j i32) (local $i i32) (local $at i32) (local $bits i32) (local $lanes i32)`,
    `  ${[...others.map((s) => `p_${s}`), ...(['i_stim', 'i_gap', 'i_osc'] as const).filter((x) => used.has(x)).map((x) => `p_${x}`)].map((l) => `(local $${l} i32)`).join(' ')}`,
    `  ${[...v128Locals].map((l) => `(local $${l} v128)`).join(' ')}`,
    ...body.map((l) => `  ${l}`),
    `)`,
  ].join('\n');
}

const ROTATIONS = [13, 15, 26, 6, 17, 29, 16, 24];
const SKEIN_PARITY = 0x1bd11bda;

/**
 * Threefry-2x32-20 (../../../random/threefry.ts) on four counters at once: word 0 of the output
 * for key (k0, k1) and counters (c0, c1) per lane.
 */
export const WAT_THREEFRY = (() => {
  const lines = [
    `(func $threefry_x0 (param $c0 v128) (param $c1 v128) (param $k0 i32) (param $k1 i32) (result v128)`,
    `  (local $x0 v128) (local $x1 v128) (local $ks0 v128) (local $ks1 v128) (local $ks2 v128)`,
    `  (local.set $ks0 (i32x4.splat (local.get $k0)))`,
    `  (local.set $ks1 (i32x4.splat (local.get $k1)))`,
    `  (local.set $ks2 (i32x4.splat (i32.xor (i32.const ${SKEIN_PARITY}) (i32.xor (local.get $k0) (local.get $k1)))))`,
    `  (local.set $x0 (i32x4.add (local.get $c0) (local.get $ks0)))`,
    `  (local.set $x1 (i32x4.add (local.get $c1) (local.get $ks1)))`,
  ];
  for (let round = 0; round < 20; round++) {
    const r = ROTATIONS[round % 8];
    lines.push(
      `  (local.set $x0 (i32x4.add (local.get $x0) (local.get $x1)))`,
      `  (local.set $x1 (v128.xor (v128.or (i32x4.shl (local.get $x1) (i32.const ${r})) (i32x4.shr_u (local.get $x1) (i32.const ${32 - r}))) (local.get $x0)))`,
    );
    if ((round + 1) % 4 === 0) {
      const s = (round + 1) / 4;
      lines.push(
        `  (local.set $x0 (i32x4.add (local.get $x0) (local.get $ks${s % 3})))`,
        `  (local.set $x1 (i32x4.add (local.get $x1) (i32x4.add (local.get $ks${(s + 1) % 3}) (v128.const i32x4 ${s} ${s} ${s} ${s}))))`,
      );
    }
  }
  lines.push(`  (local.get $x0))`);
  return lines.join('\n');
})();
