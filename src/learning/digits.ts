/**
 * The 8×8 handwritten digits (UCI, Alpaydin & Kaynak 1998, CC BY 4.0; public/data/digits) and the
 * continual-learning tasks made from them: permuted digits (task k permutes the 64 pixels with a
 * fixed seeded permutation, task 0 the identity) and split digits (task k: classes 2k and 2k+1,
 * one output head each). The train/test split is stratified and seeded.
 */
import { gunzipSync } from 'fflate';
import { CounterRng } from '../random/threefry';

/** Pixels of an 8×8 digit (the input size of the digits datasets; Fashion-MNIST has 784). */
export const PIXELS = 64;
export const CLASSES = 10;
/** Streams for the learning layer's randomness. */
export const LEARNING_STREAMS = { split: 0x70000, permutation: 0x70100, weights: 0x70200, order: 0x70300, subspace: 0x70400 } as const;

/** A labelled image set: the digits (64 pixels) or Fashion-MNIST (784); the name is historical. */
export interface Digits {
  x: Float32Array; // rows of `inputs` pixels scaled to [0, 1]
  y: Uint8Array; // labels 0..9
  count: number;
  /** Pixels per image. */
  inputs: number;
}

/** Parses the CSV (64 pixel values 0..16, then the label), naming the line and column of a bad value. */
export function parseDigitsCsv(text: string, file = 'digits.csv'): Digits {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const x = new Float32Array(lines.length * PIXELS);
  const y = new Uint8Array(lines.length);
  lines.forEach((line, r) => {
    const cells = line.split(',');
    if (cells.length !== PIXELS + 1)
      throw new Error(`${file}:${r + 1}: expected ${PIXELS + 1} comma-separated values, found ${cells.length}`);
    let column = 1;
    cells.forEach((c, k) => {
      const v = Number(c);
      const max = k < PIXELS ? 16 : 9;
      if (!Number.isInteger(v) || v < 0 || v > max)
        throw new Error(`${file}:${r + 1}:${column}: expected an integer in 0..${max}, found "${c}"`);
      if (k < PIXELS) x[r * PIXELS + k] = v / 16;
      else y[r] = v;
      column += c.length + 1;
    });
  });
  return { x, y, count: lines.length, inputs: PIXELS };
}

/** The bundled file; a web server may already have undone the gzip (Content-Encoding), so both are accepted. */
export function parseDigitsGzip(bytes: Uint8Array): Digits {
  const gzipped = bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  return parseDigitsCsv(new TextDecoder().decode(gzipped ? gunzipSync(bytes) : bytes), 'digits.csv.gz');
}

export interface Split {
  train: Digits;
  test: Digits;
}

/** Stratified seeded split: `testFraction` of each class goes to the test set. */
export function splitDigits(d: Digits, seed: number, testFraction = 0.25): Split {
  const rng = new CounterRng(seed, LEARNING_STREAMS.split);
  const train: number[] = [];
  const test: number[] = [];
  for (let c = 0; c < CLASSES; c++) {
    const idx: number[] = [];
    for (let i = 0; i < d.count; i++) if (d.y[i] === c) idx.push(i);
    shuffle(idx, rng);
    const nTest = Math.round(idx.length * testFraction);
    test.push(...idx.slice(0, nTest));
    train.push(...idx.slice(nTest));
  }
  return {
    train: subset(
      d,
      train.sort((a, b) => a - b),
    ),
    test: subset(
      d,
      test.sort((a, b) => a - b),
    ),
  };
}

export function subset(d: Digits, rows: number[]): Digits {
  const n = d.inputs;
  const x = new Float32Array(rows.length * n);
  const y = new Uint8Array(rows.length);
  rows.forEach((r, k) => {
    x.set(d.x.subarray(r * n, (r + 1) * n), k * n);
    y[k] = d.y[r];
  });
  return { x, y, count: rows.length, inputs: n };
}

export function shuffle(a: number[], rng: CounterRng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
}

export type Protocol = 'permuted' | 'split';

/** One task: its data, and the output units it may use (all 10, or its pair of classes). */
export interface Task {
  index: number;
  train: Digits;
  test: Digits;
  classes: number[];
}

/** Pixel permutation of task k over `pixels` pixels (the identity for k = 0). */
export function taskPermutation(k: number, seed: number, pixels = PIXELS): Uint32Array {
  const p = Array.from({ length: pixels }, (_, i) => i);
  if (k > 0) shuffle(p, new CounterRng(seed, LEARNING_STREAMS.permutation + k));
  return Uint32Array.from(p);
}

function permute(d: Digits, perm: Uint32Array): Digits {
  const n = d.inputs;
  const x = new Float32Array(d.x.length);
  for (let r = 0; r < d.count; r++) for (let i = 0; i < n; i++) x[r * n + i] = d.x[r * n + perm[i]];
  return { x, y: d.y, count: d.count, inputs: n };
}

export function makeTasks(protocol: Protocol, count: number, split: Split, seed: number): Task[] {
  if (protocol === 'split' && count > 5) throw new RangeError(`split digits has at most 5 tasks (pairs of classes), got ${count}`);
  if (!(count >= 1)) throw new RangeError(`expected at least one task, got ${count}`);
  return Array.from({ length: count }, (_, k) => {
    if (protocol === 'permuted') {
      const perm = taskPermutation(k, seed, split.train.inputs);
      return {
        index: k,
        train: permute(split.train, perm),
        test: permute(split.test, perm),
        classes: Array.from({ length: CLASSES }, (_, c) => c),
      };
    }
    const pick = (d: Digits) =>
      subset(
        d,
        [...d.y.keys()].filter((i) => d.y[i] === 2 * k || d.y[i] === 2 * k + 1),
      );
    return { index: k, train: pick(split.train), test: pick(split.test), classes: [2 * k, 2 * k + 1] };
  });
}
