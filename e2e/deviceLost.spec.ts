import { expect, test } from '@playwright/test';

test('a lost GPU device shows a message and the run continues on the CPU with its state kept', async ({ page }) => {
  await page.goto('/?model=cuba');
  await expect(page.getByTestId('backend')).toContainText('WebGPU');
  await page.getByTestId('until').fill('200');
  await page.getByTestId('until').dispatchEvent('change');
  await page.getByTestId('run-until').click();
  await expect(page.getByTestId('sim-time')).toHaveText('200.0');
  await page.getByTestId('proj-0-weight').fill('0.085'); // a live edit the replay must repeat
  await page.getByTestId('proj-0-weight').dispatchEvent('change');
  await page.getByTestId('until').fill('300');
  await page.getByTestId('until').dispatchEvent('change');
  await page.getByTestId('run-until').click();
  await expect(page.getByTestId('sim-time')).toHaveText('300.0');
  const spikes = await page.getByTestId('spike-total').textContent();

  // what a driver reset does to a page: the device is lost
  await page.evaluate(async () => {
    const app = document.querySelector('luciole-app') as HTMLElement & { lab: { gpuDevice: Promise<{ device: GPUDevice } | null> } };
    (await app.lab.gpuDevice)!.device.destroy();
  });
  await expect(page.getByTestId('error')).toContainText('The GPU device was lost');
  await expect(page.getByTestId('error')).toContainText('t = 300.0 ms is kept');
  await page.getByTestId('continue-on-cpu').click();
  await expect(page.getByTestId('notice')).toContainText('Continued on the CPU from t = 300.0 ms');
  await expect(page.getByTestId('spike-total')).toHaveText(spikes!);
  await expect(page.getByTestId('backend')).toContainText('CPU');
  await page.getByTestId('until').fill('350');
  await page.getByTestId('until').dispatchEvent('change');
  await page.getByTestId('run-until').click();
  await expect(page.getByTestId('sim-time')).toHaveText('350.0');
  expect(Number(await page.getByTestId('spike-total').textContent())).toBeGreaterThan(Number(spikes));
});
