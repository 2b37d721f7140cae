/**
 * The lesson format (docs/lessons.md): a Markdown file with a front matter (`id`, `title`,
 * `summary`), then one `## ` section per step. A step is its narrative Markdown (maths between
 * `$…$` or `$$…$$`) and one fenced ```step block of JSON: the model and settings it starts from,
 * the control it points at, the task or question, the check of what the learner did, and the
 * feedback. A malformed lesson is refused with its line (and the field path in the step block).
 */
import { z } from 'zod';
import { formatPath } from '../model/schema';
import { METHODS } from '../learning/continual';

const finite = z.number().finite();

/** A setting applied when the step opens, as a live edit. */
const settingSchema = z.union([
  z.strictObject({ stimulus: z.number().int().nonnegative(), amplitude: finite }),
  z.strictObject({ stimulus: z.number().int().nonnegative(), rateHz: finite.nonnegative() }),
  z.strictObject({ population: z.string().min(1), parameter: z.string().min(1), value: finite }),
  z.strictObject({ relativeInhibition: finite.nonnegative() }),
  /** Brunel's η: the external Poisson drive as a multiple of ν_thr (analysis/brunelTheory.ts). */
  z.strictObject({ externalDrive: finite.nonnegative() }),
  /** An oscillator coupling's strength K (its index in the model's couplings). */
  z.strictObject({ coupling: z.number().int().nonnegative(), K: finite }),
]);

/** Neurons by what they are (model/selection.ts): all the given criteria must hold. */
const neuronFilterSchema = z.strictObject({
  names: z.array(z.string().min(1)).min(1).optional(),
  cellTypes: z.array(z.string().min(1)).min(1).optional(),
  hemispheres: z.array(z.string().min(1)).min(1).optional(),
  annotation: z.strictObject({ key: z.string().min(1), values: z.array(z.string()).min(1) }).optional(),
});

const populationStatistics = z.strictObject({
  kind: z.literal('statistics'),
  population: z.string().min(1),
  /** The run must have reached this simulated time (ms); statistics skip its first tenth as warm-up. */
  minMs: finite.positive(),
  rateAtLeastHz: finite.optional(),
  rateAtMostHz: finite.optional(),
  cvAtLeast: finite.optional(),
  cvAtMost: finite.optional(),
});

export const checkSchema = z.discriminatedUnion('kind', [
  /** A question with one correct option (0-based). */
  z.strictObject({ kind: z.literal('answer'), options: z.array(z.string().min(1)).min(2), correct: z.number().int().nonnegative() }),
  /** The population (or the whole network) has fired at least `min` spikes. */
  z.strictObject({ kind: z.literal('spikes'), population: z.string().min(1).optional(), min: z.number().int().positive() }),
  /** The measured rate of a LIF population under its DC current matches the closed-form f–I curve within `tolerance` (a fraction). */
  z.strictObject({ kind: z.literal('lif-rate'), population: z.string().min(1), minMs: finite.positive(), tolerance: finite.positive() }),
  populationStatistics,
  /**
   * The PSP of a projection's input spikes in [fromMs, toMs): its recorded peak (V − V_rest of the
   * population's first neuron) matches the closed-form sum of PSPs within `tolerance` (a fraction).
   */
  z.strictObject({
    kind: z.literal('psp'),
    population: z.string().min(1),
    projection: z.string().min(1),
    fromMs: finite.nonnegative(),
    toMs: finite.positive(),
    tolerance: finite.positive(),
    weightAtLeastNa: finite.optional(),
  }),
  /**
   * Two cells joined by a gap junction (analysis/gapJunctionTheory.ts): the population's first
   * two neurons have settled, a DC current drives only the first, and both depolarisations and
   * the coupling coefficient match the closed form within `tolerance` (a fraction); the
   * junction's conductance lies within the bounds.
   */
  z.strictObject({
    kind: z.literal('coupling'),
    population: z.string().min(1),
    projection: z.string().min(1),
    minMs: finite.positive(),
    tolerance: finite.positive(),
    conductanceAtLeastNs: finite.optional(),
    conductanceAtMostNs: finite.optional(),
  }),
  /**
   * Brunel's model A (analysis/brunelTheory.ts): the learner ran the network at a (g, η) within
   * the given bounds for `minMs`; with `agree`, its E rate agrees with the Siegert rate within
   * `tolerance` (a fraction) when true, or departs from it by more when false.
   */
  z.strictObject({
    kind: z.literal('siegert'),
    minMs: finite.positive(),
    tolerance: finite.positive().optional(),
    agree: z.boolean().optional(),
    rateAtLeastHz: finite.optional(),
    /** The E neurons' mean ISI CV at most this (regular firing). */
    cvAtMost: finite.optional(),
    /** The CV of E's spike count in 1 ms bins at least this (the population fires in waves). */
    populationCvAtLeast: finite.optional(),
    gAtLeast: finite.optional(),
    gAtMost: finite.optional(),
    etaAtLeast: finite.optional(),
    etaAtMost: finite.optional(),
  }),
  /**
   * Oscillators (docs/lessons.md): the run has reached `minMs`, coupling 0's K lies within the
   * bounds, the stationary r (mean over the run's second half) within its bounds and, with
   * `tolerance`, within that fraction (absolute, of r) of the N → ∞ theory; for AKOrN the mean
   * cosine of each vector with its stimulus within the alignment bounds.
   */
  z.strictObject({
    kind: z.literal('order'),
    minMs: finite.positive(),
    KAtLeast: finite.optional(),
    KAtMost: finite.optional(),
    rAtLeast: finite.optional(),
    rAtMost: finite.optional(),
    tolerance: finite.positive().optional(),
    alignmentAtLeast: finite.optional(),
    alignmentAtMost: finite.optional(),
  }),
  /**
   * A plastic projection's learnt weights once the run has reached `minMs`: their mean, as a
   * fraction of [w_min, w_max], within the bounds; `population` is the one whose output rate the
   * feedback names.
   */
  z.strictObject({
    kind: z.literal('weights'),
    projection: z.string().min(1),
    population: z.string().min(1),
    minMs: finite.positive(),
    meanAtLeast: finite.optional(),
    meanAtMost: finite.optional(),
  }),
  /**
   * A connectome's response to the learner's last completed drive (docs/lessons.md): every driven
   * neuron is of the `driven` kind and there are at least `drivenAtLeast`, at `amplitudeAtLeastNa`
   * or more; with `silenced`, all of those neurons were silenced throughout the drive; the rate of
   * `cellType` during the drive, and its change from a window before it, within the bounds.
   */
  z.strictObject({
    kind: z.literal('drive-response'),
    driven: neuronFilterSchema,
    drivenAtLeast: z.number().int().positive(),
    amplitudeAtLeastNa: finite.optional(),
    silenced: neuronFilterSchema.optional(),
    cellType: z.string().min(1),
    rateChangeAtLeastHz: finite.optional(),
    rateChangeAtMostHz: finite.optional(),
    /** Its rate during the drive at most this (Hz): the drive did not reach it. */
    rateAtMostHz: finite.optional(),
  }),
  /**
   * The continual-learning page's last training (docs/lessons.md): `method` was trained with the
   * `protocol` on at least `tasksAtLeast` tasks, and its BWT and ACC lie within the bounds.
   */
  z.strictObject({
    kind: z.literal('continual'),
    method: z.enum(METHODS),
    protocol: z.enum(['permuted', 'split']).optional(),
    tasksAtLeast: z.number().int().min(2),
    bwtAtLeast: finite.optional(),
    bwtAtMost: finite.optional(),
    accAtLeast: finite.optional(),
  }),
  /** Nothing to check: reading only. */
  z.strictObject({ kind: z.literal('none') }),
]);

/** The continual-learning page's settings a step fills in (the learner presses Train). */
const continualSettings = z.strictObject({
  dataset: z.enum(['digits', 'fashion-mnist']).optional(),
  protocol: z.enum(['permuted', 'split']).optional(),
  methods: z.tuple([z.enum(METHODS), z.enum(METHODS)]).optional(),
  tasks: z.number().int().min(2).max(10).optional(),
  epochs: z.number().int().min(1).max(50).optional(),
});

export const stepSchema = z.strictObject({
  /** The page the step works on: the lab (default) or the continual-learning page. */
  page: z.enum(['lab', 'continual']).optional(),
  /** On the continual-learning page: the settings filled in. */
  continual: continualSettings.optional(),
  /** A bundled example id; the step reloads it so that every learner starts from the same state. */
  model: z.string().min(1).optional(),
  set: z.array(settingSchema).optional(),
  /** The `data-testid` of the control the step points at. */
  point: z.string().min(1).optional(),
  task: z.string().min(1),
  check: checkSchema,
  /** Feedback; `{name}` is replaced by a value the check computed (docs/lessons.md lists them). */
  pass: z.string().min(1),
  fail: z.string().min(1).optional(),
  /** A theory curve drawn beside the simulation, with the learner's measurements on it. */
  theory: z.enum(['lif-fI', 'psp', 'coupling', 'brunel-map', 'kuramoto-r']).optional(),
});

export type LessonSetting = z.infer<typeof settingSchema>;
export type ContinualSettings = z.infer<typeof continualSettings>;
export type LessonCheck = z.infer<typeof checkSchema>;
export type LessonStepSpec = z.infer<typeof stepSchema>;

export interface LessonStep extends LessonStepSpec {
  title: string;
  /** The step's narrative Markdown (without its step block). */
  text: string;
}

export interface Lesson {
  id: string;
  title: string;
  summary: string;
  steps: LessonStep[];
}

export class LessonFormatError extends Error {
  override name = 'LessonFormatError';
}

/** Parses a lesson file; `file` names it in errors. */
export function parseLesson(file: string, source: string): Lesson {
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  const fail = (line: number, msg: string): never => {
    throw new LessonFormatError(`${file} line ${line}: ${msg}`);
  };
  if (lines[0]?.trim() !== '---') fail(1, 'expected a front matter starting with "---"');
  const end = lines.findIndex((l, k) => k > 0 && l.trim() === '---');
  if (end < 0) fail(1, 'the front matter has no closing "---"');
  const meta: Record<string, string> = {};
  for (let k = 1; k < end; k++) {
    if (!lines[k].trim()) continue;
    const m = /^([a-z]+):\s*(.+)$/.exec(lines[k].trim());
    if (!m) fail(k + 1, `expected "key: value", got ${JSON.stringify(lines[k].trim())}`);
    if (!['id', 'title', 'summary'].includes(m![1])) fail(k + 1, `unknown key "${m![1]}" (expected id, title, summary)`);
    meta[m![1]] = m![2].trim();
  }
  for (const key of ['id', 'title', 'summary']) if (!meta[key]) fail(1, `the front matter has no "${key}"`);
  if (!/^[a-z0-9-]+$/.test(meta.id)) fail(1, `id "${meta.id}": expected lower-case letters, digits and "-"`);

  const steps: LessonStep[] = [];
  let k = end + 1;
  while (k < lines.length && !lines[k].startsWith('## ')) {
    if (lines[k].trim()) fail(k + 1, 'text before the first step: each step starts with a "## " heading');
    k++;
  }
  while (k < lines.length) {
    const title = lines[k].slice(3).trim();
    const headingLine = k + 1;
    k++;
    const text: string[] = [];
    let spec: LessonStepSpec | null = null;
    while (k < lines.length && !lines[k].startsWith('## ')) {
      if (lines[k].trim() === '```step') {
        if (spec) fail(k + 1, `step "${title}" has a second step block`);
        const open = k + 1;
        const close = lines.findIndex((l, j) => j > k && l.trim() === '```');
        if (close < 0) fail(open, 'the step block is not closed with ```');
        spec = parseStepBlock(lines.slice(k + 1, close).join('\n'), open + 1, (line, msg) => fail(line, `step "${title}": ${msg}`));
        k = close + 1;
        continue;
      }
      text.push(lines[k]);
      k++;
    }
    if (!spec) fail(headingLine, `step "${title}" has no \`\`\`step block`);
    const s = spec!;
    // A step without a page works on the page of the step before it.
    s.page ??= steps.length ? steps[steps.length - 1].page : undefined;
    if ((s.check.kind === 'continual') !== (s.page === 'continual') && !['answer', 'none'].includes(s.check.kind))
      fail(
        headingLine,
        `step "${title}": a "${s.check.kind}" check belongs on ${s.check.kind === 'continual' ? '"page": "continual"' : 'the lab'}`,
      );
    if (s.continual && s.page !== 'continual') fail(headingLine, `step "${title}": "continual" settings need "page": "continual"`);
    if (s.check.kind === 'answer' && s.check.correct >= s.check.options.length)
      fail(headingLine, `step "${title}": check.correct: ${s.check.correct} is not an option index (0..${s.check.options.length - 1})`);
    steps.push({ ...s, title, text: text.join('\n').trim() });
  }
  if (!steps.length) fail(end + 1, 'the lesson has no steps ("## " headings)');
  return { id: meta.id, title: meta.title, summary: meta.summary, steps };
}

/** The step block's JSON, checked; `firstLine` is the file line of its first line. */
function parseStepBlock(json: string, firstLine: number, fail: (line: number, msg: string) => never): LessonStepSpec {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    // JSON.parse names a position in most engines; turn it into a line.
    const pos = /position (\d+)/.exec((e as Error).message);
    const line = pos ? firstLine + json.slice(0, Number(pos[1])).split('\n').length - 1 : firstLine;
    fail(line, `the step block is not JSON: ${(e as Error).message}`);
  }
  const r = stepSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    fail(firstLine, `${issue.path.length ? formatPath(issue.path) : '(step block)'}: ${issue.message}`);
  }
  return r.data!;
}
