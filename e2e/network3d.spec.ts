import { expect, test, type Page } from '@playwright/test';
import { example } from '../src/examples';
import { differingFraction } from './helpers';

/** Page coordinates of neuron i in the 3D view. */
async function neuronOnScreen(page: Page, i: number): Promise<{ x: number; y: number }> {
  return page.evaluate((n) => {
    const view = document.querySelector('luciole-app')!.shadowRoot!.querySelector('network-view') as HTMLElement & {
      screenPositionOf(i: number): { x: number; y: number };
    };
    const canvas = view.shadowRoot!.querySelector('canvas')!.getBoundingClientRect();
    const p = view.screenPositionOf(n);
    return { x: canvas.left + p.x, y: canvas.top + p.y };
  }, i);
}

test('clicking a neuron in the 3D view selects it (connections drawn, trace shown); shift-click makes it spike', async ({ page }) => {
  // cuba with V_rest below threshold: nothing fires unless stimulated
  const silent = example('cuba');
  for (const p of silent.populations ?? []) p.params = { ...p.params, v_rest: -65 };
  silent.name = 'silent-cuba';
  await page.goto('/?model=single-neuron');
  await expect(page.getByTestId('play')).toBeEnabled();
  await page
    .getByTestId('open-file')
    .setInputFiles({ name: 'silent.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(silent)) });
  await expect(page.getByTestId('model')).toHaveValue('silent.json');

  const view = page.locator('network-view canvas');
  const before = await view.screenshot();
  const target = 1234;
  const at = await neuronOnScreen(page, target);
  await page.mouse.click(at.x, at.y);
  await expect(page.getByTestId('selection')).toContainText(`neuron ${target}`);
  await expect(page.getByTestId('selected-spikes')).toHaveText('0');
  expect(differingFraction(before, await view.screenshot())).toBeGreaterThan(0.001); // its connections are drawn

  await page.keyboard.down('Shift');
  await page.mouse.click(at.x, at.y);
  await page.keyboard.up('Shift');
  await expect(page.getByTestId('notice')).toContainText(`Stimulated neuron ${target}`);
  await page.getByTestId('until').fill('20');
  await page.getByTestId('until').dispatchEvent('change');
  await page.getByTestId('run-until').click();
  await expect(page.getByTestId('sim-time')).toHaveText('20.0');
  await expect(page.getByTestId('selected-spikes')).toHaveText('1');
  await expect(page.getByTestId('spike-total')).toHaveText('1');
  // the trace plot shows the selected neuron's V
  await expect(page.getByTestId('trace-plot')).toContainText(`V #${target}`);
});
