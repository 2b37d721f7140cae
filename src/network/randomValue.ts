/** Draws a model `Value` (a number or a seeded distribution) per neuron or per synapse. */
import type { Value } from '../model/schema';
import type { CounterRng } from '../random/threefry';

export function drawValue(v: Value, rng: CounterRng | null): number {
  if (typeof v === 'number') return v;
  if (!rng) throw new Error('random value without a generator');
  switch (v.distribution) {
    case 'uniform':
      return v.low + (v.high - v.low) * rng.nextDouble();
    case 'normal':
      return v.mean + v.sd * rng.nextNormal();
    case 'normalClipped': {
      // PyNN normal_clipped / NEST redraw: draw again until inside [low, high] (the schema
      // guarantees at least 1e-4 of the mass is inside, so this ends).
      const low = v.low ?? -Infinity;
      const high = v.high ?? Infinity;
      for (;;) {
        const x = v.mean + v.sd * rng.nextNormal();
        if (x >= low && x <= high) return x;
      }
    }
  }
}
