/**
 * Threefry-2x32 with 20 rounds: a counter-based random generator (Salmon, Moraes, Dror & Shaw,
 * "Parallel random numbers: as easy as 1, 2, 3", SC 2011; Random123). Only 32-bit add, rotate
 * and xor, so `shaders/threefry.wgsl` computes the very same bits on the GPU.
 *
 * Luciole keys it as (seed, stream) and counts with (index, step): every random number in a run
 * is a pure function of those four words, whatever the backend or thread order.
 */

const SKEIN_PARITY = 0x1bd11bda;

/**
 * Writes the two output words of Threefry-2x32-20 for key (k0, k1) and counter (c0, c1) into out.
 * Unrolled: 20 rounds with rotations 13 15 26 6 17 29 16 24 and a key injection every 4 rounds.
 */
export function threefry2x32(key0: number, key1: number, c0: number, c1: number, out: Uint32Array): void {
  const k0 = key0 | 0;
  const k1 = key1 | 0;
  const k2 = SKEIN_PARITY ^ k0 ^ k1;
  let x0 = (c0 + k0) | 0;
  let x1 = (c1 + k1) | 0;
  x0 = (x0 + x1) | 0;
  x1 = (x1 << 13) | (x1 >>> 19);
  x1 ^= x0;
  x0 = (x0 + x1) | 0;
  x1 = (x1 << 15) | (x1 >>> 17);
  x1 ^= x0;
  x0 = (x0 + x1) | 0;
  x1 = (x1 << 26) | (x1 >>> 6);
  x1 ^= x0;
  x0 = (x0 + x1) | 0;
  x1 = (x1 << 6) | (x1 >>> 26);
  x1 ^= x0;
  x0 = (x0 + k1) | 0;
  x1 = (x1 + k2 + 1) | 0;
  x0 = (x0 + x1) | 0;
  x1 = (x1 << 17) | (x1 >>> 15);
  x1 ^= x0;
  x0 = (x0 + x1) | 0;
  x1 = (x1 << 29) | (x1 >>> 3);
  x1 ^= x0;
  x0 = (x0 + x1) | 0;
  x1 = (x1 << 16) | (x1 >>> 16);
  x1 ^= x0;
  x0 = (x0 + x1) | 0;
  x1 = (x1 << 24) | (x1 >>> 8);
  x1 ^= x0;
  x0 = (x0 + k2) | 0;
  x1 = (x1 + k0 + 2) | 0;
  x0 = (x0 + x1) | 0;
  x1 = (x1 << 13) | (x1 >>> 19);
  x1 ^= x0;
  x0 = (x0 + x1) | 0;
  x1 = (x1 << 15) | (x1 >>> 17);
  x1 ^= x0;
  x0 = (x0 + x1) | 0;
  x1 = (x1 << 26) | (x1 >>> 6);
  x1 ^= x0;
  x0 = (x0 + x1) | 0;
  x1 = (x1 << 6) | (x1 >>> 26);
  x1 ^= x0;
  x0 = (x0 + k0) | 0;
  x1 = (x1 + k1 + 3) | 0;
  x0 = (x0 + x1) | 0;
  x1 = (x1 << 17) | (x1 >>> 15);
  x1 ^= x0;
  x0 = (x0 + x1) | 0;
  x1 = (x1 << 29) | (x1 >>> 3);
  x1 ^= x0;
  x0 = (x0 + x1) | 0;
  x1 = (x1 << 16) | (x1 >>> 16);
  x1 ^= x0;
  x0 = (x0 + x1) | 0;
  x1 = (x1 << 24) | (x1 >>> 8);
  x1 ^= x0;
  x0 = (x0 + k1) | 0;
  x1 = (x1 + k2 + 4) | 0;
  x0 = (x0 + x1) | 0;
  x1 = (x1 << 13) | (x1 >>> 19);
  x1 ^= x0;
  x0 = (x0 + x1) | 0;
  x1 = (x1 << 15) | (x1 >>> 17);
  x1 ^= x0;
  x0 = (x0 + x1) | 0;
  x1 = (x1 << 26) | (x1 >>> 6);
  x1 ^= x0;
  x0 = (x0 + x1) | 0;
  x1 = (x1 << 6) | (x1 >>> 26);
  x1 ^= x0;
  x0 = (x0 + k2) | 0;
  x1 = (x1 + k0 + 5) | 0;
  out[0] = x0;
  out[1] = x1;
}

/** A u32 mapped to [0, 1) with 24 random bits: exact in f32, identical in WGSL (`uniform01`). */
export function uniform01(bits: number): number {
  return (bits >>> 8) * 5.9604644775390625e-8; // 2^-24
}

/** Random streams: each independent use of randomness gets its own stream number. */
export const Stream = {
  initialState: 1,
  /** Connectivity of projection k uses stream connectivity + 4k … + 4k+3. */
  connectivity: 0x100,
  poisson: 0x10000,
  /** Oscillator group g: frequencies oscillators + 4g, initial phases + 4g + 1, stimulus + 4g + 2. */
  oscillators: 0x40000,
  /** Kuramoto phase noise, counted by (oscillator, step) on either backend. */
  oscillatorNoise: 0x50000,
  /** Oscillator couplings: coupling k uses oscillatorCouplings + 4k … + 4k+3. */
  oscillatorCouplings: 0x60000,
  /** The `uniform` input of a cell type's code: population p uses cellNoise + p, counted by (neuron, step). (0x70000… are the learning streams, src/learning/digits.ts.) */
  cellNoise: 0x90000,
  /** The assembly calculus: the area's graph, then the stimulus synapses (+1). */
  assemblyGraph: 0x80000,
} as const;

/**
 * A sequential view of one (seed, stream) for host-side building: draws counter (index, 0),
 * (index, 1)… Each call to `next*` consumes one counter word-pair.
 */
export class CounterRng {
  private readonly out = new Uint32Array(2);
  private index: number;
  private hi = 0;

  constructor(
    private readonly seed: number,
    private readonly stream: number,
    startIndex = 0,
  ) {
    this.index = startIndex >>> 0;
  }

  /** Two fresh u32 words. */
  nextPair(): Uint32Array {
    threefry2x32(this.seed, this.stream, this.index, this.hi, this.out);
    this.index = (this.index + 1) >>> 0;
    if (this.index === 0) this.hi = (this.hi + 1) >>> 0;
    return this.out;
  }

  /** Uniform in [0, 1) with 53 random bits (host-side only). */
  nextDouble(): number {
    const o = this.nextPair();
    return ((o[0] >>> 5) * 67108864 + (o[1] >>> 6)) / 9007199254740992;
  }

  /** Uniform integer in 0..n-1 (n ≤ 2^32), without modulo bias. */
  nextInt(n: number): number {
    return Math.floor(this.nextDouble() * n);
  }

  /** Standard normal deviate (Box–Muller on 53-bit uniforms). */
  nextNormal(): number {
    const u = 1 - this.nextDouble();
    const v = this.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
