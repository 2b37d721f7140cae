import { expect, test } from '@playwright/test';
import { runUntil, setField } from './helpers';

test('the lab explains itself: human model names, tooltips with units, what changed, a rate readout over its true window, and g', async ({
  page,
}) => {
  await page.goto('/?model=cuba');
  await expect(page.getByTestId('play')).toBeEnabled();
  await expect(page.getByTestId('model').locator('option:checked')).toHaveText('CUBA benchmark: 4,000 current-based LIF neurons');
  await expect(page.getByTestId('pop-E-tau_m')).toHaveAttribute('aria-label', 'tau_m: membrane time constant, in ms');
  await expect(page.getByTestId('export-npz')).toHaveText('Spikes NPZ (s)');
  await expect(page.getByTestId('export-csv')).toHaveText('Spikes CSV (ms)');

  // One control for inhibition: g = 0.45 / 0.081; g = 8 sets IE and II to -8 × 0.081 nA.
  await expect(page.getByTestId('relative-inhibition')).toHaveValue('5.55556');
  await setField(page, 'relative-inhibition', '8');
  const ie = page.getByTestId('proj-2-weight');
  await expect(ie).toHaveValue('-0.648');
  await expect(page.getByTestId('proj-3-weight')).toHaveValue('-0.648');
  await expect(page.getByTestId('model-changes')).toContainText('projections[IE].weight: -0.45 → -0.648');
  await expect(page.getByTestId('model-changes')).toContainText('projections[II].weight: -0.45 → -0.648');

  // Early in a run the readout says over how long its rate is.
  await runUntil(page, 100);
  await expect(page.getByTestId('rate-window')).toHaveText('(last 100 ms)');
  await runUntil(page, 700);
  await expect(page.getByTestId('rate-window')).toHaveText('(last 500 ms)');
});

test('a model that stays silent says why, and the hint goes once it fires', async ({ page }) => {
  await page.goto('/?model=single-neuron');
  await expect(page.getByTestId('play')).toBeEnabled();
  await setField(page, 'stim-0-amplitude', '0.2'); // V∞ = -60 + 20·0.2 = -56 mV, below -50 mV
  await runUntil(page, 250);
  await expect(page.getByTestId('silent-hint')).toContainText('No neuron has fired in 250 ms: its drive stays below threshold');
  await setField(page, 'stim-0-amplitude', '0.6');
  await runUntil(page, 400);
  await expect(page.getByTestId('spike-total')).not.toHaveText('0');
  await expect(page.getByTestId('silent-hint')).toHaveCount(0);

  // Choosing the CPU moves the running model there, with what it recorded.
  const spikes = await page.getByTestId('spike-total').textContent();
  await page.getByTestId('backend-choice').selectOption('cpu');
  await expect(page.getByTestId('notice')).toContainText('Continued on the CPU from t = 400.0 ms');
  await expect(page.getByTestId('backend')).toContainText('CPU');
  await expect(page.getByTestId('spike-total')).toHaveText(spikes!);
  await runUntil(page, 450);
  await expect(page.getByTestId('sim-time')).toHaveText('450.0');
});

test('a build that makes the user wait says so while it works', async ({ page }) => {
  // Every frame's busy text, read from the page as it is drawn.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { busySeen: string[] }).busySeen = seen;
    const poll = () => {
      const text = document.querySelector('luciole-app')?.shadowRoot?.querySelector('[data-testid=busy]')?.textContent?.trim();
      if (text && seen[seen.length - 1] !== text) seen.push(text);
      requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  });
  await page.goto('/?model=single-neuron');
  await expect(page.getByTestId('play')).toBeEnabled();
  await page.getByTestId('model').selectOption('brunel-ai');
  await expect(page.getByTestId('description')).toContainText('Brunel (2000)');
  await expect(page.getByTestId('busy')).toHaveText('');
  const seen = await page.evaluate(() => (window as unknown as { busySeen: string[] }).busySeen);
  expect(seen).toContain('Building brunel-ai…');
});
