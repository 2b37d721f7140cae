import { expect, test } from '@playwright/test';
import { QIF_CELL_TYPE, cellTypeNetwork } from '../src/engine/testModels';
import { runUntil } from './helpers';

const qifModel = (update?: string) => {
  const m = cellTypeNetwork('QIF', 'voltage', 1, { initialV: [-70, -55], cellTypes: { QIF: structuredClone(QIF_CELL_TYPE) } });
  if (update) m.cellTypes!.QIF.update = update;
  return Buffer.from(JSON.stringify(m, null, 2));
};

test('a model file with its own cell type (QIF) runs in the lab, with that type’s parameters live', async ({ page }) => {
  await page.goto('/?model=single-neuron');
  await expect(page.getByTestId('play')).toBeEnabled();
  await page.getByTestId('open-file').setInputFiles({ name: 'qif.json', mimeType: 'application/json', buffer: qifModel() });
  await expect(page.getByTestId('sim-time')).toHaveText('0.0');
  await expect(page.getByTestId('pop-E-v_c')).toBeVisible();
  await runUntil(page, 100);
  expect(Number(await page.getByTestId('spike-total').textContent())).toBeGreaterThan(50);
  // A live edit of a user parameter is validated by its own rule.
  await page.getByTestId('pop-E-tau_m').fill('-1');
  await page.getByTestId('pop-E-tau_m').dispatchEvent('change');
  await expect(page.getByTestId('pop-E-tau_m-error')).toContainText('expected a positive number of ms');
});

test('malformed cell-type code names its place, nothing is built, and the running model goes on', async ({ page }) => {
  await page.goto('/?model=cuba');
  await page.getByTestId('speed').selectOption('100');
  await page.getByTestId('play').click();
  await expect.poll(async () => Number(await page.getByTestId('sim-time').textContent())).toBeGreaterThan(5);
  await page
    .getByTestId('open-file')
    .setInputFiles({ name: 'typo.json', mimeType: 'application/json', buffer: qifModel('v = v + dt / tua_m') });
  await expect(page.getByTestId('error')).toContainText('typo.json is not a valid model');
  await expect(page.getByTestId('error')).toContainText('cellTypes.QIF.update:1:14: unknown name "tua_m" (did you mean tau_m?)');
  await expect(page.getByTestId('error')).toContainText('cuba keeps running');
  const t = Number(await page.getByTestId('sim-time').textContent());
  await expect.poll(async () => Number(await page.getByTestId('sim-time').textContent())).toBeGreaterThan(t + 5);
});

test('the COBA example (IF_cond_exp) runs and shows its conductance parameters', async ({ page }) => {
  await page.goto('/?model=coba');
  await expect(page.getByTestId('pop-E-e_rev_I')).toHaveValue('-80');
  await runUntil(page, 100);
  expect(Number(await page.getByTestId('spike-total').textContent())).toBeGreaterThan(1000);
});
