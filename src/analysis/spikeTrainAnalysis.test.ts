import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseSpikes, welchPsd } from './spikeTrainAnalysis';
import { rfft } from './fft';
import type { SpikeTable } from '../io/spikeTable';

interface FixturePopulation {
  name: string;
  size: number;
  trains: number[][];
  ratesHz: number[];
  cvs: number[];
  fanos: number[];
  correlations: number[];
  psd: { frequenciesHz: number[]; power: number[] };
}
const fixture = JSON.parse(readFileSync('test/fixtures/spike-statistics.json', 'utf8')) as {
  tStartMs: number;
  tStopMs: number;
  options: { fanoWindowMs: number; correlationBinMs: number; psdBinMs: number; psdSegments: number };
  populations: FixturePopulation[];
};

/** A table from per-neuron trains, spikes in time order across neurons (as a run records them). */
function tableOf(pops: { name: string; trains: number[][] }[], tStartMs: number, tStopMs: number): SpikeTable {
  const spikes: [number, number][] = [];
  let start = 0;
  const populations = pops.map((p) => {
    p.trains.forEach((t, i) => t.forEach((s) => spikes.push([start + i, s])));
    const out = { name: p.name, start, size: p.trains.length };
    start += p.trains.length;
    return out;
  });
  spikes.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  return {
    populations,
    neurons: Uint32Array.from(spikes, (s) => s[0]),
    timesMs: Float64Array.from(spikes, (s) => s[1]),
    tStartMs,
    tStopMs,
  };
}

function closeAll(actual: ArrayLike<number>, expected: number[], rel = 1e-9) {
  expect(actual.length).toBe(expected.length);
  for (let k = 0; k < expected.length; k++)
    expect(Math.abs(actual[k] - expected[k])).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected[k])));
}

/** Seeded uniform numbers in [0, 1) (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('spike-train analysis (Elephant definitions)', () => {
  it('matches numpy and scipy on the fixture: rates, CVs, Fano factors, every pairwise correlation and the Welch spectrum', () => {
    const table = tableOf(fixture.populations, fixture.tStartMs, fixture.tStopMs);
    const result = analyseSpikes(table, fixture.options);
    expect(result.map((p) => p.name)).toEqual(['poisson', 'gamma', 'shared']);
    result.forEach((p, k) => {
      const want = fixture.populations[k];
      closeAll(p.ratesHz, want.ratesHz, 1e-12);
      closeAll(p.cvs, want.cvs);
      closeAll(p.fanos, want.fanos);
      closeAll(p.correlations, want.correlations);
      closeAll(p.psd.frequenciesHz, want.psd.frequenciesHz, 1e-12);
      closeAll(p.psd.power, want.psd.power, 1e-7);
    });
    // The fixture is not trivial: the shared-input population is correlated, the others are not.
    expect(result[2].meanCorrelation).toBeGreaterThan(0.1);
    expect(Math.abs(result[0].meanCorrelation)).toBeLessThan(0.02);
    expect(result[1].meanCv).toBeGreaterThan(0.4);
    expect(result[1].meanCv).toBeLessThan(0.6); // gamma of shape 4: CV = 1/2
  });

  it('a Poisson process gives CV ≈ 1, Fano ≈ 1, r ≈ 0 and a flat spectrum at 2ν/N; a regular train gives CV 0 and Fano 0', () => {
    const random = rng(7);
    const T = 200_000; // ms
    const nu = 10; // Hz
    const N = 100;
    const poissonTrains = Array.from({ length: N }, () => {
      const t: number[] = [];
      for (let s = -Math.log(1 - random()) * (1000 / nu); s < T; s += -Math.log(1 - random()) * (1000 / nu)) t.push(s);
      return t;
    });
    const regularTrains = Array.from({ length: 20 }, (_, i) => Array.from({ length: 2000 }, (_, k) => 100 * k + 5 * i + 1));
    const [poisson, regular] = analyseSpikes(
      tableOf(
        [
          { name: 'poisson', trains: poissonTrains },
          { name: 'regular', trains: regularTrains },
        ],
        0,
        T,
      ),
    );
    expect(Math.abs(poisson.meanRateHz - nu)).toBeLessThan(0.1);
    expect(Math.abs(poisson.meanCv - 1)).toBeLessThan(0.01);
    expect(Math.abs(poisson.meanFano - 1)).toBeLessThan(0.03);
    expect(Math.abs(poisson.meanCorrelation)).toBeLessThan(0.005);
    const { frequenciesHz, power } = poisson.psd;
    const band = [...power].filter((_, k) => frequenciesHz[k] > 5 && frequenciesHz[k] < 450);
    const flat = band.reduce((a, b) => a + b, 0) / band.length;
    expect(Math.abs(flat / ((2 * nu) / N) - 1)).toBeLessThan(0.03);
    expect(regular.meanRateHz).toBe(10);
    expect(regular.cvs.every((cv) => cv < 1e-12)).toBe(true);
    expect(regular.meanFano).toBe(0);
  });

  it('refuses an empty interval and bad options, naming them', () => {
    const table = tableOf([{ name: 'a', trains: [[1, 2, 3]] }], 5, 5);
    expect(() => analyseSpikes(table)).toThrow('spike analysis: expected t_stop > t_start, got [5, 5] ms');
    expect(() => analyseSpikes({ ...table, tStopMs: 10 }, { fanoWindowMs: 0 })).toThrow(
      'fanoWindowMs: expected a positive number of ms, got 0',
    );
    expect(() => analyseSpikes({ ...table, tStopMs: 10 }, { psdSegments: 1.5 })).toThrow(
      'psdSegments: expected a whole number ≥ 1, got 1.5',
    );
  });
});

describe('rfft', () => {
  it('equals the direct DFT for every length 1..70 and for 1000 and 1024', () => {
    const random = rng(3);
    for (const n of [...Array.from({ length: 70 }, (_, k) => k + 1), 1000, 1024]) {
      const x = Array.from({ length: n }, () => random() - 0.5);
      const { re, im } = rfft(x);
      expect(re.length).toBe(Math.floor(n / 2) + 1);
      for (let k = 0; k < re.length; k++) {
        let r = 0;
        let i = 0;
        for (let t = 0; t < n; t++) {
          r += x[t] * Math.cos((2 * Math.PI * k * t) / n);
          i -= x[t] * Math.sin((2 * Math.PI * k * t) / n);
        }
        expect(Math.abs(re[k] - r)).toBeLessThan(1e-9 * n);
        expect(Math.abs(im[k] - i)).toBeLessThan(1e-9 * n);
      }
    }
  });

  it("Welch's spectrum of a sine peaks at its frequency with the sine's power (A²/2)", () => {
    const fs = 1000;
    const x = Float64Array.from({ length: 8000 }, (_, t) => 3 * Math.sin((2 * Math.PI * 50 * t) / fs));
    const { frequenciesHz, power } = welchPsd(x, fs);
    const df = frequenciesHz[1];
    const peak = power.indexOf(Math.max(...power));
    expect(Math.abs(frequenciesHz[peak] - 50)).toBeLessThanOrEqual(df);
    const total = power.reduce((a, b) => a + b, 0) * df;
    expect(Math.abs(total - 4.5)).toBeLessThan(0.05);
  });
});
