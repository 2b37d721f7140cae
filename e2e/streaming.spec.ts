import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { runUntil } from './helpers';

/** neuron_id,time_ms rows of a spikes CSV (header checked). */
function rows(csv: string): [number, number][] {
  const lines = csv.trimEnd().split('\n');
  expect(lines[0]).toBe('neuron_id,time_ms');
  return lines.slice(1).map((l) => l.split(',').map(Number) as [number, number]);
}

test('streaming to the origin-private file system keeps every spike beyond a 1,000-spike recording budget; the file downloads and starts with the in-memory recording', async ({
  page,
}) => {
  // A browser without the File System Access picker streams to OPFS.
  await page.addInitScript(() => delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker);
  await page.goto('/?model=cuba&record-budget=1000');
  await expect(page.getByTestId('stream-start')).toBeEnabled();
  await page.getByTestId('stream-start').click();
  await expect(page.getByTestId('stream-status')).toContainText('cuba-spikes-stream.csv (origin-private file system)');
  await runUntil(page, 300);
  await expect(page.getByTestId('recording-full')).toContainText('every spike still goes to the streamed file');
  const total = Number(await page.getByTestId('spike-total').textContent());
  expect(total).toBeGreaterThan(4000); // four times the budget at least
  await expect(page.getByTestId('stream-spikes')).toHaveText(String(total));
  await page.getByTestId('stream-stop').click();
  await expect(page.getByTestId('notice')).toContainText(`${total.toLocaleString('en-US')} spikes`);

  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('stream-download').click()]);
  expect(file.suggestedFilename()).toBe('cuba-spikes-stream.csv');
  const streamed = rows(readFileSync((await file.path())!, 'utf8'));
  expect(streamed.length).toBe(total);
  expect(streamed.findIndex((r, k) => k > 0 && r[1] < streamed[k - 1][1])).toBe(-1); // time order
  expect(streamed.every(([n]) => Number.isInteger(n) && n >= 0 && n < 4000)).toBe(true);

  // The in-memory export holds the first 1,000 of them, identical.
  const downloads = [page.waitForEvent('download'), page.waitForEvent('download', (d) => d.suggestedFilename().includes('populations'))];
  await page.getByTestId('export-csv').click();
  const memory = rows(readFileSync((await (await downloads[0]).path())!, 'utf8'));
  expect(memory.length).toBe(1000);
  expect(streamed.slice(0, 1000)).toEqual(memory);
  // The export's second file (the population table) must have come too: a wait left pending fails the test when it ends.
  expect((await downloads[1]).suggestedFilename()).toContain('populations');
});

test('streaming started mid-run to a picked file writes the spikes recorded so far first, and a new model closes the stream complete', async ({
  page,
}) => {
  // Stands in for the browser's save dialog (which headless Chromium cannot show): the picked
  // file is one in OPFS, read back below.
  await page.addInitScript(() => {
    (window as unknown as { showSaveFilePicker: unknown }).showSaveFilePicker = async ({ suggestedName }: { suggestedName: string }) =>
      (await navigator.storage.getDirectory()).getFileHandle(`picked-${suggestedName}`, { create: true });
  });
  await page.goto('/?model=cuba');
  await runUntil(page, 100);
  await page.getByTestId('stream-start').click();
  await expect(page.getByTestId('stream-status')).toContainText('picked-cuba-spikes-stream.csv (picked file)');
  await runUntil(page, 200);
  const total = Number(await page.getByTestId('spike-total').textContent());
  await expect(page.getByTestId('stream-spikes')).toHaveText(String(total));
  // Opening another model ends the stream with the old run's spikes in it.
  await page.getByTestId('model').selectOption('single-neuron');
  await expect(page.getByTestId('stream-start')).toBeVisible();
  await expect(page.getByTestId('stream-download')).toHaveCount(0); // a picked file is already on disk
  const text = await page.evaluate(async () =>
    (await (await (await navigator.storage.getDirectory()).getFileHandle('picked-cuba-spikes-stream.csv')).getFile()).text(),
  );
  const streamed = rows(text);
  expect(streamed.length).toBe(total);
  expect(streamed.some(([, t]) => t < 100)).toBe(true);
  expect(streamed.some(([, t]) => t >= 100)).toBe(true);
});

test('a stream whose disk fills says so and stops; the run and its in-memory recording go on', async ({ page }) => {
  // A file whose every write fails as a full disk's would.
  await page.addInitScript(() => {
    (window as unknown as { showSaveFilePicker: unknown }).showSaveFilePicker = async () => ({
      name: 'full.csv',
      createWritable: async () => ({
        write: async () => {
          throw new DOMException('The disk is full', 'QuotaExceededError');
        },
        close: async () => {},
      }),
    });
  });
  await page.goto('/?model=cuba');
  await page.getByTestId('stream-start').click();
  await runUntil(page, 50);
  await expect(page.getByTestId('error')).toContainText('Streaming to full.csv stopped: The disk is full.');
  await expect(page.getByTestId('stream-start')).toBeVisible();
  await runUntil(page, 100);
  const total = Number(await page.getByTestId('spike-total').textContent());
  const downloads = [page.waitForEvent('download'), page.waitForEvent('download', (d) => d.suggestedFilename().includes('populations'))];
  await page.getByTestId('export-csv').click();
  expect(rows(readFileSync((await (await downloads[0]).path())!, 'utf8')).length).toBe(total);
  // The export's second file (the population table) must have come too: a wait left pending fails the test when it ends.
  expect((await downloads[1]).suggestedFilename()).toContain('populations');
});
