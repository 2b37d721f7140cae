import { expect, test } from '@playwright/test';

test('a user edge list and node table opened in the UI become a network', async ({ page }) => {
  await page.goto('/?model=single-neuron');
  await expect(page.getByTestId('play')).toBeEnabled();
  await page.getByTestId('connectome-menu').click();
  // 300 synapses × 0.05 nA: each spike drives the next neuron over threshold
  const edges = 'source\ttarget\tweight\nrecA\tint1\t300\nrecB\tint1\t300\nint1\tmot1\t300\nint1\tmot2\t300\n';
  const nodes = 'name,cell_type,side\nrecA,sensory,L\nrecB,sensory,R\nint1,inter,L\nmot1,motor,L\nmot2,motor,R\n';
  await page.getByTestId('edges-file').setInputFiles({ name: 'tiny.tsv', mimeType: 'text/plain', buffer: Buffer.from(edges) });
  await page.getByTestId('nodes-file').setInputFiles({ name: 'tiny-nodes.csv', mimeType: 'text/plain', buffer: Buffer.from(nodes) });
  await page.getByTestId('import-inh-types').fill('motor'); // a sign rule: motor neurons inhibit (they have no outputs here)
  await page.getByTestId('import-build').click();
  await expect(page.getByTestId('model')).toHaveValue('tiny');
  await expect(page.getByTestId('pop-neurons-size')).toHaveValue('5');
  await expect(page.getByText('4 synapses with their own weights')).toBeVisible();
  // drive the sensory neurons: the signal crosses two synapses to the motor neurons
  await page.getByTestId('sel-celltype').selectOption('sensory');
  await expect(page.getByTestId('sel-count')).toHaveText('2');
  await page.getByTestId('drive-amplitude').fill('2');
  await page.getByTestId('drive-amplitude').dispatchEvent('change');
  await page.getByTestId('drive').click();
  await page.getByTestId('until').fill('60');
  await page.getByTestId('until').dispatchEvent('change');
  await page.getByTestId('run-until').click();
  await expect(page.getByTestId('sim-time')).toHaveText('60.0');
  const motor = await page.getByTestId('response-motor').locator('td').allTextContents();
  const sensory = await page.getByTestId('response-sensory').locator('td').allTextContents();
  expect(Number(motor[2])).toBeGreaterThan(Number(sensory[2]));
});

test('a malformed edge list names file, line and column; a 10⁶-edge list loads in a worker with a progress bar while the page runs', async ({
  page,
}) => {
  await page.goto('/?model=cuba');
  await expect(page.getByTestId('play')).toBeEnabled();
  await page.getByTestId('connectome-menu').click();
  await page
    .getByTestId('edges-file')
    .setInputFiles({ name: 'bad.csv', mimeType: 'text/plain', buffer: Buffer.from('pre,post,synapses\na,b,1\na,c,many\n') });
  await page.getByTestId('import-build').click();
  await expect(page.getByTestId('error')).toContainText('bad.csv:3:5: expected a number (weight or synapse count), found "many"');
  await expect(page.getByTestId('error')).toContainText('cuba keeps running');

  const rows: string[] = ['pre,post,synapses'];
  for (let k = 0; k < 1_000_000; k++) rows.push(`${(k * 7919) % 20000},${(k * 104729 + 13) % 20000},1`);
  await page.getByTestId('edges-file').setInputFiles({ name: 'million.csv', mimeType: 'text/plain', buffer: Buffer.from(rows.join('\n')) });
  await page.getByTestId('speed').selectOption('10');
  await page.getByTestId('play').click();
  await page.getByTestId('import-build').click();
  await expect(page.getByTestId('import-progress')).toBeVisible();
  const t = Number(await page.getByTestId('sim-time').textContent());
  await expect.poll(async () => Number(await page.getByTestId('sim-time').textContent())).toBeGreaterThan(t); // the page keeps running
  await expect(page.getByTestId('model')).toHaveValue('million', { timeout: 180_000 });
  await expect(page.getByTestId('pop-neurons-size')).toHaveValue('20000');
});
