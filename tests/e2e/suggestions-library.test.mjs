// Repeats across the library: a mention tagged in one document proposes
// its occurrences in another when that one is opened; no request leaves
// the local server.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { importFiles, listed, openApp, requestsElsewhere, saved, suggested, tagText, useApp } from './harness.mjs';

const app = useApp();

test('a mention tagged in one document proposes its repeats in another document when it opens', async () => {
  const { page, context } = await openApp(app);
  const elsewhere = requestsElsewhere(page, app);
  await tagText(page, 'Tirana', 'a');
  await saved(page);
  await importFiles(page, [{ name: 'other.txt', mimeType: 'text/plain', buffer: Buffer.from('Talks in Tirana\nThe envoy left Tirana, not Tiranas, for Tehran.\n') }]);
  await page.getByRole('heading', { name: 'Talks in Tirana' }).waitFor();
  await listed(page, 0);
  // Both whole-word “Tirana”s, as Actor, from the seed's tagging; not “Tiranas”.
  await suggested(page, 2);
  const rows = page.locator('.suggestion-list li');
  assert.deepEqual(await rows.locator('.suggestion-text').allTextContents(), ['Tirana', 'Tirana']);
  assert.deepEqual(await rows.locator('.suggestion-label').allTextContents(), ['Actor', 'Actor']);
  assert.deepEqual(await rows.locator('.suggestion-source').allTextContents(), ['repeats', 'repeats']);

  assert.deepEqual(elsewhere, [], 'no request beyond the local server');
  assert.deepEqual(page.errors, []);
  await context.close();
});
