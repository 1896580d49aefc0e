// A term list loaded in the Suggestions section is kept across reloads
// (in the settings store), and its Remove button forgets it, also across
// reloads; no request leaves the local server.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openApp, requestsElsewhere, suggested, useApp, waitForDocument } from './harness.mjs';

const app = useApp();

test('a term list survives a reload, and Remove forgets it for good', async () => {
  const { page, context } = await openApp(app);
  const elsewhere = requestsElsewhere(page, app);
  const panel = page.getByRole('region', { name: 'Suggestions' });
  await page.getByLabel('Load terms or patterns…').setInputFiles({ name: 'places.tsv', mimeType: 'text/tab-separated-values', buffer: Buffer.from('Tirana\tactor\nTehran\n', 'utf8') });
  await page.getByRole('status').filter({ hasText: 'Loaded 2 terms from places.tsv.' }).waitFor();
  await suggested(page, 7);

  await page.reload();
  await waitForDocument(page);
  await panel.getByLabel('Terms of places.tsv (2)').waitFor();
  await suggested(page, 7);
  assert.deepEqual([...new Set(await page.locator('.suggestion-list .suggestion-source').allTextContents())], ['terms']);

  await panel.getByRole('button', { name: 'Remove places.tsv' }).click();
  await suggested(page, 0);
  await page.getByRole('status').filter({ hasText: 'places.tsv no longer proposes terms.' }).waitFor();
  await page.reload();
  await waitForDocument(page);
  await panel.getByText('0 suggestions').waitFor();
  assert.equal(await panel.getByLabel('Terms of places.tsv (2)').count(), 0);

  assert.deepEqual(elsewhere, [], 'no request beyond the local server');
  assert.deepEqual(page.errors, []);
  await context.close();
});
