import { expect, test } from '@playwright/test';
import { PNG } from 'pngjs';
import { isBlue, isOrange } from './helpers';

/** Counts the heatmap's green cell pixels (accuracy shading) and the raster's orange/blue spikes. */
function pixelKinds(png: Buffer): { green: number; orange: number; blue: number } {
  const img = PNG.sync.read(png);
  let green = 0;
  let orange = 0;
  let blue = 0;
  for (let k = 0; k < img.data.length; k += 4) {
    const [r, g, b] = [img.data[k], img.data[k + 1], img.data[k + 2]];
    if (g > r + 40 && g > b + 40) green++;
    if (isOrange(img.data, k)) orange++;
    if (isBlue(img.data, k)) blue++;
  }
  return { green, orange, blue };
}

test('continual-learning page: HLOP and the baseline train side by side and fill their accuracy matrices', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/?page=continual');
  await page.getByTestId('cl-tasks').fill('2');
  await page.getByTestId('cl-epochs').fill('2');
  await page.getByTestId('cl-train').click();
  await expect(page.getByTestId('metrics-0')).toContainText('ACC', { timeout: 280_000 });
  await expect(page.getByTestId('metrics-1')).toContainText('ACC', { timeout: 280_000 });
  // Every trained cell of both 2 × 2 matrices holds a percentage, the diagonal learned (> 80 %);
  // task 1 is not tested before it is trained.
  for (const k of [0, 1])
    for (const t of [0, 1])
      for (const j of [0, 1]) {
        const text = await page.getByTestId(`cell-${k}-${t}-${j}`).textContent();
        if (j > t) expect(text).toBe('·');
        else expect(Number(text)).toBeGreaterThanOrEqual(0);
        if (t === j) expect(Number(text)).toBeGreaterThan(80);
      }
  await expect(page.getByTestId('progress-0-1')).toHaveJSProperty('value', 1);
  // The heatmap is shaded, the raster shows spikes, HLOP's subspace panel is there.
  expect(pixelKinds(await page.getByTestId('matrix-0').screenshot()).green).toBeGreaterThan(200);
  expect(pixelKinds(await page.getByTestId('raster-0').screenshot()).orange).toBeGreaterThan(50);
  expect(pixelKinds(await page.getByTestId('raster-1').screenshot()).blue).toBeGreaterThan(50);
  await expect(page.getByTestId('subspace')).toContainText('%');
  // HLOP keeps task 0 at least as well as fine-tuning does.
  const kept = async (k: number) => Number(await page.getByTestId(`cell-${k}-1-0`).textContent());
  expect(await kept(0)).toBeGreaterThanOrEqual(await kept(1));
});

test('continual-learning page: bad settings are refused with a message', async ({ page }) => {
  await page.goto('/?page=continual');
  await page.getByTestId('cl-epochs').fill('0');
  await page.getByTestId('cl-train').click();
  await expect(page.getByTestId('cl-error')).toContainText('epochs per task: expected 1..50, got 0');
  await page.getByTestId('cl-epochs').fill('1');
  await page.getByTestId('cl-network').selectOption('paper');
  await page.getByTestId('cl-train').click();
  await expect(page.getByTestId('cl-error')).toContainText("network: the HLOP paper's network takes 784 inputs; choose Fashion-MNIST");
});

test('continual-learning page on Fashion-MNIST (784 pixels): split tasks train and fill the matrices', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/?page=continual');
  await page.getByTestId('cl-dataset').selectOption('fashion-mnist');
  await page.getByTestId('cl-protocol').selectOption('split');
  await page.getByTestId('cl-tasks').fill('2');
  await page.getByTestId('cl-epochs').fill('1');
  await page.getByTestId('cl-train').click();
  await expect(page.getByTestId('metrics-0')).toContainText('ACC', { timeout: 280_000 });
  await expect(page.getByTestId('metrics-1')).toContainText('ACC', { timeout: 280_000 });
  // T-shirt/top vs trouser, then pullover vs dress: each learned above 80 % by both methods.
  for (const k of [0, 1])
    for (const t of [0, 1]) expect(Number(await page.getByTestId(`cell-${k}-${t}-${t}`).textContent())).toBeGreaterThan(80);
  expect(pixelKinds(await page.getByTestId('raster-0').screenshot()).orange).toBeGreaterThan(50);
});

test('continual-learning page: a GPU device lost mid-training; both columns go on on the CPU from their last task, keep what the GPU learnt, and finish', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.goto('/?page=continual');
  await page.getByTestId('cl-tasks').fill('3');
  await page.getByTestId('cl-epochs').fill('1');
  await page.getByTestId('cl-method-b').selectOption('hlop'); // two columns at one pace: both are past task 0 when it is lost
  await page.getByTestId('cl-train').click();
  await expect(page.getByTestId('cl-train')).toBeDisabled();
  await expect(page.locator('p.note', { hasText: 'Training on WebGPU' })).toBeVisible();
  for (const k of [0, 1]) await expect(page.getByTestId(`cell-${k}-0-0`)).not.toHaveText('·', { timeout: 280_000 });
  const firstTask = await Promise.all([0, 1].map((k) => page.getByTestId(`cell-${k}-0-0`).textContent()));

  await page.evaluate(async () => {
    const app = document.querySelector('luciole-app') as HTMLElement & { lab: { gpuDevice: Promise<{ device: GPUDevice } | null> } };
    (await app.lab.gpuDevice)!.device.destroy();
  });
  for (const k of [0, 1]) {
    await expect(page.getByTestId(`metrics-${k}`)).toContainText('ACC', { timeout: 280_000 });
    await expect(page.getByTestId(`cl-notice-${k}`)).toHaveText(
      /^The GPU device was lost \(.+\) while training task ([12])\. Tasks? 0(–1)? (is|are) kept as the GPU learnt (it|them); task \1 is trained again on the CPU reference from the checkpoint after task [01], and the run goes on there\.$/,
    );
    await expect(page.getByTestId(`metrics-${k}`)).toContainText(/(task 0|tasks 0–1) on the GPU, from task [12] on the CPU/);
    await expect(page.getByTestId(`cell-${k}-0-0`)).toHaveText(firstTask[k]!);
    for (let t = 0; t < 3; t++) expect(Number(await page.getByTestId(`cell-${k}-${t}-${t}`).textContent())).toBeGreaterThan(80);
  }
  await expect(page.locator('p.note', { hasText: 'the device was lost, so it goes on on the CPU reference' })).toBeVisible();
  const trainedOn = await page.evaluate(() => {
    const app = document.querySelector('luciole-app') as HTMLElement & { lab: { continualResults: { result: { trainedOn: string[] } }[] } };
    return app.lab.continualResults.map((r) => r.result.trainedOn);
  });
  expect(trainedOn).toHaveLength(2);
  for (const on of trainedOn) expect([on[0], on[2]]).toEqual(['webgpu', 'cpu']);

  // Training again uses the CPU, and says why.
  await page.getByTestId('cl-tasks').fill('2');
  await page.getByTestId('cl-train').click();
  await expect(page.locator('p.note', { hasText: 'Training on the CPU reference (the GPU device was lost' })).toBeVisible();
  for (const k of [0, 1]) await expect(page.getByTestId(`metrics-${k}`)).toContainText('ACC', { timeout: 280_000 });
  await expect(page.getByTestId('cl-notice-0')).toHaveCount(0);
});
