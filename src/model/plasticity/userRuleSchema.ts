/** The JSON form of a user's plasticity rule (a model's `plasticityRules` section; docs/model-format.md). */
import { z } from 'zod';
import { num } from '../fields';

const text = (what: string) => z.string({ error: `expected ${what}` });
const code = (what: string) => z.string({ error: `expected ${what} (code in the expression language)` });

const parameterSpec = z.strictObject({
  unit: text('a unit, e.g. "ms"'),
  default: num('a default value'),
  rule: z.enum(['positive', 'non-negative', 'any'], { error: "expected 'positive', 'non-negative' or 'any'" }).optional(),
  doc: z.string().optional(),
});
const derivedSpec = z.strictObject({ unit: text('a unit'), value: code('an expression of parameters and dt'), doc: z.string().optional() });
const variableSpec = z.strictObject({
  unit: text('a unit'),
  initial: z.union([num('a number'), z.string()], { error: 'expected a number or an expression of parameters' }),
  doc: z.string().optional(),
});
const traceSpec = z.strictObject({
  tau: text('the name of a parameter in ms'),
  onSpike: code("what a spike does to the trace, e.g. 'x = x + 1'"),
  doc: z.string().optional(),
});

export const userPlasticityRuleSchema = z.strictObject({
  summary: z.string().default('a plasticity rule of this model'),
  reference: z.string().optional(),
  parameters: z.record(z.string(), parameterSpec, { error: 'expected an object of parameters by name' }),
  derived: z.record(z.string(), derivedSpec, { error: 'expected an object of derived constants by name' }).optional(),
  synapse: z.record(z.string(), variableSpec, { error: 'expected an object of per-synapse variables by name' }).optional(),
  preTraces: z.record(z.string(), traceSpec, { error: 'expected an object of presynaptic traces by name' }).optional(),
  postTraces: z.record(z.string(), traceSpec, { error: 'expected an object of postsynaptic traces by name' }).optional(),
  onPre: code('what a presynaptic spike does').optional(),
  onPost: code('what a postsynaptic spike does').optional(),
  perStep: code('what every step does').optional(),
  bounds: z.strictObject({ min: text('the parameter of the lower bound'), max: text('the parameter of the upper bound') }),
  constraints: z
    .array(z.strictObject({ holds: code('a condition on the parameters'), on: text('a parameter'), message: text('a message') }))
    .optional(),
});

const component = (what: string) =>
  z.looseObject({ type: z.string({ error: `expected the ${what}'s type` }) }, { error: `expected a ${what}: { "type": …, parameters }` });

/** A projection's `plasticity`: PyNN's STDPMechanism, or one of the model's own rules by name. */
export const plasticitySchema = z.strictObject(
  {
    type: z.string({ error: "expected 'STDPMechanism' or the name of one of the model's plasticityRules" }),
    timingDependence: component('timing dependence').optional(),
    weightDependence: component('weight dependence').optional(),
    /** Parameters of a rule of the model's own. */
    params: z.record(z.string(), z.unknown(), { error: 'expected an object of parameters' }).optional(),
  },
  { error: 'expected a plasticity rule: { "type": "STDPMechanism", "timingDependence": …, "weightDependence": … }' },
);
