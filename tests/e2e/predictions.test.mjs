// Someone else's predictions as suggestions, as a user: a Label Studio
// export's `predictions` come in with their scores, listed as the
// "predictions" source, filtered by the minimum confidence, accepted by
// keyboard; any file can be imported "as suggestions" instead of as
// annotations, onto the document already in the library with its text; and
// no request leaves the local server.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { exportJson, importFiles, labelled, libraryItems, listed, openApp, requestsElsewhere, saved, suggested, useApp, waitForDocument } from './harness.mjs';

const app = useApp();
const report = (page) => page.getByRole('dialog', { name: /^Import/ });
const rows = (page) => page.locator('.suggestion-list li');
const json = (name, value) => ({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(value)) });

const TEXT = 'Rama met Basha in Tirana 😀 and then Basha left Durrës.';
const region = (word, label, score, nth = 0) => {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = TEXT.indexOf(word, at + 1);
  const start = [...TEXT.slice(0, at)].length;
  const value = { start, end: start + [...word].length, text: word, labels: [label] };
  return { id: `${word}${nth}`, type: 'labels', from_name: 'label', to_name: 'text', value, ...(score === undefined ? {} : { score }) };
};

test('Label Studio predictions come in as suggestions with their scores, filtered by confidence, accepted by keyboard, and kept across a reload', async () => {
  const { page, context } = await openApp(app);
  const elsewhere = requestsElsewhere(page, app);
  const tasks = [{
    data: { text: TEXT },
    annotations: [],
    predictions: [{ model_version: 'ner-v1', score: 0.6, result: [
      region('Rama', 'PER', 0.9),
      region('Tirana', 'LOC'),
      region('Durrës', 'LOC', 0.35),
    ] }],
  }];
  await importFiles(page, [json('predicted.json', tasks)]);
  await report(page).waitFor();
  await report(page).getByText('1 document, 0 annotations and 0 relations can be added, with 3 suggestions.').waitFor();
  await report(page).getByRole('button', { name: 'Add 1 document' }).click();
  await page.getByRole('status').filter({ hasText: 'Imported 1 document from predicted.json. 3 suggestions proposed in Suggestions.' }).waitFor();
  await waitForDocument(page);
  await suggested(page, 3);
  const panel = page.getByRole('region', { name: 'Suggestions' });
  await panel.getByLabel('Imported predictions (3)').waitFor();
  assert.deepEqual(await rows(page).locator('.suggestion-text').allTextContents(), ['Rama', 'Tirana', 'Durrës']);
  assert.deepEqual(await rows(page).locator('.suggestion-source').allTextContents(), ['predictions', 'predictions', 'predictions']);
  // The result's own score, else the prediction's.
  assert.deepEqual(await rows(page).locator('.suggestion-confidence').allTextContents(), ['90%', '60%', '35%']);
  if (process.env.PREDICTIONS_SCREENSHOT) await page.screenshot({ path: process.env.PREDICTIONS_SCREENSHOT });

  // From 50 %, Durrës is not proposed.
  await panel.getByLabel('Minimum confidence, percent').fill('50');
  await panel.getByLabel('Minimum confidence, percent').press('Enter');
  await suggested(page, 2);
  // Accept the first by keyboard: an annotation of PER over Rama.
  await page.locator('article[aria-label="Document"]').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Escape');
  await page.keyboard.press('.');
  await page.keyboard.press(';');
  await listed(page, 1);
  await suggested(page, 1);
  await saved(page);

  // After a reload the predictions are still there (the accepted one decided).
  await page.reload();
  await waitForDocument(page);
  await page.getByRole('navigation', { name: 'Library' }).getByRole('button', { name: /^Rama met Basha/ }).click();
  await listed(page, 1);
  await panel.getByLabel('Imported predictions (3)').waitFor();
  await panel.getByLabel('Minimum confidence, percent').fill('0');
  await panel.getByLabel('Minimum confidence, percent').press('Enter');
  await suggested(page, 2);
  assert.deepEqual(await rows(page).locator('.suggestion-text').allTextContents(), ['Tirana', 'Durrës']);
  // Off, they are not proposed.
  await panel.getByLabel('Imported predictions (3)').uncheck();
  await suggested(page, 0);

  const file = await exportJson(page);
  assert.deepEqual(labelled(file), [['PER', 'Rama']]);
  assert.deepEqual(elsewhere, [], 'no request beyond the local server');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a doccano file imported as suggestions proposes its spans on the document with its text, and adds no annotation', async () => {
  const { page, context } = await openApp(app);
  const elsewhere = requestsElsewhere(page, app);
  await waitForDocument(page);
  const text = (await exportJson(page)).document.text;
  const at = (word) => [...text.slice(0, text.indexOf(word))].length;
  const span = (word, label) => [at(word), at(word) + [...word].length, label];
  const records = [{ text, label: [span('Tirana', 'actor'), span('Tehran', 'actor')] }];
  await importFiles(page, [{ name: 'teammate.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(records.map((r) => JSON.stringify(r)).join('\n') + '\n') }]);
  await report(page).waitFor();
  await report(page).getByText('1 document, 2 annotations and 0 relations can be added.').waitFor();
  // As suggestions: read again, the spans are suggestions.
  await report(page).getByLabel('Import as suggestions').check();
  await report(page).getByText('1 document, 0 annotations and 0 relations can be added, with 2 suggestions.').waitFor();
  await page.waitForFunction(() => !document.querySelector('.import-again'));
  await report(page).getByRole('button', { name: 'Add 1 document' }).click();
  // The seed has that text: it takes them, no document is added.
  await page.getByRole('status').filter({ hasText: 'is already here; it is now open. 2 suggestions proposed in Suggestions.' }).waitFor();
  await suggested(page, 2);
  assert.deepEqual(await rows(page).locator('.suggestion-text').allTextContents(), ['Tirana', 'Tehran']);
  assert.deepEqual(await rows(page).locator('.suggestion-confidence').allTextContents(), ['100%', '100%']);
  await listed(page, 0);
  assert.equal(await libraryItems(page).count(), 1, 'no document was added');

  assert.deepEqual(elsewhere, [], 'no request beyond the local server');
  assert.deepEqual(page.errors, []);
  await context.close();
});
