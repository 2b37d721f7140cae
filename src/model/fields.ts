/** Field schemas shared by the parts of the model format; every message reads `expected …`. */
import { z } from 'zod';

export const num = (what: string) => z.number({ error: `expected ${what}` }).refine(Number.isFinite, { error: `expected ${what}` });
export const positive = (unit: string) =>
  num(`a positive number of ${unit}`).refine((x) => x > 0, { error: `expected a positive number of ${unit}` });
export const nonNegative = (unit: string) =>
  num(`a non-negative number of ${unit}`).refine((x) => x >= 0, { error: `expected a non-negative number of ${unit}` });
export const count = (what: string) =>
  z.number({ error: `expected ${what}` }).refine((x) => Number.isInteger(x) && x >= 0, { error: `expected ${what}` });
export const name = z.string({ error: 'expected a non-empty name' }).min(1, { error: 'expected a non-empty name' });

/** A number, or a seeded random distribution drawn per neuron or per synapse. */
export const valueSchema = (unit: string) =>
  z.union(
    [
      num(`a number of ${unit}`),
      z.strictObject({ distribution: z.literal('uniform'), low: num(`a number of ${unit}`), high: num(`a number of ${unit}`) }),
      z.strictObject({ distribution: z.literal('normal'), mean: num(`a number of ${unit}`), sd: nonNegative(unit) }),
      // PyNN's normal_clipped: values outside [low, high] are drawn again (not clamped).
      z.strictObject({
        distribution: z.literal('normalClipped'),
        mean: num(`a number of ${unit}`),
        sd: nonNegative(unit),
        low: num(`a number of ${unit}`).optional(),
        high: num(`a number of ${unit}`).optional(),
      }),
    ],
    { error: `expected a number of ${unit} or {distribution: 'uniform'|'normal'|'normalClipped', …}` },
  );

/** Per-neuron facts (one entry per neuron), e.g. from a connectome: for selections and views. */
export const neuronInfoSchema = z.strictObject({
  names: z.array(z.string({ error: 'expected a name' }), { error: 'expected a list of names' }).optional(),
  cellTypes: z.array(z.string({ error: 'expected a cell type' }), { error: 'expected a list of cell types' }).optional(),
  hemispheres: z.array(z.string({ error: 'expected a hemisphere' }), { error: 'expected a list of hemispheres' }).optional(),
  positions: z
    .array(z.tuple([num('a number'), num('a number'), num('a number')], { error: 'expected [x, y, z]' }), {
      error: 'expected a list of [x, y, z] positions',
    })
    .optional(),
  annotations: z.record(z.string(), z.array(z.string({ error: 'expected text' }), { error: 'expected a list of values' })).optional(),
});
