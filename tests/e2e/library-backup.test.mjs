// Backup and restore: the whole library as one file (docs/backup.md,
// validated against docs/scholia-library-1.schema.json), restored in
// another browser by replacing or by merging; a broken backup is refused
// with a message naming what is wrong, and nothing changes.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { download, dragSelect, importFiles, libraryItems, openApp, saved, settled, useApp, waitForDocument } from './harness.mjs';
import { assertValidAgainst } from './schema.mjs';

const app = useApp();
const SEED_TITLE = 'Albanian special forces police forced the door of the…';
const library = (page) => page.getByRole('navigation', { name: 'Library' });
const item = (page, title) => libraryItems(page).filter({ has: page.getByRole('button', { name: title, exact: true }) });
const titles = async (page) => (await libraryItems(page).locator('.library-title').allInnerTexts()).sort();
const count = (page, n) => page.waitForFunction((n) => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length === n, n);

/** Chooses a backup file with "Restore…" and waits for the dialog. */
async function chooseBackup(page, name, text) {
  await library(page).getByLabel('Restore…').setInputFiles([{ name, mimeType: 'application/json', buffer: Buffer.from(text) }]);
}

async function makeLibrary() {
  const { page, context } = await openApp(app);
  await page.getByLabel('Annotator').fill('alice');
  await page.getByLabel('Annotator').press('Enter');
  await dragSelect(page, 'Edi Rama');
  await page.keyboard.press('a');
  await dragSelect(page, 'cyberattack');
  await page.keyboard.press('e');
  await saved(page);
  await importFiles(page, [
    { name: 'done.txt', mimeType: 'text/plain', buffer: Buffer.from('Finished memo\nAll checked. 😀\r\n') },
    { name: 'old.txt', mimeType: 'text/plain', buffer: Buffer.from('Old draft\nNot needed.') },
  ]);
  await page.getByRole('heading', { name: 'Old draft' }).waitFor();
  await item(page, 'Finished memo').getByRole('combobox').selectOption('done');
  await item(page, 'Old draft').getByRole('button', { name: /to the trash/ }).click();
  await library(page).locator('summary', { hasText: 'Trash (1)' }).waitFor();
  await saved(page);
  return { page, context };
}

test('back up the library, then restore it in another browser, replacing its library', async () => {
  const source = await makeLibrary();
  await item(source.page, SEED_TITLE).getByRole('button', { name: SEED_TITLE, exact: true }).click();
  await count(source.page, 2);
  const seedExport = JSON.parse((await download(source.page, 'Export JSON')).text);
  const backup = await download(source.page, 'Back up library');
  assert.match(backup.name, /^scholia-library-\d{4}-\d\d-\d\d\.json$/);
  const file = JSON.parse(backup.text);
  assertValidAgainst('scholia-library-1.schema.json', file);
  assert.equal(file.annotator, 'alice');
  const byTitle = Object.fromEntries(file.documents.map((d) => [d.file.document.title, d]));
  assert.deepEqual(Object.keys(byTitle).sort(), ['Finished memo', 'Old draft', SEED_TITLE].sort());
  assert.equal(byTitle['Finished memo'].status, 'done');
  assert.equal(byTitle[SEED_TITLE].status, 'inProgress');
  assert.ok(byTitle['Old draft'].trashed, 'the trash is backed up too');
  assert.deepEqual(byTitle[SEED_TITLE].file.annotations, seedExport.annotations);
  await source.context.close();

  const target = await openApp(app);
  await importFiles(target.page, [{ name: 'mine.txt', mimeType: 'text/plain', buffer: Buffer.from('Local note\nOnly here.') }]);
  await target.page.getByRole('heading', { name: 'Local note' }).waitFor();
  await chooseBackup(target.page, backup.name, backup.text);
  const dialog = target.page.getByRole('dialog', { name: `Restore “${backup.name}”` });
  assert.match(await dialog.innerText(), /This backup holds 3 documents/);
  await dialog.getByRole('button', { name: 'Replace this library' }).click();
  await target.page.getByRole('status').filter({ hasText: 'The library was replaced by the 3 documents' }).waitFor();
  assert.deepEqual(await titles(target.page), ['Finished memo', SEED_TITLE].sort());
  await library(target.page).locator('summary', { hasText: 'Trash (1)' }).waitFor();
  assert.equal(await item(target.page, 'Finished memo').getByRole('combobox').inputValue(), 'done');
  await target.page.reload();
  await waitForDocument(target.page);
  await item(target.page, SEED_TITLE).getByRole('button', { name: SEED_TITLE, exact: true }).click();
  await count(target.page, 2);
  const restored = JSON.parse((await download(target.page, 'Export JSON')).text);
  assert.deepEqual(restored.annotations, seedExport.annotations);
  assert.equal(restored.document.text, seedExport.document.text);
  assert.deepEqual(target.page.errors, []);
  await target.context.close();
});

test('restoring by merging keeps this library, adds what it lacks, copies what differs, and skips what is already here', async () => {
  const source = await makeLibrary();
  const backup = await download(source.page, 'Back up library');
  await source.context.close();

  const target = await openApp(app);
  // The same seed article, annotated otherwise here.
  await dragSelect(target.page, 'police dog');
  await target.page.keyboard.press('a');
  await saved(target.page);
  await chooseBackup(target.page, backup.name, backup.text);
  await target.page.getByRole('dialog').getByRole('button', { name: 'Merge into this library' }).click();
  await target.page.getByRole('status').filter({ hasText: `Restored from ${backup.name}: 3 added (1 as copies` }).waitFor();
  assert.deepEqual(await titles(target.page), ['Finished memo', SEED_TITLE, `${SEED_TITLE} (2)`].sort());
  // This browser's own work is untouched; the backup's copy has its annotations.
  await item(target.page, SEED_TITLE).getByRole('button', { name: SEED_TITLE, exact: true }).click();
  await count(target.page, 1);
  await item(target.page, `${SEED_TITLE} (2)`).getByRole('button', { name: `${SEED_TITLE} (2)`, exact: true }).click();
  await count(target.page, 2);
  // Merging the same backup again adds nothing.
  await chooseBackup(target.page, backup.name, backup.text);
  await target.page.getByRole('dialog').getByRole('button', { name: 'Merge into this library' }).click();
  await target.page.getByRole('status').filter({ hasText: '0 added, 3 already here' }).waitFor();
  assert.equal(await libraryItems(target.page).count(), 3);
  await target.context.close();
});

test('a broken backup is refused, naming the file, document, record and field; a dropped backup is offered for restore', async () => {
  const source = await makeLibrary();
  const backup = await download(source.page, 'Back up library');
  await source.context.close();
  const file = JSON.parse(backup.text);
  const seed = file.documents.find((d) => d.file.document.title === SEED_TITLE);
  seed.file.annotations[0].fragments[0].quote = 'Tehran';

  const target = await openApp(app);
  await dragSelect(target.page, 'police dog');
  await target.page.keyboard.press('a');
  await saved(target.page);
  await chooseBackup(target.page, 'broken.json', JSON.stringify(file));
  const alert = target.page.getByRole('alert');
  await alert.waitFor();
  const message = await alert.innerText();
  assert.match(message, /Could not restore broken\.json/);
  assert.match(message, /document \d \(“Albanian special forces/);
  assert.match(message, /annotation “[^”]+” \(layer “alice”\)/);
  assert.match(message, /field “fragments\[0\]\.quote”/);
  assert.match(message, /The library is unchanged/);
  assert.equal(await target.page.getByRole('dialog').count(), 0);
  assert.equal(await libraryItems(target.page).count(), 1);

  // A good backup dropped on the page is offered for restoring.
  const transfer = await target.page.evaluateHandle((text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'dropped-backup.json', { type: 'application/json' }));
    return data;
  }, backup.text);
  await target.page.locator('article[aria-label="Document"]').dispatchEvent('drop', { dataTransfer: transfer });
  const dialog = target.page.getByRole('dialog', { name: 'Restore “dropped-backup.json”' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await settled(target.page); // the input handled and shown before the read
  assert.equal(await libraryItems(target.page).count(), 1);
  await target.context.close();
});
