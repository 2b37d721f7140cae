import { expect, test } from '@playwright/test';
import { colouredPixels } from './helpers';

test('assemblies page: an assembly forms with β > 0 (support stops growing) and not with β = 0, plotted live', async ({ page }) => {
  await page.goto('/?page=assemblies');
  const set = async (id: string, v: string) => page.getByTestId(id).fill(v);
  await set('asm-n', '3000');
  await set('asm-k', '55');
  await set('asm-p', '0.02');
  await set('asm-beta', '0.1');
  await set('asm-rounds', '30');
  await page.getByTestId('asm-run').click();
  await expect(page.getByTestId('asm-round')).toHaveText('30', { timeout: 120_000 });
  await expect(page.getByTestId('asm-run')).toBeEnabled();
  await expect(page.getByTestId('asm-overlap')).toHaveText('55'); // the same k neurons win every round
  const support = Number(await page.getByTestId('asm-support').textContent());
  const control = Number(await page.getByTestId('asm-support-control').textContent());
  expect(support).toBeLessThan(control / 2);
  const { orange, blue } = colouredPixels(await page.getByTestId('asm-plot').screenshot());
  expect(blue).toBeGreaterThan(50); // the support with β
  expect(orange).toBeGreaterThan(50); // the control, β = 0

  await set('asm-k', '0');
  await page.getByTestId('asm-run').click();
  await expect(page.getByTestId('asm-error')).toContainText('k: expected a whole number in 1..n−1');
});
