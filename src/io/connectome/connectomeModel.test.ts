import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { responseSummary } from '../../analysis/responseSummary';
import { parseModel } from '../../model/schema';
import { selectNeurons } from '../../model/selection';
import { buildNetwork } from '../../network/network';
import { synapsePost, synapseReceptor } from '../../network/synapseEncoding';
import { connectomeToModel } from './connectomeModel';
import { importConnectome } from './importConnectome';
import { Run } from '../../engine/run';
import { CPU } from '../../engine/backends';

/** Electrical synapses between two different neurons in celegans/edges.csv (counted with Python's csv). */
const SELF_FREE_GAP_SYNAPSES = 6767;
const data = (p: string) => readFileSync(new URL(`../../../public/data/${p}`, import.meta.url), 'utf8');
const larva = () =>
  importConnectome('larva/edges.csv', data('larva/edges.csv'), { file: 'larva/neurons.csv', text: data('larva/neurons.csv') });
const worm = () =>
  importConnectome('celegans/edges.csv', data('celegans/edges.csv'), { file: 'celegans/neurons.csv', text: data('celegans/neurons.csv') });

describe('connectome → spiking network', () => {
  it('a hand-made connectome gives weight = synapses × unit × sign, by transmitter or cell type; gap junctions left out', () => {
    const c = importConnectome('e.csv', 'pre,post,synapses,type\na,b,3,chemical\nb,c,2,chemical\nb,a,1,electrical\nc,a,4,chemical\n', {
      file: 'n.csv',
      text: 'name,types,neurotransmitters\na,motor,GABA\nb,inter,Acetylcholine\nc,LN,Glutamate\n',
    });
    const model = parseModel(connectomeToModel(c, { name: 't', weightPerSynapse: 0.1, inhibitoryCellTypes: ['LN'] }));
    const byName = Object.fromEntries(
      model.projections.map((p) => [p.name, p.connector.type === 'fromList' ? p.connector.connections : []]),
    );
    expect(byName.excitatory).toEqual([[1, 2, 0.2, 1]]);
    expect(byName.inhibitory).toEqual([
      [0, 1, -0.30000000000000004, 1],
      [2, 0, -0.4, 1],
    ]);
    const net = buildNetwork(model);
    const s = net.fixedPointScale;
    // a→b inhibitory −0.3 nA, b→c excitatory 0.2 nA, c→a inhibitory −0.4 nA (CSR by presynaptic neuron)
    expect(Array.from(net.targets, (t) => [synapsePost(t), synapseReceptor(t)])).toEqual([
      [1, 1],
      [2, 0],
      [0, 1],
    ]);
    expect(Array.from(net.weights)).toEqual([Math.round(-0.3 * s), Math.round(0.2 * s), Math.round(-0.4 * s)]);
    expect(model.populations[0].neuronInfo?.annotations?.transmitter).toEqual(['GABA', 'Acetylcholine', 'Glutamate']);
    expect(() => connectomeToModel(c, { name: 't', weightPerSynapse: 0.1, edgeTypes: ['chemical', 'electrical'] })).toThrow(
      'set gapConductancePerSynapse instead',
    );
    const coupled = parseModel(connectomeToModel(c, { name: 't', weightPerSynapse: 0.1, gapConductancePerSynapse: 2 }));
    const gap = coupled.projections.find((p) => p.receptor === 'electrical')!;
    expect(gap.connector.type === 'fromList' && gap.connector.connections).toEqual([[1, 0, 2]]);
    expect(() => connectomeToModel(c, { name: 't', weightPerSynapse: 0.1, edgeTypes: ['ad'] })).toThrow(
      'edge type "ad" is not in this connectome (chemical, electrical)',
    );
  });

  it('C. elegans with gap junctions: the 1,697 junctions between two neurons couple at once, chemical synapses only after their delay', async () => {
    const coupledModel = connectomeToModel(worm(), { name: 'worm', weightPerSynapse: 0.05, gapConductancePerSynapse: 0.5 });
    const coupled = await Run.create(coupledModel, CPU);
    // 1,708 electrical rows, 11 of which join a neuron to itself (no current): left out
    expect(coupled.network.gapPre.length).toBe(1697);
    expect(coupled.network.gapConductance.reduce((a, b) => a + b, 0)).toBeCloseTo(SELF_FREE_GAP_SYNAPSES * 0.5, 3);
    const pop = parseModel(coupledModel).populations[0];
    const [avm] = selectNeurons(pop, { names: ['AVM'] });
    // a gap-junction partner of AVM: a neuron j with a junction from AVM
    const { gapRowPtr, gapPre } = coupled.network;
    let partner = -1;
    for (let j = 0; j < pop.size && partner < 0; j++)
      for (let k = gapRowPtr[j]; k < gapRowPtr[j + 1]; k++) if (gapPre[k] === avm) partner = j;
    expect(partner).toBeGreaterThanOrEqual(0);
    const uncoupled = await Run.create(connectomeToModel(worm(), { name: 'worm', weightPerSynapse: 0.05 }), CPU);
    for (const sim of [coupled, uncoupled]) {
      sim.setLiveProbes([partner]);
      sim.stimulateNeuron(avm, 5);
      await sim.run(0.5); // shorter than the 1 ms synaptic delay
    }
    const v = (sim: Run) => sim.liveTraces()[0].values.at(-1)!;
    expect(v(uncoupled)).toBe(-65);
    expect(v(coupled)).toBeGreaterThan(-65 + 1e-4);
  });

  it('C. elegans keeps soma positions and GABA neurons inhibit; touch receptors are selected by name', () => {
    const model = parseModel(connectomeToModel(worm(), { name: 'worm', weightPerSynapse: 0.05 }));
    const pop = model.populations[0];
    expect(pop.size).toBe(303);
    expect(pop.neuronInfo?.positions?.length).toBe(303);
    // counted independently from the CSV files: 26 GABA neurons send 78 chemical edges, 344 synapses
    const inh = model.projections.find((p) => p.name === 'inhibitory')!;
    const rows = inh.connector.type === 'fromList' ? inh.connector.connections : [];
    expect(rows.length).toBe(78);
    expect(rows.reduce((a, r) => a + r[2], 0)).toBeCloseTo(-344 * 0.05, 9);
    expect(new Set(rows.map((r) => r[0])).size).toBeLessThanOrEqual(26);
    const touch = selectNeurons(pop, { names: ['ALML', 'ALMR', 'AVM', 'PLML', 'PLMR', 'PVM'] });
    expect(touch.map((i) => pop.neuronInfo!.names![i]).sort()).toEqual(['ALML', 'ALMR', 'AVM', 'PLML', 'PLMR', 'PVM']);
    expect(() => selectNeurons(pop, { names: ['NOPE'] })).toThrow('no neuron named "NOPE"');
    expect(selectNeurons(pop, { names: ['0', '302'] })).toEqual([0, 302]); // ids
    expect(() => selectNeurons(pop, { annotation: { key: 'modality', values: ['x'] } })).toThrow('no annotation "modality"');
  });

  it('larva: olfactory input reaches projection neurons (PN) before the output neurons (DN-SEZ, DN-VNC, RGN); silencing PNs removes most of the output response', async () => {
    const model = connectomeToModel(larva(), {
      name: 'larva',
      weightPerSynapse: 0.05,
      edgeTypes: ['ad'],
      params: { tau_m: 20, tau_refrac: 2, v_rest: -65, v_reset: -65, v_thresh: -50 },
      inhibitoryCellTypes: ['LN'],
    });
    const pop = parseModel(model).populations[0];
    const olfactory = selectNeurons(pop, { cellTypes: ['sensory'], annotation: { key: 'annotation', values: ['olfactory'] } });
    expect(olfactory.length).toBe(42);
    model.stimuli = [
      { type: 'poisson', population: 'neurons', neurons: olfactory, rateHz: 400, weight: 2, receptor: 'excitatory', start: 100 },
    ];
    const sim = await Run.create(model, CPU);
    await sim.run(200);
    const r = Object.fromEntries(responseSummary(sim, { population: 'neurons', onsetMs: 100, windowMs: 100 }).map((x) => [x.cellType, x]));
    expect(r.sensory.firstSpikeLatencyMs).not.toBeNull();
    const pn = r.PN.firstSpikeLatencyMs!;
    expect(pn).toBeGreaterThan(r.sensory.firstSpikeLatencyMs!);
    for (const out of ['DN-SEZ', 'DN-VNC', 'RGN']) expect(r[out].firstSpikeLatencyMs ?? Infinity).toBeGreaterThan(pn);
    expect(r.PN.rateChangeHz).toBeGreaterThan(5);
    expect(r.PN.baselineRateHz).toBe(0);

    // the same experiment with every PN silenced
    const pns = selectNeurons(pop, { cellTypes: ['PN'] });
    model.stimuli.push({ type: 'silence', population: 'neurons', neurons: pns });
    const silenced = await Run.create(model, CPU);
    await silenced.run(200);
    const q = Object.fromEntries(
      responseSummary(silenced, { population: 'neurons', onsetMs: 100, windowMs: 100 }).map((x) => [x.cellType, x]),
    );
    expect(q.PN.responseRateHz).toBe(0);
    expect(q.sensory.responseRateHz).toBeCloseTo(r.sensory.responseRateHz, 6); // the input is unchanged
    const outputs = ['DN-SEZ', 'DN-VNC', 'RGN'];
    const total = (x: Record<string, { rateChangeHz: number; neurons: number }>) =>
      outputs.reduce((a, k) => a + x[k].rateChangeHz * x[k].neurons, 0);
    expect(total(q)).toBeLessThan(0.5 * total(r));
  });
});
