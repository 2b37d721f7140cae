import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { colouredPixels, differingFraction, runUntil } from './helpers';
import { PNG } from 'pngjs';

/** Bright (spiking, near-white) points in the 3D view. */
function brightPixels(png: Buffer): number {
  const img = PNG.sync.read(png);
  let n = 0;
  for (let k = 0; k < img.data.length; k += 4) if (img.data[k] > 200 && img.data[k + 1] > 200 && img.data[k + 2] > 200) n++;
  return n;
}

test('larva: stimulating the olfactory neurons from the UI lights up the raster and the 3D view; PNs respond before output neurons', async ({
  page,
}) => {
  await page.goto('/?model=larva');
  await expect(page.getByTestId('sel-celltype')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('sel-celltype').selectOption('sensory');
  await page.getByTestId('sel-annotation-key').selectOption('annotation');
  await page.getByTestId('sel-annotation-value').selectOption('olfactory');
  await expect(page.getByTestId('sel-count')).toHaveText('42');

  await runUntil(page, 50);
  expect(Number(await page.getByTestId('spike-total').textContent())).toBe(0); // silent without input
  const quiet3d = brightPixels(await page.locator('network-view canvas').screenshot());
  await page.getByTestId('drive').click();
  await runUntil(page, 90);

  expect(colouredPixels(await page.locator('spike-raster canvas').screenshot()).orange).toBeGreaterThan(50);
  expect(brightPixels(await page.locator('network-view canvas').screenshot())).toBeGreaterThan(quiet3d + 20);
  const latency = async (type: string) => {
    const cells = await page.getByTestId(`response-${type}`).locator('td').allTextContents();
    return cells[2] === '–' ? Infinity : Number(cells[2]);
  };
  const pn = await latency('PN');
  expect(pn).toBeGreaterThan(await latency('sensory'));
  for (const out of ['DN-VNC', 'RGN']) expect(await latency(out)).toBeGreaterThan(pn);
  await expect(page.getByTestId('response-DN-SEZ')).toBeVisible();
});

test('C. elegans: a selected neuron shows its name and strongest inputs and outputs; colour by activity; Poisson drive rebuilds and says so', async ({
  page,
}) => {
  await page.goto('/?model=celegans');
  await expect(page.getByTestId('sel-celltype')).toBeVisible({ timeout: 60_000 });
  const view = page.locator('network-view canvas');
  const before = await view.screenshot();
  const avm = await page.evaluate(() => {
    const app = document.querySelector('luciole-app') as HTMLElement & {
      lab: { run: { model: { populations: { neuronInfo: { names: string[] } }[] } } };
    };
    const i = app.lab.run.model.populations[0].neuronInfo.names.indexOf('AVM');
    const v = app.shadowRoot!.querySelector('network-view') as HTMLElement & { screenPositionOf(i: number): { x: number; y: number } };
    const r = v.shadowRoot!.querySelector('canvas')!.getBoundingClientRect();
    const p = v.screenPositionOf(i);
    return { x: r.left + p.x, y: r.top + p.y };
  });
  await page.mouse.click(avm.x, avm.y);
  await expect(page.getByTestId('selection')).toContainText('AVM (sensory)');
  await expect(page.getByTestId('selection')).toContainText('strongest inputs (blue)');
  expect(differingFraction(before, await view.screenshot())).toBeGreaterThan(0.0005); // its links are drawn

  await page.getByTestId('colour-by').selectOption('activity');
  await page.getByTestId('step').click();
  expect(differingFraction(before, await view.screenshot())).toBeGreaterThan(0.002); // grey points now

  // the touch receptors by name, then every sensory neuron by type
  await page.getByTestId('sel-names').fill('ALML, ALMR, AVM, PLML, PLMR, PVM');
  await page.getByTestId('sel-names').dispatchEvent('change');
  await expect(page.getByTestId('sel-count')).toHaveText('6');
  await page.getByTestId('sel-names').fill('ALML, NOPE');
  await page.getByTestId('sel-names').dispatchEvent('change');
  await expect(page.getByTestId('sel-error')).toContainText('no neuron named "NOPE"');
  await page.getByTestId('sel-names').fill('');
  await page.getByTestId('sel-names').dispatchEvent('change');
  await page.getByTestId('sel-celltype').selectOption('sensory');
  await page.getByTestId('poisson-drive').click();
  await expect(page.getByTestId('notice')).toContainText('The network was rebuilt');
  await runUntil(page, 50);
  expect(Number(await page.getByTestId('spike-total').textContent())).toBeGreaterThan(50);
  const [model] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-model').click()]);
  const exported = JSON.parse(readFileSync((await model.path())!, 'utf8'));
  expect(exported.stimuli.at(-1)).toMatchObject({ type: 'poisson', rateHz: 400, weight: 2 });
  expect(exported.projections.map((p: { receptor: string }) => p.receptor)).toContain('electrical');
});
