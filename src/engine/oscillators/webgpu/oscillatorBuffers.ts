/**
 * Every GPU buffer of an oscillator model, packed once from `BuiltOscillators`. The offsets into
 * the packed `topology` / `coefficients` / `scratch` arrays travel in `OscillatorParams`
 * (shaders/common.wgsl), so each layout is written down once.
 */
import topologyWgsl from '../../../../shaders/oscillator_topology.wgsl?raw';
import { CLOCK_STRIDE, packStructArray } from '../../webgpu/layouts';
import { commonWgsl, generatedConstants } from '../../webgpu/shaderSource';
import threefryWgsl from '../../../../shaders/threefry.wgsl?raw';
import type { BuiltOscillators } from '../../../network/buildOscillators';
import type { GpuRuntime } from '../../../gpu/gpuRuntime';

/** Steps one chunk may hold (its records and clock slots). */
export const MAX_OSCILLATOR_CHUNK_STEPS = 1000;
export const OSCILLATOR_WORKGROUP_SIZE = 64;
export const REDUCE_WORKGROUP_SIZE = 64;

/** Words of one GPU record row: the group sums and energy, sumWidth + 1 per group (the host derives r, ψ). */
export function gpuRowWords(b: BuiltOscillators): number {
  return b.groups.length * (Math.max(2, b.stateWidth) + 1);
}

/** An oscillator kernel: generated constants, common.wgsl, Threefry, the packed-buffer accessors, the kernel. */
export function oscillatorKernelSource(kernel: string, withTopology = true): string {
  return [generatedConstants(0), commonWgsl, threefryWgsl, withTopology ? topologyWgsl : '', kernel].join('\n');
}

export class OscillatorBuffers {
  readonly params: GPUBuffer;
  readonly clock: GPUBuffer;
  readonly topology: GPUBuffer;
  readonly coefficients: GPUBuffer;
  readonly state: GPUBuffer;
  readonly scratch: GPUBuffer;
  readonly sums: GPUBuffer;
  readonly records: GPUBuffer;
  readonly layout: ReturnType<typeof packedLayout>;
  readonly device: GPUDevice;

  constructor(
    readonly runtime: GpuRuntime,
    readonly built: BuiltOscillators,
  ) {
    const device = (this.device = runtime.device);
    const L = (this.layout = packedLayout(built));
    checkLimits(runtime, built, L);
    const S = GPUBufferUsage.STORAGE;
    const make = (name: string, bytes: number, usage: number) => runtime.createBuffer(`OscillatorBuffers.${name}`, bytes, usage);
    this.params = make('params', 256, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    this.clock = make('clock', MAX_OSCILLATOR_CHUNK_STEPS * CLOCK_STRIDE, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    this.topology = make('topology', L.topologyWords * 4, S | GPUBufferUsage.COPY_DST);
    this.coefficients = make('coefficients', L.coefficientWords * 4, S | GPUBufferUsage.COPY_DST);
    this.state = make('state', built.n * built.stateWidth * 4, S | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC);
    this.scratch = make('scratch', L.scratchWords * 4, S | GPUBufferUsage.COPY_DST);
    this.sums = make('sums', built.groups.length * L.sumWidth * 4, S);
    this.records = make('records', MAX_OSCILLATOR_CHUNK_STEPS * gpuRowWords(built) * 4, S | GPUBufferUsage.COPY_SRC);
    const q = device.queue;
    q.writeBuffer(this.topology, 0, packTopology(built, L));
    q.writeBuffer(this.coefficients, 0, packCoefficients(built, L, built.omega, built.couplingK));
    this.writeParams(built.noise);
  }

  writeParams(noise: number): void {
    const b = this.built;
    const L = this.layout;
    const params = packStructArray('OscillatorParams', [
      {
        n: b.n,
        numGroups: b.groups.length,
        stateWidth: b.stateWidth,
        blocks: b.blocks,
        numMeanField: b.meanField.length,
        seed: b.seed,
        rowWords: gpuRowWords(b),
        sumWidth: L.sumWidth,
        dt: b.dt,
        noiseAmp: Math.sqrt(2 * noise * b.dt),
        gamma: b.gamma,
        groupOfAt: L.groupOfAt,
        groupStartAt: L.groupStartAt,
        meanFieldAt: L.meanFieldAt,
        meanFieldStartAt: L.meanFieldStartAt,
        rowPtrAt: L.rowPtrAt,
        preAt: L.preAt,
        couplingOfAt: L.couplingOfAt,
        weightAt: L.weightAt,
        couplingKAt: L.couplingKAt,
        stimulusAt: L.stimulusAt,
        phiAAt: L.phiAAt,
        phiBAt: L.phiBAt,
        accAt: L.accAt,
      },
    ]);
    this.device.queue.writeBuffer(this.params, 0, params);
  }
}

/** Word offsets of every array inside the packed buffers. */
export function packedLayout(b: BuiltOscillators) {
  const n = b.n;
  const G = b.groups.length;
  const E = b.pre.length;
  const groupOfAt = 0;
  const groupStartAt = groupOfAt + n;
  const meanFieldAt = groupStartAt + G + 1;
  const meanFieldStartAt = meanFieldAt + 4 * b.meanField.length;
  const rowPtrAt = meanFieldStartAt + G + 1;
  const preAt = rowPtrAt + n + 1;
  const couplingOfAt = preAt + E;
  const weightAt = couplingOfAt + E;
  const topologyWords = weightAt + E;
  const couplingKAt = n * b.blocks;
  const stimulusAt = couplingKAt + b.couplingK.length;
  const coefficientWords = stimulusAt + (b.stimulus ? n * b.stateWidth : 0) + 1;
  const kuramoto = b.model === 'kuramoto';
  // Kuramoto: φ_A, φ_B, acc (n each). AKOrN: field y (n × width), e_i (n).
  const phiAAt = 0;
  const phiBAt = kuramoto ? n : n * b.stateWidth;
  const accAt = kuramoto ? 2 * n : phiBAt + n;
  const scratchWords = kuramoto ? 3 * n : n * b.stateWidth + n;
  return {
    groupOfAt,
    groupStartAt,
    meanFieldAt,
    meanFieldStartAt,
    rowPtrAt,
    preAt,
    couplingOfAt,
    weightAt,
    topologyWords,
    couplingKAt,
    stimulusAt,
    coefficientWords,
    phiAAt,
    phiBAt,
    accAt,
    scratchWords,
    sumWidth: Math.max(2, b.stateWidth),
  };
}

function packTopology(b: BuiltOscillators, L: ReturnType<typeof packedLayout>): Uint32Array {
  const t = new Uint32Array(L.topologyWords);
  const f = new Float32Array(t.buffer);
  t.set(b.groupOf, L.groupOfAt);
  b.groups.forEach((g, i) => (t[L.groupStartAt + i] = g.start));
  t[L.groupStartAt + b.groups.length] = b.n;
  b.meanField.forEach((m, k) => {
    t[L.meanFieldAt + 4 * k] = m.from;
    t[L.meanFieldAt + 4 * k + 1] = m.to;
    t[L.meanFieldAt + 4 * k + 2] = m.coupling;
    f[L.meanFieldAt + 4 * k + 3] = m.invNFrom;
  });
  for (let g = 0, m = 0; g <= b.groups.length; g++) {
    while (m < b.meanField.length && b.meanField[m].to < g) m++;
    t[L.meanFieldStartAt + g] = m;
  }
  t.set(b.rowPtr, L.rowPtrAt);
  t.set(b.pre, L.preAt);
  t.set(b.couplingOf, L.couplingOfAt);
  f.set(b.weight, L.weightAt);
  return t;
}

export function packCoefficients(
  b: BuiltOscillators,
  L: ReturnType<typeof packedLayout>,
  omega: Float64Array,
  K: Float64Array,
): Float32Array {
  const c = new Float32Array(L.coefficientWords);
  c.set(omega, 0);
  c.set(K, L.couplingKAt);
  if (b.stimulus) c.set(b.stimulus, L.stimulusAt);
  return c;
}

/** Refuses, before allocating, a model whose arrays exceed the device's binding limits (naming the limit and the overshoot). */
function checkLimits(runtime: GpuRuntime, b: BuiltOscillators, L: ReturnType<typeof packedLayout>): void {
  runtime.checkLimits(
    [
      { label: 'oscillator topology (groups, couplings: 4 B per entry)', bytes: L.topologyWords * 4 },
      { label: 'oscillator coefficients (ω, K, stimulus)', bytes: L.coefficientWords * 4 },
      { label: 'oscillator state', bytes: b.n * b.stateWidth * 4 },
      { label: 'oscillator scratch (stage phases / field)', bytes: L.scratchWords * 4 },
    ],
    [{ label: `${b.n} oscillators (one invocation each)`, workgroups: Math.ceil(b.n / OSCILLATOR_WORKGROUP_SIZE) }],
  );
}
