import { test, expect, type Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';

/** axe-core's serious and critical violations on the page as it is now (open shadow roots included). */
async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 4)
          .join(' | ')}`,
    );
}

const PAGES: [string, string, string][] = [
  ['the start page', '/', 'start-lab'],
  ['the lab with CUBA', '/?model=cuba', 'play'],
  ['the lab with the C. elegans connectome', '/?model=celegans', 'play'],
  ['the lab with oscillators', '/?model=kuramoto-two', 'play'],
  ['the lessons', '/?page=lessons', 'lesson-open-one-neuron'],
  ['a lesson step', '/?lesson=one-neuron&step=2', 'lesson-step-title'],
  ["a lesson step with a theory map (Brunel's g–η plane)", '/?backend=cpu&lesson=brunel-states', 'brunel-point-D'],
  ['a lesson step with oscillators and a theory curve', '/?backend=cpu&lesson=synchronisation&step=2', 'coupling-K-0'],
  ['a lesson step on a connectome, with its Try this', '/?lesson=a-real-brain', 'try-this'],
  ['a lesson step with a gap-junction pair and its coupling curve', '/?lesson=gap-junctions&step=2', 'proj-0-weight'],
  ['a lesson step on the continual-learning page', '/?backend=cpu&lesson=forgetting', 'cl-train'],
  ['continual learning', '/?page=continual', 'cl-dataset'],
  ['the assembly calculus', '/?page=assemblies', 'page-assemblies'],
  ['the embedding page', '/embed.html', ''],
];

for (const [what, url, ready] of PAGES)
  test(`axe-core finds no serious or critical violation on ${what}`, async ({ page }) => {
    await page.goto(url);
    if (!ready) await expect(page.locator('#demo-lesson').getByTestId('lesson-step-title')).toBeVisible();
    else if (ready === 'play')
      await expect(page.getByTestId('play')).toBeEnabled(); // the model is built and its views drawn
    else await expect(page.getByTestId(ready).first()).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

test('the run controls are reached and worked by keyboard alone', async ({ page }) => {
  await page.goto('/?model=single-neuron');
  await expect(page.getByTestId('play')).toBeEnabled();
  // Tab from the top of the page until Play has the focus.
  let reached = false;
  for (let k = 0; k < 40 && !reached; k++) {
    await page.keyboard.press('Tab');
    reached = await page.getByTestId('play').evaluate((el) => el.matches(':focus'));
  }
  expect(reached).toBe(true);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('state')).toHaveText('running');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('state')).toHaveText('paused');
  // The panel divider moves with the arrow keys.
  const aside = page.locator('aside');
  const before = (await aside.boundingBox())!.width;
  await page.getByTestId('workspace').locator('[part~="divider"]').first().focus();
  for (let k = 0; k < 5; k++) await page.keyboard.press('ArrowLeft');
  await expect.poll(async () => (await aside.boundingBox())!.width).toBeGreaterThan(before + 20);
});

for (const [what, url, ready] of PAGES.slice(0, 2))
  test(`axe-core finds no serious or critical violation on ${what} in the dark theme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(url);
    await expect(page.getByTestId(ready)).toBeEnabled();
    await expect(page.locator('html')).toHaveClass(/wa-dark/);
    expect(await seriousViolations(page)).toEqual([]);
  });
