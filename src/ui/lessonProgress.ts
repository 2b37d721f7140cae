/** Lesson progress, kept in this browser's localStorage: the steps each lesson's learner has passed. */

const KEY = 'luciole.lessons.v1';

type Progress = Record<string, { passed: number[] }>;

function read(storage: Storage | undefined): Progress {
  try {
    const x = JSON.parse(storage?.getItem(KEY) ?? '{}') as unknown;
    return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Progress) : {};
  } catch {
    return {}; // damaged or blocked storage: start again, never fail the page
  }
}

const storage = (): Storage | undefined => (typeof localStorage === 'undefined' ? undefined : localStorage);

/** The steps (0-based) of lesson `id` passed so far. */
export function passedSteps(id: string): Set<number> {
  const p = read(storage())[id]?.passed;
  return new Set(Array.isArray(p) ? p.filter((k) => Number.isInteger(k)) : []);
}

export function markPassed(id: string, step: number): void {
  const s = storage();
  const all = read(s);
  const passed = new Set(all[id]?.passed ?? []);
  passed.add(step);
  all[id] = { passed: [...passed].sort((a, b) => a - b) };
  try {
    s?.setItem(KEY, JSON.stringify(all));
  } catch {
    // storage full or blocked: progress is not kept, the lesson goes on
  }
}
