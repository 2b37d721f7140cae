import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseModel } from '../model/schema';
import { applyLiveEdit, arbitraryLiveEdits, arbitraryNetwork } from './arbitraryNetworks';
import { CPU } from './backends';
import { Run } from './run';

describe('random networks for the CPU = GPU property test', () => {
  it('are valid models: 1,000 of them parse', () => {
    for (const model of fc.sample(arbitraryNetwork, { numRuns: 1000, seed: 16_005 })) expect(() => parseModel(model)).not.toThrow();
  });

  it('cover every cell type and plasticity rule, and their live edits apply: 300 networks with their edits on the CPU', async () => {
    const cellTypes = new Set<string>();
    const rules = new Set<string>();
    const kinds = new Set<string>();
    const cases = fc.sample(
      arbitraryNetwork.chain((model) => fc.tuple(fc.constant(model), arbitraryLiveEdits(model))),
      { numRuns: 300, seed: 16_007 },
    );
    for (const [model, edits] of cases) {
      for (const p of model.populations!) cellTypes.add(p.cellType);
      for (const { plasticity: p } of model.projections!)
        if (p)
          rules.add([p.type, p.timingDependence?.type, p.timingDependence?.pairing, p.weightDependence?.type].filter(Boolean).join(' '));
      const run = await Run.create(structuredClone(model), CPU);
      for (const { edit, afterSteps } of edits) {
        await run.runSteps(Math.min(afterSteps, 3));
        applyLiveEdit(run, model, edit);
        kinds.add(edit.kind);
      }
      run.destroy();
    }
    expect([...cellTypes].sort()).toEqual([
      'EIF_cond_exp_isfa_ista',
      'IF_cond_exp',
      'IF_curr_alpha',
      'IF_curr_delta',
      'IF_curr_exp',
      'Izhikevich',
      'QIF',
      'SpikeSourceArray',
      'SpikeSourcePoisson',
    ]);
    expect([...rules].sort()).toEqual([
      'Eligibility',
      'STDPMechanism SpikePairRule AdditiveWeightDependence',
      'STDPMechanism SpikePairRule nearest MultiplicativeWeightDependence',
      'STDPMechanism Vogels2011Rule AdditiveWeightDependence',
    ]);
    expect([...kinds].sort()).toEqual(['inject', 'parameter', 'plasticity', 'poissonRate', 'silence', 'stimulate', 'weight']);
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
