import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { runUntil } from './helpers';

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
