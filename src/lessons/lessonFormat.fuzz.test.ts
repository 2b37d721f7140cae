// Fuzzing lesson files (issue 16): every bundled lesson with lines deleted, repeated or swapped
// and characters corrupted parses, or fails with a LessonFormatError naming the file and line.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LESSON_SOURCES } from './index';
import { LessonFormatError, parseLesson } from './lessonFormat';

const RUNS = 10_000;
const NOISE = [
  '---',
  '## ',
  '```step',
  '```',
  '{',
  '}',
  '"',
  ':',
  'check:',
  'kind: spikes',
  '\t',
  '',
  'x',
  '\u0000',
  '$$',
  '\\(',
  '[',
  ']',
  '-1e999',
];

const edit = fc.oneof(
  fc.tuple(fc.constant('delete-line' as const), fc.nat()),
  fc.tuple(fc.constant('repeat-line' as const), fc.nat()),
  fc.tuple(fc.constant('swap-lines' as const), fc.nat()),
  fc.tuple(fc.constant('insert' as const), fc.nat(), fc.constantFrom(...NOISE)),
  fc.tuple(fc.constant('truncate' as const), fc.nat()),
);

function apply(source: string, edits: (typeof edit extends fc.Arbitrary<infer T> ? T : never)[]): string {
  let text = source;
  for (const e of edits) {
    const lines = text.split('\n');
    const k = e[1] % Math.max(1, lines.length);
    if (e[0] === 'delete-line') lines.splice(k, 1);
    else if (e[0] === 'repeat-line') lines.splice(k, 0, lines[k]);
    else if (e[0] === 'swap-lines' && k + 1 < lines.length) [lines[k], lines[k + 1]] = [lines[k + 1], lines[k]];
    else if (e[0] === 'insert') {
      const at = e[1] % (text.length + 1);
      text = text.slice(0, at) + e[2] + text.slice(at);
      continue;
    } else if (e[0] === 'truncate') {
      text = text.slice(0, e[1] % (text.length + 1));
      continue;
    }
    text = lines.join('\n');
  }
  return text;
}

describe('lesson files, fuzzed (fast-check)', () => {
  it(`${RUNS.toLocaleString('en')} edited lessons parse or name the file and line`, () => {
    let rejected = 0;
    fc.assert(
      fc.property(fc.nat(LESSON_SOURCES.length - 1), fc.array(edit, { minLength: 1, maxLength: 3 }), (s, edits) => {
        const { file, source } = LESSON_SOURCES[s];
        try {
          parseLesson(file, apply(source, edits));
        } catch (e) {
          rejected++;
          if (!(e instanceof LessonFormatError)) throw new Error(`${file} after ${JSON.stringify(edits)}`, { cause: e });
          expect(e.message).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')} line \\d+: \\S`));
        }
      }),
      { numRuns: RUNS, seed: 16_301 },
    );
    expect(rejected).toBeGreaterThan(RUNS / 10);
  });
});
