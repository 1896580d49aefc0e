// Repeats across the library: a mention tagged in one document proposes
// its occurrences in another when that one is opened; no request leaves
// the local server.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';

import { importFiles, libraryItems, listed, openApp, requestsElsewhere, saved, suggested, tagText, useApp } from './harness.mjs';

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

/** A Scholia file of one document, its annotations given as [label, quote]. */
function scholiaFile(id, text, tagged) {
  const file = {
    format: 'scholia', version: 1,
    document: { id, title: text.split('\n')[0], text, length: [...text].length, sha256: createHash('sha256').update(text).digest('hex') },
    scheme: { labels: [{ id: 'actor', name: 'Actor', color: '#1f77b4', hotkey: 'a' }, { id: 'event', name: 'Event', color: '#ff7f0e', hotkey: 'e' }] },
    annotations: tagged.map(([label, quote], i) => {
      const start = [...text.slice(0, text.indexOf(quote))].length;
      return { id: `t${i}`, layer: 'bob', label, fragments: [{ start, end: start + [...quote].length, quote }], created: '2026-01-01T00:00:00Z', modified: '2026-01-01T00:00:00Z' };
    }),
  };
  return { name: `${id}.scholia.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) };
}

test('the mentions of the documents stored before and after the open one (by id) are proposed, not its own', async () => {
  const { page, context } = await openApp(app);
  // The library is read on each side of the open document's id: one
  // document sorts before it, one after.
  await importFiles(page, [
    scholiaFile('0-first', 'Zorblat spoke first.', [['actor', 'Zorblat']]),
    scholiaFile('zz-last', 'Then came the Quixel 🎉 summit.', [['event', 'Quixel 🎉']]),
  ]);
  await libraryItems(page).nth(2).waitFor();
  await saved(page);
  await importFiles(page, [scholiaFile('m-middle', 'Zorblat and Vexon went to the Quixel 🎉 talks; Vexon left.', [['actor', 'Vexon']])]);
  await page.getByRole('heading', { name: 'Zorblat and Vexon went to the Quixel 🎉 talks; Vexon left.' }).waitFor();
  await listed(page, 1);
  // Zorblat from the first, Quixel from the last, and the second Vexon from
  // the open document's own tagging (found in the document, not in storage).
  await suggested(page, 3);
  const rows = page.locator('.suggestion-list li');
  assert.deepEqual(await rows.locator('.suggestion-text').allTextContents(), ['Zorblat', 'Quixel 🎉', 'Vexon']);
  assert.deepEqual(await rows.locator('.suggestion-label').allTextContents(), ['Actor', 'Event', 'Actor']);
  assert.deepEqual(page.errors, []);
  await context.close();
});
