/**
 * The relative strength of inhibition g of an E/I network: |w_I| / w_E, Brunel's g = J_I / J_E
 * (Brunel 2000, J. Comput. Neurosci. 8:183), one control in place of editing each inhibitory
 * projection. Defined where every static inhibitory projection has a numeric weight g times the
 * one excitatory weight onto the same population (CUBA: 0.45 / 0.081 nA; Brunel: 0.5 / 0.1 mV).
 */
import type { Model } from './schema';

export interface RelativeInhibition {
  /** |w_I| / w_E (dimensionless). */
  g: number;
  /** The inhibitory projections g scales, by index, with the excitatory weight onto their target. */
  inhibitory: { projection: number; excitatoryWeight: number; sign: number }[];
}

/** g of `m`, or null where it has none (no inhibition, weights drawn from distributions, lists, plastic, or more than one g). */
export function relativeInhibition(m: Model): RelativeInhibition | null {
  const isStatic = (p: Model['projections'][number]) => !p.plasticity && typeof p.weight === 'number' && p.connector.type !== 'fromList';
  const excitatoryOnto = new Map<string, number | null>();
  for (const p of m.projections) {
    if (p.receptor !== 'excitatory') continue;
    if (!isStatic(p)) return null;
    const w = Math.abs(p.weight as number);
    const seen = excitatoryOnto.get(p.post);
    excitatoryOnto.set(p.post, seen === undefined || seen === w ? w : null);
  }
  const inhibitory: RelativeInhibition['inhibitory'] = [];
  let g: number | null = null;
  for (const [k, p] of m.projections.entries()) {
    if (p.receptor !== 'inhibitory') continue;
    if (!isStatic(p)) return null;
    const we = excitatoryOnto.get(p.post);
    if (!we) return null; // no single excitatory weight onto this target
    const ratio = Math.abs(p.weight as number) / we;
    if (g === null) g = ratio;
    else if (Math.abs(ratio - g) > 1e-9 * Math.max(1, g)) return null;
    inhibitory.push({ projection: k, excitatoryWeight: we, sign: Math.sign(p.weight as number) || -1 });
  }
  return g === null ? null : { g, inhibitory };
}

/** The weight each inhibitory projection takes for relative inhibition `g`. */
export function inhibitoryWeightsFor(r: RelativeInhibition, g: number): { projection: number; weight: number }[] {
  if (!(Number.isFinite(g) && g >= 0)) throw new RangeError(`relative inhibition g: expected a number ≥ 0, got ${g}`);
  return r.inhibitory.map((i) => ({ projection: i.projection, weight: i.sign * g * i.excitatoryWeight }));
}
