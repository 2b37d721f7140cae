import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Run } from '../../engine/run';
import { CPU, CPU_WASM } from '../../engine/backends';
import { parseModel, type ModelInput } from '../../model/schema';
import { modelSynapseList } from '../modelSynapses';
import { readNir, writeNir, NirError } from './nirGraph';
import { modelToNir, nirToModel } from './nirModel';
import { applyNirInput } from './nirInput';

const data = (name: string) => new Uint8Array(readFileSync(`public/data/nir/${name}`));
/** The NIR paper's exact single-LIF simulation: one row per 0.1 ms step, input, voltage, spike. */
const exact = readFileSync('public/data/nir/lif_exact.csv', 'utf8')
  .trim()
  .split('\n')
  .map((l) => l.split(',').map(Number));
const inputCsv = (rows: number[][]) => ['time_ms,value', ...rows.map((r, k) => `${+(k * 0.1).toFixed(6)},${r[0]}`)].join('\n');

async function runOn(model: ModelInput, target: typeof CPU, ms: number) {
  const run = await Run.create(parseModel(model), target);
  await run.run(ms);
  const spikes = run.spikes();
  const out = { neurons: Array.from(spikes.neurons), steps: Array.from(spikes.steps), probes: [] as Float32Array[] };
  for (let k = 0; k < run.network.probes.length; k++) out.probes.push(run.probe(k));
  run.destroy();
  return out;
}

describe('NIR graphs', () => {
  it("Norse's LIF graph fires in the steps of the NIR paper's exact simulation, with its voltage until the first spike", async () => {
    const graph = await readNir('lif_norse.nir', data('lif_norse.nir'));
    expect([...graph.nodes].map(([n, v]) => `${n}:${v.type}`).sort()).toEqual(['0:Affine', '1:LIF', 'input:Input', 'output:Output']);
    const { model, rows } = applyNirInput(nirToModel('lif_norse.nir', graph), 'input.csv', inputCsv(exact));
    expect(rows).toBe(1000);
    model.recorders!.push({ type: 'state', population: '1', neurons: [0], variables: ['v'] });
    for (const target of [CPU, CPU_WASM]) {
      const out = await runOn(model, target, 100);
      const lif = out.steps.filter((_, k) => out.neurons[k] === 0);
      const want = exact.flatMap((r, k) => (r[2] === 1 ? [k] : []));
      expect(want).toEqual([460, 510, 710, 760]);
      expect(lif).toEqual(want);
      // Before the first spike the exact solution and the f32 step agree to f32 rounding.
      const v = out.probes[0];
      for (let k = 0; k < 460; k++) expect(Math.abs(v[k] - exact[k][1])).toBeLessThan(2e-6);
    }
    // Reset by subtraction gives the same steps on this input (the exact simulation's reset).
    const sub = applyNirInput(nirToModel('lif_norse.nir', graph, { subtract: true }), 'input.csv', inputCsv(exact)).model;
    const out = await runOn(sub, CPU, 100);
    expect(out.steps.filter((_, k) => out.neurons[k] === 0)).toEqual([460, 510, 710, 760]);
  });

  it("snnTorch's Braille graph imports as 12 → 38 (recurrent) → 7 of CubaLIF, and the TypeScript and WebAssembly kernels agree", async () => {
    const model = nirToModel('braille.nir', await readNir('braille.nir', data('braille_noDelay_bias_zero.nir')), { euler: true });
    expect(model.populations!.map((p) => [p.name, p.size, p.cellType])).toEqual([
      ['input', 12, 'SpikeSourceArray'],
      ['lif1.lif', 38, 'NIR_CubaLIF'],
      ['lif2', 7, 'NIR_CubaLIF'],
    ]);
    const pairs = new Set(model.projections!.map((p) => `${p.pre}→${p.post}`));
    expect([...pairs].sort()).toEqual(['input→lif1.lif', 'lif1.lif→lif1.lif', 'lif1.lif→lif2']);
    const weights = model.projections!.reduce((n, p) => n + (p.connector as { connections: unknown[] }).connections.length, 0);
    expect(weights).toBe(38 * 12 + 38 * 38 + 7 * 38 - 0); // every weight of the three matrices is nonzero
    // tau_mem 2.22e-4 s → 0.222 ms; snnTorch's β = 1 − dt/τ is what forward Euler takes.
    expect(model.populations![2].params!.tau_mem).toBeCloseTo(0.2222222, 6);
    const rows = Array.from({ length: 600 }, (_, k) =>
      Array.from({ length: 12 }, (_, c) => (k > 0 && (k * 7 + c * 13) % 29 === 0 ? 1 : 0)),
    );
    const csv = [
      'time_ms,' + rows[0].map((_, c) => `c${c}`).join(','),
      ...rows.map((r, k) => `${+(k * 0.1).toFixed(6)},${r.join(',')}`),
    ].join('\n');
    const driven = applyNirInput(model, 'braille.csv', csv).model;
    const a = await runOn(driven, CPU, 60);
    const b = await runOn(driven, CPU_WASM, 60);
    expect(b.neurons).toEqual(a.neurons);
    expect(b.steps).toEqual(a.steps);
    expect(a.neurons.filter((g) => g >= 12 && g < 50).length).toBeGreaterThan(10); // the hidden layer fires
  });

  it('Luciole → NIR → Luciole gives the same model and the same spikes; NIR → Luciole → NIR the same graph', async () => {
    const original = nirToModel('braille.nir', await readNir('braille.nir', data('braille_noDelay_bias_zero.nir')), { euler: true });
    const graph = modelToNir(original, (k) => modelSynapseList(original, k));
    const again = nirToModel('braille.nir', await readNir('again.nir', await writeNir(graph)), { euler: true });
    expect(again.populations).toEqual(original.populations);
    expect(again.stimuli).toEqual(original.stimuli);
    expect(again.cellTypes).toEqual(original.cellTypes);
    const norm = (m: ModelInput) => [...m.projections!].map((p) => JSON.stringify(p)).sort();
    expect(norm(again)).toEqual(norm(original));
    const source = await readNir('braille.nir', data('braille_noDelay_bias_zero.nir'));
    const reread = await readNir('again.nir', await writeNir(modelToNir(again, (k) => modelSynapseList(again, k))));
    for (const [name, node] of source.nodes) {
      if (node.type === 'Output') continue;
      const mine = reread.nodes.get(name)!;
      expect(mine.type === 'Linear' ? 'Affine' : mine.type).toBe(node.type);
      for (const key of ['weight', 'tau_mem', 'tau_syn', 'r', 'v_threshold', 'w_in', 'v_leak'])
        if (node.params[key]) expect(Array.from(mine.params[key].data)).toEqual(Array.from(node.params[key].data));
    }
    const rows = Array.from({ length: 300 }, (_, k) => Array.from({ length: 12 }, (_, c) => (k > 0 && (k + 3 * c) % 17 === 0 ? 1 : 0)));
    const csv = [
      'time_ms,' + rows[0].map((_, c) => `c${c}`).join(','),
      ...rows.map((r, k) => `${+(k * 0.1).toFixed(6)},${r.join(',')}`),
    ].join('\n');
    const x = await runOn(applyNirInput(original, 'in.csv', csv).model, CPU, 30);
    const y = await runOn(applyNirInput(again, 'in.csv', csv).model, CPU, 30);
    expect(y.steps).toEqual(x.steps);
    expect(y.neurons).toEqual(x.neurons);
  });

  it('an unsupported node is refused by name and type; bad input files by line and column', async () => {
    const graph = await readNir('lif_norse.nir', data('lif_norse.nir'));
    graph.nodes.set('conv1', { type: 'Conv2d', params: {} });
    const bytes = await writeNir(graph);
    await expect(readNir('conv.nir', bytes).then((g) => nirToModel('conv.nir', g))).rejects.toThrow(
      new NirError(
        'conv.nir: node "conv1" has type Conv2d, which Luciole does not import (it takes Input, Output, Affine, Linear, LIF, CubaLIF, IF)',
      ),
    );
    await expect(readNir('notes.nir', new TextEncoder().encode('hello'))).rejects.toThrow('notes.nir: not a NIR file');
    const cut = data('lif_norse.nir').subarray(0, 1000);
    await expect(readNir('cut.nir', cut)).rejects.toThrow(
      new NirError(`cut.nir: truncated HDF5 file: 1000 bytes, its superblock records ${data('lif_norse.nir').length}`),
    );
    const model = nirToModel('lif_norse.nir', await readNir('lif_norse.nir', data('lif_norse.nir')));
    expect(() => applyNirInput(model, 'in.csv', 'time_ms,value\n0,1\n')).toThrow(
      'in.csv: line 2, column 2: a spike at t = 0 cannot act in step 0 (Luciole delivers one step after sending); start the input with a row of zeros',
    );
    expect(() => applyNirInput(model, 'in.csv', 'time_ms,value\n0,0\n0.1,0.5\n')).toThrow(
      'in.csv: line 3, column 2: expected 0 or 1 (a spike input), got "0.5"',
    );
    expect(() => applyNirInput(model, 'in.csv', 'time_ms,value\n0,0\n0.3,1\n')).toThrow(
      'in.csv: line 3, column 1: expected time 0.1 ms (one row per 0.1 ms step), got "0.3"',
    );
    expect(() => applyNirInput(model, 'in.csv', 'time_ms,a,b\n')).toThrow(
      'in.csv: line 1: 2 value columns, but the Input node input has 1 channels',
    );
  });
});
