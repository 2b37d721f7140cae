import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { example } from '.';
import { microcircuitModel, pd14FullSynapses, pd14MeanWeight, pscOverPsp } from './microcircuit';
import { Run } from '../engine/run';
import { CPU } from '../engine/backends';
import { spikeStatistics } from '../analysis/spikeStatistics';
import { buildNetwork, NetworkTooLargeError } from '../network/network';
import { parseModel } from '../model/schema';

/**
 * test/fixtures/pd14-microcircuit-0.1.json (scripts/fixtures/pd14_microcircuit.py):
 * - `nest`: NEST's published reference data of its PyNEST Potjans_2014 example (nest/nest-simulator
 *   @e0a0745546eb, pynest/examples/Potjans_2014/reference_data): one run at N = K = 0.1 scale,
 *   Poisson drive, seed 55, statistics over 500–1500 ms;
 * - `brian2`: the same statistics from bench/brian2_microcircuit.py for seeds 1–10, the model's
 *   seed-to-seed variability (the reference states none).
 */
interface Fixture {
  nest: { name: string; size: number; meanRateHz: number; meanCv: number }[];
  brian2: { populations: { name: string; seedSdRateHz: number; seedSdCv: number }[] };
}
const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/pd14-microcircuit-0.1.json', import.meta.url), 'utf8')) as Fixture;

describe('the PD14 microcircuit example', () => {
  it('has the reference weights, synapse counts and population sizes', () => {
    // INM-6 helpers.postsynaptic_potential_to_current; the model description: "J ≈ 87.81 pA".
    expect(pscOverPsp() * 1000).toBeCloseTo(585.38996, 4);
    expect(pd14MeanWeight(1, 0) * 1000).toBeCloseTo(87.8085, 3);
    expect(pd14MeanWeight(0, 2) * 1000).toBeCloseTo(175.617, 2); // L4E → L2/3E doubled
    expect(pd14MeanWeight(0, 1) * 1000).toBeCloseTo(-351.234, 2);
    // K = ln(1 − C)/ln(1 − 1/(N_pre N_post)), rounded per pair: L2/3E ← L2/3E.
    expect(Math.round(pd14FullSynapses(0, 0))).toBe(45499805);
    const model = parseModel(example('microcircuit'));
    // NEST's reference run has these population sizes (population_nodeids.dat).
    expect(model.populations.map((p) => p.size)).toEqual(fixture.nest.map((p) => p.size));
    const net = buildNetwork(model);
    expect(net.generated.count).toBe(2988807);
    // DC at K = 0.1, Poisson drive: the part of the mean input lost by scaling (pA).
    expect(model.populations.map((p) => Math.round((p.params!.i_offset as number) * 1e5) / 100)).toEqual([
      29.04, 112.37, 112.97, 114.99, 125.42, 151.68, 43.85, 153.71,
    ]);
    // DC drive at full scale: bg_rate · K_ext · PSC_ext · τ_syn (helpers.dc_input_compensating_poisson).
    const dc = microcircuitModel({ drive: 'dc' }).populations!.map((p) => Math.round((p.params!.i_offset as number) * 1e6) / 1000);
    expect(dc).toEqual([561.974, 526.851, 737.591, 667.345, 702.468, 667.345, 1018.579, 737.591]);
  });

  it('plans the full-scale network without making its synapses; the CPU refuses to expand it, naming the limit', async () => {
    const model = parseModel(microcircuitModel({ scale: 1 }));
    const net = buildNetwork(model); // row lengths only
    expect(net.targets.length).toBe(0);
    expect(net.generated.count).toBe(298880968);
    await expect(Run.create(model, CPU)).rejects.toThrow(NetworkTooLargeError);
    await expect(Run.create(model, CPU)).rejects.toThrow(/298,880,968 synapses.*MAX_HOST_BUILT_SYNAPSES.*4\.45×/);
  });

  it('at 10 % scale on the CPU, matches the reference rates and ISI CVs of every population', async () => {
    const run = await Run.create(example('microcircuit'), CPU); // seed 55, Poisson drive, 1,500 ms
    await run.run(1500);
    const ours = spikeStatistics(run, 500, 1500);
    // Ours and NEST's are single runs of the same model, so their difference has SD √2·σ, with σ
    // the seed-to-seed SD estimated from 10 Brian2 seeds: D/(√2 σ̂) ~ t with 9 dof. 5.12 is its
    // two-sided quantile at a family-wise 1 % over these 16 statistics (Bonferroni).
    const t = 5.12;
    fixture.nest.forEach((ref, k) => {
      const spread = fixture.brian2.populations[k];
      const rateTol = t * Math.SQRT2 * spread.seedSdRateHz;
      const cvTol = t * Math.SQRT2 * spread.seedSdCv;
      expect(ours[k].name).toBe(ref.name);
      expect(
        Math.abs(ours[k].meanRateHz - ref.meanRateHz),
        `${ref.name} rate ${ours[k].meanRateHz} vs ${ref.meanRateHz} ± ${rateTol}`,
      ).toBeLessThan(rateTol);
      expect(Math.abs(ours[k].meanCv - ref.meanCv), `${ref.name} CV ${ours[k].meanCv} vs ${ref.meanCv} ± ${cvTol}`).toBeLessThan(cvTol);
    });
  }, 120_000);
});
