import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { colouredPixels, nirLifInputCsv, runUntil } from './helpers';

test("the page's Network SONATA zip is read by PyNN's import_from_sonata; a plastic model is refused with the reason and keeps running", async ({
  page,
}) => {
  await page.goto('/?model=cuba');
  await runUntil(page, 20);
  const [zip] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-network-sonata').click()]);
  expect(zip.suggestedFilename()).toBe('cuba-sonata.zip');
  const dir = mkdtempSync(join(tmpdir(), 'luciole-sonata-'));
  const read = `
import zipfile, json, warnings
warnings.simplefilter('ignore')
zipfile.ZipFile('${(await zip.path())!}').extractall('${dir}')
import pyNN.mock as sim
from pyNN.serialization import import_from_sonata
sim.setup(timestep=0.1)
net = import_from_sonata('circuit_config.json', sim)
print(json.dumps({'sizes': {a.label: a.size for a in net.assemblies}, 'synapses': sum(p.size() for p in net.projections)}))`;
  const py = spawnSync('/usr/bin/python3', ['-c', read], { encoding: 'utf8', cwd: dir });
  const net = JSON.parse(py.stdout.trim().split('\n').pop()!);
  expect(net.sizes).toEqual({ E: 3200, I: 800 });
  expect(net.synapses).toBeGreaterThan(300_000); // p = 0.02 of 4000² ≈ 320,000

  // The same zip opens on the page again as a model: the populations come back.
  await page.getByTestId('open-file').setInputFiles((await zip.path())!);
  await expect(page.getByTestId('sim-time')).toHaveText('0.0');
  await runUntil(page, 10);
  const pops = [page.waitForEvent('download', (d) => d.suggestedFilename().includes('populations'))];
  await page.getByTestId('export-csv').click();
  expect(readFileSync((await (await pops[0]).path())!, 'utf8')).toBe('population,first_neuron_id,size\nE,0,3200\nI,3200,800\n');

  await page.goto('/?model=stdp-song2000');
  await runUntil(page, 10);
  await page.getByTestId('export-network-sonata').click();
  await expect(page.getByTestId('error')).toContainText('Network SONATA: projections[');
  await expect(page.getByTestId('error')).toContainText('is plastic: SONATA export writes static synapses');
  await runUntil(page, 20); // the run goes on
});

test('a share link reopens the edited model and gives the same spike count for its seed; an unedited example links by name; too large a model is refused', async ({
  page,
  context,
}) => {
  await page.goto('/?model=cuba');
  await expect(page.getByTestId('play')).toBeEnabled();
  await page.getByTestId('share').click();
  await expect(page.getByTestId('share-url')).toHaveValue(/\/\?model=cuba$/);
  await page.getByTestId('share-close').click();
  await page.getByTestId('proj-0-weight').fill('0.09');
  await page.getByTestId('proj-0-weight').dispatchEvent('change');
  await runUntil(page, 200);
  const total = await page.getByTestId('spike-total').textContent();
  await page.getByTestId('share').click();
  const url = await page.getByTestId('share-url').inputValue();
  expect(url).toMatch(/#model=[A-Za-z0-9_-]+$/);
  expect(Number((await page.getByTestId('share-length').textContent())!.replace(/,/g, ''))).toBe(url.length);
  const other = await context.newPage();
  await other.goto(url);
  await expect(other.getByTestId('proj-0-weight')).toHaveValue('0.09');
  await runUntil(other, 200);
  await expect(other.getByTestId('spike-total')).toHaveText(total!);
  // A damaged link says what is wrong, and cuba opens.
  await other.goto('about:blank'); // a new document: a hash change alone does not reload the page
  await other.goto(url.slice(0, -10) + '$$');
  await expect(other.getByTestId('error')).toContainText("This link could not be opened: the link's model is not base64url");
  await expect(other.getByTestId('play')).toBeEnabled();
  // A model that lists 30,000 random synapses is too long for a link.
  const connections = Array.from({ length: 30_000 }, (_, k) => [(k * 7919) % 1000, (k * 104729) % 1000, ((k * 31) % 97) / 1000]);
  const big = {
    format: 'luciole-model',
    version: 1,
    name: 'listed',
    populations: [{ name: 'n', size: 1000, cellType: 'IF_curr_exp' }],
    projections: [{ pre: 'n', post: 'n', connector: { type: 'fromList', connections }, receptor: 'excitatory', weight: 0.01 }],
  };
  await page
    .getByTestId('open-file')
    .setInputFiles({ name: 'listed.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(big)) });
  await expect(page.getByTestId('model').locator('option:checked')).toHaveText('listed.json');
  await page.getByTestId('share').click();
  await expect(page.getByTestId('share-refused')).toContainText('characters as a link, more than 16,000; save it as a JSON file');
});

test("someone else's SONATA report opens in the raster with its population names and Elephant's statistics, with no simulation; bad files are named", async ({
  page,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'luciole-spikes-'));
  const h5 = join(dir, 'nest-run.h5');
  // A NEST-like report: two populations, Poisson trains at 8 and 20 Hz over 2 s, times in ms.
  const write = `
import h5py, numpy as np, json
rng = np.random.default_rng(5)
out = {}
with h5py.File('${h5}', 'w') as f:
    f.attrs['magic'] = np.uint32(0x0A7A)
    for name, n, rate in [('LGN', 60, 20.0), ('V1', 140, 8.0)]:
        ids, ts = [], []
        for i in range(n):
            t = np.sort(rng.uniform(0, 2000, rng.poisson(rate * 2)))
            ids += [i] * len(t); ts += list(np.round(t, 1))
        g = f.create_group('spikes/' + name)
        g['timestamps'] = np.array(ts); g['timestamps'].attrs['units'] = 'ms'; g['node_ids'] = np.array(ids, dtype=np.uint64)
        out[name] = {'spikes': len(ts), 'rate': len(ts) / n / (max(ts) / 1000)}
print(json.dumps(out))`;
  const py = spawnSync('/usr/bin/python3', ['-c', write], { encoding: 'utf8' });
  const made = JSON.parse(py.stdout) as Record<string, { spikes: number; rate: number }>;
  await page.goto('/?model=cuba');
  await expect(page.getByTestId('play')).toBeEnabled();
  await page.getByTestId('open-spikes').setInputFiles(h5);
  await expect(page.getByTestId('analysis-title')).toContainText(
    `nest-run.h5 (sonata): ${(made.LGN.spikes + made.V1.spikes).toLocaleString('en')} spikes`,
  );
  await expect(page.getByTestId('file-population')).toHaveText(['■ LGN (60)', '■ V1 (140)']);
  const rows = page.getByTestId('analysis-row');
  await expect(rows).toHaveCount(2);
  for (const [k, name] of ['LGN', 'V1'].entries()) {
    const cells = rows.nth(k).locator('td');
    await expect(cells.nth(0)).toHaveText(name);
    expect(Math.abs(Number(await cells.nth(2).textContent()) - made[name].rate)).toBeLessThan(0.05);
    expect(Math.abs(Number(await cells.nth(3).textContent()) - 1)).toBeLessThan(0.15); // Poisson: CV ≈ 1
  }
  // The raster shows both populations' colours.
  const shot = await page.getByTestId('file-raster').screenshot();
  const counts = colouredPixels(shot);
  expect(counts.orange).toBeGreaterThan(200);
  expect(counts.blue).toBeGreaterThan(200);
  // Each plot fits its box, legend included (its height is the box less the measured legend).
  const fits = await page
    .locator('time-series-plot')
    .evaluateAll((plots) => plots.map((p) => [p.clientHeight, (p.shadowRoot!.querySelector('.uplot') as HTMLElement).offsetHeight]));
  expect(fits.length).toBeGreaterThan(0);
  for (const [box, plot] of fits) expect(plot).toBeLessThanOrEqual(box);
  await expect(page.getByTestId('python-snippet')).toContainText("h5py.File('nest-run.h5', 'r')");
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('analysis-csv').click()]);
  const lines = readFileSync((await csv.path())!, 'utf8')
    .trim()
    .split('\n');
  expect(lines[0]).toMatch(/^population,neurons,mean_rate_hz/);
  expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['LGN', 'V1']);
  // A cut file is named, and the lab goes on.
  const cut = join(dir, 'cut.h5');
  writeFileSync(cut, readFileSync(h5).subarray(0, 3000));
  await page.getByTestId('open-spikes').setInputFiles(cut);
  await expect(page.getByTestId('error')).toContainText('cut.h5: truncated HDF5 file: 3000 bytes');
  // The run's own recording analysed.
  await runUntil(page, 300);
  await page.getByTestId('analyse-run').click();
  await expect(page.getByTestId('analysis-title')).toContainText('cuba at t = 300.0 ms');
  await expect(page.getByTestId('analysis-row')).toHaveCount(2);
  await expect(page.getByTestId('export-snippets')).toContainText("np.load('cuba-spikes.npz')");
  // The page's own NWB file opens as someone else's would, with its populations and every spike.
  const total = Number(await page.getByTestId('spike-total').textContent());
  const [nwb] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-nwb').click()]);
  const nwbPath = join(dir, 'cuba.nwb');
  writeFileSync(nwbPath, readFileSync((await nwb.path())!));
  await page.getByTestId('open-spikes').setInputFiles(nwbPath);
  await expect(page.getByTestId('analysis-title')).toContainText(`cuba.nwb (nwb): ${total.toLocaleString('en-US')} spikes`);
  await expect(page.getByTestId('file-population')).toHaveText(['■ E (3200)', '■ I (800)']);
});

test("a NIR graph opens on the page with its input CSV: Norse's LIF fires at the NIR paper's exact times; a graph without a file it needs is named", async ({
  page,
}) => {
  await page.goto('/?model=cuba');
  const input = nirLifInputCsv();
  await page.getByTestId('open-file').setInputFiles([
    { name: 'lif_norse.nir', mimeType: 'application/x-hdf5', buffer: readFileSync('public/data/nir/lif_norse.nir') },
    { name: 'lif-input.csv', mimeType: 'text/csv', buffer: Buffer.from(input) },
  ]);
  // Wait for the graph itself (the page was at t = 0 before it loaded too).
  await expect(page.getByTestId('model')).toHaveValue('lif_norse.nir');
  await expect(page.getByTestId('sim-time')).toHaveText('0.0');
  await runUntil(page, 100);
  const downloads = [page.waitForEvent('download'), page.waitForEvent('download', (d) => d.suggestedFilename().includes('populations'))];
  await page.getByTestId('export-csv').click();
  const [spikes, pops] = await Promise.all(downloads);
  expect(spikes.suggestedFilename()).toBe('lif_norse-spikes.csv');
  const table = readFileSync((await pops.path())!, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  const lif = Number(table.find((r) => r[0] === '1')![1]);
  const times = readFileSync((await spikes.path())!, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').map(Number))
    .filter(([n]) => n === lif)
    .map(([, t]) => t);
  expect(times).toEqual([46, 51, 71, 76]);

  // A model naming a spike file that was not opened with it says which, and the graph runs on.
  const model = {
    format: 'luciole-model',
    version: 1,
    name: 'replay',
    populations: [{ name: 's', size: 1, cellType: 'SpikeSourceArray', spikeTimesFrom: { file: 'rec.h5' } }],
  };
  await page
    .getByTestId('open-file')
    .setInputFiles({ name: 'replay.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(model)) });
  await expect(page.getByTestId('error')).toContainText('replay.json names rec.h5, which is not among the opened files');
  await expect(page.getByTestId('error')).toContainText('(lif_norse.nir keeps running)');
});
