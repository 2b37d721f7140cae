import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../network/network';
import { EXAMPLES, example } from '../examples';
import { ModelValidationError, parseModel, parseModelJson, type ModelInput } from './schema';

function errorsOf(m: unknown): string[] {
  try {
    parseModel(m);
  } catch (e) {
    expect(e).toBeInstanceOf(ModelValidationError);
    return (e as ModelValidationError).message.split('\n');
  }
  throw new Error('expected a validation error');
}

const twoPops = (): ModelInput => ({
  format: 'luciole-model',
  version: 1,
  name: 't',
  populations: [
    { name: 'A', size: 10, cellType: 'IF_curr_exp' },
    { name: 'B', size: 5, cellType: 'IF_curr_delta' },
  ],
});

describe('model validation', () => {
  it('accepts every bundled example and fills defaults', () => {
    for (const name of Object.keys(EXAMPLES)) expect(parseModel(example(name)).name).toBe(name);
    const m = parseModel(twoPops());
    expect(m.dt).toBe(0.1);
    expect(m.seed).toBe(1);
    expect(m.projections).toEqual([]);
  });

  it('names the path, the expectation and the value (issue example)', () => {
    const m = twoPops();
    m.populations![1].params = { tau_m: -3 };
    expect(errorsOf(m)).toEqual(['populations[1].params.tau_m: expected a positive number of ms, got -3']);
  });

  it('reports every problem at once', () => {
    const m = twoPops() as Record<string, unknown> & ModelInput;
    m.dt = -1;
    m.populations![0].size = 0;
    m.projections = [{ pre: 'A', post: 'Z', connector: { type: 'oneToOne' }, receptor: 'excitatory', weight: 1 }];
    const errs = errorsOf(m);
    expect(errs).toContain('dt: expected a time step in 0.001..1 ms, got -1');
    expect(errs).toContain('populations[0].size: expected a whole number of neurons in 1..4194304, got 0');
    expect(errs.some((e) => e.startsWith('projections[0].post: expected the name of a population (A, B), got "Z"'))).toBe(true);
  });

  it.each([
    [{ tau_refrac: -1 }, 'populations[0].params.tau_refrac: expected a non-negative number of ms, got -1'],
    [{ v_reset: -40 }, 'populations[0].params.v_reset: expected v_reset below v_thresh (-50 mV), got -40'],
    [{ tau_m: 'fast' }, 'populations[0].params.tau_m: expected a number of ms, got "fast"'],
    [
      { g_leak: 1 },
      'populations[0].params.g_leak: expected a parameter of IF_curr_exp (cm, tau_m, tau_refrac, tau_syn_E, tau_syn_I, v_rest, v_reset, v_thresh, i_offset), got "g_leak"',
    ],
  ])('checks neuron parameters %j', (params, message) => {
    const m = twoPops();
    m.populations![0].params = params as Record<string, number>;
    expect(errorsOf(m)).toEqual([message]);
  });

  it('checks weight signs, delays and connector ranges', () => {
    const m = twoPops();
    m.projections = [
      { pre: 'A', post: 'A', connector: { type: 'fixedProbability', p: 1.5 }, receptor: 'inhibitory', weight: 0.5, delay: 0 },
      { pre: 'A', post: 'B', connector: { type: 'oneToOne' }, receptor: 'excitatory', weight: 1, delay: 100 },
    ];
    const errs = errorsOf(m);
    expect(errs).toContain('projections[0].connector.p: expected a probability in [0, 1], got 1.5');
    expect(errs).toContain('projections[0].weight: expected a non-positive weight in nA for an inhibitory synapse, got 0.5');
    expect(errs).toContain('projections[0].delay: expected a delay in 0.1..51.2 ms (1..512 steps of dt = 0.1 ms), got 0');
    expect(errs).toContain('projections[1].delay: expected a delay in 0.1..51.2 ms (1..512 steps of dt = 0.1 ms), got 100');
    expect(errs).toContain('projections[1].connector: expected populations of equal size for oneToOne (pre 10, post 5), got "oneToOne"');
  });

  it('checks clipped normals: low below high, and enough probability inside for the redraws to end', () => {
    const m = twoPops();
    m.projections = [
      {
        pre: 'A',
        post: 'B',
        connector: { type: 'oneToOne' },
        receptor: 'excitatory',
        weight: { distribution: 'normalClipped', mean: 0.1, sd: 0.01, low: 0.2 },
        delay: { distribution: 'normalClipped', mean: 1, sd: 0.5, low: 2, high: 1 },
      },
    ];
    m.populations![1].initialV = { distribution: 'normalClipped', mean: -60, sd: 5, low: -55, high: -50 };
    m.populations![0].size = 5;
    const errs = errorsOf(m);
    expect(errs).toHaveLength(2);
    expect(errs[0]).toMatch(
      /^projections\[0\]\.weight: expected \[low, high\] to hold at least 1e-4 of the normal's probability \(mean 0\.1, sd 0\.01\)/,
    );
    expect(errs.slice(1)).toEqual(['projections[0].delay.high: expected high > low (2), got 1']);
  });

  it('rejects unknown fields, bad stimuli and recorders', () => {
    const m = twoPops() as ModelInput & { colour?: string };
    m.colour = 'red';
    m.stimuli = [
      { type: 'stepCurrent', population: 'A', times: [10, 5], amplitudes: [1] },
      { type: 'poisson', population: 'B', rateHz: 1e9, weight: 0.1, receptor: 'excitatory' },
    ];
    m.recorders = [{ type: 'state', population: 'B', neurons: [7], variables: ['isyn_exc'] }];
    const errs = errorsOf(m);
    expect(errs).toContain('(model): expected no field "colour"');
    expect(errs).toContain('stimuli[0].amplitudes: expected as many amplitudes as times (2), got 1');
    expect(errs).toContain('stimuli[0].times[1]: expected times in increasing order (after 10 ms), got 5');
    expect(errs.some((e) => e.startsWith('stimuli[1].rateHz: expected at most 200 expected events per step'))).toBe(true);
    expect(errs).toContain('recorders[0].neurons[0]: expected a neuron index in 0..4 of population "B", got 7');
    expect(errs).toContain('recorders[0].variables[0]: expected one of v for IF_curr_delta, got "isyn_exc"');
  });

  it('checks electrical projections: a conductance ≥ 0 in nS and no delay', () => {
    const m = twoPops();
    m.projections = [
      { pre: 'A', post: 'A', connector: { type: 'allToAll' }, receptor: 'electrical', weight: -1, delay: 1 },
      { pre: 'A', post: 'A', connector: { type: 'fromList', connections: [[0, 1, 2, 0.5]] }, receptor: 'electrical', weight: 1 },
    ];
    expect(errorsOf(m)).toEqual([
      'projections[0].weight: expected a non-negative weight in nS for an electrical synapse, got -1',
      'projections[0].delay: expected no delay for an electrical synapse (the coupling acts every step), got 1',
      'projections[1].connector.connections[0][3]: expected no delay for an electrical synapse, got 0.5',
    ]);
  });

  it('checks per-neuron info: one entry per neuron', () => {
    const m = twoPops();
    m.populations![1].neuronInfo = {
      names: ['a', 'b', 'c', 'd', 'e'],
      cellTypes: ['x'],
      annotations: { modality: ['olfactory', '', '', '', ''] },
    };
    expect(errorsOf(m)).toEqual(['populations[1].neuronInfo.cellTypes: expected 5 entries (one per neuron), got 1']);
    m.populations![1].neuronInfo.cellTypes = ['x', 'x', 'y', 'y', 'z'];
    m.populations![1].neuronInfo.positions = [
      [0, 0, 0],
      [1, 1, 1],
      [2, 2, 2],
      [3, 3, 3],
      [4, 4, 4],
    ];
    expect(parseModel(m).populations[1].neuronInfo?.names?.[4]).toBe('e');
  });

  it('reports JSON syntax errors with line and column', () => {
    expect(() => parseModelJson('{\n  "format": "luciole-model",\n  "version": 1,,\n}')).toThrow(/line 3, column 16/);
  });

  it('rejects a wrong format or version', () => {
    expect(errorsOf({ ...twoPops(), version: 2 })).toEqual(['version: expected format version 1, got 2']);
  });

  it('never builds a partial network from an invalid description', () => {
    const m = example('cuba');
    m.projections![3].pre = 'missing';
    expect(() => buildNetwork(parseModel(m))).toThrow(ModelValidationError);
  });
});
