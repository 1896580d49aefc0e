// Scholia's own file imported as suggestions, as two teammates would: one
// annotates a text and exports it; the other opens the same text in another
// browser, imports the export from the Suggestions section as suggestions
// (the import report says so, and adds no annotation), accepts two by
// keyboard and exports: exactly those two, at the first one's offsets.
// No request leaves the local server.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { dragSelect, exportJson, importFiles, libraryItems, listed, openApp, requestsElsewhere, saved, suggested, useApp, waitForDocument } from './harness.mjs';

const app = useApp();
const rows = (page) => page.locator('.suggestion-list li');
const TEXT = 'Rama met Basha in Tirana 👩‍👩‍👧 on Monday.\r\nThen Basha left for Durrës 🇦🇱 with Rama.\r\n';
const story = { name: 'story.txt', mimeType: 'text/plain', buffer: Buffer.from(TEXT, 'utf8') };
const spans = (file) => file.annotations
  .map((a) => [a.label, a.fragments.map((f) => [f.start, f.end, f.quote])])
  .sort((a, b) => a[1][0][0] - b[1][0][0]);

test("a Scholia export imported as suggestions in another browser: accept two by keyboard, the export has those two at the same offsets", async () => {
  // The first teammate annotates three spans and exports.
  const first = await openApp(app);
  const elsewhere = requestsElsewhere(first.page, app);
  await importFiles(first.page, [story]);
  await first.page.getByRole('heading', { name: 'Rama met Basha in Tirana 👩‍👩‍👧 on Monday.' }).waitFor();
  await dragSelect(first.page, 'Tirana 👩‍👩‍👧');
  await first.page.keyboard.press('a');
  await dragSelect(first.page, 'Monday');
  await first.page.keyboard.press('e');
  await dragSelect(first.page, 'Durrës 🇦🇱');
  await first.page.keyboard.press('a');
  await listed(first.page, 3);
  await saved(first.page);
  const [download] = await Promise.all([
    first.page.waitForEvent('download'),
    first.page.getByRole('button', { name: 'Export JSON', exact: true }).click(),
  ]);
  const exported = { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
  assert.match(exported.name, /\.scholia\.json$/);
  const theirs = spans(JSON.parse(exported.text));
  assert.deepEqual(theirs.map(([label, f]) => [label, f[0][2]]), [['actor', 'Tirana 👩‍👩‍👧'], ['event', 'Monday'], ['actor', 'Durrës 🇦🇱']]);
  assert.deepEqual(first.page.errors, []);
  await first.context.close();

  // The second opens the same text in a browser of their own.
  const { page, context } = await openApp(app);
  elsewhere.push(...requestsElsewhere(page, app));
  await importFiles(page, [story]);
  await page.getByRole('heading', { name: 'Rama met Basha in Tirana 👩‍👩‍👧 on Monday.' }).waitFor();
  await waitForDocument(page);
  const panel = page.getByRole('region', { name: 'Suggestions' });
  // Repeats of what is accepted would join the list: off, to follow only the file's.
  await panel.getByLabel('Repeats of tagged mentions').uncheck();
  await panel.getByLabel('Import suggestions from a file…').setInputFiles({ name: exported.name, mimeType: 'application/json', buffer: Buffer.from(exported.text, 'utf8') });
  const report = page.getByRole('dialog', { name: /^Import/ });
  await report.getByText('1 document, 0 annotations and 0 relations can be added, with 3 suggestions.').waitFor();
  assert.equal(await report.getByLabel('Import as suggestions').isChecked(), true);
  await report.getByRole('button', { name: 'Add 1 document' }).click();
  // The text is already here: it takes them, and no document is added.
  await page.getByRole('status').filter({ hasText: 'is already here; it is now open. 3 suggestions proposed in Suggestions.' }).waitFor();
  await suggested(page, 3);
  await listed(page, 0);
  assert.equal(await libraryItems(page).count(), 2, 'the seed and the story, nothing more');
  assert.deepEqual(await rows(page).locator('.suggestion-text').allTextContents(), ['Tirana 👩‍👩‍👧', 'Monday', 'Durrës 🇦🇱']);
  assert.deepEqual(await rows(page).locator('.suggestion-source').allTextContents(), ['predictions', 'predictions', 'predictions']);
  assert.deepEqual(await rows(page).locator('.suggestion-confidence').allTextContents(), ['100%', '100%', '100%']);

  // Accept the first two by keyboard.
  await page.locator('article[aria-label="Document"]').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Escape');
  await page.keyboard.press('.');
  await page.keyboard.press(';');
  await listed(page, 1);
  // An accept steps on to the next one.
  await page.keyboard.press(';');
  await listed(page, 2);
  await suggested(page, 1);
  await saved(page);

  // Only the accepted ones are annotations, at the first teammate's offsets.
  const ours = spans(await exportJson(page));
  assert.deepEqual(ours, theirs.slice(0, 2));
  assert.deepEqual(elsewhere, [], 'no request beyond the local server');
  assert.deepEqual(page.errors, []);
  await context.close();
});
