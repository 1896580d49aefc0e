// Several term lists and pattern files at once, as a user: a TSV term list
// and a Prodigy patterns file both propose, the longest match wins across
// them, each is turned off and on by itself, Remove forgets one and keeps
// the other, and all of it (the lists, which are off) survives a reload.
// No request leaves the local server.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openApp, requestsElsewhere, suggested, useApp, waitForDocument } from './harness.mjs';

const app = useApp();
const rows = (page) => page.locator('.suggestion-list li');
const PLACES = { name: 'places.tsv', mimeType: 'text/tab-separated-values', buffer: Buffer.from('Tirana\tactor\nTehran\n', 'utf8') };
const EVENTS = {
  name: 'events.jsonl',
  mimeType: 'application/jsonl',
  buffer: Buffer.from('{"label": "event", "pattern": [{"LOWER": "cyberattack"}]}\n{"label": "event", "pattern": "Tirana International Airport"}\n', 'utf8'),
};

test('a term list and a patterns file propose together, the longest wins across them, one is removed, and both survive a reload', async () => {
  const { page, context } = await openApp(app);
  const elsewhere = requestsElsewhere(page, app);
  const panel = page.getByRole('region', { name: 'Suggestions' });
  const picker = page.getByLabel('Load terms or patterns…');
  const lists = panel.getByRole('list', { name: 'Term lists and pattern files' });

  // The seed: six whole-word “Tirana”s and one “Tehran”.
  await picker.setInputFiles(PLACES);
  await page.getByRole('status').filter({ hasText: 'Loaded 2 terms from places.tsv.' }).waitFor();
  await suggested(page, 7);
  // The second keeps the first: 2 cyberattacks, and “Tirana International
  // Airport” in place of the term list's “Tirana” inside it.
  await picker.setInputFiles(EVENTS);
  await page.getByRole('status').filter({ hasText: 'Loaded 2 terms from events.jsonl.' }).waitFor();
  await suggested(page, 9);
  assert.deepEqual(await lists.getByRole('listitem').allInnerTexts().then((t) => t.map((s) => s.replace(/\s+/g, ' ').trim())),
    ['Terms of places.tsv (2) Remove', 'Terms of events.jsonl (2) Remove']);
  const texts = await rows(page).locator('.suggestion-text').allTextContents();
  assert.equal(texts.filter((t) => t === 'Tirana').length, 5);
  assert.equal(texts.filter((t) => t === 'cyberattack').length, 2);
  const airport = rows(page).filter({ hasText: 'Tirana International Airport' });
  assert.equal(await airport.locator('.suggestion-label').textContent(), 'Event');
  assert.deepEqual([...new Set(await rows(page).locator('.suggestion-source').allTextContents())], ['terms']);

  // Each on or off by itself.
  await lists.getByLabel('Terms of places.tsv (2)').uncheck();
  await suggested(page, 3);
  await lists.getByLabel('Terms of events.jsonl (2)').uncheck();
  await suggested(page, 0);
  await lists.getByLabel('Terms of events.jsonl (2)').check();
  await suggested(page, 3);

  // After a reload: both, places.tsv still off.
  await page.reload();
  await waitForDocument(page);
  await lists.getByLabel('Terms of events.jsonl (2)').waitFor();
  assert.equal(await lists.getByLabel('Terms of places.tsv (2)').isChecked(), false);
  assert.equal(await lists.getByLabel('Terms of events.jsonl (2)').isChecked(), true);
  await suggested(page, 3);
  await lists.getByLabel('Terms of places.tsv (2)').check();
  await suggested(page, 9);

  // Remove one: the other stays, across a reload too.
  await lists.getByRole('button', { name: 'Remove events.jsonl' }).click();
  await page.getByRole('status').filter({ hasText: 'events.jsonl no longer proposes terms.' }).waitFor();
  await suggested(page, 7);
  await page.reload();
  await waitForDocument(page);
  await lists.getByLabel('Terms of places.tsv (2)').waitFor();
  await suggested(page, 7);
  assert.equal(await lists.getByRole('listitem').count(), 1);
  assert.deepEqual([...new Set(await rows(page).locator('.suggestion-text').allTextContents())].sort(), ['Tehran', 'Tirana']);

  assert.deepEqual(elsewhere, [], 'no request beyond the local server');
  assert.deepEqual(page.errors, []);
  await context.close();
});
