/**
 * What differs between two versions of a model (as opened, and after live edits), field by
 * field, so that a description written for the published values is read next to what changed.
 */

export interface ModelChange {
  /** Field path, with list items named where they have a `name` (`projections[IE].weight`). */
  path: string;
  /** The value as opened; undefined when the field was added. */
  before: unknown;
  /** The value now; undefined when the field was removed. */
  after: unknown;
}

/** Fields whose change is not a change of the model (its prose). */
const IGNORED = new Set(['description']);

/** Every changed leaf field of `after` against `before`, in document order, at most `limit`. */
export function modelChanges(before: unknown, after: unknown, limit = 20): ModelChange[] {
  const out: ModelChange[] = [];
  walk(before, after, '', out, limit);
  return out;
}

/** One change as a short line: `projections[IE].weight: -0.45 → -0.9`. */
export function describeChange(c: ModelChange): string {
  if (c.before === undefined) return `${c.path}: added (${show(c.after)})`;
  if (c.after === undefined) return `${c.path}: removed (was ${show(c.before)})`;
  return `${c.path}: ${show(c.before)} → ${show(c.after)}`;
}

function show(x: unknown): string {
  if (typeof x === 'number') return String(+x.toPrecision(6));
  const text = JSON.stringify(x) ?? String(x);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const itemName = (x: unknown): string | null => (isObject(x) && typeof x.name === 'string' ? x.name : null);

function walk(a: unknown, b: unknown, path: string, out: ModelChange[], limit: number): void {
  if (out.length >= limit) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    // Items with names pair by name (a population removed shifts no other); others by position.
    const named = a.every((x) => itemName(x) !== null) && b.every((x) => itemName(x) !== null);
    if (named) {
      const byName = new Map(a.map((x) => [itemName(x)!, x]));
      for (const x of b) walk(byName.get(itemName(x)!), x, `${path}[${itemName(x)}]`, out, limit);
      const kept = new Set(b.map((x) => itemName(x)!));
      for (const x of a) if (!kept.has(itemName(x)!)) walk(x, undefined, `${path}[${itemName(x)}]`, out, limit);
      return;
    }
    // Long numeric arrays (weights, positions) change as one field.
    if (a.length === b.length && a.every((x, k) => !isObject(x) && !Array.isArray(x) && x === b[k])) return;
    if ([...a, ...b].every((x) => !isObject(x))) {
      out.push({ path, before: a, after: b });
      return;
    }
    for (let k = 0; k < Math.max(a.length, b.length); k++) walk(a[k], b[k], `${path}[${k}]`, out, limit);
    return;
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...Object.keys(b), ...Object.keys(a).filter((k) => !(k in b))];
    for (const k of keys) if (!IGNORED.has(k)) walk(a[k], b[k], path ? `${path}.${k}` : k, out, limit);
    return;
  }
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return;
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  out.push({ path, before: a, after: b });
}
