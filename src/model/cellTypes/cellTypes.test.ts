/** Descriptors as data: malformed user code is reported at its place, and nothing is built. */
import { describe, expect, it } from 'vitest';
import { ModelValidationError, parseModel, type ModelInput } from '../schema';
import { BUILT_IN_CELL_TYPES, cellTypeOf } from '.';
import { QIF_CELL_TYPE } from '../../engine/testModels';

type Edit = (qif: Record<string, unknown>) => unknown;

function modelWith(edit: Edit): ModelInput {
  const qif = structuredClone(QIF_CELL_TYPE) as unknown as Record<string, unknown>;
  edit(qif);
  return {
    format: 'luciole-model',
    version: 1,
    name: 'qif',
    cellTypes: { QIF: qif as never },
    populations: [{ name: 'n', size: 3, cellType: 'QIF', params: { tau_m: 12 } }],
    recorders: [{ type: 'state', population: 'n', neurons: [0], variables: ['v'] }],
  };
}

function errorsOf(m: ModelInput): string[] {
  try {
    parseModel(m);
  } catch (e) {
    expect(e).toBeInstanceOf(ModelValidationError);
    return (e as ModelValidationError).message.split('\n');
  }
  throw new Error('expected the model to be refused');
}

describe('user cell types: errors name the place', () => {
  it('accepts the QIF as written', () => {
    expect(parseModel(modelWith(() => {})).populations[0].cellType).toBe('QIF');
  });

  it.each([
    [
      'an unknown name, with the nearest',
      (q: Record<string, unknown>): unknown => (q.update = 'v = v + dt / tua_m'),
      'cellTypes.QIF.update:1:14: unknown name "tua_m" (did you mean tau_m?)',
    ],
    [
      'assignment to a parameter',
      (q: Record<string, unknown>): unknown => (q.reset = 'v_reset = 0'),
      'cellTypes.QIF.reset:1:1: cannot assign to parameter "v_reset": only state variables change',
    ],
    [
      'a local used before it is set',
      (q: Record<string, unknown>): unknown => (q.update = 'v = x\nlet x = 1'),
      'cellTypes.QIF.update:1:5: "x" is used before it is set (by "let x" at 2:5), or outside the block that sets it',
    ],
    ['a syntax error', (q: Record<string, unknown>): unknown => (q.threshold = 'v >= '), /^cellTypes\.QIF\.threshold:1:6: /],
    [
      'a threshold that is not a condition',
      (q: Record<string, unknown>): unknown => (q.threshold = 'v - v_peak'),
      /^cellTypes\.QIF\.threshold:1:3: the condition must be a boolean/,
    ],
    [
      'a derived constant that reads state',
      (q: Record<string, unknown>): unknown => ((q.derived as Record<string, { value: string }>).k.value = '1 / v'),
      'cellTypes.QIF.derived.k:1:5: unknown name "v"',
    ],
    [
      'no membrane potential',
      (q: Record<string, unknown>): unknown => (q.state = { u: { unit: 'mV', initial: 0 } }),
      'cellTypes.QIF.state: expected a state variable "v" (the membrane potential, mV)',
    ],
    [
      'a refractory period that is not a parameter',
      (q: Record<string, unknown>): unknown => (q.refractory = { period: 't_ref', holds: ['v'] }),
      /^cellTypes\.QIF\.refractory\.period: expected a parameter in ms/,
    ],
    [
      'an unknown receptor kind',
      (q: Record<string, unknown>): unknown => (q.receptors = { excitatory: 'voltage', inhibitory: 'chemical' }),
      /^cellTypes\.QIF\.receptors\.inhibitory: expected 'current', 'voltage' or 'conductance'/,
    ],
  ] as const)('%s', (_what, edit, expected) => {
    const errors = errorsOf(modelWith(edit));
    if (typeof expected === 'string') expect(errors).toContain(expected);
    else
      expect(
        errors.some((e) => expected.test(e)),
        errors.join('\n'),
      ).toBe(true);
  });

  it('refuses a name that shadows a built-in, a population of an unknown cell type, and bad parameter values', () => {
    const m = modelWith(() => {});
    m.cellTypes = { IF_curr_exp: m.cellTypes!.QIF, QIF: m.cellTypes!.QIF };
    m.populations!.push(
      { name: 'x', size: 1, cellType: 'QIFF' },
      { name: 'y', size: 1, cellType: 'QIF', params: { tau_m: -1, r_m: 'big' as never } },
    );
    const errors = errorsOf(m);
    expect(errors.some((e) => e.startsWith('cellTypes.IF_curr_exp: expected a name that is not a built-in cell type'))).toBe(true);
    expect(errors.some((e) => e.startsWith('populations[1].cellType: expected one of IF_curr_exp,') && e.includes('QIF'))).toBe(true);
    expect(errors).toContain('populations[2].params.tau_m: expected a positive number of ms, got -1');
    expect(errors).toContain('populations[2].params.r_m: expected a number of MOhm, got "big"');
  });

  it('a recorder may ask only for the state variables of its cell type', () => {
    const m = modelWith(() => {});
    m.recorders = [{ type: 'state', population: 'n', neurons: [0], variables: ['u'] }];
    expect(errorsOf(m)).toContain('recorders[0].variables[0]: expected one of v for QIF, got "u"');
  });
});

describe('built-in descriptors', () => {
  it.each(Object.keys(BUILT_IN_CELL_TYPES))('%s explains every parameter (the page shows it as the tooltip)', (name) => {
    const undocumented = Object.entries(BUILT_IN_CELL_TYPES[name].parameters)
      .filter(([, spec]) => !spec.doc?.trim())
      .map(([n]) => n);
    expect(undocumented).toEqual([]);
  });

  it.each(Object.keys(BUILT_IN_CELL_TYPES))('%s compiles, and its constants are finite at its defaults', (name) => {
    const cell = cellTypeOf({}, name);
    expect(cell.stateNames[0]).toBe('v');
    // SpikeSourceArray alone has no parameters: its times are the population's spikeTimes.
    if (name === 'SpikeSourceArray') expect(cell.constantNames).toEqual([]);
    else expect(cell.constantNames.length).toBeGreaterThan(0);
    const spikeTimes = name === 'SpikeSourceArray' ? { spikeTimes: [[1, 2]] } : {};
    const m = parseModel({
      format: 'luciole-model',
      version: 1,
      name: 'x',
      populations: [{ name: 'n', size: 1, cellType: name, ...spikeTimes }],
    });
    expect(m.populations[0].cellType).toBe(name);
  });

  it('SpikeSourceArray needs one list of times per neuron, spikeTimes belong to it alone, and no current source drives it', () => {
    const pop = (extra: object) =>
      ({ format: 'luciole-model', version: 1, name: 'x', populations: [{ name: 'n', size: 2, ...extra }] }) as ModelInput;
    expect(errorsOf(pop({ cellType: 'SpikeSourceArray' }))).toContain(
      'populations[0].spikeTimes: expected the spike times of a SpikeSourceArray: one list (ms) per neuron, got nothing',
    );
    expect(errorsOf(pop({ cellType: 'SpikeSourceArray', spikeTimes: [[1]] }))).toContain(
      'populations[0].spikeTimes: expected 2 lists (one per neuron), got 1',
    );
    expect(errorsOf(pop({ cellType: 'SpikeSourceArray', spikeTimes: [[1], [-2]] }))).toContain(
      'populations[0].spikeTimes[1][0]: expected a non-negative number of ms, got -2',
    );
    expect(errorsOf(pop({ cellType: 'IF_curr_exp', spikeTimes: [[1], [2]] }))).toContain(
      'populations[0].spikeTimes: expected spikeTimes only on a SpikeSourceArray, not on IF_curr_exp, got [[1],[2]]',
    );
    const dc = {
      ...pop({ cellType: 'SpikeSourceArray', spikeTimes: [[1], [2]] }),
      stimuli: [{ type: 'dc', population: 'n', amplitude: 1 }],
    };
    expect(errorsOf(dc as ModelInput)).toContain(
      'stimuli[0].type: expected no current source on the SpikeSourceArray n: it fires only at its spikeTimes, got "dc"',
    );
  });

  it('Izhikevich: u starts at b·v_init (NEST), and i_offset is in pA', () => {
    const cell = cellTypeOf({}, 'Izhikevich');
    expect(cell.descriptor.parameters.i_offset.unit).toBe('pA');
    expect(cell.descriptor.state.u.initial).toBe('b * v');
  });
});
