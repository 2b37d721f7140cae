/** The assembly calculus on the CPU twin: the facts (assemblies.suite.ts), each rule's update against its formula, k-cap, and bad options. */
import { describe, expect, it } from 'vitest';
import { assemblySuite } from './assemblies.suite';
import { assemblyProblems, buildAssemblyGraph, CpuAssemblyArea, kCap } from './assemblyArea';

assemblySuite('cpu', (g) => new CpuAssemblyArea(g));

describe('assembly rules, one round at a time', () => {
  const small = { n: 300, k: 10, p: 0.1, beta: 0.2, seed: 4 };
  it('hebbian multiplies the synapses from the stimulus onto the first winners by 1 + β, and nothing else', async () => {
    const area = new CpuAssemblyArea(buildAssemblyGraph({ ...small, rule: 'hebbian' }));
    await area.run(1);
    const { winners, weights } = await area.readState();
    const { inPtr, inPre } = area.graph;
    const won = new Set(winners);
    expect(winners.length).toBe(10);
    for (let i = 0; i < 300; i++)
      for (let e = inPtr[i]; e < inPtr[i + 1]; e++) expect(weights[e]).toBe(won.has(i) && inPre[e] >= 300 ? Math.fround(1.2) : 1);
  });

  it('oja moves a winner’s weights towards its inputs: 1 from the stimulus, 1 − β from silent area neurons', async () => {
    const area = new CpuAssemblyArea(buildAssemblyGraph({ ...small, rule: 'oja' }));
    await area.run(1);
    const { winners, weights } = await area.readState();
    const { inPtr, inPre } = area.graph;
    const won = new Set(winners);
    for (let i = 0; i < 300; i++)
      for (let e = inPtr[i]; e < inPtr[i + 1]; e++) expect(weights[e]).toBe(won.has(i) && inPre[e] < 300 ? Math.fround(0.8) : 1);
  });

  it('stdp depresses the anti-causal synapses: from round 2’s winners onto round 1’s', async () => {
    const heb = new CpuAssemblyArea(buildAssemblyGraph({ ...small, rule: 'hebbian' }));
    const stdp = new CpuAssemblyArea(buildAssemblyGraph({ ...small, rule: 'stdp' }));
    await heb.run(1);
    const first = new Set((await heb.readState()).winners);
    await heb.run(1);
    await stdp.run(2);
    const [h, s] = [await heb.readState(), await stdp.readState()];
    expect(Array.from(s.winners)).toEqual(Array.from(h.winners));
    const second = new Set(s.winners);
    const { inPtr, inPre } = stdp.graph;
    let depressed = 0;
    for (let i = 0; i < 300; i++)
      for (let e = inPtr[i]; e < inPtr[i + 1]; e++) {
        const anti = first.has(i) && inPre[e] < 300 && second.has(inPre[e]);
        expect(s.weights[e]).toBe(anti ? Math.fround(h.weights[e] * Math.fround(0.8)) : h.weights[e]);
        if (anti) depressed++;
      }
    expect(depressed).toBeGreaterThan(0);
  });

  it('k-cap takes the k largest, ties to the lower index', () => {
    const out = new Uint8Array(6);
    kCap(Float32Array.from([1, 3, 2, 3, 2, 0]), 3, out);
    expect(Array.from(out)).toEqual([0, 1, 1, 1, 0, 0]);
  });

  it('bad options are refused, each named', () => {
    expect(assemblyProblems({ n: 10, k: 10, p: 0, beta: 1, rule: 'hebb' as never, seed: 1 })).toEqual([
      'k: expected a whole number in 1..n−1 (9), got 10',
      'p: expected a probability in (0, 1], got 0',
      'beta: expected a plasticity in [0, 1), got 1',
      'rule: expected one of hebbian, oja, stdp, got hebb',
    ]);
  });
});
