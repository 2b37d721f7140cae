/**
 * The CPU twin of the generated plasticity passes (../webgpu/plasticityKernels.ts) of one plastic
 * projection: the same rule code emitted as JavaScript that rounds to f32 after every operation,
 * compiled once per projection with `new Function`. Per step, after the neuron update (which
 * stamps each spike in `lastSpike` as step + 1), in this order:
 *
 *   pre:  per presynaptic neuron: note its spike in the delay history; decay its traces; if a
 *         spike of its arrives now (fired delay − 1 steps ago: the delay is axonal, as Brian2's),
 *         the traces take it (onSpike), then each synapse of its row transmits w (fixed point,
 *         into the next step's ring slot) and runs onPre with the postsynaptic traces decayed
 *         to this step (before this step's postsynaptic spikes)
 *   post: per postsynaptic neuron: decay its traces; if it fired, they take the spike, then each
 *         synapse onto it (the post→pre index) runs onPost
 *   step: per synapse, the rule's perStep code (if it has one)
 * A NaN or ±Inf synapse variable (before the clamp) or trace is reported by the pass's return
 * value; w is clamped into its bounds after each piece of code; values below 2^-64 flush to 0.
 */
import { emitTsStatements } from '../../codegen/emit';
import { FLUSH_BELOW, portableExp } from '../../codegen/portableMath';
import type { Statement } from '../../codegen/expressionLanguage';
import type { PlasticProjection } from '../../network/plasticProjection';
import { plasticLayout, plasticValueNames } from '../plasticConstants';
import { plasticityNameResolver } from '../plasticityNames';

export interface PlasticContext {
  step: number;
  lastSpike: Uint32Array;
  history: Uint32Array;
  traces: Float32Array;
  topology: Uint32Array;
  synapses: Float32Array;
  ring: Int32Array;
  n: number;
  ringSlots: number;
  values: Float32Array;
  fixedPointScale: number;
}

/** Each pass returns true if it left a weight, synapse variable or trace NaN or ±Inf (checked before the clamp, as on the GPU). */
export interface PlasticityTwin {
  pre(ctx: PlasticContext): boolean;
  post(ctx: PlasticContext): boolean;
  perStep: ((ctx: PlasticContext) => boolean) | null;
}

/** JavaScript sources of the three functions' bodies (exported for tests and for reading). */
export function plasticityTwinSources(p: PlasticProjection, dt: number): { pre: string; post: string; perStep: string | null } {
  const rule = p.rule;
  const L = plasticLayout(p);
  const resolve = plasticityNameResolver(rule, (k) => `k_${k}`);
  const code = (body: Statement[], indent: string) => emitTsStatements(body, resolve, indent);
  const m = L.synapses;
  const flush = (x: string) => `if (Math.abs(${x}) < ${FLUSH_BELOW}) ${x} = 0;`;
  const header = [
    `const { step, lastSpike, history, traces, topology, synapses, ring, n, ringSlots, values, fixedPointScale } = ctx;`,
    `const DT_MS = ${Math.fround(dt)};`,
    ...plasticValueNames(p).map((name, j) => `const ${name} = values[${j}];`),
    `let nonFinite = false;`,
  ];
  const note = (x: string) => `if (${x} - ${x} !== 0) nonFinite = true;`;
  const loadSynapse = (indent: string) => rule.synapseNames.map((s, v) => `${indent}let s_${s} = synapses[${v * m} + k];`);
  const storeSynapse = (indent: string) => [
    ...rule.synapseNames.map((s) => `${indent}${note(`s_${s}`)}`),
    `${indent}s_w = Math.min(Math.max(s_w, k_${rule.bounds.min}), k_${rule.bounds.max});`,
    ...rule.synapseNames.map((s) => `${indent}${flush(`s_${s}`)}`),
    ...rule.synapseNames.map((s, v) => `${indent}synapses[${v * m} + k] = s_${s};`),
  ];
  const D = p.delaySteps;
  const pre = [
    ...header,
    `const slot = (step + 1) % ringSlots;`,
    `for (let j = 0; j < ${p.pre.size}; j++) {`,
    `  const fired = lastSpike[${p.pre.start} + j] === step + 1;`,
    ...(D > 1
      ? [
          `  if (fired) history[(step % ${D}) * ${p.pre.size} + j] = step + 1;`,
          `  const arriving = step + 1 >= ${D} && history[((step + 1) % ${D}) * ${p.pre.size} + j] === step + 2 - ${D};`,
        ]
      : [`  const arriving = fired;`]),
    ...rule.preTraces.flatMap((t, k) => [
      `  let x_${t.name} = fr(traces[${L.preTrace(k)} + j] * decay_${t.name});`,
      `  ${flush(`x_${t.name}`)}`,
      `  if (arriving) {\n${code(t.onSpike, '    ')}\n  }`,
      `  ${note(`x_${t.name}`)}`,
      `  traces[${L.preTrace(k)} + j] = x_${t.name};`,
    ]),
    `  if (!arriving) continue;`,
    `  for (let k = topology[${L.rowPtr} + j], end = topology[${L.rowPtr} + j + 1]; k < end; k++) {`,
    `    const i = topology[${L.postOf} + k];`,
    ...loadSynapse('    '),
    `    ring[(slot * 2 + ${p.receptor}) * n + ${p.post.start} + i] += ${p.sign} * Math.floor(fr(fr(s_w * fixedPointScale) + 0.5));`,
    ...rule.postTraces.flatMap((t, k) => [
      `    let x_${t.name} = fr(traces[${L.postTrace(k)} + i] * decay_${t.name});`,
      `    ${flush(`x_${t.name}`)}`,
    ]),
    `    {\n${code(rule.onPre, '      ')}\n    }`,
    ...storeSynapse('    '),
    `  }`,
    `}`,
    `return nonFinite;`,
  ].join('\n');
  const post = [
    ...header,
    `for (let i = 0; i < ${p.post.size}; i++) {`,
    `  const fired = lastSpike[${p.post.start} + i] === step + 1;`,
    ...rule.postTraces.flatMap((t, k) => [
      `  let x_${t.name} = fr(traces[${L.postTrace(k)} + i] * decay_${t.name});`,
      `  ${flush(`x_${t.name}`)}`,
      `  if (fired) {\n${code(t.onSpike, '    ')}\n  }`,
      `  ${note(`x_${t.name}`)}`,
      `  traces[${L.postTrace(k)} + i] = x_${t.name};`,
    ]),
    `  if (!fired) continue;`,
    `  for (let e = topology[${L.colPtr} + i], end = topology[${L.colPtr} + i + 1]; e < end; e++) {`,
    `    const k = topology[${L.colSynapse} + e];`,
    `    const j = topology[${L.colPre} + e];`,
    ...rule.preTraces.map((t, k) => `    const x_${t.name} = traces[${L.preTrace(k)} + j];`),
    ...loadSynapse('    '),
    `    {\n${code(rule.onPost, '      ')}\n    }`,
    ...storeSynapse('    '),
    `  }`,
    `}`,
    `return nonFinite;`,
  ].join('\n');
  const perStep = rule.perStep
    ? [
        ...header,
        `for (let k = 0; k < ${m}; k++) {`,
        `  const j = topology[${L.preOf} + k];`,
        `  const i = topology[${L.postOf} + k];`,
        ...rule.preTraces.map((t, k) => `  const x_${t.name} = traces[${L.preTrace(k)} + j];`),
        ...rule.postTraces.map((t, k) => `  const x_${t.name} = traces[${L.postTrace(k)} + i];`),
        ...loadSynapse('  '),
        `  {\n${code(rule.perStep, '    ')}\n  }`,
        ...storeSynapse('  '),
        `}`,
        `return nonFinite;`,
      ].join('\n')
    : null;
  return { pre, post, perStep };
}

const compile = (name: string, body: string) =>
  new Function('fr', 'lu_exp', `return function ${name}(ctx) {\n${body}\n};`)(Math.fround, portableExp) as (ctx: PlasticContext) => boolean;

/** The twin of projection `p` at time step `dt` (ms). */
export function plasticityTwin(p: PlasticProjection, dt: number): PlasticityTwin {
  const s = plasticityTwinSources(p, dt);
  return {
    pre: compile('plastic_pre', s.pre),
    post: compile('plastic_post', s.post),
    perStep: s.perStep ? compile('plastic_step', s.perStep) : null,
  };
}
