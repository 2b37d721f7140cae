/** Plasticity rules as data: every misuse is reported at its field, and nothing is built. */
import { describe, expect, it } from 'vitest';
import { ModelValidationError, parseModel, type ModelInput } from '../schema';
import { ELIGIBILITY_RULE, plasticNetwork } from '../../engine/testModels';
import { pairingModel } from '../../engine/plasticity.suite';

function errorsOf(m: ModelInput): string[] {
  try {
    parseModel(m);
  } catch (e) {
    expect(e).toBeInstanceOf(ModelValidationError);
    return (e as ModelValidationError).message.split('\n');
  }
  throw new Error('expected the model to be refused');
}

const stdpModel = () => pairingModel([[10]], [[20]], 'AdditiveWeightDependence', 'allToAll');
type Plasticity = Record<string, Record<string, unknown> | string>;
const plasticityOf = (m: ModelInput) => m.projections![0].plasticity as unknown as Plasticity;

describe('plasticity in the model format', () => {
  it('accepts every built-in combination and a rule of its own', () => {
    expect(() => parseModel(plasticNetwork(1))).not.toThrow();
    for (const w of ['AdditiveWeightDependence', 'MultiplicativeWeightDependence'])
      for (const p of ['allToAll', 'nearest'] as const) expect(() => parseModel(pairingModel([[10]], [[20]], w, p))).not.toThrow();
  });

  it('w_min > w_max names the weight dependence field', () => {
    const m = stdpModel();
    Object.assign(plasticityOf(m).weightDependence as object, { w_min: 0.01, w_max: 0.001 });
    expect(errorsOf(m).join('\n')).toContain('projections[0].plasticity.weightDependence.w_min: expected w_min ≤ w_max (0.001)');
  });

  it('a plastic gap junction is refused', () => {
    const m = stdpModel();
    Object.assign(m.projections![0], { receptor: 'electrical', weight: 1, delay: undefined });
    expect(errorsOf(m).join('\n')).toContain('projections[0].plasticity: expected a chemical synapse: gap junctions');
  });

  it('a rule naming an unknown variable is refused at its line and column, with the nearest name', () => {
    const m = plasticNetwork(1);
    m.plasticityRules!.Eligibility = { ...structuredClone(ELIGIBILITY_RULE), onPost: 'w = w + eta * ee' };
    expect(errorsOf(m).join('\n')).toContain('plasticityRules.Eligibility.onPost:1:15: unknown name "ee" (did you mean e?)');
  });

  it('a rule assigning a trace in its synapse code is refused', () => {
    const m = plasticNetwork(1);
    m.plasticityRules!.Eligibility = { ...structuredClone(ELIGIBILITY_RULE), onPost: 'z = 0' };
    expect(errorsOf(m).join('\n')).toMatch(/plasticityRules\.Eligibility\.onPost:1:1: cannot assign to input "z"/);
  });

  it('a declared name that is built in, or declared twice, is refused at its field', () => {
    const m = plasticNetwork(1);
    m.plasticityRules!.Eligibility = { ...structuredClone(ELIGIBILITY_RULE), synapse: { w: { unit: 'nA', initial: 0 } } };
    expect(errorsOf(m).join('\n')).toContain('plasticityRules.Eligibility.synapse.w: "w" is built in (the weight): choose another name');
    const n = plasticNetwork(1);
    n.plasticityRules!.Eligibility = { ...structuredClone(ELIGIBILITY_RULE), synapse: { tau: { unit: 'ms', initial: 0 } } };
    expect(errorsOf(n).join('\n')).toContain('plasticityRules.Eligibility.synapse.tau: "tau" is already declared in parameters');
  });

  it('bounds and trace time constants must name parameters', () => {
    const m = plasticNetwork(1);
    m.plasticityRules!.Eligibility = { ...structuredClone(ELIGIBILITY_RULE), bounds: { min: 'w_min', max: 'wmax' } };
    expect(errorsOf(m).join('\n')).toContain('plasticityRules.Eligibility.bounds.max: expected a parameter');
    const n = plasticNetwork(1);
    n.plasticityRules!.Eligibility = { ...structuredClone(ELIGIBILITY_RULE), postTraces: { z: { tau: 'tauz', onSpike: 'z = z + 1' } } };
    expect(errorsOf(n).join('\n')).toContain(
      'plasticityRules.Eligibility.postTraces.z.tau: expected a parameter or derived constant in ms',
    );
  });

  it('unknown components, parameters and mismatches name their field', () => {
    const cases: [(p: Plasticity) => void, string][] = [
      [
        (p) => ((p.timingDependence as Record<string, unknown>).type = 'SpikeTripletRule'),
        'plasticity.timingDependence.type: expected one of SpikePairRule, Vogels2011Rule',
      ],
      [
        (p) => ((p.timingDependence as Record<string, unknown>).tau_pluss = 3),
        'plasticity.timingDependence.tau_pluss: expected a parameter of SpikePairRule',
      ],
      [
        (p) => ((p.timingDependence as Record<string, unknown>).tau_plus = -1),
        'plasticity.timingDependence.tau_plus: expected a positive number of ms',
      ],
      [
        (p) => ((p.timingDependence as Record<string, unknown>).pairing = 'triplet'),
        'plasticity.timingDependence.pairing: expected one of allToAll, nearest',
      ],
      [(p) => (p.type = 'Hebb'), 'plasticity.type: expected one of STDPMechanism'],
      [
        (p) => {
          p.timingDependence = { type: 'Vogels2011Rule' };
          (p.weightDependence as Record<string, unknown>).type = 'MultiplicativeWeightDependence';
        },
        'plasticity.weightDependence.type: expected AdditiveWeightDependence (the weight dependence of Vogels2011Rule)',
      ],
    ];
    for (const [edit, message] of cases) {
      const m = stdpModel();
      edit(plasticityOf(m));
      expect(errorsOf(m).join('\n')).toContain(`projections[0].${message}`);
    }
  });

  it('initial weights outside the bounds and delay distributions are refused', () => {
    const m = stdpModel();
    m.projections![0].weight = 0.5;
    expect(errorsOf(m).join('\n')).toContain("projections[0].weight: expected a weight magnitude within the rule's bounds [0, 0.001]");
    const n = stdpModel();
    n.projections![0].delay = { distribution: 'uniform', low: 0.1, high: 1 };
    expect(errorsOf(n).join('\n')).toContain('projections[0].delay: expected one delay (a number of ms) for a plastic projection');
  });
});
