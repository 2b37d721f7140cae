/** The bundled Fashion-MNIST subset, read from its IDX files; malformed files are named with the field at fault. */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { FASHION_FILES, FASHION_PIXELS, parseFashionMnist, parseIdx } from './fashionMnist';
import { makeTasks } from './digits';

const read = (f: string) => new Uint8Array(readFileSync(`public/data/fashion-mnist/${f}`));
const files = () =>
  Object.fromEntries(Object.entries(FASHION_FILES).map(([k, f]) => [k, read(f)])) as unknown as Parameters<typeof parseFashionMnist>[0];

describe('Fashion-MNIST (public/data/fashion-mnist)', () => {
  it('holds 10,000 training and 2,000 test images of 784 pixels in [0, 1], 1,000 and 200 of each class', () => {
    const { train, test } = parseFashionMnist(files());
    expect([train.count, test.count, train.inputs, test.inputs]).toEqual([10_000, 2000, FASHION_PIXELS, FASHION_PIXELS]);
    for (let c = 0; c < 10; c++) {
      expect(train.y.filter((y) => y === c).length).toBe(1000);
      expect(test.y.filter((y) => y === c).length).toBe(200);
    }
    expect(Math.max(...train.x.subarray(0, 784 * 50))).toBe(1);
    expect(Math.min(...train.x.subarray(0, 784 * 50))).toBe(0);
  });

  it('permuted tasks permute all 784 pixels; split tasks keep two classes each', () => {
    const split = parseFashionMnist(files());
    const [t0, t1] = makeTasks('permuted', 2, split, 1);
    expect(Array.from(t0.train.x.subarray(0, 784))).toEqual(Array.from(split.train.x.subarray(0, 784)));
    const a = Array.from(t1.train.x.subarray(0, 784)).sort();
    expect(a).toEqual(Array.from(split.train.x.subarray(0, 784)).sort()); // the same pixels, moved
    expect(Array.from(t1.train.x.subarray(0, 784))).not.toEqual(Array.from(split.train.x.subarray(0, 784)));
    const s = makeTasks('split', 5, split, 1);
    expect(new Set(s[3].train.y)).toEqual(new Set([6, 7]));
    expect(s[3].train.count).toBe(2000);
  });

  it('a wrong magic, a truncated file or a label-count mismatch is named', () => {
    const images = read(FASHION_FILES.testImages);
    const labels = read(FASHION_FILES.testLabels);
    expect(() => parseIdx(labels, labels, 'x.idx', 'y.idx')).toThrow('x.idx: magic: expected 0x00000803, got 0x00000801');
    const raw = parseIdx(images, labels);
    const truncated = new Uint8Array(16 + 100);
    truncated.set([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28]);
    expect(() => parseIdx(gzipSync(truncated), labels, 'cut.gz', 'l.gz')).toThrow(
      'l.gz: count: expected 2 labels (one per image of cut.gz), got 2000',
    );
    expect(raw.count).toBe(2000);
    const twoLabels = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 3, 4]);
    expect(() => parseIdx(truncated, twoLabels, 'cut', 'two')).toThrow(
      'cut: pixels: expected 2 × 28 × 28 = 1568 bytes after the header, got 100',
    );
  });
});
