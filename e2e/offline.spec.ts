import { test, expect } from '@playwright/test';
import { runUntil } from './helpers';

// The service worker is blocked in the other specs (playwright.config.ts); this one needs it.
test.use({ serviceWorkers: 'allow' });

test('after one visit the app works offline, and it can be installed (a manifest with icons, a service worker)', async ({
  page,
  context,
}) => {
  await page.goto('/?model=single-neuron');
  await expect(page.getByTestId('play')).toBeEnabled();
  // The manifest an install needs: a name, a start URL, standalone display, 192 and 512 px icons.
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const manifest = await page.evaluate(async (u) => (await fetch(u)).json(), href!);
  expect(manifest.name).toContain('Luciole');
  expect(manifest.display).toBe('standalone');
  expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  for (const icon of manifest.icons) expect((await page.request.get(icon.src)).status()).toBe(200);
  // The service worker takes control once it has precached the app.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('play')).toBeEnabled();
  await runUntil(page, 100);
  await expect(page.getByTestId('spike-total')).not.toHaveText('0');
  // Another page of the app opens offline too.
  await page.getByTestId('page-lessons').click();
  await expect(page.getByTestId('lesson-open-one-neuron')).toBeVisible();
  await context.setOffline(false);
});
