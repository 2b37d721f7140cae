/** The JSON form of a user's cell type (a model's `cellTypes` section; docs/model-format.md). */
import { z } from 'zod';
import { num } from '../fields';

const text = (what: string) => z.string({ error: `expected ${what}` });
const code = (what: string) => z.string({ error: `expected ${what} (code in the expression language)` });

const parameterSpec = z.strictObject({
  unit: text('a unit, e.g. "mV"'),
  default: num('a default value'),
  rule: z.enum(['positive', 'non-negative', 'any'], { error: "expected 'positive', 'non-negative' or 'any'" }).optional(),
  doc: z.string().optional(),
});

const derivedSpec = z.strictObject({
  unit: text('a unit'),
  value: code('an expression of parameters and dt'),
  doc: z.string().optional(),
});

const stateSpec = z.strictObject({
  unit: text('a unit'),
  initial: z.union([num('a number'), z.string()], { error: 'expected a number or an expression of parameters' }),
  doc: z.string().optional(),
});

const receptorInput = z.enum(['current', 'voltage', 'conductance'], { error: "expected 'current', 'voltage' or 'conductance'" });

export const userCellTypeSchema = z.strictObject({
  summary: z.string().default('a cell type of this model'),
  reference: z.string().optional(),
  integration: z.string().default('as its update is written'),
  parameters: z.record(z.string(), parameterSpec, { error: 'expected an object of parameters by name' }),
  derived: z.record(z.string(), derivedSpec, { error: 'expected an object of derived constants by name' }).optional(),
  state: z.record(z.string(), stateSpec, { error: 'expected an object of state variables by name' }),
  receptors: z.strictObject({ excitatory: receptorInput, inhibitory: receptorInput }),
  update: code('the per-step update'),
  threshold: code('a condition'),
  reset: code('the reset'),
  refractory: z
    .strictObject({
      period: text('the name of a parameter in ms'),
      holds: z.array(text('the name of a state variable'), { error: 'expected a list of state variables' }),
    })
    .optional(),
  silenced: code('what a silenced neuron does each step').optional(),
  constraints: z
    .array(z.strictObject({ holds: code('a condition on the parameters'), on: text('a parameter'), message: text('a message') }))
    .optional(),
  spikeCharge: code('an expression (nA·ms)').optional(),
});
