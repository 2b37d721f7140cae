/**
 * Fashion-MNIST (Xiao, Rasul & Vollgraf 2017, arXiv:1708.07747; © Zalando SE, MIT licence), the
 * stratified subset in public/data/fashion-mnist: 10,000 training and 2,000 test images of
 * 28 × 28 = 784 pixels, 10 classes, in the IDX format (big-endian magic and sizes, then uint8
 * pixels row-major / uint8 labels). The official train/test split is kept.
 */
import { gunzipSync } from 'fflate';
import { CLASSES, type Digits, type Split } from './digits';

export const FASHION_PIXELS = 28 * 28;
/**
 * The small network (784 → 200 → 10) on Fashion-MNIST: the digits options with a ten times smaller
 * Hebbian η on the 784-pixel input space, as the HLOP paper does for a high-dimensional input
 * (the digits' η diverges there).
 */
export function fashionSmallNetwork<T extends { subspace: { learningRate: number } }>(digits: T): T & { subspaceLearningRates: number[] } {
  const rate = digits.subspace.learningRate;
  return { ...digits, subspaceLearningRates: [rate / 10, rate] };
}
export const FASHION_FILES = {
  trainImages: 'train-images-idx3-ubyte.gz',
  trainLabels: 'train-labels-idx1-ubyte.gz',
  testImages: 'test-images-idx3-ubyte.gz',
  testLabels: 'test-labels-idx1-ubyte.gz',
} as const;

const gunzipped = (b: Uint8Array) => (b.length > 2 && b[0] === 0x1f && b[1] === 0x8b ? gunzipSync(b) : b);

function header(file: string, b: Uint8Array, magic: number, words: number): number[] {
  if (b.length < 4 * words) throw new Error(`${file}: header: expected ${4 * words} bytes, the file has ${b.length}`);
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const got = view.getUint32(0);
  if (got !== magic)
    throw new Error(`${file}: magic: expected 0x${magic.toString(16).padStart(8, '0')}, got 0x${got.toString(16).padStart(8, '0')}`);
  return Array.from({ length: words - 1 }, (_, k) => view.getUint32(4 * (k + 1)));
}

/** One image file and its label file (gzipped or not) as a dataset; a malformed file is named with the field at fault. */
export function parseIdx(images: Uint8Array, labels: Uint8Array, imagesFile = 'images', labelsFile = 'labels'): Digits {
  const img = gunzipped(images);
  const lab = gunzipped(labels);
  const [count, rows, cols] = header(imagesFile, img, 0x00000803, 4);
  const [labelCount] = header(labelsFile, lab, 0x00000801, 2);
  if (labelCount !== count)
    throw new Error(`${labelsFile}: count: expected ${count} labels (one per image of ${imagesFile}), got ${labelCount}`);
  const inputs = rows * cols;
  if (img.length !== 16 + count * inputs)
    throw new Error(
      `${imagesFile}: pixels: expected ${count} × ${rows} × ${cols} = ${count * inputs} bytes after the header, got ${img.length - 16}`,
    );
  if (lab.length !== 8 + count) throw new Error(`${labelsFile}: labels: expected ${count} bytes after the header, got ${lab.length - 8}`);
  const x = new Float32Array(count * inputs);
  for (let k = 0; k < x.length; k++) x[k] = img[16 + k] / 255;
  const y = lab.slice(8);
  const bad = y.findIndex((v) => v >= CLASSES);
  if (bad >= 0) throw new Error(`${labelsFile}: label ${bad}: expected a class in 0..${CLASSES - 1}, got ${y[bad]}`);
  return { x, y, count, inputs };
}

/** The four files as the official split. */
export function parseFashionMnist(files: Record<keyof typeof FASHION_FILES, Uint8Array>): Split {
  return {
    train: parseIdx(files.trainImages, files.trainLabels, FASHION_FILES.trainImages, FASHION_FILES.trainLabels),
    test: parseIdx(files.testImages, files.testLabels, FASHION_FILES.testImages, FASHION_FILES.testLabels),
  };
}
