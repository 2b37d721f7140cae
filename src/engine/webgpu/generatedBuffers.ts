/**
 * GPU buffers of the generated projections (src/network/generatedSynapses.ts): the index (row
 * lengths, projection records, weight knots, delay thresholds; layout in layouts.ts), the sizes
 * uniform, and the synapse words, split over up to GENERATED_WORD_BINDINGS buffers when one
 * binding cannot hold them. Limits are checked before anything is allocated.
 */
import type { BuiltNetwork } from '../../network/network';
import { knotBits } from '../../network/generatedSynapses';
import { QUANTILE_BITS } from '../../network/distributionTables';
import { toFixed } from '../../network/synapseEncoding';
import type { GpuRuntime } from '../../gpu/gpuRuntime';
import { DeviceLimitError } from '../../gpu/errors';
import { GENERATED_PROJECTION_FIELDS as F, GENERATED_PROJECTION_WORDS, packStructArray, structSize } from './layouts';
import { DEFAULT_WORKGROUP_SIZE } from '../../gpu/computePass';

/** Synapse words may be split over this many bindings (the kernels name words0 … words2). */
export const GENERATED_WORD_BINDINGS = 3;
/** Knot slots per projection: enough for any value a live edit can give. */
export const GENERATED_KNOT_SLOTS = (1 << QUANTILE_BITS) + 1;

export class GeneratedBuffers {
  readonly index: GPUBuffer;
  readonly sizes: GPUBuffer;
  readonly words: GPUBuffer[];
  readonly wordsPerBinding: number;
  readonly rowChunks: number;
  /** Word offset of each projection's knots in the index. */
  private readonly knotAt: number[] = [];
  private readonly recordAt: number;
  /** Bytes of the index buffer. */
  readonly indexBytes: number;

  /**
   * Checks the device limits for `net`'s generated synapses without allocating anything (the
   * backend calls it before any buffer of the network is made); returns the split.
   */
  static plan(runtime: GpuRuntime, net: BuiltNetwork, maxWordsPerBinding = Infinity): { wordsPerBinding: number; wordBytes: number[] } {
    const gen = net.generated;
    const limits = runtime.device.limits;
    const perBinding = Math.min(maxWordsPerBinding, Math.floor(Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize) / 4));
    // Whole workgroups' worth per binding keeps the arithmetic simple; at least one word.
    const wordsPerBinding = Math.max(1, perBinding - (perBinding % DEFAULT_WORKGROUP_SIZE));
    const bindings = Math.ceil(gen.count / wordsPerBinding);
    if (bindings > GENERATED_WORD_BINDINGS)
      throw new DeviceLimitError(
        'maxStorageBufferBindingSize',
        Math.ceil(gen.count / GENERATED_WORD_BINDINGS) * 4,
        limits.maxStorageBufferBindingSize,
        `${gen.count.toLocaleString('en-US')} generated synapses (4 B each, split over ${GENERATED_WORD_BINDINGS} bindings)`,
      );
    const wordBytes = Array.from({ length: GENERATED_WORD_BINDINGS }, (_, b) =>
      Math.max(4, Math.min(wordsPerBinding, gen.count - b * wordsPerBinding) * 4),
    );
    const P = gen.projections.length;
    const delays = gen.projections.reduce((a, p) => a + p.delayThresholds.length, 0);
    const indexWords =
      net.numNeurons + 1 + 2 * gen.segmentProjection.length + 1 + P * (GENERATED_PROJECTION_WORDS + GENERATED_KNOT_SLOTS) + delays;
    runtime.checkLimits([
      { label: 'generated-connectivity index (row lengths, knots, delays; 4 B per word)', bytes: indexWords * 4 },
      ...wordBytes.map((bytes, b) => ({ label: `generated synapse words, part ${b + 1} (4 B per synapse)`, bytes })),
    ]);
    return { wordsPerBinding, wordBytes };
  }

  constructor(
    private readonly runtime: GpuRuntime,
    net: BuiltNetwork,
    maxWordsPerBinding = Infinity,
  ) {
    const gen = net.generated;
    const { wordsPerBinding, wordBytes } = GeneratedBuffers.plan(runtime, net, maxWordsPerBinding);
    this.wordsPerBinding = wordsPerBinding;

    const n = net.numNeurons;
    const S = gen.segmentProjection.length;
    const P = gen.projections.length;
    const segmentProjectionAt = n + 1;
    const segmentStartAt = segmentProjectionAt + S;
    this.recordAt = segmentStartAt + S + 1;
    let at = this.recordAt + P * GENERATED_PROJECTION_WORDS;
    for (let j = 0; j < P; j++) {
      this.knotAt.push(at);
      at += GENERATED_KNOT_SLOTS;
    }
    const delayAt: number[] = [];
    for (const p of gen.projections) {
      delayAt.push(at);
      at += p.delayThresholds.length;
    }
    const index = new Uint32Array(at);
    index.set(gen.neuronSegments, 0);
    index.set(gen.segmentProjection, segmentProjectionAt);
    index.set(gen.segmentStart, segmentStartAt);
    gen.projections.forEach((p, j) => {
      const r = this.recordAt + j * GENERATED_PROJECTION_WORDS;
      index[r + F.preStart] = p.pre.start;
      index[r + F.postStart] = p.post.start;
      index[r + F.postSize] = p.post.size;
      index[r + F.receptor] = p.receptor;
      index[r + F.stream] = p.stream;
      index[r + F.noSelf] = p.noSelf ? 1 : 0;
      index[r + F.knotOffset] = this.knotAt[j];
      index[r + F.delayOffset] = delayAt[j];
      index[r + F.delayCount] = p.delayThresholds.length;
      index.set(p.delayThresholds, delayAt[j]);
    });
    this.writeKnotsInto(index, net);

    let longest = 0;
    for (let g = 0; g < n; g++)
      longest = Math.max(longest, gen.segmentStart[gen.neuronSegments[g + 1]] - gen.segmentStart[gen.neuronSegments[g]]);
    this.rowChunks = Math.max(1, Math.ceil(longest / DEFAULT_WORKGROUP_SIZE));

    this.indexBytes = index.byteLength;
    const S_ = GPUBufferUsage.STORAGE;
    this.index = runtime.createBuffer('GeneratedBuffers.index', index.byteLength, S_ | GPUBufferUsage.COPY_DST);
    runtime.write(this.index, index);
    this.words = wordBytes.map((bytes, b) =>
      runtime.createBuffer(`GeneratedBuffers.words${b}`, bytes, S_ | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST),
    );
    this.sizes = runtime.createBuffer(
      'GeneratedBuffers.sizes',
      structSize('GeneratedSizes'),
      GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    );
    runtime.write(
      this.sizes,
      packStructArray('GeneratedSizes', [
        {
          numSegments: S,
          segmentProjection: segmentProjectionAt,
          segmentStart: segmentStartAt,
          projections: this.recordAt,
          wordsPerBinding: this.wordsPerBinding,
          rowChunks: this.rowChunks,
        },
      ]),
    );
  }

  /** Knots (fixed point), counts and piece bits of every projection, into an index image. */
  private writeKnotsInto(index: Uint32Array, net: BuiltNetwork): void {
    net.generated.projections.forEach((p, j) => {
      const r = this.recordAt + j * GENERATED_PROJECTION_WORDS;
      index[r + F.knotCount] = p.knots.length;
      index[r + F.knotBits] = knotBits(p.knots);
      for (let k = 0; k < p.knots.length; k++) index[this.knotAt[j] + k] = toFixed(p.knots[k], net.fixedPointScale) >>> 0;
    });
  }

  /** A live weight edit: projection j's new knots (model units). */
  writeKnots(j: number, knots: Float64Array, scale: number): void {
    const fixed = Uint32Array.from(knots, (w) => toFixed(w, scale) >>> 0);
    this.runtime.write(this.index, fixed, this.knotAt[j] * 4);
    const r = this.recordAt + j * GENERATED_PROJECTION_WORDS;
    this.runtime.write(this.index, Uint32Array.of(knots.length, knotBits(knots)), (r + F.knotCount) * 4);
  }
}
