import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSpikesCsv } from '../src/io/spikesCsv';

const dir = mkdtempSync(join(tmpdir(), 'luciole-cli-'));

function luciole(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['bin/luciole.mjs', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 240_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npx luciole', () => {
  it('lists the bundled examples', () => {
    const r = luciole(['examples']);
    expect(r.status).toBe(0);
    for (const name of ['single-neuron', 'cuba', 'brunel-ai']) expect(r.stdout).toMatch(new RegExp(`^${name}\\s`, 'm'));
  });

  it('runs an example and writes its spikes as CSV', () => {
    const out = join(dir, 'spikes.csv');
    const r = luciole(['run', 'single-neuron', '--out', out]);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ model: 'single-neuron', backend: 'cpu', simulatedMs: 250, spikeCount: 4, meanRateHz: 16 });
    expect(s.populations[0]).toMatchObject({ name: 'neuron', spikeCount: 4 });
    expect(typeof s.setupWallMs).toBe('number');
    expect(typeof s.simulationWallMs).toBe('number');
    const csv = parseSpikesCsv(readFileSync(out, 'utf8'));
    expect(csv.timesMs).toEqual([47.9, 100.8, 153.7, 206.6]);
    expect(csv.neurons).toEqual([0, 0, 0, 0]);
  });

  it('--out picks the format by extension from the export registry: .npz read by numpy, .json reopened as the model', () => {
    const npz = join(dir, 'spikes.npz');
    const json = join(dir, 'model.json');
    expect(luciole(['run', 'single-neuron', '--out', npz]).status).toBe(0);
    const py = spawnSync(
      '/usr/bin/python3',
      ['-c', `import numpy as np; d = np.load('${npz}'); print(d['i'].tolist(), [round(t * 1000, 6) for t in d['t'].tolist()])`],
      { encoding: 'utf8' },
    );
    expect(py.stdout.trim()).toBe('[0, 0, 0, 0] [47.9, 100.8, 153.7, 206.6]');
    expect(luciole(['run', 'single-neuron', '--seed', '5', '--out', json]).status).toBe(0);
    const model = JSON.parse(readFileSync(json, 'utf8'));
    expect(model).toMatchObject({ format: 'luciole-model', name: 'single-neuron', seed: 5 });
    const again = JSON.parse(luciole(['run', json]).stdout);
    expect(again).toMatchObject({ model: 'single-neuron', spikeCount: 4 });
    // A model of oscillators only: .csv is r(t), .json the model, .npz is refused before running.
    const oscJson = join(dir, 'kuramoto.json');
    expect(luciole(['run', 'kuramoto-two', '--out', oscJson]).status).toBe(0);
    expect(JSON.parse(readFileSync(oscJson, 'utf8')).oscillators.couplings[0].K).toBe(1);
    const noSpikes = luciole(['run', 'kuramoto-two', '--out', join(dir, 'kuramoto.npz')]);
    expect(noSpikes.status).toBe(1);
    expect(noSpikes.stderr).toContain('cannot write Spikes NPZ: the model has no spiking populations');
    const bad = luciole(['run', 'single-neuron', '--out', join(dir, 'spikes.txt')]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('expected a .csv, .npz, .h5 (SONATA spikes), .nwb or .json file name');
  });

  it('--out spikes.h5 writes a SONATA spike report that h5py and BMTK read back with the spikes of the CSV', () => {
    const h5 = join(dir, 'cuba-spikes.h5');
    const csv = join(dir, 'cuba-spikes.csv');
    for (const out of [h5, csv]) expect(luciole(['run', 'cuba', '--duration-ms', '100', '--out', out]).status).toBe(0);
    const read = `
import h5py, json
f = h5py.File('${h5}', 'r')
out = {'magic': int(f.attrs['magic']), 'version': [int(v) for v in f.attrs['version']], 'populations': {}}
for name, g in f['spikes'].items():
    ts, ids = g['timestamps'], g['node_ids']
    out['populations'][name] = {'sorting': str(g.attrs['sorting']), 'units': str(ts.attrs['units']), 'dtypes': [str(ts.dtype), str(ids.dtype)],
                                'timestamps': [round(t, 6) for t in ts[:].tolist()], 'node_ids': ids[:].tolist()}
print(json.dumps(out))`;
    const py = spawnSync('/usr/bin/python3', ['-c', read], { encoding: 'utf8' });
    expect(py.stderr).toBe('');
    const report = JSON.parse(py.stdout);
    expect(report.magic).toBe(0x0a7a);
    expect(report.version).toEqual([0, 1]);
    expect(Object.keys(report.populations)).toEqual(['E', 'I']);
    // The CSV's spikes, split by population (E: neurons 0–3199, I: 3200–3999), ids within the population.
    const spikes = parseSpikesCsv(readFileSync(csv, 'utf8'));
    let total = 0;
    for (const [name, start, size] of [
      ['E', 0, 3200],
      ['I', 3200, 800],
    ] as const) {
      const p = report.populations[name];
      expect(p).toMatchObject({ sorting: 'by_time', units: 'ms', dtypes: ['float64', 'uint64'] });
      const mine = spikes.neurons.flatMap((g, k) =>
        g >= start && g < start + size ? [[g - start, Math.round(spikes.timesMs[k] * 1e6) / 1e6]] : [],
      );
      expect(p.node_ids).toEqual(mine.map(([g]) => g));
      expect(p.timestamps).toEqual(mine.map(([, t]) => t));
      total += p.node_ids.length;
    }
    expect(total).toBeGreaterThan(1000);
    // BMTK's reader (what its users load NEST's and BMTK's own reports with) sees the same spikes.
    const bmtk = spawnSync(
      '/usr/bin/python3',
      [
        '-c',
        `from bmtk.utils.reports.spike_trains import SpikeTrains
import json
df = SpikeTrains.load('${h5}').to_dataframe()
print(json.dumps({p: sorted([int(i), round(float(t), 6)] for i, t in zip(g['node_ids'], g['timestamps'])) for p, g in df.groupby('population')}))`,
      ],
      { encoding: 'utf8', cwd: dir },
    );
    const fromBmtk = JSON.parse(bmtk.stdout.trim().split('\n').pop() || 'null');
    const sortedPairs = (p: { node_ids: number[]; timestamps: number[] }) =>
      p.node_ids.map((id, k) => [id, p.timestamps[k]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(fromBmtk).toEqual({ E: sortedPairs(report.populations.E), I: sortedPairs(report.populations.I) });
  });

  it('--format nwb writes an NWB 2 file whose structure h5py checks and whose Units hold the spikes of the CSV', () => {
    const nwb = join(dir, 'cuba.nwb');
    const csv = join(dir, 'cuba-for-nwb.csv');
    const r = luciole(['run', 'cuba', '--duration-ms', '100', '--seed', '3', '--out', nwb, '--format', 'nwb']);
    expect(r.status).toBe(0);
    expect(luciole(['run', 'cuba', '--duration-ms', '100', '--seed', '3', '--out', csv]).status).toBe(0);
    const py = spawnSync('/usr/bin/python3', ['test/readers/check_nwb.py', nwb], { encoding: 'utf8' });
    expect(py.stderr).toBe('');
    const file = JSON.parse(py.stdout);
    expect(file.problems).toEqual([]);
    // One row per neuron, each with its spikes of the CSV in seconds, observed over [0, 0.1 s].
    expect(Object.keys(file.units)).toHaveLength(4000);
    const spikes = parseSpikesCsv(readFileSync(csv, 'utf8'));
    const byNeuron = new Map<number, number[]>();
    spikes.neurons.forEach((g, k) => byNeuron.set(g, [...(byNeuron.get(g) ?? []), Math.round(spikes.timesMs[k] * 1e3) / 1e6]));
    let total = 0;
    for (const [id, times] of Object.entries(file.units as Record<string, number[]>)) {
      expect(times.map((t) => Math.round(t * 1e6) / 1e6)).toEqual(byNeuron.get(Number(id)) ?? []);
      total += times.length;
    }
    expect(total).toBe(spikes.neurons.length);
    expect(total).toBeGreaterThan(1000);
    expect(file.populations['0']).toBe('E');
    expect(file.populations['3999']).toBe('I');
    expect(file.obs_intervals[17]).toEqual([0, 0.1]);
    // HDF5's own tools read it too.
    const h5ls = spawnSync('h5ls', ['-r', 'cuba.nwb'], { encoding: 'utf8', cwd: dir });
    expect(h5ls.stdout).toMatch(/^\/units\/spike_times_index\s+Dataset \{4000\}$/m);
    expect(h5ls.stdout).toMatch(new RegExp(`^/units/spike_times\\s+Dataset \\{${total}\\}$`, 'm'));
    // The checker can fail: the same file without /general and with a start time that is not ISO 8601.
    const broken = join(dir, 'broken.nwb');
    const edit = `import shutil, h5py; shutil.copy('${nwb}', '${broken}'); f = h5py.File('${broken}', 'r+'); del f['general']; del f['session_start_time']; f['session_start_time'] = 'yesterday'`;
    expect(spawnSync('/usr/bin/python3', ['-c', edit], { encoding: 'utf8' }).status).toBe(0);
    const brokenCheck = JSON.parse(spawnSync('/usr/bin/python3', ['test/readers/check_nwb.py', broken], { encoding: 'utf8' }).stdout);
    expect(brokenCheck.problems).toEqual(['/general group is missing', 'session_start_time: yesterday is not ISO 8601']);
    const bad = luciole(['run', 'cuba', '--duration-ms', '10', '--out', join(dir, 'x.csv'), '--format', 'hdf5']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('--format: expected sonata, nwb, csv, npz, json, got "hdf5"');
  });

  it("analyse reads a SONATA report written by h5py (as NEST writes one) and gives the fixture's Elephant statistics; bad files are named", () => {
    const h5 = join(dir, 'other-tool.h5');
    // The numpy fixture's trains, as a two-population SONATA report in seconds, unsorted.
    const write = `
import h5py, json, numpy as np
fx = json.load(open('test/fixtures/spike-statistics.json'))
with h5py.File('${h5}', 'w') as f:
    f.attrs['magic'] = np.uint32(0x0A7A); f.attrs['version'] = np.array([0, 1], dtype=np.uint32)
    for p in fx['populations'][:2]:
        ids = np.concatenate([[i] * len(t) for i, t in enumerate(p['trains'])]).astype(np.uint64)
        ts = np.concatenate(p['trains']) / 1000
        g = f.create_group('spikes/' + p['name'])
        g.create_dataset('timestamps', data=ts[::-1]).attrs['units'] = 's'
        g.create_dataset('node_ids', data=ids[::-1])`;
    expect(spawnSync('/usr/bin/python3', ['-c', write], { encoding: 'utf8' }).stderr).toBe('');
    const csvOut = join(dir, 'analysis.csv');
    const r = luciole(['analyse', h5, '--t-start-ms', '0', '--t-stop-ms', '4000', '--out', csvOut]);
    expect(r.stderr).toBe('');
    const summary = JSON.parse(r.stdout);
    expect(summary.format).toBe('sonata');
    const fixture = JSON.parse(readFileSync('test/fixtures/spike-statistics.json', 'utf8'));
    const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
    const rows = readFileSync(csvOut, 'utf8').trim().split('\n');
    expect(rows[0]).toBe(
      'population,neurons,mean_rate_hz,sd_rate_hz,mean_cv_isi,cv_neurons,mean_fano,fano_neurons,mean_correlation,correlation_pairs,psd_peak_hz',
    );
    fixture.populations
      .slice(0, 2)
      .forEach((p: { name: string; size: number; ratesHz: number[]; cvs: number[]; fanos: number[]; correlations: number[] }) => {
        const got = summary.populations.find((q: { name: string }) => q.name === p.name);
        // SONATA gives no population size: the highest node id that fired sets it (every fixture neuron fires here).
        expect(got).toMatchObject({ name: p.name, neurons: p.size, cvNeurons: p.cvs.length, correlationPairs: p.correlations.length });
        expect(got.meanRateHz).toBeCloseTo(mean(p.ratesHz), 5);
        expect(got.meanCv).toBeCloseTo(mean(p.cvs), 5);
        expect(got.meanFano).toBeCloseTo(mean(p.fanos), 5);
        expect(got.meanCorrelation).toBeCloseTo(mean(p.correlations), 5);
        const cells = rows.find((row) => row.startsWith(`${p.name},`))!.split(',');
        expect(Number(cells[2])).toBeCloseTo(mean(p.ratesHz), 6);
      });
    // A truncated report and a text file named .h5 are refused with the file's name (exit 2).
    const cut = join(dir, 'cut.h5');
    writeFileSync(cut, readFileSync(h5).subarray(0, 4000));
    const truncated = luciole(['analyse', cut]);
    expect(truncated.status).toBe(2);
    expect(truncated.stderr).toMatch(new RegExp(`luciole: ${cut}: truncated HDF5 file: 4000 bytes, its superblock records \\d+`));
    const fake = join(dir, 'fake.h5');
    writeFileSync(fake, 'neuron_id,time_ms\n');
    expect(luciole(['analyse', fake]).stderr).toContain(`${fake}: not an HDF5 file`);
  });

  it("convert writes a SONATA network that PyNN's import_from_sonata (pyNN.mock) reads with the same populations, parameters, synapses, weights and delays", async () => {
    const out = join(dir, 'pd14', 'circuit_config.json');
    const r = luciole(['convert', 'microcircuit', out, '--scale', '0.02']);
    expect(r.stderr).toBe('');
    const summary = JSON.parse(r.stdout);
    expect(summary.files.sort()).toEqual(['circuit_config.json', 'edge_types.csv', 'edges.h5', 'node_types.csv', 'nodes.h5']);
    const read = `
import json, numpy as np, warnings
warnings.simplefilter('ignore')
import pyNN.mock as sim
from pyNN.serialization import import_from_sonata
sim.setup(timestep=0.1)
net = import_from_sonata('circuit_config.json', sim)
out = {'assemblies': {}, 'projections': {}}
for a in net.assemblies:
    p = a.populations[0]
    out['assemblies'][a.label] = {'size': a.size, 'cellType': p.celltype.__class__.__name__,
        'params': {k: float(np.ravel(p.get(k))[0]) for k in p.celltype.default_parameters}}
for prj in net.projections:
    c = np.array(prj.get(['weight', 'delay'], format='list'))
    out['projections'][prj.label] = {'pre': prj.pre.label, 'post': prj.post.label, 'receptor': prj.receptor_type, 'n': int(len(c)),
        'pairs': int(((c[:, 0].astype(np.int64) * 100003 + c[:, 1].astype(np.int64)) % 1000000007).sum()),
        'weightSum': float(c[:, 2].sum()), 'delaySum': float(c[:, 3].sum())}
print(json.dumps(out))`;
    const py = spawnSync('/usr/bin/python3', ['-c', read], { encoding: 'utf8', cwd: join(dir, 'pd14') });
    const pynn = JSON.parse(py.stdout.trim().split('\n').pop()!);
    // What Luciole runs: the same model, built as a run builds it.
    const { example } = await import('../src/examples');
    const { parseModel, resolvedParams } = await import('../src/model/schema');
    const { buildNetwork } = await import('../src/network/network');
    const { projectionSynapseList } = await import('../src/network/synapseList');
    const model = parseModel(example('microcircuit', { scale: 0.02 }));
    const net = buildNetwork(model);
    for (const p of model.populations) {
      const a = pynn.assemblies[p.name];
      expect(a.size).toBe(p.size);
      expect(a.cellType).toBe(p.cellType);
      for (const [k, v] of Object.entries(resolvedParams(model, p))) expect(a.params[k]).toBeCloseTo(v, 9);
    }
    // Poisson drive travels as SpikeSourcePoisson populations, one per stimulus.
    const poisson = Object.entries(pynn.assemblies as Record<string, { size: number; cellType: string; params: { rate: number } }>).filter(
      ([, a]) => a.cellType === 'SpikeSourcePoisson',
    );
    expect(poisson.length).toBe(model.stimuli.filter((s) => s.type === 'poisson').length);
    expect(poisson.length).toBe(8);
    model.projections.forEach((pr, k) => {
      const list = projectionSynapseList(net, k);
      const got = Object.values(
        pynn.projections as Record<
          string,
          { pre: string; post: string; receptor: string; n: number; pairs: number; weightSum: number; delaySum: number }
        >,
      ).find((q) => q.pre === pr.pre && q.post === pr.post)!;
      expect(got).toMatchObject({ receptor: pr.receptor, n: list.source.length });
      let pairs = 0;
      let w = 0;
      let d = 0;
      for (let n = 0; n < list.source.length; n++) {
        pairs = (pairs + ((list.source[n] * 100003 + list.target[n]) % 1000000007)) % Number.MAX_SAFE_INTEGER;
        w += list.weight[n];
        d += list.delayMs[n];
      }
      expect(got.pairs).toBe(pairs);
      expect(got.weightSum).toBeCloseTo(w, 6);
      expect(got.delaySum).toBeCloseTo(d, 6);
    });
    expect(Object.keys(pynn.projections)).toHaveLength(model.projections.length + poisson.length);
    expect(model.projections.length).toBeGreaterThan(50);
    // A model SONATA cannot hold is refused, naming what.
    const bad = luciole(['convert', 'stdp-song2000', join(dir, 'stdp', 'circuit_config.json')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/projections\[\d+\] \(.+\) is plastic: SONATA export writes static synapses/);
  });

  it('a SONATA network converts and runs back into Luciole with the same synapses and, for the same initial state, the same spikes', async () => {
    // cuba with a fixed initial V (SONATA carries no initial state).
    const { example } = await import('../src/examples');
    const model = { ...example('cuba'), durationMs: 200 } as Record<string, unknown> & { populations: { initialV?: unknown }[] };
    model.populations = model.populations.map((p) => ({ ...p, initialV: -52 }));
    const original = join(dir, 'cuba-fixed.json');
    writeFileSync(original, JSON.stringify(model));
    const config = join(dir, 'cuba-sonata', 'circuit_config.json');
    expect(luciole(['convert', original, config]).status).toBe(0);
    const back = join(dir, 'cuba-back.json');
    expect(luciole(['convert', config, back]).status).toBe(0);
    const reread = JSON.parse(readFileSync(back, 'utf8'));
    expect(reread.populations.map((p: { name: string; size: number; cellType: string }) => [p.name, p.size, p.cellType])).toEqual([
      ['E', 3200, 'IF_curr_exp'],
      ['I', 800, 'IF_curr_exp'],
    ]);
    const a = JSON.parse(luciole(['run', original]).stdout);
    reread.populations.forEach((p: { initialV?: number }) => (p.initialV = -52));
    writeFileSync(back, JSON.stringify(reread));
    const b = JSON.parse(luciole(['run', back]).stdout);
    const c = JSON.parse(luciole(['run', config]).stdout); // run takes the config itself (initial V at v_rest)
    expect(b.synapses).toBe(a.synapses);
    expect(b.spikeCount).toBe(a.spikeCount);
    expect(b.populations).toEqual(a.populations);
    expect(a.spikeCount).toBeGreaterThan(1000);
    expect(c.synapses).toBe(a.synapses);
    // A config naming a missing node type is refused with the file and row.
    writeFileSync(join(dir, 'cuba-sonata', 'node_types.csv'), 'node_type_id model_type model_template\n0 point_neuron pyNN:IF_curr_exp\n');
    const bad = luciole(['run', config]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('/nodes/I/node_type_id: type 1 is not in');
  });

  it('a SpikeSourceArray replays a recorded SONATA report spike for spike, and drives its targets', () => {
    const report = join(dir, 'replay-source.h5');
    const csv = join(dir, 'replay-source.csv');
    for (const out of [report, csv]) expect(luciole(['run', 'cuba', '--duration-ms', '150', '--seed', '4', '--out', out]).status).toBe(0);
    const model = {
      format: 'luciole-model',
      version: 1,
      name: 'replay',
      durationMs: 150,
      populations: [
        { name: 'E', size: 3200, cellType: 'SpikeSourceArray', spikeTimesFrom: { file: 'replay-source.h5', population: 'E' } },
        { name: 'target', size: 10, cellType: 'IF_curr_exp' },
      ],
      projections: [{ pre: 'E', post: 'target', connector: { type: 'fixedProbability', p: 0.1 }, receptor: 'excitatory', weight: 0.1 }],
    };
    const path = join(dir, 'replay.json');
    writeFileSync(path, JSON.stringify(model));
    const out = join(dir, 'replayed.csv');
    const r = luciole(['run', path, '--out', out]);
    expect(r.stderr).toBe('');
    const recorded = parseSpikesCsv(readFileSync(csv, 'utf8'));
    const replayed = parseSpikesCsv(readFileSync(out, 'utf8'));
    const key = (s: { neurons: number[]; timesMs: number[] }, keep: (g: number) => boolean) =>
      s.neurons.flatMap((g, k) => (keep(g) ? [`${g}@${s.timesMs[k]}`] : [])).sort();
    expect(key(replayed, (g) => g < 3200)).toEqual(key(recorded, (g) => g < 3200));
    expect(recorded.neurons.filter((g) => g < 3200).length).toBeGreaterThan(1000);
    expect(JSON.parse(r.stdout).populations[1].spikeCount).toBeGreaterThan(0); // the targets fire
    // A missing file and a population the file lacks are named.
    writeFileSync(
      path,
      JSON.stringify({ ...model, populations: [{ ...model.populations[0], spikeTimesFrom: { file: 'nope.h5' } }, model.populations[1]] }),
    );
    expect(luciole(['run', path]).stderr).toContain('nope.h5: no such file');
    writeFileSync(
      path,
      JSON.stringify({
        ...model,
        populations: [{ ...model.populations[0], spikeTimesFrom: { file: 'replay-source.h5' } }, model.populations[1]],
      }),
    );
    expect(luciole(['run', path]).stderr).toContain(
      'populations[0].spikeTimesFrom: replay-source.h5 has the populations E, I; name one in "population"',
    );
  });

  it('runs NIR graphs with --input: the Norse LIF on WebGPU in the exact steps, the Braille network identically on cpu and webgpu, and converts them', () => {
    const exact = readFileSync('public/data/nir/lif_exact.csv', 'utf8').trim().split('\n');
    const input = join(dir, 'lif-input.csv');
    writeFileSync(
      input,
      ['time_ms,value', ...exact.map((l, k) => `${+(k * 0.1).toFixed(6)},${Number(l.split(',')[0])}`)].join('\n') + '\n',
    );
    const out = join(dir, 'lif-spikes.csv');
    const r = luciole(['run', 'public/data/nir/lif_norse.nir', '--input', input, '--backend', 'webgpu', '--out', out]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).simulatedMs).toBe(100); // the input's 1000 rows
    const spikes = parseSpikesCsv(readFileSync(out, 'utf8'));
    expect(spikes.neurons.flatMap((g, k) => (g === 0 ? [Math.round(spikes.timesMs[k] * 10)] : []))).toEqual([460, 510, 710, 760]);
    // Braille: 12 channels, each firing every 2.9 ms from its own phase.
    const braille = join(dir, 'braille-input.csv');
    const rows = Array.from(
      { length: 400 },
      (_, k) => `${+(k * 0.1).toFixed(6)},${Array.from({ length: 12 }, (_, c) => (k > 0 && (k + 2 * c) % 29 === 0 ? 1 : 0)).join(',')}`,
    );
    writeFileSync(braille, ['time_ms,' + Array.from({ length: 12 }, (_, c) => `c${c}`).join(','), ...rows].join('\n') + '\n');
    const args = ['run', 'public/data/nir/braille_noDelay_bias_zero.nir', '--input', braille, '--nir-euler'];
    const cpu = JSON.parse(luciole([...args, '--backend', 'cpu']).stdout);
    const gpu = JSON.parse(luciole([...args, '--backend', 'webgpu']).stdout);
    expect(cpu.populations.map((p: { name: string; size: number }) => [p.name, p.size])).toEqual([
      ['input', 12],
      ['lif1.lif', 38],
      ['lif2', 7],
    ]);
    expect(gpu.populations).toEqual(cpu.populations);
    expect(cpu.populations[1].spikeCount).toBeGreaterThan(0);
    // convert: NIR → model JSON → NIR, and the graph runs the same.
    const json = join(dir, 'braille.json');
    const nir = join(dir, 'braille-again.nir');
    expect(luciole(['convert', 'public/data/nir/braille_noDelay_bias_zero.nir', json, '--nir-euler']).status).toBe(0);
    const c = luciole(['convert', json, nir]);
    expect(JSON.parse(c.stdout).nodes).toEqual(
      expect.arrayContaining(['input: Input', 'lif1.lif: CubaLIF', 'lif2: CubaLIF', 'fc1: Affine', 'lif1.w_rec: Affine', 'fc2: Affine']),
    );
    const again = JSON.parse(luciole(['run', nir, '--input', braille, '--nir-euler']).stdout);
    expect(again.populations).toEqual(cpu.populations);
    // A model NIR cannot hold is refused by name.
    const bad = luciole(['convert', 'cuba', join(dir, 'cuba.nir')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("populations[0] (E): cell type IF_curr_exp is not one of NIR's");
  });

  it('--out spikes.csv streams every spike to disk while running, past the in-memory recording budget', () => {
    const out = join(dir, 'streamed.csv');
    const r = luciole(['run', 'cuba', '--duration-ms', '2500', '--max-recorded-spikes', '1000', '--out', out]);
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.recordedSpikes).toBe(1000);
    expect(summary.recordingFull).toBe(true);
    const spikes = parseSpikesCsv(readFileSync(out, 'utf8'));
    expect(spikes.neurons.length).toBe(summary.spikeCount);
    expect(summary.streamedSpikes).toBe(summary.spikeCount);
    expect(summary.spikeCount).toBeGreaterThan(20_000);
    // In time order, across the 1-second pieces the run advances by.
    for (let k = 1; k < spikes.timesMs.length; k++) expect(spikes.timesMs[k]).toBeGreaterThanOrEqual(spikes.timesMs[k - 1]);
    expect(Math.max(...spikes.timesMs.slice(-100))).toBeGreaterThan(2400);
  });

  it('gives the same spikes on --backend webgpu as on cpu, and names the adapter', () => {
    const args = ['run', 'cuba', '--duration-ms', '100', '--seed', '5'];
    const cpu = JSON.parse(luciole([...args, '--backend', 'cpu']).stdout);
    const r = luciole([...args, '--backend', 'webgpu']);
    expect(r.status).toBe(0);
    const gpu = JSON.parse(r.stdout);
    expect(gpu.backend).toBe('webgpu');
    expect(gpu.adapter).toMatch(/software GPU|nvidia|amd|intel|apple/i);
    expect(gpu.seed).toBe(5);
    expect(gpu.spikeCount).toBe(cpu.spikeCount);
    expect(gpu.populations).toEqual(cpu.populations);
  });

  it('--backend cpu runs the WebAssembly SIMD kernels and cpu-typescript the reference, with the same spikes as webgpu --own-delivery', () => {
    const args = ['run', 'microcircuit', '--scale', '0.02', '--duration-ms', '100', '--out'];
    const runs = [['cpu'], ['cpu-typescript'], ['webgpu', '--own-delivery']].map((backend, k) => {
      const out = join(dir, `backends-${k}.csv`);
      const r = luciole([...args, out, '--backend', ...backend]);
      expect(r.status).toBe(0);
      return { summary: JSON.parse(r.stdout), csv: readFileSync(out, 'utf8') };
    });
    expect(runs.map((r) => r.summary.adapter.replace(/.*(software GPU|nvidia|amd|intel|apple).*/i, 'GPU'))).toEqual([
      'CPU (WebAssembly SIMD)',
      'CPU (TypeScript reference)',
      'GPU',
    ]);
    expect(runs[2].summary.memory.dispatchesPerStep).toBe(1);
    expect(runs[0].summary.spikeCount).toBeGreaterThan(10);
    for (const r of runs.slice(1)) expect(r.csv).toBe(runs[0].csv);
  });

  it('says so and exits non-zero when no WebGPU adapter exists', () => {
    const r = luciole(['run', 'single-neuron', '--backend', 'webgpu'], { VK_ICD_FILENAMES: join(dir, 'none.json') });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('no WebGPU adapter is available');
  });

  it('reports an invalid model with the path of the field and exits 2', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        format: 'luciole-model',
        version: 1,
        name: 'bad',
        populations: [
          { name: 'a', size: 1, cellType: 'IF_curr_exp' },
          { name: 'b', size: 1, cellType: 'IF_curr_exp', params: { tau_m: -3 } },
        ],
      }),
    );
    const r = luciole(['run', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('populations[1].params.tau_m: expected a positive number of ms, got -3');
    writeFileSync(file, '{"format": "luciole-model",\n "version": 1\n "name": "x"}');
    const r2 = luciole(['run', file]);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/invalid JSON at line 3, column 2/);
  });

  it('runs the microcircuit at a chosen scale and drive, on both backends alike, and reports its memory', () => {
    const args = ['run', 'microcircuit', '--scale', '0.02', '--drive', 'dc', '--duration-ms', '60'];
    const cpu = luciole([...args, '--backend', 'cpu']);
    expect(cpu.status).toBe(0);
    const a = JSON.parse(cpu.stdout);
    // round(N × 0.02) per population (NEST's sizes), all eight recorded.
    expect(a.neurons).toBe(1544);
    expect(a.populations.map((p: { name: string }) => p.name)).toEqual(['L23E', 'L23I', 'L4E', 'L4I', 'L5E', 'L5I', 'L6E', 'L6I']);
    expect(a.memory).toMatchObject({ synapses: a.synapses, bytesPerSynapse: 8, dispatchesPerStep: 0 });
    const gpu = JSON.parse(luciole([...args, '--backend', 'webgpu']).stdout);
    expect(gpu.populations).toEqual(a.populations);
    expect(gpu.memory.bytesPerSynapse).toBe(4); // generated: the 4-byte word only
    expect(gpu.memory.dispatchesPerStep).toBe(2); // neuron update + generated delivery (DC drive: no Poisson pass)
  });

  it('refuses a scale out of range, --scale on another example, and a network too large for the CPU, naming the limit', () => {
    const bad = luciole(['run', 'microcircuit', '--scale', '2']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--scale: expected a number in (0, 1], got 2');
    expect(luciole(['run', 'cuba', '--scale', '0.5']).stderr).toContain('--scale and --drive apply to microcircuit, not to "cuba"');
    const big = luciole(['run', 'microcircuit', '--scale', '1', '--duration-ms', '1']);
    expect(big.status).toBe(1);
    expect(big.stderr).toMatch(
      /298,880,968 synapses, but the host builder holds at most 67,108,864 \(MAX_HOST_BUILT_SYNAPSES.*try --scale 0\.47/,
    );
  });

  it('rejects an unknown model name or backend', () => {
    expect(luciole(['run', 'no-such-model']).stderr).toContain('neither a model file nor an example');
    expect(luciole(['run', 'cuba', '--backend', 'tpu']).status).toBe(2);
  });
});

describe('npx luciole connectome inspect', () => {
  it('prints the summary of a bundled connectome', () => {
    const r = luciole(['connectome', 'inspect', 'public/data/celegans/edges.csv', '--nodes', 'public/data/celegans/neurons.csv']);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ neurons: 303, edges: 4712, totalWeight: 24275, selfLoops: 42 });
    expect(s.types.electrical.edges).toBe(1708);
    expect(s.edgesWithMissingEnds.count).toBe(0);
  });

  it('names file, line and column of a malformed row and exits 2', () => {
    const file = join(dir, 'bad-edges.csv');
    writeFileSync(file, 'pre,post,synapses\na,b,1\nc,d,lots\n');
    const r = luciole(['connectome', 'inspect', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${file}:3:5: expected a number (weight or synapse count), found "lots"`);
  });
});

describe('npx luciole with a model of its own cell type', () => {
  it('runs a QIF defined in the model file and writes its spikes; malformed code exits 2 naming line and column', async () => {
    const { QIF_CELL_TYPE, cellTypeNetwork } = await import('../src/engine/testModels');
    const m = cellTypeNetwork('QIF', 'voltage', 2, { initialV: [-70, -55], cellTypes: { QIF: structuredClone(QIF_CELL_TYPE) } });
    const file = join(dir, 'qif.json');
    writeFileSync(file, JSON.stringify(m));
    const out = join(dir, 'qif.csv');
    const r = luciole(['run', file, '--duration-ms', '100', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.spikeCount).toBeGreaterThan(50);
    expect(parseSpikesCsv(readFileSync(out, 'utf8')).neurons.length).toBe(summary.spikeCount);
    m.cellTypes!.QIF.threshold = 'v >= v_pek';
    writeFileSync(file, JSON.stringify(m));
    const bad = luciole(['run', file]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('cellTypes.QIF.threshold:1:6: unknown name "v_pek" (did you mean v_peak?)');
  });

  it('assemblies: an assembly forms on both backends with the same support each round; bad options exit 2', () => {
    const args = ['assemblies', '--n', '3000', '--k', '55', '--p', '0.02', '--beta', '0.1', '--rounds', '30'];
    const cpu = luciole(args);
    expect(cpu.status, cpu.stderr).toBe(0);
    const a = JSON.parse(cpu.stdout);
    expect(a.support[29]).toBe(a.support[19]); // saturated: an assembly
    expect(a.overlap[29]).toBe(55);
    const gpu = luciole([...args, '--backend', 'webgpu']);
    expect(gpu.status, gpu.stderr).toBe(0);
    expect(JSON.parse(gpu.stdout).support).toEqual(a.support);
    const bad = luciole(['assemblies', '--k', '0', '--rule', 'hebb']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--k: expected a whole number in 1..n−1');
    expect(bad.stderr).toContain('--rule: expected one of hebbian, oja, stdp, got hebb');
  });

  it('runs the stdp-song2000 example and writes the model with its learnt weights', () => {
    const out = join(dir, 'learnt.json');
    const r = luciole(['run', 'stdp-song2000', '--duration-ms', '2000', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const m = JSON.parse(readFileSync(out, 'utf8'));
    const rows = m.projections[0].connector.connections as number[][];
    expect(rows).toHaveLength(1000);
    expect(rows.every((row) => row[2] >= 0 && row[2] <= 0.06)).toBe(true);
    expect(rows.some((row) => row[2] === 0)).toBe(true); // depression has driven some to w_min in 2 s
  });
});
