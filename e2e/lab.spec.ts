import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { parseSpikesCsv } from '../src/io/spikesCsv';
import { colouredPixels, differingFraction, runUntil } from './helpers';

async function simTime(page: Page): Promise<number> {
  return Number(await page.getByTestId('sim-time').textContent());
}

test('after play the raster changes over time; space pauses; the help lists the shortcuts', async ({ page }) => {
  await page.goto('/?model=cuba');
  await expect(page.getByTestId('backend')).toContainText('WebGPU');
  await expect(page.getByTestId('play')).toBeEnabled(); // the model is built
  await page.getByTestId('speed').selectOption('100');
  await page.locator('spike-raster').click(); // shortcuts do not fire while a form control has focus
  await page.keyboard.press('Space');
  await expect(page.getByTestId('state')).toHaveText('running');
  const raster = page.locator('spike-raster canvas');
  await expect.poll(() => simTime(page)).toBeGreaterThan(100);
  const first = await raster.screenshot();
  const t1 = await simTime(page); // at or just after the screenshot
  // Wait until at least three times as much time is in the 1 s window (the poll may overshoot 100 ms).
  await expect.poll(() => simTime(page)).toBeGreaterThan(Math.min(900, 3 * t1));
  const second = await raster.screenshot();
  // the 1 s window fills as time goes on: about three times as many spikes drawn as at t1
  expect(colouredPixels(first).orange).toBeGreaterThan(100);
  expect(colouredPixels(second).orange).toBeGreaterThan(1.5 * colouredPixels(first).orange);
  expect(differingFraction(first, second)).toBeGreaterThan(0.002);
  await page.keyboard.press('Space');
  await expect(page.getByTestId('state')).toHaveText('paused'); // shown once the loop has stopped
  const t = await simTime(page);
  await page.waitForTimeout(300);
  expect(await simTime(page)).toBe(t);
  await page.keyboard.press('.');
  await expect.poll(() => simTime(page)).toBeCloseTo(t + 0.1, 5);
  await page.keyboard.press('?');
  await expect(page.getByTestId('help')).toContainText('play / pause');
  await page.keyboard.press('r');
  await expect(page.getByTestId('sim-time')).toHaveText('0.0');
});

test('raising the DC current raises the displayed rate, without a rebuild', async ({ page }) => {
  await page.goto('/?model=single-neuron');
  await expect(page.getByTestId('backend')).toContainText('WebGPU');
  await runUntil(page, 1000);
  const low = Number(await page.getByTestId('rate-neuron').textContent());
  expect(low).toBeGreaterThan(15); // 1 / 52.9 ms ≈ 19 Hz
  expect(low).toBeLessThan(23);
  await page.getByTestId('stim-0-amplitude').fill('1.5');
  await page.getByTestId('stim-0-amplitude').dispatchEvent('change');
  await runUntil(page, 2000);
  const high = Number(await page.getByTestId('rate-neuron').textContent());
  expect(high).toBeGreaterThan(low * 1.5);
  await expect(page.getByTestId('notice')).toHaveCount(0); // no rebuild
  expect(Number(await page.getByTestId('spike-total').textContent())).toBeGreaterThan(19 + 19);
  // An invalid value is refused with the field's message.
  await page.getByTestId('pop-neuron-tau_m').fill('-3');
  await page.getByTestId('pop-neuron-tau_m').dispatchEvent('change');
  await expect(page.getByTestId('pop-neuron-tau_m-error')).toContainText(
    'populations[0].params.tau_m: expected a positive number of ms, got -3',
  );
});

test('the exported CSV holds as many spikes as the status bar reports; NPZ, SONATA and NWB (read by h5py) and populations too', async ({
  page,
}) => {
  await page.goto('/?model=cuba');
  await runUntil(page, 300);
  const total = Number(await page.getByTestId('spike-total').textContent());
  expect(total).toBeGreaterThan(1000);
  const downloads: Promise<import('@playwright/test').Download>[] = [
    page.waitForEvent('download'),
    page.waitForEvent('download', (d) => d.suggestedFilename().includes('populations')),
  ];
  await page.getByTestId('export-csv').click();
  const [spikesFile, popsFile] = await Promise.all(downloads);
  const csv = parseSpikesCsv(readFileSync((await spikesFile.path())!, 'utf8'));
  expect(csv.neurons.length).toBe(total);
  expect(Math.max(...csv.timesMs)).toBeLessThan(300);
  expect(readFileSync((await popsFile.path())!, 'utf8')).toBe('population,first_neuron_id,size\nE,0,3200\nI,3200,800\n');
  const [npz] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-npz').click()]);
  expect(npz.suggestedFilename()).toBe('cuba-spikes.npz');
  expect(
    readFileSync((await npz.path())!)
      .subarray(0, 2)
      .toString(),
  ).toBe('PK');
  // The SONATA report, read back by h5py: every spike, split over E and I. HDF5 is written in a worker.
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  const [sonata] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-sonata').click()]);
  expect(sonata.suggestedFilename()).toBe('cuba-spikes.h5');
  const read = spawnSync(
    '/usr/bin/python3',
    [
      '-c',
      `import h5py; f = h5py.File('${(await sonata.path())!}', 'r'); print(int(f.attrs['magic']), [len(g['node_ids']) for g in f['spikes'].values()])`,
    ],
    { encoding: 'utf8' },
  );
  const line = read.stdout.trim();
  const [magic, counts] = [line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1)];
  expect(magic).toBe(String(0x0a7a));
  const perPopulation = JSON.parse(counts) as number[];
  expect(perPopulation.length).toBe(2);
  expect(perPopulation[0] + perPopulation[1]).toBe(total);
  expect(workers.filter((u) => u.includes('fileWriter'))).toHaveLength(1);
  // The NWB file passes the structural check, with every spike in its Units table.
  const [nwb] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-nwb').click()]);
  expect(nwb.suggestedFilename()).toBe('cuba-spikes.nwb');
  const check = spawnSync('/usr/bin/python3', ['test/readers/check_nwb.py', (await nwb.path())!], { encoding: 'utf8' });
  const nwbFile = JSON.parse(check.stdout) as { problems: string[]; units: Record<string, number[]> };
  expect(nwbFile.problems).toEqual([]);
  expect(Object.values(nwbFile.units).reduce((n, t) => n + t.length, 0)).toBe(total);
  expect(workers.filter((u) => u.includes('fileWriter'))).toHaveLength(2);
});

test('a re-opened exported model (with live edits) gives the same spike count for the same seed', async ({ page }) => {
  await page.goto('/?model=cuba');
  await page.getByTestId('proj-0-weight').fill('0.09');
  await page.getByTestId('proj-0-weight').dispatchEvent('change');
  await runUntil(page, 300);
  const total = await page.getByTestId('spike-total').textContent();
  const [model] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-model').click()]);
  const path = (await model.path())!;
  expect(JSON.parse(readFileSync(path, 'utf8')).projections[0].weight).toBe(0.09);
  await page.getByTestId('open-file').setInputFiles({ name: 'edited.json', mimeType: 'application/json', buffer: readFileSync(path) });
  await expect(page.getByTestId('sim-time')).toHaveText('0.0');
  await runUntil(page, 300);
  await expect(page.getByTestId('spike-total')).toHaveText(total!);
});

test('a malformed model file shows the error and the old model keeps running', async ({ page }) => {
  await page.goto('/?model=cuba');
  await page.getByTestId('speed').selectOption('100');
  await page.getByTestId('play').click();
  await expect.poll(() => simTime(page)).toBeGreaterThan(20);
  const bad = JSON.stringify({
    format: 'luciole-model',
    version: 1,
    name: 'bad',
    populations: [{ name: 'a', size: 10, cellType: 'IF_curr_exp', params: { tau_m: -3 } }],
  });
  await page.getByTestId('open-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
  await expect(page.getByTestId('error')).toContainText('bad.json is not a valid model');
  await expect(page.getByTestId('error')).toContainText('populations[0].params.tau_m: expected a positive number of ms, got -3');
  await expect(page.getByTestId('error')).toContainText('cuba keeps running');
  const t = await simTime(page);
  await expect.poll(() => simTime(page)).toBeGreaterThan(t + 20);
  await page.getByTestId('open-file').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format": "luciole-model",\n  "version": 1,,\n}'),
  });
  await expect(page.getByTestId('error')).toContainText('invalid JSON at line 2, column 16');
  await expect(page.getByTestId('state')).toHaveText('running');
});

test('a structural change (population size) rebuilds the network and says so', async ({ page }) => {
  await page.goto('/?model=cuba');
  await runUntil(page, 50);
  await page.getByTestId('pop-E-size').fill('1000');
  await page.getByTestId('pop-E-size').dispatchEvent('change');
  await expect(page.getByTestId('notice')).toContainText('The network was rebuilt');
  await expect(page.getByTestId('sim-time')).toHaveText('0.0');
  await expect(page.getByTestId('pop-E-size')).toHaveValue('1000');
  await runUntil(page, 50);
  const [model] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-model').click()]);
  expect(JSON.parse(readFileSync((await model.path())!, 'utf8')).populations[0].size).toBe(1000);
});

test('the PD14 microcircuit at 10 % builds in the page (its synapses generated on the GPU) and fires in E and I populations', async ({
  page,
}) => {
  await page.goto('/?model=microcircuit');
  await expect(page.getByTestId('backend')).toContainText('WebGPU');
  // 3.0·10⁶ synapses are filled on the (software) GPU: wait for the build, not for a speed.
  await expect(page.getByTestId('play')).toBeEnabled({ timeout: 120_000 });
  await runUntil(page, 30);
  const { orange, blue } = colouredPixels(await page.locator('spike-raster canvas').screenshot());
  expect(orange).toBeGreaterThan(30);
  expect(blue).toBeGreaterThan(30);
});

test('the microcircuit’s scale is chosen in the page: the network is rebuilt at it, and a link opens that scale', async ({ page }) => {
  await page.goto('/?model=microcircuit&scale=0.02');
  await expect(page.getByTestId('play')).toBeEnabled({ timeout: 120_000 });
  await expect(page.getByTestId('scale')).toHaveValue('0.02');
  await expect(page.getByTestId('pop-L23E-size')).toHaveValue('414'); // round(20,683 × 0.02)
  await page.getByTestId('scale').selectOption('0.05');
  await expect(page.getByTestId('pop-L23E-size')).toHaveValue('1034', { timeout: 120_000 }); // round(20,683 × 0.05)
  await runUntil(page, 5);
  await page.getByTestId('model').selectOption('cuba');
  await expect(page.getByTestId('scale')).toHaveCount(0); // only the microcircuit scales
});

test('a small model shows V(t) with its threshold from the start, with no click', async ({ page }) => {
  await page.goto('/?model=single-neuron');
  await expect(page.getByTestId('play')).toBeEnabled();
  await runUntil(page, 100); // the neuron fires at 47.9 ms
  const plot = page.getByTestId('trace-plot');
  await expect(plot).toContainText('V #0 (mV)');
  await expect(plot).toContainText('threshold of neuron (mV)');
  const { orange } = colouredPixels(await plot.screenshot()); // the trace's colour, #e8590c
  expect(orange).toBeGreaterThan(150);
  // A large model still waits for a click.
  await page.getByTestId('model').selectOption('cuba');
  await expect(page.getByTestId('trace-hint')).toContainText('Click a neuron');
  await expect(page.getByTestId('trace-plot')).toHaveCount(0);
});
