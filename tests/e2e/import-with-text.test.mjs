// A W3C Web Annotation file from another tool names its text by URL and does
// not carry it: chosen alone it is refused, saying so; chosen together with
// its text file it imports onto that text, links and document labels kept.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { exportJson, importFiles, openApp, saved, useApp } from './harness.mjs';

const app = useApp();
const fixtures = new URL('../../crates/scholia-core/tests/fixtures/w3c/', import.meta.url);
const report = (page) => page.getByRole('dialog', { name: /^Import/ });

test('a W3C file without its text imports when its text file is chosen with it', async () => {
  const { page, context } = await openApp(app);
  const annotations = { name: 'letters.jsonld', mimeType: 'application/ld+json', buffer: await readFile(new URL('every_feature.jsonld', fixtures)) };
  const text = { name: 'letter.txt', mimeType: 'text/plain', buffer: await readFile(new URL('every_feature.txt', fixtures)) };

  // Alone: refused, naming what is missing.
  await importFiles(page, [annotations]);
  await report(page).getByText(/does not carry the document's text/).waitFor();
  await report(page).getByRole('button', { name: 'Cancel' }).click();
  await report(page).waitFor({ state: 'detached' });

  // With its text: read onto it.
  await importFiles(page, [annotations, text]);
  await report(page).getByRole('button', { name: 'Add 1 document' }).click();
  await page.getByRole('status').filter({ hasText: /^Imported/ }).waitFor();
  await page.getByRole('heading', { name: 'Letters' }).waitFor();
  await saved(page);
  const file = await exportJson(page);
  assert.equal(file.document.text, text.buffer.toString('utf8'));
  const ada = file.annotations.find((a) => a.fragments[0].quote === 'Ada 😀 Lovelace' && a.label === 'PERSON');
  assert.equal(ada.entity, 'http://www.wikidata.org/entity/Q7259');
  // (the library keeps no knowledge base yet: the file names the entity by its id)
  assert.deepEqual(file.entities.map((e) => e.id), ['http://www.wikidata.org/entity/Q7259']);
  assert.deepEqual(file.documentLabels.map((l) => [l.layer, l.set, [...l.values].sort()]),
    [['dora', 'document', ['19th century', 'correspondence']]]);
  await context.close();
});
