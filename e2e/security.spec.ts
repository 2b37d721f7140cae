import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { nirLifInputCsv, runUntil } from './helpers';

/** Every request the page makes to another origin, and every breach of its Content Security Policy. */
function watch(page: Page): { foreign: string[]; violations: string[] } {
  const seen = { foreign: [] as string[], violations: [] as string[] };
  page.on('request', (r) => {
    const url = new URL(r.url());
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.origin !== 'http://127.0.0.1:4173') seen.foreign.push(r.url());
  });
  page.on('console', (m) => {
    // One line per violation, from the page's securitypolicyviolation listener (below).
    if (m.text().startsWith('CSP violation:')) seen.violations.push(m.text());
  });
  return seen;
}

async function download(page: Page, testId: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  expect((await file.path())!).toBeTruthy();
  return file.suggestedFilename();
}

test("a whole session (the lab, every export, an import, the oscillator and plastic pages, a lesson) asks nothing of any host but the page's own, within its Content Security Policy", async ({
  page,
}) => {
  test.setTimeout(600_000);
  const seen = watch(page);
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)),
  );
  await page.goto('/?model=cuba');
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("default-src 'self'");
  expect(policy).toContain("object-src 'none'");

  // The policy is in force: an injected inline script does not run (and is reported).
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.injected = true';
    document.head.append(s);
  });
  expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
  await expect.poll(() => seen.violations.length).toBe(1);
  expect(seen.violations[0]).toContain('script-src');
  seen.violations.length = 0;

  // The lab, on the GPU (generated CPU code needs 'unsafe-eval'; the CPU kernels and h5wasm 'wasm-unsafe-eval').
  await expect(page.getByTestId('backend')).toContainText('WebGPU');
  await runUntil(page, 100);
  const names: string[] = [];
  const csv = [page.waitForEvent('download'), page.waitForEvent('download', (d) => d.suggestedFilename().includes('populations'))];
  await page.getByTestId('export-csv').click();
  for (const d of await Promise.all(csv)) names.push(d.suggestedFilename());
  for (const id of ['export-npz', 'export-nwb', 'export-sonata', 'export-network-sonata', 'export-model'])
    names.push(await download(page, id));
  expect(names).toEqual([
    'cuba-spikes.csv',
    'cuba-populations.csv',
    'cuba-spikes.npz',
    'cuba-spikes.nwb',
    'cuba-spikes.h5',
    'cuba-sonata.zip',
    'cuba.json',
  ]);

  // An import: a NIR graph (HDF5, through h5wasm) with its input.
  const input = nirLifInputCsv();
  await page.getByTestId('open-file').setInputFiles([
    { name: 'lif_norse.nir', mimeType: 'application/x-hdf5', buffer: readFileSync('public/data/nir/lif_norse.nir') },
    { name: 'lif-input.csv', mimeType: 'text/csv', buffer: Buffer.from(input) },
  ]);
  await expect(page.getByTestId('model')).toHaveValue('lif_norse.nir');
  await runUntil(page, 10);

  // The oscillator page and its export; a plastic network and its learnt model.
  await page.goto('/?model=kuramoto-two');
  await runUntil(page, 5);
  expect(await download(page, 'export-order')).toContain('order');
  await page.goto('/?model=stdp-song2000');
  await runUntil(page, 50);
  expect(await download(page, 'export-learnt-model')).toContain('.json');

  // A lesson's first step, run.
  await page.goto('/?lesson=one-neuron');
  await expect(page.getByTestId('lesson-step-title')).toHaveText('A leaky membrane');
  await expect(page.locator('lesson-panel math').first()).toBeAttached(); // its maths typeset, from the bundle
  await runUntil(page, 200);

  expect(seen.foreign).toEqual([]);
  expect(seen.violations).toEqual([]);
});
