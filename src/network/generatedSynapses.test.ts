import { describe, expect, it } from 'vitest';
import { binomial, uniformMultinomial } from './binomial';
import { delayThresholds, erfc, normalCdf, normalQuantile, weightKnots } from './distributionTables';
import { buildNetwork, toSteps } from './network';
import { delayStepOf, expandGeneratedSynapses, knotBits, mulhi32, weightOf } from './generatedSynapses';
import { drawValue } from './randomValue';
import { CounterRng } from '../random/threefry';
import { parseModel } from '../model/schema';
import { microcircuitModel } from '../examples/microcircuit';
import { POST_MASK, DELAY_MASK, DELAY_SHIFT } from './synapseEncoding';

describe('the integer pieces of generated synapses', () => {
  it('mulhi32 is ⌊a·b/2³²⌋ exactly', () => {
    const rng = new CounterRng(1, 2);
    for (let i = 0; i < 20_000; i++) {
      const [a, b] = rng.nextPair();
      const exact = Number((BigInt(a >>> 0) * BigInt(b >>> 0)) >> 32n);
      expect(mulhi32(a >>> 0, b >>> 0)).toBe(exact);
    }
    expect(mulhi32(0xffffffff, 0xffffffff)).toBe(0xfffffffe);
  });

  it('erfc, Φ and Φ⁻¹ agree with tabulated values', () => {
    expect(erfc(1)).toBeCloseTo(0.15729920705028513, 15);
    expect(erfc(3.5) / 7.430983723414128e-7).toBeCloseTo(1, 12);
    expect(erfc(7) / 4.183825607779414e-23).toBeCloseTo(1, 11);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    for (const z of [-8, -3.3, -1, -0.01, 0.4, 2.5]) expect(normalQuantile(normalCdf(z))).toBeCloseTo(z, 9);
    expect(normalQuantile(normalCdf(6))).toBeCloseTo(6, 6); // 1 − Φ(6) = 1e-9 keeps 7 digits in f64
  });

  it('binomial deviates have the binomial mean and variance on both methods, and the multinomial adds up', () => {
    for (const [n, p] of [
      [50, 0.05], // inversion
      [100_000, 0.3], // BTRS
      [3_000_000, 1 / 2068],
      [40, 0.9],
    ]) {
      const rng = new CounterRng(3, n);
      const draws = 20_000;
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < draws; i++) {
        const k = binomial(n, p, rng);
        expect(k >= 0 && k <= n && Number.isInteger(k)).toBe(true);
        s += k;
        s2 += k * k;
      }
      const mean = s / draws;
      const variance = s2 / draws - mean * mean;
      const sd = Math.sqrt(n * p * (1 - p));
      expect(Math.abs(mean - n * p)).toBeLessThan((5 * sd) / Math.sqrt(draws));
      expect(variance / (sd * sd)).toBeGreaterThan(0.95);
      expect(variance / (sd * sd)).toBeLessThan(1.05);
    }
    const split = uniformMultinomial(1_000_003, 777, new CounterRng(5, 5));
    expect(split.reduce((a, b) => a + b, 0)).toBe(1_000_003);
  });

  it('weights drawn from the quantile table have the truncated normal’s mean and SD (redraw, not clamp)', () => {
    // N(1, 1) redrawn below 0: mean 1.28760, SD 0.79629 (closed forms of the truncated normal).
    const knots = weightKnots({ distribution: 'normalClipped', mean: 1, sd: 1, low: 0 }, (w) => w);
    const scale = 2 ** 20;
    const fixed = Int32Array.from(knots, (w) => Math.round(w * scale));
    const rng = new CounterRng(9, 9);
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    let min = Infinity;
    for (let i = 0; i < n; i++) {
      const w = weightOf(fixed, 0, fixed.length, knotBits(knots), rng.nextPair()[0] >>> 0) / scale;
      s += w;
      s2 += w * w;
      min = Math.min(min, w);
    }
    const mean = s / n;
    expect(Math.abs(mean - 1.2876)).toBeLessThan(0.01);
    expect(Math.sqrt(s2 / n - mean * mean)).toBeCloseTo(0.7963, 2);
    expect(min).toBeGreaterThanOrEqual(0);
    // Uniform: exact with one piece; a fixed weight: one knot.
    const u = Int32Array.from(
      weightKnots({ distribution: 'uniform', low: 1, high: 3 }, (w) => w),
      (w) => w * 1024,
    );
    expect(weightOf(u, 0, 2, 0, 0)).toBe(1024);
    expect(weightOf(u, 0, 2, 0, 0x80000000)).toBe(2048);
    expect(weightKnots(-0.5, (w) => Math.min(0, w))).toEqual(Float64Array.of(-0.5));
  });

  it('delays drawn from the threshold table follow the host builder’s rounding of the same distribution', () => {
    // PD14's excitatory delay: N(1.5, 0.75) ms redrawn below 0.05 ms, on a 0.1 ms grid.
    const value = { distribution: 'normalClipped', mean: 1.5, sd: 0.75, low: 0.05 } as const;
    const thresholds = delayThresholds(value, 0.1);
    const n = 200_000;
    const fromTable = new Float64Array(64);
    const fromHost = new Float64Array(64);
    const a = new CounterRng(1, 1);
    const b = new CounterRng(2, 2);
    for (let i = 0; i < n; i++) {
      fromTable[Math.min(63, delayStepOf(thresholds, a.nextPair()[0] >>> 0))]++;
      fromHost[Math.min(63, Math.max(1, toSteps(drawValue(value, b), 0.1)))]++;
    }
    for (let s = 1; s < 64; s++) {
      const p = fromHost[s] / n;
      expect(Math.abs(fromTable[s] / n - p)).toBeLessThanOrEqual(6 * Math.sqrt((p * (1 - p) + 1e-6) / n) + 1e-5);
    }
    expect(delayThresholds(0.8, 0.1)).toEqual(new Uint32Array(7)); // always 8 steps
  });
});

describe('a generated projection', () => {
  it('makes exactly its synapse count, inside its populations, with signed weights, the same for the same seed', () => {
    const net = buildNetwork(parseModel(microcircuitModel({ scale: 0.02 })));
    expect(net.targets.length).toBe(0);
    const gen = net.generated;
    const model = net.model;
    const total = model.projections.reduce((a, p) => a + (p.connector.type === 'fixedTotalNumber' ? p.connector.n : 0), 0);
    expect(gen.count).toBe(total);
    const { words, weights } = expandGeneratedSynapses(gen, net.seed, net.fixedPointScale);
    const perProjection = new Float64Array(gen.projections.length);
    let wrong = 0;
    for (let g = 0; g < net.numNeurons; g++) {
      for (let s = gen.neuronSegments[g]; s < gen.neuronSegments[g + 1]; s++) {
        const p = gen.projections[gen.segmentProjection[s]];
        if (g < p.pre.start || g >= p.pre.start + p.pre.size) wrong++;
        for (let k = gen.segmentStart[s]; k < gen.segmentStart[s + 1]; k++) {
          const post = words[k] & POST_MASK;
          const delay = ((words[k] >>> DELAY_SHIFT) & DELAY_MASK) + 1;
          if (post < p.post.start || post >= p.post.start + p.post.size || delay < 1) wrong++;
          if (Math.sign(weights[k]) !== (p.receptor === 0 ? 1 : -1)) wrong++;
          perProjection[gen.segmentProjection[s]]++;
        }
      }
    }
    expect(wrong).toBe(0);
    gen.projections.forEach((p, j) => expect(perProjection[j]).toBe(p.synapses));
    // The same seed gives the same network; another seed another.
    const again = expandGeneratedSynapses(
      buildNetwork(parseModel(microcircuitModel({ scale: 0.02 }))).generated,
      net.seed,
      net.fixedPointScale,
    );
    expect(again.words).toEqual(words);
    const other = buildNetwork(parseModel(microcircuitModel({ scale: 0.02, seed: 1 })));
    expect(expandGeneratedSynapses(other.generated, other.seed, other.fixedPointScale).words).not.toEqual(words);
  });

  it('has binomial row lengths and in-degrees: Binomial(n, 1/N_pre) out of each neuron, Binomial(n, 1/N_post) into each', () => {
    const n = 200_000;
    const model = parseModel({
      format: 'luciole-model',
      version: 1,
      name: 'degrees',
      populations: [
        { name: 'A', size: 500, cellType: 'IF_curr_exp' },
        { name: 'B', size: 800, cellType: 'IF_curr_exp' },
      ],
      projections: [{ pre: 'A', post: 'B', connector: { type: 'fixedTotalNumber', n }, receptor: 'excitatory', weight: 0.1, delay: 1 }],
    });
    const net = buildNetwork(model);
    const gen = net.generated;
    const { words } = expandGeneratedSynapses(gen, net.seed, net.fixedPointScale);
    const out = new Float64Array(500);
    const into = new Float64Array(800);
    for (let g = 0; g < 500; g++) {
      out[g] = gen.segmentStart[gen.neuronSegments[g + 1]] - gen.segmentStart[gen.neuronSegments[g]];
      for (let k = gen.segmentStart[gen.neuronSegments[g]]; k < gen.segmentStart[gen.neuronSegments[g + 1]]; k++)
        into[(words[k] & POST_MASK) - 500]++;
    }
    const moments = (x: Float64Array) => {
      const mean = x.reduce((a, b) => a + b, 0) / x.length;
      return { mean, variance: x.reduce((a, b) => a + (b - mean) ** 2, 0) / (x.length - 1) };
    };
    const o = moments(out);
    const i = moments(into);
    expect(o.mean).toBe(n / 500); // exactly n in all
    expect(i.mean).toBe(n / 800);
    // Sample variance of m draws has relative SD ≈ √(2/(m − 1)): 6.3 % for 500, 5 % for 800; allow 4 of them.
    const vo = n * (1 / 500) * (1 - 1 / 500);
    const vi = n * (1 / 800) * (1 - 1 / 800);
    expect(Math.abs(o.variance / vo - 1)).toBeLessThan(0.25);
    expect(Math.abs(i.variance / vi - 1)).toBeLessThan(0.2);
  });
});
