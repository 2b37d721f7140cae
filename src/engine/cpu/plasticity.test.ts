/** Plasticity on the CPU twin: the closed-form suite (../plasticity.suite.ts) and learnt weights exported and re-opened. */
import { describe, expect, it } from 'vitest';
import { plasticitySuite } from '../plasticity.suite';
import { CPU } from '../backends';
import { Run } from '../run';
import { plasticNetwork } from '../testModels';

plasticitySuite('cpu', () => CPU);

describe('learnt weights are first-class', () => {
  it('an exported model with its learnt weights re-opens with exactly those weights, and learning continues from them', async () => {
    const sim = await Run.create(plasticNetwork(2), CPU);
    await sim.run(300);
    const learnt = await Promise.all(sim.plasticProjections.map((p) => sim.readPlasticWeights(p.name)));
    const exported = JSON.parse(JSON.stringify(await sim.exportLearnedModel()));
    sim.destroy();
    const again = await Run.create(exported, CPU);
    for (const [k, p] of again.plasticProjections.entries()) {
      const w = await again.readPlasticWeights(p.name);
      expect(Array.from(w.pre)).toEqual(Array.from(learnt[k].pre));
      expect(Array.from(w.post)).toEqual(Array.from(learnt[k].post));
      expect(Array.from(w.weights)).toEqual(Array.from(learnt[k].weights));
    }
    await again.run(100);
    const moved = await again.readPlasticWeights(0);
    expect(moved.weights.some((w, s) => w !== learnt[0].weights[s])).toBe(true);
    again.destroy();
  });
});

describe('live edits of a plastic projection', () => {
  it('setting its weight is refused with the reason, and the run goes on learning', async () => {
    const sim = await Run.create(plasticNetwork(3), CPU);
    await sim.run(50);
    expect(() => sim.setProjectionWeight(0, 0.1)).toThrow(/projections\[0\] is plastic: its weights are learnt/);
    const before = await sim.readPlasticWeights(0);
    await sim.run(50);
    expect((await sim.readPlasticWeights(0)).weights).not.toEqual(before.weights);
    sim.destroy();
  });
});

describe('live edits of plasticity parameters', () => {
  it('A_plus changes the learning from the next step, a bad value is refused at its field, and a replay reproduces the run', async () => {
    const model = plasticNetwork(4);
    const a = await Run.create(structuredClone(model), CPU);
    const b = await Run.create(structuredClone(model), CPU);
    await a.run(100);
    await b.run(100);
    a.setPlasticityParameter(0, 'A_plus', 0.2);
    expect(() => a.setPlasticityParameter(0, 'w_min', 5)).toThrow(
      /projections\[0\]\.plasticity\.weightDependence\.w_min: expected w_min ≤ w_max/,
    );
    expect(() => a.setPlasticityParameter(0, 'tau_pluss', 5)).toThrow(/expected a parameter of the rule/);
    await a.run(100);
    await b.run(100);
    const [wa, wb] = [await a.readPlasticWeights(0), await b.readPlasticWeights(0)];
    const mean = (w: Float32Array) => w.reduce((x, y) => x + y, 0) / w.length;
    expect(mean(wa.weights)).toBeGreaterThan(mean(wb.weights)); // ten times the potentiation
    const replay = await a.replayOnto(CPU);
    expect(Array.from((await replay.readPlasticWeights(0)).weights)).toEqual(Array.from(wa.weights));
    for (const r of [a, b, replay]) r.destroy();
  });
});
