// The library: documents from pasted text, from files chosen or dropped
// several at once, from annotation files; switching, renaming, statuses,
// counts and last edits; the trash with undo; search across every
// document's text and annotations.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  annotationItems, dragSelect, importFiles, libraryItems, openApp, saved, settled, useApp, waitForDocument,
} from './harness.mjs';

const app = useApp();
const count = (page, n) => page.waitForFunction((n) => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length === n, n);
const library = (page) => page.getByRole('navigation', { name: 'Library' });
const item = (page, title) => libraryItems(page).filter({ has: page.getByRole('button', { name: title, exact: true }) });
const open = async (page, title) => {
  await item(page, title).getByRole('button', { name: title, exact: true }).click();
  await page.getByRole('heading', { name: title }).waitFor();
};
const titles = async (page) => libraryItems(page).locator('.library-title').allInnerTexts();

/** Drops files on the page as a person drags them from the desktop. */
async function dropFiles(page, files) {
  const transfer = await page.evaluateHandle((files) => {
    const data = new DataTransfer();
    for (const f of files) data.items.add(new File([f.text], f.name, { type: f.type }));
    return data;
  }, files);
  const target = page.locator('article[aria-label="Document"]');
  await target.dispatchEvent('dragover', { dataTransfer: transfer });
  await target.dispatchEvent('drop', { dataTransfer: transfer });
}

test('a library of 400 documents (a doccano project): rows in view rendered, every one reached by scrolling, search shown a page at a time', async () => {
  const { page, context } = await openApp(app);
  const records = Array.from({ length: 400 }, (_, i) => {
    const before = `Report ${i + 1} from `;
    return { text: `${before}Tirana: the ministry met ${i % 2 ? 'NATO' : 'the police'}.`, label: [[before.length, before.length + 6, 'LOC']] };
  });
  await importFiles(page, [{ name: 'project.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(records.map((r) => JSON.stringify(r)).join('\n') + '\n') }]);
  await page.getByRole('dialog', { name: /^Import/ }).getByRole('button', { name: 'Add 400 documents' }).click();
  await page.getByRole('status').filter({ hasText: /^Imported/ }).waitFor();
  await saved(page);
  await library(page).getByText('401 documents').waitFor();
  // Only the rows in view (and a margin) are in the page, each saying where it is among all.
  const rendered = await libraryItems(page).count();
  assert.ok(rendered >= 10 && rendered <= 100, `${rendered} rows rendered of 401`);
  assert.equal(await libraryItems(page).first().getAttribute('aria-setsize'), '401');
  assert.equal(await libraryItems(page).first().getAttribute('aria-posinset'), '1');
  // Scrolled to its end, the library shows its last document, which opens.
  await page.locator('.library-panel').evaluate((panel) => { panel.scrollTop = panel.scrollHeight; });
  const last = libraryItems(page).and(page.locator('[aria-posinset="401"]'));
  await last.waitFor();
  assert.ok(await last.isVisible());
  const title = await last.locator('.library-title').innerText();
  await last.getByRole('button', { name: title, exact: true }).click();
  await page.getByRole('heading', { name: title }).waitFor();
  assert.ok(await last.evaluate((row) => row.classList.contains('current')));
  // Back at the top, the open document's row is still in the page (current).
  await page.locator('.library-panel').evaluate((panel) => { panel.scrollTop = 0; });
  await libraryItems(page).and(page.locator('[aria-posinset="1"]')).waitFor();
  assert.equal(await libraryItems(page).and(page.locator('.current')).count(), 1);

  // A word in every document (the seed's too): found in all, shown 50 at a time.
  const search = library(page).getByLabel('Search all documents');
  await search.fill('tirana');
  const results = library(page).getByRole('region', { name: 'Search results' });
  await results.getByText('Found in 401 documents').waitFor();
  const shown = () => results.locator('li.search-result').count();
  assert.equal(await shown(), 50);
  await results.getByRole('button', { name: 'Show 50 more (351 not shown)' }).click();
  await page.waitForFunction(() => document.querySelectorAll('section[aria-label="Search results"] li.search-result').length === 100);
  // Each result shows its place in the text and its annotation.
  const first = results.locator('li.search-result').first();
  assert.match(await first.innerText(), /1 match in the text · 1 annotation/);
  // A new search starts again at one page.
  await search.fill('met NATO');
  await results.getByText('Found in 200 documents').waitFor();
  assert.equal(await shown(), 50);
  assert.deepEqual(page.errors, []);
  await page.screenshot({ path: new URL('./output/library-many.png', import.meta.url).pathname });
  await context.close();
});

test('the seed on first start; documents from pasted text, several chosen files and several dropped files', async () => {
  const { page, context } = await openApp(app);
  assert.deepEqual(await titles(page), ['Albanian special forces police forced the door of the…']);
  assert.match(await libraryItems(page).first().innerText(), /0 annotations/);
  assert.equal(await libraryItems(page).first().getByRole('combobox').inputValue(), 'notStarted');

  // Paste a text, with a title.
  await library(page).getByRole('button', { name: 'New from text…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New document from text' });
  await dialog.getByRole('button', { name: 'Add to the library' }).click();
  await dialog.getByRole('alert').filter({ hasText: 'Paste some text first' }).waitFor();
  await dialog.getByLabel('Title').fill('Press release');
  await dialog.getByLabel('Text', { exact: true }).fill('The ministry said 👩‍👩‍👧 families left Tirana.\r\nNo one was hurt.');
  await dialog.getByRole('button', { name: 'Add to the library' }).click();
  await page.getByRole('heading', { name: 'Press release' }).waitFor();
  assert.equal(await dialog.count(), 0);
  await dragSelect(page, 'Tirana');
  await page.keyboard.press('a');
  await count(page, 1);
  await saved(page);

  // Choose two files at once: a .txt and a .md.
  await library(page).getByLabel('Open files…').setInputFiles([
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Field notes from Durrës\nThe port was quiet.\n') },
    { name: 'report.md', mimeType: 'text/markdown', buffer: Buffer.from('# Report on Iran\nIran denied the cyberattack.\n') },
  ]);
  await page.getByRole('heading', { name: 'Report on Iran' }).waitFor();
  // Drop two more at once, one of them an annotation file.
  const scholiaFile = {
    format: 'scholia', version: 1,
    document: { id: 'imported-1', title: 'Imported statement', text: 'Rama blamed Tehran.', length: 19, sha256: '' },
    scheme: { labels: [{ id: 'actor', name: 'Actor', color: '#1f77b4', hotkey: 'a' }] },
    annotations: [{ id: 'x1', layer: 'bob', label: 'actor', fragments: [{ start: 0, end: 4, quote: 'Rama' }], note: 'Prime Minister of Albania', created: '2026-01-01T00:00:00Z', modified: '2026-01-01T00:00:00Z' }],
  };
  const { createHash } = await import('node:crypto');
  scholiaFile.document.sha256 = createHash('sha256').update(scholiaFile.document.text).digest('hex');
  await dropFiles(page, [
    { name: 'dropped.txt', type: 'text/plain', text: 'Dropped memo\nMeeting in Vlorë.' },
    { name: 'statement.scholia.json', type: 'application/json', text: JSON.stringify(scholiaFile) },
  ]);
  await page.getByRole('heading', { name: 'Imported statement' }).waitFor();
  await count(page, 1);
  await saved(page);
  const all = await titles(page);
  assert.equal(all.length, 6);
  for (const title of ['Press release', 'Field notes from Durrës', 'Report on Iran', 'Dropped memo', 'Imported statement']) {
    assert.ok(all.includes(title), `${title} in ${all}`);
  }
  // Most recently edited first; the open one marked.
  assert.equal(all[0], 'Imported statement');
  assert.equal(await item(page, 'Imported statement').getByRole('button', { name: 'Imported statement', exact: true }).getAttribute('aria-current'), 'page');
  await context.close();
});

test('switch, rename, statuses with filters, counts and last edits; all kept after a reload', async () => {
  const { page, context } = await openApp(app);
  await importFiles(page, [{ name: 'memo.txt', mimeType: 'text/plain', buffer: Buffer.from('Memo on the embassy\nThe embassy closed on Thursday.') }]);
  await page.getByRole('heading', { name: 'Memo on the embassy' }).waitFor();
  await waitForDocument(page);
  assert.match(await item(page, 'Memo on the embassy').innerText(), /just now/);

  // Annotating moves a document from "not started" to "in progress".
  await open(page, 'Albanian special forces police forced the door of the…');
  await dragSelect(page, 'Edi Rama');
  await page.keyboard.press('a');
  await dragSelect(page, 'cyberattack');
  await page.keyboard.press('e');
  await saved(page);
  const seed = item(page, 'Albanian special forces police forced the door of the…');
  await page.waitForFunction(() => document.querySelector('nav[aria-label="Library"]').innerText.includes('2 annotations'));
  assert.equal(await seed.getByRole('combobox').inputValue(), 'inProgress');

  // Rename the open document (inline: Enter keeps it).
  await seed.getByRole('button', { name: /^Rename/ }).click();
  const input = page.getByLabel(/^New title for/);
  await input.fill('Embassy raid, Tirana');
  await input.press('Enter');
  await page.getByRole('heading', { name: 'Embassy raid, Tirana' }).waitFor();
  await saved(page);
  // Rename another one; Escape cancels.
  await item(page, 'Memo on the embassy').getByRole('button', { name: /^Rename/ }).click();
  await page.getByLabel(/^New title for/).fill('Never mind');
  await page.getByLabel(/^New title for/).press('Escape');
  await item(page, 'Memo on the embassy').getByRole('button', { name: /^Rename/ }).click();
  await page.getByLabel(/^New title for/).fill('Embassy memo');
  await page.getByLabel(/^New title for/).press('Enter');
  await item(page, 'Embassy memo').waitFor();

  // Mark one done; the filters count and show by status.
  await item(page, 'Embassy memo').getByRole('combobox').selectOption('done');
  const filters = library(page).getByRole('group', { name: 'Show documents' });
  await filters.getByRole('button', { name: '1 Done' }).click();
  await page.waitForFunction(() => document.querySelectorAll('ul[aria-label="Documents"] li').length === 1);
  assert.deepEqual(await titles(page), ['Embassy memo']);
  await filters.getByRole('button', { name: '1 In progress' }).click();
  await settled(page); // the input handled and shown before the read
  assert.deepEqual(await titles(page), ['Embassy raid, Tirana']);
  await filters.getByRole('button', { name: /All$/ }).click();

  await page.reload();
  await waitForDocument(page);
  await page.getByRole('heading', { name: 'Embassy raid, Tirana' }).waitFor();
  await count(page, 2);
  assert.deepEqual((await titles(page)).sort(), ['Embassy memo', 'Embassy raid, Tirana']);
  assert.equal(await item(page, 'Embassy memo').getByRole('combobox').inputValue(), 'done');
  assert.match(await item(page, 'Embassy raid, Tirana').innerText(), /2 annotations/);
  // Switching shows each document with its own annotations.
  await open(page, 'Embassy memo');
  await count(page, 0);
  await open(page, 'Embassy raid, Tirana');
  await count(page, 2);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('delete to the trash with undo; restore from the trash; delete for good', async () => {
  const { page, context } = await openApp(app);
  await importFiles(page, [
    { name: 'a.txt', mimeType: 'text/plain', buffer: Buffer.from('First memo\nabc') },
    { name: 'b.txt', mimeType: 'text/plain', buffer: Buffer.from('Second memo\ndef') },
  ]);
  await page.getByRole('heading', { name: 'Second memo' }).waitFor();
  await dragSelect(page, 'def');
  await page.keyboard.press('a');
  await saved(page);

  // Trashing the open document opens the next one; Undo brings it back, open.
  await item(page, 'Second memo').getByRole('button', { name: 'Move “Second memo” to the trash' }).click();
  await page.getByRole('heading', { name: 'Second memo' }).waitFor({ state: 'detached' });
  assert.equal(await item(page, 'Second memo').count(), 0);
  const toast = library(page).getByRole('status').filter({ hasText: 'is in the trash' });
  await toast.getByRole('button', { name: 'Undo' }).click();
  await page.getByRole('heading', { name: 'Second memo' }).waitFor();
  await count(page, 1);
  await item(page, 'Second memo').waitFor();

  // Trash two; both in the trash; restore one.
  await item(page, 'Second memo').getByRole('button', { name: /to the trash/ }).click();
  await item(page, 'First memo').getByRole('button', { name: /to the trash/ }).click();
  const trash = library(page).locator('details.trash');
  await trash.locator('summary', { hasText: 'Trash (2)' }).click();
  const trashList = trash.getByRole('list', { name: 'Trash' });
  await trashList.getByRole('listitem').nth(1).waitFor();
  await trashList.getByRole('button', { name: 'Restore “Second memo”' }).click();
  await item(page, 'Second memo').waitFor();
  // Delete the other for good; it stays gone after a reload.
  await trashList.getByRole('button', { name: 'Delete “First memo” for good' }).click();
  await page.waitForFunction(() => !document.querySelector('details.trash'));
  await page.reload();
  await waitForDocument(page);
  const all = await titles(page);
  assert.ok(all.includes('Second memo') && !all.includes('First memo'), all.join(', '));
  assert.equal(await page.locator('details.trash').count(), 0);
  // The restored one kept its annotation.
  await open(page, 'Second memo');
  await count(page, 1);
  await context.close();
});

test('trashing the last document leaves an empty library that says what to do', async () => {
  const { page, context } = await openApp(app);
  await item(page, 'Albanian special forces police forced the door of the…').getByRole('button', { name: /to the trash/ }).click();
  await page.getByRole('heading', { name: 'The library is empty' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'The library is empty' }).waitFor();
  await library(page).locator('summary', { hasText: 'Trash (1)' }).click();
  await library(page).getByRole('button', { name: /^Restore “Albanian/ }).click();
  await waitForDocument(page);
  await context.close();
});

test('search finds words in every document’s text and in annotations’ quotes and notes, and leads there', async () => {
  const { page, context } = await openApp(app);
  await dragSelect(page, 'cyberattack');
  await page.keyboard.press('e');
  const note = {
    format: 'scholia', version: 1,
    document: { id: 'note-doc', title: 'Statement by the ministry', text: 'The ministry blamed Tehran for the outage.', length: 42, sha256: '' },
    scheme: { labels: [{ id: 'claim', name: 'Claim', color: '#2ca02c' }] },
    annotations: [{ id: 'n1', layer: 'bob', label: 'claim', fragments: [{ start: 4, end: 41, quote: 'ministry blamed Tehran for the outage' }], note: 'Probably the CYBERATTACK of July 15', created: '2026-01-01T00:00:00Z', modified: '2026-01-01T00:00:00Z' }],
  };
  const { createHash } = await import('node:crypto');
  note.document.sha256 = createHash('sha256').update(note.document.text).digest('hex');
  await importFiles(page, [
    { name: 'note.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(note)) },
    { name: 'other.txt', mimeType: 'text/plain', buffer: Buffer.from('Weather report\nSunny in Shkodër.') },
  ]);
  await page.getByRole('heading', { name: 'Weather report' }).waitFor();
  await saved(page);

  const search = library(page).getByLabel('Search all documents');
  await search.fill('Cyberattack');
  const results = library(page).getByRole('region', { name: 'Search results' });
  await results.getByText('Found in 2 documents').waitFor();
  const seed = results.getByRole('listitem').filter({ hasText: 'Albanian special forces' }).first();
  assert.match(await seed.innerText(), /2 matches in the text · 1 annotation/);
  assert.equal(await seed.locator('mark').count(), 2, 'both occurrences shown in context');
  const statement = results.getByRole('listitem').filter({ hasText: 'Statement by the ministry' }).first();
  assert.match(await statement.innerText(), /1 annotation/);
  assert.match(await statement.innerText(), /Probably the CYBERATTACK of July 15/);
  // A place in the text opens its document with those words selected, ready to tag.
  await seed.getByRole('button', { name: /July 15 cyberattack/ }).click();
  await page.getByRole('heading', { name: /Albanian special forces/ }).waitFor();
  await page.waitForFunction(() => String(getSelection()) === 'cyberattack');
  await page.keyboard.press('e');
  await count(page, 2);
  // The results follow the library: now two annotations there.
  await page.waitForFunction(() => document.querySelector('section[aria-label="Search results"]')?.innerText.includes('2 matches in the text · 2 annotations'));
  // The annotation found by its note opens its document, selected.
  await statement.getByRole('button', { name: /ministry blamed Tehran/ }).click();
  await page.getByRole('heading', { name: 'Statement by the ministry' }).waitFor();
  await page.waitForFunction(() => document.querySelector('[role=grid][aria-label="Annotations"] [role=row][aria-selected="true"]'));
  // No match: said so. Escape clears the search.
  await search.fill('zzzz');
  await library(page).getByText('No document has these words.').waitFor();
  await search.press('Escape');
  await libraryItems(page).first().waitFor();
  assert.equal(await annotationItems(page).count(), 1);
  assert.deepEqual(page.errors, []);
  await page.screenshot({ path: new URL('./output/library.png', import.meta.url).pathname });
  await context.close();
});
