import { test, expect } from '@playwright/test';
import { colouredPixels } from './helpers';

test('the embedding page runs <luciole-sim> and walks a <luciole-lesson>, from the library build loaded by one script tag', async ({
  page,
}) => {
  await page.goto('/embed.html');
  expect(await page.locator('script[src$="lib/luciole.js"]').count()).toBe(1);
  // The network plays by itself (autoplay) and its raster fills with E (orange) and I (blue) spikes.
  const sim = page.locator('#demo-sim');
  await expect.poll(async () => Number(await sim.getByTestId('sim-time').textContent()), { timeout: 0 }).toBeGreaterThan(30);
  await expect(sim.getByTestId('rate-E')).not.toHaveText('0.0');
  const { orange, blue } = colouredPixels(await sim.locator('spike-raster').screenshot());
  expect(orange).toBeGreaterThan(100);
  expect(blue).toBeGreaterThan(20);

  // The lesson's first step: set up, pointing at "Run until"; run, answer, get the closed-form feedback.
  const lesson = page.locator('#demo-lesson');
  await expect(lesson.getByTestId('lesson-step-title')).toHaveText('A leaky membrane');
  await expect(lesson.getByTestId('run-until')).toHaveAttribute('data-lesson-point', '');
  await lesson.getByTestId('until').fill('200');
  await lesson.getByTestId('until').dispatchEvent('change');
  await lesson.getByTestId('run-until').click();
  await expect(lesson.getByTestId('sim-time')).toHaveText('200.0');
  await expect(lesson.getByTestId('state')).toHaveText('paused');
  await lesson.getByTestId('lesson-option-1').check();
  await lesson.getByTestId('lesson-check').click();
  await expect(lesson.getByTestId('lesson-feedback')).toContainText('V∞ = −60 + 20 × 0.3 = -54 mV');
  await lesson.getByTestId('lesson-next').click();
  await expect(lesson.getByTestId('lesson-step-title')).toHaveText('The rheobase');
  await expect(lesson.getByTestId('stim-0-amplitude')).toHaveAttribute('data-lesson-point', '');
});

test('<luciole-lesson> reads a lesson file from a URL, and a malformed one names its line and field', async ({ page }) => {
  const good = [
    '---',
    'id: my-lesson',
    'title: A textbook lesson',
    'summary: One step.',
    '---',
    '',
    '## Make it fire',
    '',
    'Raise the current.',
    '',
    '```step',
    '{ "model": "single-neuron", "point": "stim-0-amplitude", "task": "Raise the current.", "check": { "kind": "spikes", "population": "neuron", "min": 1 }, "pass": "It fires." }',
    '```',
  ].join('\n');
  await page.route('**/textbook/good.md', (r) => r.fulfill({ body: good, contentType: 'text/markdown' }));
  await page.route('**/textbook/bad.md', (r) =>
    r.fulfill({ body: good.replace('"min": 1', '"min": "one"'), contentType: 'text/markdown' }),
  );
  await page.goto('/embed.html');
  await page.evaluate(() => {
    for (const name of ['good', 'bad']) {
      const el = document.createElement('luciole-lesson') as HTMLElement & { src: string };
      el.id = name;
      el.src = `textbook/${name}.md`;
      el.setAttribute('backend', 'cpu');
      document.body.append(el);
    }
  });
  await expect(page.locator('#good').getByTestId('lesson-step-title')).toHaveText('Make it fire');
  await expect(page.locator('#good').getByTestId('stim-0-amplitude')).toHaveAttribute('data-lesson-point', '');
  const error = page.locator('#bad').getByTestId('lesson-error');
  await expect(error).toContainText('bad.md');
  await expect(error).toContainText('line 12');
  await expect(error).toContainText('check.min');
});
