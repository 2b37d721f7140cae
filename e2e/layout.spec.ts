import { test, expect, type Locator, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { runUntil } from './helpers';

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
  { width: 1024, height: 768 }, // a tablet held landscape
];

type Box = { x: number; y: number; width: number; height: number };

/** The box of a view, checked to lie wholly inside the window (nothing below the fold or off the side). */
async function onScreen(page: Page, what: string, view: Locator): Promise<Box> {
  const box = await view.boundingBox();
  expect(box, `${what} is laid out`).not.toBeNull();
  const { width, height } = page.viewportSize()!;
  expect(box!.width, `${what} has width`).toBeGreaterThan(20);
  expect(box!.height, `${what} has height`).toBeGreaterThan(20);
  expect(box!.x, `${what} starts inside the window`).toBeGreaterThanOrEqual(0);
  expect(box!.y, `${what} starts inside the window`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${what} ends inside the window (${width} px wide)`).toBeLessThanOrEqual(width + 0.5);
  expect(box!.y + box!.height, `${what} ends inside the window (${height} px high)`).toBeLessThanOrEqual(height + 0.5);
  return box!;
}

function overlap(a: Box, b: Box): boolean {
  const eps = 0.5;
  return a.x + eps < b.x + b.width && b.x + eps < a.x + a.width && a.y + eps < b.y + b.height && b.y + eps < a.y + a.height;
}

/** Distinct colours in a screenshot (a blank view has one or two). */
function colours(png: Buffer): number {
  const img = PNG.sync.read(png);
  const seen = new Set<number>();
  for (let k = 0; k < img.data.length; k += 4) seen.add((img.data[k] << 16) | (img.data[k + 1] << 8) | img.data[k + 2]);
  return seen.size;
}

async function checkViews(page: Page, views: [string, Locator][]) {
  const boxes: [string, Box][] = [];
  for (const [what, view] of views) {
    boxes.push([what, await onScreen(page, what, view)]);
    expect(colours(await view.screenshot()), `${what} is not blank`).toBeGreaterThan(12);
  }
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++)
      expect(overlap(boxes[i][1], boxes[j][1]), `${boxes[i][0]} and ${boxes[j][0]} do not overlap`).toBe(false);
  // Nothing on the page is wider than the window.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()!.width);
}

for (const size of SIZES) {
  test(`at ${size.width}×${size.height} the lab shows its run controls and every main view, drawn and apart, with no scrolling`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    await page.goto('/?model=cuba');
    await runUntil(page, 60);
    await checkViews(page, [
      ['the run controls', page.getByRole('toolbar', { name: 'model and run' })],
      ['the raster', page.locator('spike-raster')],
      ['the rate plot', page.getByTestId('rate-plot')],
      ['the 3D view', page.locator('network-view')],
      ['the parameters', page.locator('aside')],
      ['the status bar', page.locator('status-bar')],
    ]);
    // Nor does anything inside the views scroll: each box holds its content.
    for (const box of ['.views', '.pane', '.lower']) {
      const { scroll, client } = await page.locator(box).evaluate((el) => ({ scroll: el.scrollHeight, client: el.clientHeight }));
      expect(scroll, `${box} holds its content`).toBeLessThanOrEqual(client + 2); // sub-pixel rounding
    }
  });

  test(`at ${size.width}×${size.height} the start page shows the live network, the ways in and the lessons`, async ({ page }) => {
    await page.setViewportSize(size);
    await page.goto('/');
    // The lab's own run plays on the start page.
    await expect.poll(async () => Number(await page.getByTestId('start-time').textContent()), { timeout: 0 }).toBeGreaterThan(20);
    await checkViews(page, [
      ['the live raster', page.getByTestId('start-live')],
      ['"Open the lab"', page.getByTestId('start-lab')],
      ['"Open your model"', page.locator('label.file-button')],
    ]);
    await expect(page.getByTestId('lesson-open-one-neuron')).toBeAttached();
  });
}

test('at 1366×768 an oscillator network shows its phase view and order parameter without scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto('/?model=kuramoto-two');
  await runUntil(page, 20);
  await checkViews(page, [
    ['the run controls', page.getByRole('toolbar', { name: 'model and run' })],
    ['the phase view', page.locator('phase-circle')],
    ['the order-parameter plot', page.getByTestId('order-plot')],
    ['the status bar', page.locator('status-bar')],
  ]);
});

test('the start page leads into the lab with the same run going on; the panels resize by dragging', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto('/');
  await expect.poll(async () => Number(await page.getByTestId('start-time').textContent()), { timeout: 0 }).toBeGreaterThan(5);
  await page.getByTestId('start-lab').click();
  await expect(page).toHaveURL(/page=lab/);
  await expect(page.getByTestId('state')).toHaveText('running');
  expect(Number(await page.getByTestId('sim-time').textContent())).toBeGreaterThan(5);
  // Drag the divider between the views and the side panel 200 px to the left.
  const aside = page.locator('aside');
  const before = (await aside.boundingBox())!.width;
  const divider = (await page.getByTestId('workspace').locator('[part~="divider"]').first().boundingBox())!;
  await page.mouse.move(divider.x + divider.width / 2, divider.y + divider.height / 2);
  await page.mouse.down();
  await page.mouse.move(divider.x - 200, divider.y + divider.height / 2, { steps: 8 });
  await page.mouse.up();
  await expect.poll(async () => (await aside.boundingBox())!.width).toBeGreaterThan(before + 150);
});

test('the theme follows the system and the switch; dark draws the page dark', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/?model=single-neuron');
  await expect(page.locator('html')).toHaveClass(/wa-dark/);
  const luminance = async () => {
    const img = PNG.sync.read(await page.locator('.topbar').screenshot());
    let sum = 0;
    for (let k = 0; k < img.data.length; k += 4) sum += 0.2126 * img.data[k] + 0.7152 * img.data[k + 1] + 0.0722 * img.data[k + 2];
    return sum / (img.data.length / 4);
  };
  expect(await luminance()).toBeLessThan(80);
  await page.getByTestId('theme').selectOption('light');
  await expect(page.locator('html')).toHaveClass(/wa-light/);
  expect(await luminance()).toBeGreaterThan(170);
  // The choice is kept.
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/wa-light/);
  await page.getByTestId('theme').selectOption('system');
  await expect(page.locator('html')).toHaveClass(/wa-dark/);
});
