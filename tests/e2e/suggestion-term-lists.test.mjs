// Several term lists and pattern files at once, as a user: a TSV term list
// and a Prodigy patterns file both propose, the longest match wins across
// them, each is turned off and on by itself, Remove forgets one and keeps
// the other, and all of it (the lists, which are off) survives a reload.
// Exported, each list is a file a teammate loads to the same suggestions.
// No request leaves the local server.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { download, openApp, requestsElsewhere, suggested, useApp, waitForDocument } from './harness.mjs';

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
    ['Terms of places.tsv (2) Export Remove', 'Terms of events.jsonl (2) Export Remove']);
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

test('term lists and pattern files are exported with their labels and a teammate loads them to the same suggestions', async () => {
  const mine = await openApp(app);
  const elsewhere = requestsElsewhere(mine.page, app);
  const picker = (page) => page.getByLabel('Load terms or patterns…');
  // Plain terms (“Tehran”) take the label chosen when the list is loaded.
  await mine.page.getByLabel('Label of plain terms').selectOption('claim');
  await picker(mine.page).setInputFiles(PLACES);
  await mine.page.getByRole('status').filter({ hasText: 'Loaded 2 terms from places.tsv.' }).waitFor();
  await picker(mine.page).setInputFiles(EVENTS);
  await suggested(mine.page, 9);
  const proposed = async (page) => (await rows(page).evaluateAll((lis) => lis.map((li) => `${li.querySelector('.suggestion-text').textContent} ${li.querySelector('.suggestion-label').textContent}`))).sort();
  const before = await proposed(mine.page);
  assert.ok(before.includes('Tehran Claim'), before.join('; '));

  const places = await download(mine.page, 'Export places.tsv');
  assert.equal(places.name, 'places.tsv');
  assert.equal(places.text, 'Tirana\tactor\nTehran\tclaim\n', 'every line names its label');
  const events = await download(mine.page, 'Export events.jsonl');
  assert.equal(events.name, 'events.jsonl');
  assert.equal(events.text, EVENTS.buffer.toString('utf8'));
  await mine.page.getByRole('status').filter({ hasText: 'events.jsonl was saved as events.jsonl (2 entries).' }).waitFor();
  assert.deepEqual(mine.page.errors, []);
  await mine.context.close();

  // A teammate, another label chosen for plain terms: the same suggestions.
  const theirs = await openApp(app);
  requestsElsewhere(theirs.page, app, elsewhere);
  await theirs.page.getByLabel('Label of plain terms').selectOption('event');
  for (const file of [places, events]) {
    await picker(theirs.page).setInputFiles({ name: file.name, mimeType: 'text/plain', buffer: Buffer.from(file.text) });
    await theirs.page.getByRole('status').filter({ hasText: `Loaded 2 terms from ${file.name}.` }).waitFor();
  }
  await suggested(theirs.page, 9);
  assert.deepEqual(await proposed(theirs.page), before);

  assert.deepEqual(elsewhere, [], 'no request beyond the local server');
  assert.deepEqual(theirs.page.errors, []);
  await theirs.context.close();
});
