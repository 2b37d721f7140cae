import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseModel } from '../model/schema';
import { arbitraryNetwork } from './arbitraryNetworks';
import { CPU } from './backends';
import { Run } from './run';

describe('random networks for the CPU = GPU property test', () => {
  it('are valid models: 1,000 of them parse', () => {
    for (const model of fc.sample(arbitraryNetwork, { numRuns: 1000, seed: 16_005 })) expect(() => parseModel(model)).not.toThrow();
  });

  it('are active: most of 20 fire in their 30 ms, with spikes from more than one population', async () => {
    let active = 0;
    let mixed = 0;
    for (const model of fc.sample(arbitraryNetwork, { numRuns: 20, seed: 16_006 })) {
      const run = await Run.create(model, CPU);
      await run.run(30);
      const pops = run.summary().populations.filter((p) => p.spikeCount > 0).length;
      expect(run.spikes().neurons.length).toBe(run.summary().spikeCount); // every population is recorded
      if (pops > 0) active++;
      if (pops > 1) mixed++;
      run.destroy();
    }
    expect(active).toBeGreaterThanOrEqual(18);
    expect(mixed).toBeGreaterThanOrEqual(5);
  });
});
