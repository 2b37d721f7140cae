/**
 * Plasticity facts from the literature on the CPU twin (the GPU matches it bit for bit:
 * webgpu/plasticity.gpu.test.ts). 100 s of simulated time each, so CPU only.
 *
 * - Song, Miller & Abbott (2000), Fig. 1, on the protocol of Brian2's examples/synapses/STDP.py
 *   (the bundled `stdp-song2000`), against test/fixtures/stdp-song2000-brian2.json made by
 *   scripts/fixtures/brian2_stdp_song2000.py (Brian2 2.5.1, seeds 1–5).
 * - Vogels et al. (2011), Fig. 1: inhibitory STDP brings the neuron to the target rate ρ₀.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { song2000, SONG_W_MAX_NA, vogels2011, VOGELS_RHO_HZ } from '../../examples/plasticity';
import { CPU } from '../backends';
import { Run } from '../run';

const fixture = JSON.parse(readFileSync('test/fixtures/stdp-song2000-brian2.json', 'utf8'));
const BINS = 10;

/** Runs `stdp-song2000` for 100 s; the 10-bin histogram of w/w_max at the end and the output rate (Hz) of each 10 s. */
async function runSong(weightDependence: Parameters<typeof song2000>[0], seed: number) {
  const m = song2000(weightDependence);
  m.seed = seed;
  const sim = await Run.create(m, CPU);
  await sim.run(100_000);
  const w = (await sim.readPlasticWeights('inputs→neuron')).weights;
  const histogram = new Array<number>(BINS).fill(0);
  for (const x of w) histogram[Math.min(BINS - 1, Math.floor((x / SONG_W_MAX_NA) * BINS))]++;
  const rates = new Array<number>(10).fill(0);
  for (const step of sim.spikes().steps) rates[Math.min(9, Math.floor(step / 100_000))] += 0.1;
  sim.destroy();
  return { histogram, nearBounds: (histogram[0] + histogram[BINS - 1]) / w.length, rates };
}

describe('Song, Miller & Abbott (2000): additive STDP on 1,000 Poisson inputs at 15 Hz, 100 s (stdp-song2000)', () => {
  it('the weights become bimodal, as many end near the bounds as in Brian2 (within 5 points), and the output rate falls', async () => {
    const seeds = [1, 2, 3];
    const runs = [];
    for (const seed of seeds) runs.push(await runSong('AdditiveWeightDependence', seed));
    for (const r of runs) {
      const middle = Math.max(...r.histogram.slice(1, BINS - 1));
      expect(r.histogram[0], `histogram ${r.histogram}`).toBeGreaterThan(middle);
      expect(r.histogram[BINS - 1], `histogram ${r.histogram}`).toBeGreaterThan(middle);
      // The rate falls as the weights settle: the first 10 s against the last 10 s.
      expect(r.rates[9], `rates ${r.rates}`).toBeLessThan(0.6 * r.rates[0]);
    }
    const ours = runs.reduce((a, r) => a + r.nearBounds, 0) / runs.length;
    const brian2 = fixture.near_bounds_at_end.mean as number; // 0.4446 over seeds 1–5
    expect(Math.abs(ours - brian2), `ours ${ours}, Brian2 ${brian2}`).toBeLessThan(0.05);
  }, 600_000);

  it('with multiplicative STDP the distribution is unimodal: both end bins below the middle', async () => {
    const { histogram } = await runSong('MultiplicativeWeightDependence', 1);
    const middle = Math.max(histogram[4], histogram[5]);
    expect(histogram[0]).toBeLessThan(middle);
    expect(histogram[BINS - 1]).toBeLessThan(middle);
    // and it has one mode: counts rise to the peak and fall after it
    const peak = histogram.indexOf(Math.max(...histogram));
    for (let k = 1; k <= peak; k++) expect(histogram[k]).toBeGreaterThanOrEqual(histogram[k - 1]);
    for (let k = peak + 1; k < BINS; k++) expect(histogram[k]).toBeLessThanOrEqual(histogram[k - 1]);
  }, 300_000);
});

describe('Vogels et al. (2011): inhibitory STDP (istdp-vogels2011)', () => {
  it(`brings a neuron driven by 800 E and 200 I Poisson inputs from ~35 Hz to the target rate ρ₀ = ${VOGELS_RHO_HZ} Hz within 10 %`, async () => {
    const sim = await Run.create(vogels2011(), CPU);
    await sim.run(60_000);
    const steps = sim.spikes().steps;
    const between = (a: number, b: number) => steps.filter((s) => s >= a * 10 && s < b * 10).length / ((b - a) / 1000);
    const first = between(0, 1000);
    const settled = between(20_000, 60_000);
    sim.destroy();
    expect(first).toBeGreaterThan(2 * VOGELS_RHO_HZ); // without learnt inhibition it fires far above ρ₀
    expect(Math.abs(settled - VOGELS_RHO_HZ) / VOGELS_RHO_HZ, `rate over 20–60 s: ${settled} Hz`).toBeLessThan(0.1);
  }, 300_000);
});
