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
