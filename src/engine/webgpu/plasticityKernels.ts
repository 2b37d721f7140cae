/**
 * The plasticity kernels of one plastic projection, generated from its rule's descriptor
 * (src/model/plasticity): `pre` (one invocation per presynaptic neuron), `post` (one per
 * postsynaptic neuron) and, if the rule has per-step code, `step` (one per synapse). The CPU
 * twin (../cpu/plasticityTwin.ts) is generated from the same AST and does the same operations in
 * the same order; its header says what each pass does. Every synapse is written by one
 * invocation of one pass, and the ring takes integer atomic adds, so the result does not depend
 * on thread order. Sizes and offsets (../plasticConstants.ts) are constants of the kernel; the
 * rule's values are a uniform (`RuleConstants`), so a parameter edit needs no new pipeline.
 */
import { commentText, emitWgslStatements, wgslF32 } from '../../codegen/emit';
import type { Statement } from '../../codegen/expressionLanguage';
import { FLUSH_BELOW, WGSL_PORTABLE_EXP } from '../../codegen/portableMath';
import type { PlasticProjection } from '../../network/plasticProjection';
import { plasticLayout, plasticValueNames } from '../plasticConstants';
import { plasticityNameResolver } from '../plasticityNames';

/** The WGSL struct of the rule's values (packed by reflection of this text). */
export function ruleConstantsStruct(p: PlasticProjection): string {
  return ['struct RuleConstants {', ...plasticValueNames(p).map((n) => `  ${n}: f32,`), '}'].join('\n');
}

export type PlasticKernel = 'pre' | 'post' | 'step';

/** `index` is the projection's place in network.plasticProjections (its non-finite counter). */
export function plasticityKernel(p: PlasticProjection, dt: number, fixedPointScale: number, which: PlasticKernel, index: number): string {
  const rule = p.rule;
  const L = plasticLayout(p);
  const m = L.synapses;
  const resolve = plasticityNameResolver(rule, (k) => `c.k_${k}`);
  const code = (body: Statement[], indent: string) => emitWgslStatements(body, resolve, indent);
  const u32 = (x: number) => `${x >>> 0}u`;
  const loadSynapse = (indent: string) => rule.synapseNames.map((s, v) => `${indent}var s_${s} = synapses[${u32(v * m)} + k];`);
  // Checked before the clamp: WGSL's min and max need not keep a NaN.
  const storeSynapse = (indent: string) => [
    ...rule.synapseNames.map((s) => `${indent}noteIfNonFinite(s_${s});`),
    `${indent}s_w = min(max(s_w, c.k_${rule.bounds.min}), c.k_${rule.bounds.max});`,
    ...rule.synapseNames.map((s) => `${indent}s_${s} = flushed(s_${s});`),
    ...rule.synapseNames.map((s, v) => `${indent}synapses[${u32(v * m)} + k] = s_${s};`),
  ];
  const D = p.delaySteps;
  let body: string[];
  if (which === 'pre')
    body = [
      `  let j = gid.x;`,
      `  if (j >= ${u32(p.pre.size)}) { return; }`,
      `  let step = clock.step;`,
      `  let fired = lastSpike[${u32(p.pre.start)} + j] == step + 1u;`,
      ...(D > 1
        ? [
            `  if (fired) { history[(step % ${u32(D)}) * ${u32(p.pre.size)} + j] = step + 1u; }`,
            `  let arriving = step + 1u >= ${u32(D)} && history[((step + 1u) % ${u32(D)}) * ${u32(p.pre.size)} + j] == step + 2u - ${u32(D)};`,
          ]
        : [`  let arriving = fired;`]),
      ...rule.preTraces.flatMap((t, k) => [
        `  var x_${t.name} = flushed(traces[${u32(L.preTrace(k))} + j] * c.decay_${t.name});`,
        `  if (arriving) {\n${code(t.onSpike, '    ')}\n  }`,
        `  noteIfNonFinite(x_${t.name});`,
        `  traces[${u32(L.preTrace(k))} + j] = x_${t.name};`,
      ]),
      `  if (!arriving) { return; }`,
      `  let slot = (step + 1u) % sizes.ringSlots;`,
      `  let end = topology[${u32(L.rowPtr)} + j + 1u];`,
      `  for (var k = topology[${u32(L.rowPtr)} + j]; k < end; k++) {`,
      `    let i = topology[${u32(L.postOf)} + k];`,
      ...loadSynapse('    '),
      `    atomicAdd(&ring[ringIndex(slot, ${u32(p.receptor)}, ${u32(p.post.start)} + i, sizes.numNeurons)], ${p.sign} * i32(floor(s_w * FIXED_POINT_SCALE + 0.5f)));`,
      ...rule.postTraces.map((t, k) => `    let x_${t.name} = flushed(traces[${u32(L.postTrace(k))} + i] * c.decay_${t.name});`),
      `    {\n${code(rule.onPre, '      ')}\n    }`,
      ...storeSynapse('    '),
      `  }`,
    ];
  else if (which === 'post')
    body = [
      `  let i = gid.x;`,
      `  if (i >= ${u32(p.post.size)}) { return; }`,
      `  let fired = lastSpike[${u32(p.post.start)} + i] == clock.step + 1u;`,
      ...rule.postTraces.flatMap((t, k) => [
        `  var x_${t.name} = flushed(traces[${u32(L.postTrace(k))} + i] * c.decay_${t.name});`,
        `  if (fired) {\n${code(t.onSpike, '    ')}\n  }`,
        `  noteIfNonFinite(x_${t.name});`,
        `  traces[${u32(L.postTrace(k))} + i] = x_${t.name};`,
      ]),
      `  if (!fired) { return; }`,
      `  let end = topology[${u32(L.colPtr)} + i + 1u];`,
      `  for (var e = topology[${u32(L.colPtr)} + i]; e < end; e++) {`,
      `    let k = topology[${u32(L.colSynapse)} + e];`,
      `    let j = topology[${u32(L.colPre)} + e];`,
      ...rule.preTraces.map((t, k) => `    let x_${t.name} = traces[${u32(L.preTrace(k))} + j];`),
      ...loadSynapse('    '),
      `    {\n${code(rule.onPost, '      ')}\n    }`,
      ...storeSynapse('    '),
      `  }`,
    ];
  else
    body = [
      `  let k = gid.x;`,
      `  if (k >= ${u32(m)}) { return; }`,
      `  let j = topology[${u32(L.preOf)} + k];`,
      `  let i = topology[${u32(L.postOf)} + k];`,
      ...rule.preTraces.map((t, k) => `  let x_${t.name} = traces[${u32(L.preTrace(k))} + j];`),
      ...rule.postTraces.map((t, k) => `  let x_${t.name} = traces[${u32(L.postTrace(k))} + i];`),
      ...loadSynapse('  '),
      `  {\n${code(rule.perStep ?? [], '    ')}\n  }`,
      ...storeSynapse('  '),
    ];
  return `// Generated from the plasticity rule ${commentText(rule.name)} of projection "${commentText(p.name)}" (${which} pass); see src/engine/webgpu/plasticityKernels.ts.
${ruleConstantsStruct(p)}

${WGSL_PORTABLE_EXP}
const DT_MS: f32 = ${wgslF32(dt)};
const FLUSH_BELOW: f32 = ${wgslF32(FLUSH_BELOW)};
const FIXED_POINT_SCALE: f32 = ${wgslF32(fixedPointScale)}; // weight × scale = fixed-point input (a power of two)

@group(0) @binding(0) var<uniform> clock: StepClock;
@group(0) @binding(1) var<uniform> sizes: NetworkSizes;
@group(0) @binding(2) var<uniform> c: RuleConstants;
@group(0) @binding(3) var<storage, read> lastSpike: array<u32>;        // step + 1 of each neuron's last spike
@group(0) @binding(4) var<storage, read_write> history: array<u32>;    // presynaptic spikes within the delay
@group(0) @binding(5) var<storage, read_write> traces: array<f32>;
@group(0) @binding(6) var<storage, read> topology: array<u32>;         // src/engine/plasticConstants.ts
@group(0) @binding(7) var<storage, read_write> synapses: array<f32>;   // [variable][synapse], w first
@group(0) @binding(8) var<storage, read_write> ring: array<atomic<i32>>;
@group(0) @binding(9) var<storage, read_write> counters: array<atomic<u32>>; // see CHUNK_COUNTER_*

override WORKGROUP_SIZE: u32 = 64u;

fn flushed(x: f32) -> f32 { return select(x, 0.0f, abs(x) < FLUSH_BELOW); }

// The first step of the chunk at which a weight, synapse variable or trace of this projection is NaN or ±Inf.
fn noteIfNonFinite(x: f32) {
  if (!isFiniteF32(x)) { atomicMin(&counters[CHUNK_COUNTER_FIRST_NON_FINITE_PLASTIC + ${u32(index)}], clock.step); }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
${body.join('\n')}
}
`;
}
