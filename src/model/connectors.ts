/** Connectors (PyNN names), shared by projections and oscillator couplings. */
import { z } from 'zod';
import { count, num } from './fields';

const selfFlag = z.boolean({ error: 'expected true or false' }).optional();
export const connectorSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('allToAll'), allowSelfConnections: selfFlag }),
    z.strictObject({ type: z.literal('oneToOne') }),
    z.strictObject({
      type: z.literal('fixedProbability'),
      p: num('a probability in [0, 1]').refine((p) => p >= 0 && p <= 1, { error: 'expected a probability in [0, 1]' }),
      allowSelfConnections: selfFlag,
    }),
    z.strictObject({
      type: z.literal('fixedInDegree'),
      n: count('a whole number of inputs per neuron'),
      allowSelfConnections: selfFlag,
      withReplacement: selfFlag,
    }),
    z.strictObject({
      type: z.literal('fixedTotalNumber'),
      n: count('a whole number of synapses'),
      allowSelfConnections: selfFlag,
      withReplacement: selfFlag,
    }),
    z.strictObject({
      type: z.literal('fromList'),
      connections: z.array(
        z
          .array(num('a number'), { error: 'expected [pre, post], [pre, post, weight] or [pre, post, weight, delay]' })
          .refine((c) => c.length >= 2 && c.length <= 4, {
            error: 'expected [pre, post], [pre, post, weight] or [pre, post, weight, delay]',
          }),
        { error: 'expected a list of connections' },
      ),
    }),
  ],
  { error: 'expected a connector: allToAll, oneToOne, fixedProbability, fixedInDegree, fixedTotalNumber or fromList' },
);
