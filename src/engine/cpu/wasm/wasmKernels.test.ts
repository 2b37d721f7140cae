/**
 * The CPU backend's WebAssembly SIMD kernels against the TypeScript twins they are generated
 * beside: the same spikes and every state bit for bit, for every built-in cell type, every bundled
 * spiking example, silenced neurons, gap junctions, live edits, NaN in the state and randomly
 * written cell types (fast-check); and the references of cellTypes / closedForms / plasticity.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, example } from '../../../examples';
import { BUILT_IN_CELL_TYPES, cellTypeOf } from '../../../model/cellTypes';
import type { ModelInput } from '../../../model/schema';
import { CPU, CPU_WASM } from '../../backends';
import { cellTypeSuite } from '../../cellTypes.suite';
import { closedFormSuite } from '../../closedForms.suite';
import { plasticitySuite } from '../../plasticity.suite';
import { Run } from '../../run';
import { CELL_TYPE_INITIAL_V as INITIAL_V, CELL_TYPE_PARAMS as PARAMS, QIF_CELL_TYPE, cellTypeNetwork } from '../../testModels';
import { wasmSimdAvailable } from './wasmKernels';

cellTypeSuite('cpu (WebAssembly SIMD)', () => CPU_WASM);
closedFormSuite('cpu (WebAssembly SIMD)', () => CPU_WASM);
plasticitySuite('cpu (WebAssembly SIMD)', () => CPU_WASM);

interface Outcome {
  neurons: number[];
  steps: number[];
  state: Record<string, Float32Array>;
  refractory: number[];
  error: string | null;
}

async function outcome(model: ModelInput, target: typeof CPU, ms: number, edit?: (r: Run) => void): Promise<Outcome> {
  const run = await Run.create(structuredClone(model), target);
  let error: string | null = null;
  try {
    if (edit) {
      await run.run(ms / 2);
      edit(run);
      await run.run(ms / 2);
    } else await run.run(ms);
  } catch (e) {
    error = (e as Error).message;
  }
  const spikes = run.spikes();
  const s = await run.readNeuronState();
  run.destroy();
  return {
    neurons: Array.from(spikes.neurons),
    steps: Array.from(spikes.steps),
    state: { v: s.v, ...s.variables },
    refractory: Array.from(s.refractory),
    error,
  };
}

/** A description of the first difference, or 'identical'. */
function difference(a: Outcome, b: Outcome): string {
  if (a.error !== b.error) return `errors: ${a.error} vs ${b.error}`;
  if (a.neurons.length !== b.neurons.length) return `spike counts ${a.neurons.length} vs ${b.neurons.length}`;
  const k = a.neurons.findIndex((n, i) => n !== b.neurons[i] || a.steps[i] !== b.steps[i]);
  if (k >= 0) return `spike ${k}: ${a.neurons[k]}@${a.steps[k]} vs ${b.neurons[k]}@${b.steps[k]}`;
  for (const name of Object.keys(a.state)) {
    const [x, y] = [a.state[name], b.state[name]];
    const i = x.findIndex((value, j) => !Object.is(value, y[j]));
    if (i >= 0) return `${name}[${i}]: ${x[i]} vs ${y[i]}`;
  }
  const r = a.refractory.findIndex((value, j) => value !== b.refractory[j]);
  return r >= 0 ? `refractory[${r}]: ${a.refractory[r]} vs ${b.refractory[r]}` : 'identical';
}

async function expectIdentical(model: ModelInput, ms: number, edit?: (r: Run) => void): Promise<Outcome> {
  const a = await outcome(model, CPU, ms, edit);
  const b = await outcome(model, CPU_WASM, ms, edit);
  expect(difference(a, b)).toBe('identical');
  return a;
}

describe('WebAssembly SIMD = TypeScript twin, bit for bit', () => {
  it('the engine here runs WebAssembly SIMD (else the CPU backend keeps its TypeScript kernels)', () => {
    expect(wasmSimdAvailable()).toBe(true);
  });

  it.each(Object.keys(BUILT_IN_CELL_TYPES))('%s: an E/I network of 303 neurons (ragged lanes), 100 ms, two seeds', async (name) => {
    const cell = cellTypeOf({}, name);
    for (const seed of [1, 2]) {
      const m = cellTypeNetwork(name, cell.receptors.excitatory, seed, { initialV: INITIAL_V[name], params: PARAMS[name], n: 303 });
      const a = await expectIdentical(m, 100);
      expect(a.neurons.length).toBeGreaterThan(100); // spikes and resets are covered
    }
  });

  // brunel-ai (12.5 million synapses) is left out for its build time: its connector and cell type are covered here.
  it.each(Object.keys(EXAMPLES).filter((n) => EXAMPLES[n].populations?.length && n !== 'brunel-ai'))('example %s, 60 ms', async (name) => {
    const a = await expectIdentical(example(name), 60);
    // gap-junction-pair is silent by design: its coupled cell has moved off rest instead
    if (name === 'gap-junction-pair') expect(a.state.v[1]).toBeGreaterThan(-64);
    else expect(a.neurons.length).toBeGreaterThan(0);
  });

  it('QIF from JSON with silenced neurons (its silenced code), refractory holds and live edits (parameter, Poisson rate, weight)', async () => {
    const m = cellTypeNetwork('QIF', 'voltage', 3, { initialV: [-70, -55], cellTypes: { QIF: structuredClone(QIF_CELL_TYPE) }, n: 203 });
    const a = await expectIdentical(m, 80, (r) => {
      r.silenceNeurons([0, 1, 2, 5, 31, 32, 33, 100, 161, 162]);
      r.setParameter('E', 'v_peak', -5);
      r.setStimulus(0, { rateHz: 12000 }); // a longer event-count table
      r.setProjectionWeight(1, 0.8); // E → I
    });
    expect(a.neurons.length).toBeGreaterThan(100);
  });

  it('IF_curr_exp silenced (threshold → reset, no spike) and gap junctions (i_gap)', async () => {
    const m = cellTypeNetwork('IF_curr_exp', 'current', 4, { initialV: [-70, -52], n: 151 });
    m.projections!.push({ pre: 'E', post: 'E', connector: { type: 'fixedProbability', p: 0.05 }, receptor: 'electrical', weight: 2 });
    await expectIdentical(m, 80, (r) => r.silenceNeurons([3, 4, 60, 61, 62, 63, 64, 120]));
  });

  it('NaN in the state: the same error, at the same step, with the same state kept', async () => {
    const m = cellTypeNetwork('IF_curr_exp', 'current', 5, { initialV: [-70, -52], n: 42 });
    const a = await expectIdentical(m, 40, (r) => {
      // V∞ = i_offset·R overflows f32: V becomes +Inf within a few steps (as in closedForms.suite.ts).
      r.setParameter('I', 'v_thresh', 3.4e38);
      r.setParameter('I', 'i_offset', 3e38);
    });
    expect(a.error).toMatch(/population "I" has a non-finite state/);
  });

  it('random cell types: updates with if/else, lets, every function, t and uniform (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(randomCellType(), fc.integer({ min: 1, max: 1000 }), async (cellType, seed) => {
        const m = cellTypeNetwork('R', 'current', seed, { initialV: [-70, -50], cellTypes: { R: cellType }, n: 23 });
        const a = await outcome(m, CPU, 20);
        const b = await outcome(m, CPU_WASM, 20);
        expect(difference(a, b), `${cellType.update}\nthreshold ${cellType.threshold}\nreset ${cellType.reset}`).toBe('identical');
      }),
      { numRuns: 40, seed: 20261202 },
    );
  });
});

/** Cell types written in the descriptor language at random: two state variables, code with branches. */
function randomCellType(): fc.Arbitrary<NonNullable<ModelInput['cellTypes']>[string]> {
  const leaf = fc.oneof(
    fc.constantFrom('v', 'u', 'a', 'b', 'in_exc', 'in_inh', 'i_ext', 't', 'uniform', 'dt'),
    fc.double({ min: -80, max: 80, noNaN: true }).map((x) => x.toFixed(3)),
  );
  const { expr, cond: logical } = fc.letrec<{ expr: string; cond: string }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.tuple(tie('expr'), fc.constantFrom('+', '-', '*', '/'), tie('expr')).map(([x, op, y]) => `(${x} ${op} ${y})`),
      tie('expr').map((x) => `exp(${x} / 40)`),
      tie('expr').map((x) => `log(abs(${x}) + 1)`),
      fc.tuple(tie('expr'), tie('expr')).map(([x, y]) => `pow(abs(${x}) + 0.5, clamp(${y}, -2, 2))`),
      tie('expr').map((x) => `sqrt(abs(${x}))`),
      fc.tuple(tie('expr'), tie('expr'), fc.constantFrom('min', 'max')).map(([x, y, f]) => `${f}(${x}, ${y})`),
      fc.tuple(tie('expr'), tie('expr')).map(([x, y]) => `clamp(${x}, -60, ${y})`),
      tie('expr').map((x) => `-${x}`),
    ),
    cond: fc.oneof(
      fc.tuple(tie('expr'), fc.constantFrom('<', '<=', '>', '>=', '==', '!='), tie('expr')).map(([x, op, y]) => `${x} ${op} ${y}`),
      fc.tuple(tie('cond'), fc.constantFrom('&&', '||'), tie('cond')).map(([x, op, y]) => `(${x}) ${op} (${y})`),
      tie('cond').map((c) => `!(${c})`),
    ),
  }));
  const cond = fc.tuple(expr, fc.constantFrom('<', '>', '>='), expr).map(([x, op, y]) => `${x} ${op} ${y}`);
  const assign = fc.tuple(fc.constantFrom('v', 'u'), fc.constantFrom('=', '+=', '-=', '*='), expr).map(([s, op, e]) => `${s} ${op} ${e}`);
  const block = (depth: number): fc.Arbitrary<string> =>
    depth === 0
      ? fc.array(assign, { minLength: 1, maxLength: 2 }).map((a) => a.join('\n'))
      : fc
          .array(
            fc.oneof(
              assign,
              fc
                .tuple(cond, block(depth - 1), fc.option(block(depth - 1)))
                .map(([c, t, e]) => `if (${c}) {\n${t}\n}${e ? ` else {\n${e}\n}` : ''}`),
            ),
            { minLength: 1, maxLength: 3 },
          )
          .map((a) => a.join('\n'));
  return fc.record({ update: block(2), reset: block(1), lets: expr, threshold: logical }).map(({ update, reset, lets, threshold }) => ({
    summary: 'random',
    parameters: {
      a: { unit: '1', default: 0.5 },
      b: { unit: '1', default: -2 },
      v_th: { unit: 'mV', default: -50 },
      tau_refrac: { unit: 'ms', default: 0.3, rule: 'non-negative' },
    },
    state: { v: { unit: 'mV', initial: '-65' }, u: { unit: '1', initial: '0' } },
    receptors: { excitatory: 'current', inhibitory: 'current' },
    update: `let w = ${lets}\nu += 0.001 * w\n${update}`,
    threshold: `v > v_th || ((${threshold}) && uniform < 0.02)`,
    reset: `v = -65\n${reset}`,
    refractory: { period: 'tau_refrac', holds: ['v'] },
  }));
}
