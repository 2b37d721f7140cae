/**
 * Memory over a long run driven through the page's controller, headless: a 100-neuron E/I
 * network (opened as a file) runs SOAK_MS of simulated time (default one hour) at full speed
 * on the CPU backend, with a recording budget of 100,000 spikes in memory (and as many bytes of
 * state-recorder values) and every spike streamed to a file in the origin-private file system. Prints the JavaScript heap after a
 * forced garbage collection at the start, during the run, at the end, and at the end once the
 * stream is closed (its write queue, held to about 32 MiB of encoded bytes, is then empty), with the ratios.
 *
 *   npm run build && npx playwright test -c bench/memory/playwright.config.ts
 *   SOAK_MS=600000 … (ten simulated minutes)
 */
import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { randomNetwork } from '../../src/engine/testModels';

const SOAK_MS = Number(process.env.SOAK_MS ?? 3_600_000);
const BUDGET = 100_000;

test('memory stays bounded over a long run with the recording budget and streaming', async ({ page }) => {
  await page.addInitScript(() => delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker);
  await page.goto(`/?backend=cpu&record-budget=${BUDGET}`);
  const model = { ...randomNetwork(100, 3, SOAK_MS), name: 'soak' };
  model.stimuli = [
    { type: 'poisson', population: 'E', rateHz: 2500, weight: 0.3, receptor: 'excitatory' },
    { type: 'poisson', population: 'I', rateHz: 2500, weight: 0.3, receptor: 'excitatory' },
  ];
  await page
    .getByTestId('open-file')
    .setInputFiles({ name: 'soak.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(model)) });
  await expect(page.getByTestId('model')).toHaveValue('soak.json');
  await page.getByTestId('speed').selectOption('max');
  await page.getByTestId('stream-start').click();
  await expect(page.getByTestId('stream-status')).toContainText('origin-private file system');
  const cdp = await page.context().newCDPSession(page);
  let backing = NaN; // MiB of ArrayBuffer contents at the last heap()
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
    backing = (usage.backingStorageSize ?? NaN) / 2 ** 20;
    return usage.usedSize / 2 ** 20;
  };
  // The JS heap leaves out ArrayBuffer contents (the stream's queued bytes): the resident memory of
  // every Chromium process (Linux `ps`) counts them.
  const rss = () => {
    try {
      const kb = execFileSync('ps', ['-C', 'chromium,chrome,headless_shell', '-o', 'rss='], { encoding: 'utf8' });
      return kb.split('\n').reduce((a, x) => a + (Number(x) || 0), 0) / 1024;
    } catch {
      return NaN;
    }
  };
  const sim = async () => Number(await page.getByTestId('sim-time').textContent());
  const startHeap = await heap();
  const startRss = rss();
  const t0 = Date.now();
  await page.getByTestId('until').fill(String(SOAK_MS));
  await page.getByTestId('until').dispatchEvent('change');
  await page.getByTestId('run-until').click();
  for (let next = SOAK_MS / 6; ; next += SOAK_MS / 6) {
    await expect.poll(sim, { timeout: 0, intervals: [5000] }).toBeGreaterThanOrEqual(Math.min(next, SOAK_MS));
    const t = await sim();
    console.log(
      `t = ${(t / 1000).toFixed(0)} s simulated after ${((Date.now() - t0) / 1000).toFixed(0)} s: heap ${(await heap()).toFixed(1)} MiB + ${backing.toFixed(1)} MiB of ArrayBuffers, browser RSS ${rss().toFixed(0)} MiB, ` +
        `${await page.getByTestId('spike-total').textContent()} spikes, ${await page.getByTestId('stream-spikes').textContent()} streamed`,
    );
    if (t >= SOAK_MS) break;
  }
  await expect(page.getByTestId('state')).toHaveText('paused');
  const endHeap = await heap();
  const total = Number(await page.getByTestId('spike-total').textContent());
  await expect(page.getByTestId('stream-spikes')).toHaveText(String(total));
  await expect(page.getByTestId('recording-full')).toContainText('every spike still goes to the streamed file');
  // The model's state recorders (6 probes) fill the same budget in bytes: 200,000 values, 33,333 steps.
  await expect(page.getByTestId('state-recording-full')).toContainText('their traces stop at t = 3333.3 ms');
  // The stream's write queue holds up to 32 MiB before the loop waits for it: closed, only the run is left.
  await page.getByTestId('stream-stop').click();
  await expect(page.getByTestId('notice')).toContainText(`${total.toLocaleString('en-US')} spikes`);
  const closedHeap = await heap();
  const closedRss = rss();
  console.log(
    `${SOAK_MS / 1000} s simulated in ${((Date.now() - t0) / 1000).toFixed(0)} s wall; ${total.toLocaleString('en')} spikes ` +
      `(${BUDGET.toLocaleString('en')} kept in memory, all streamed); heap after GC: start ${startHeap.toFixed(1)} MiB, ` +
      `end ${endHeap.toFixed(1)} MiB (ratio ${(endHeap / startHeap).toFixed(2)}), end with the stream closed ${closedHeap.toFixed(1)} MiB ` +
      `(ratio ${(closedHeap / startHeap).toFixed(2)}); browser RSS start ${startRss.toFixed(0)} MiB, end with the stream closed ${closedRss.toFixed(0)} MiB`,
  );
});
