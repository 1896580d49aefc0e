// The library's knowledge base travels in library backups: an entity made
// with `@` and given an alias, backed up, restored in a fresh browser, is in
// the Entities dialog with its name and alias and its mention linked to it;
// restored into a library whose own entity has the same id, the backup's
// entity gets another id and its links follow; a backup with a bad
// knowledge base is refused, naming the field, with the library unchanged.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  annotationItems, documentRegion, download, libraryItems, listed, openApp, saved, tabTo, tagText, useApp,
} from './harness.mjs';
import { assertValidAgainst } from './schema.mjs';

const app = useApp();
const entityRegion = (page) => page.getByRole('region', { name: 'Entity' });
const selectedRegion = (page) => page.getByRole('region', { name: 'Selected annotation' });
const entitiesDialog = (page) => page.getByRole('dialog', { name: 'Entities of the library' });
const entityItem = (page, name) => entitiesDialog(page).getByRole('listitem', { name, exact: true });

async function select(page, quote) {
  const exactly = page.locator('.quote').getByText(quote, { exact: true });
  await annotationItems(page).filter({ has: exactly }).getByRole('button').first().click();
  await selectedRegion(page).getByText(`“${quote}”`).waitFor();
}

/** Tags `quote` as an actor and makes an entity of it with `@`. */
async function newEntity(page, quote) {
  await tagText(page, quote, '1');
  await select(page, quote);
  await tabTo(page, documentRegion(page), { back: true });
  await page.keyboard.press('@');
  await entityRegion(page).locator('.entity-name').getByText(quote, { exact: true }).waitFor();
}

async function openEntities(page) {
  await page.getByRole('button', { name: /All entities of the library/ }).click();
  await entitiesDialog(page).waitFor();
}

async function chooseBackup(page, name, text) {
  await page.getByRole('navigation', { name: 'Library' }).getByLabel('Restore…')
    .setInputFiles([{ name, mimeType: 'application/json', buffer: Buffer.from(text) }]);
}

/** A library with Edi Rama (alias Rama) as an entity, and its backup. */
async function backUpEdiRama() {
  const source = await openApp(app);
  await newEntity(source.page, 'Edi Rama');
  await openEntities(source.page);
  await entityItem(source.page, 'Edi Rama').getByRole('button', { name: 'Edit' }).click();
  const form = entitiesDialog(source.page).getByRole('form', { name: 'Edit Edi Rama' });
  await form.getByLabel('Aliases (one a line)').fill('Rama');
  await form.getByRole('button', { name: 'Save' }).click();
  await entityItem(source.page, 'Edi Rama').locator('.entity-details').getByText('Actor · Rama', { exact: true }).waitFor();
  await entitiesDialog(source.page).getByRole('button', { name: 'Close' }).click();
  await saved(source.page);
  const backup = await download(source.page, 'Back up library');
  assert.deepEqual(source.page.errors, []);
  await source.context.close();
  return backup;
}

test('an entity with an alias is backed up and, restored in a fresh browser, is in the Entities dialog with its mention', async () => {
  const backup = await backUpEdiRama();
  const file = JSON.parse(backup.text);
  assertValidAgainst('scholia-library-1.schema.json', file);
  assert.equal(file.knowledgeBase.format, 'scholia-kb');
  assert.deepEqual(file.knowledgeBase.entities, [{ id: 'e1', name: 'Edi Rama', type: 'actor', aliases: ['Rama'] }]);
  const links = file.documents.flatMap((d) => d.file.annotations.filter((a) => a.entity));
  assert.deepEqual(links.map((a) => [a.fragments[0].quote, a.entity]), [['Edi Rama', 'e1']]);

  // A bad knowledge base: refused, naming the file and the field; nothing changes.
  const target = await openApp(app);
  const broken = structuredClone(file);
  broken.knowledgeBase.entities[0].name = '';
  await chooseBackup(target.page, 'broken.json', JSON.stringify(broken));
  const alert = target.page.getByRole('alert');
  await alert.waitFor();
  const message = await alert.innerText();
  assert.match(message, /Could not restore broken\.json/);
  assert.match(message, /field “knowledgeBase\.entities\[0\]\.name”: the name is empty/);
  assert.match(message, /The library is unchanged/);
  assert.equal(await target.page.getByRole('dialog').count(), 0);
  await openEntities(target.page);
  assert.equal(await entitiesDialog(target.page).getByRole('listitem').count(), 0);
  await entitiesDialog(target.page).getByRole('button', { name: 'Close' }).click();

  // The good one, replacing this library.
  await chooseBackup(target.page, backup.name, backup.text);
  await target.page.getByRole('dialog', { name: `Restore “${backup.name}”` })
    .getByRole('button', { name: 'Replace this library' }).click();
  await target.page.getByRole('status').filter({ hasText: 'New entities from its knowledge base: 1.' }).waitFor();
  await listed(target.page, 1); // the restored document's one annotation
  await openEntities(target.page);
  const rama = entityItem(target.page, 'Edi Rama');
  await rama.locator('.entity-details').getByText('Actor · Rama', { exact: true }).waitFor();
  await rama.getByText('1 mention in 1 document').waitFor();
  // Its mention is a link to it: the jump selects it, and the Entity panel names it.
  await rama.getByRole('button', { name: /^Edi Rama in / }).click();
  await selectedRegion(target.page).getByText('“Edi Rama”').waitFor();
  await entityRegion(target.page).locator('.entity-name').getByText('Edi Rama', { exact: true }).waitFor();
  assert.deepEqual(target.page.errors, []);
  await target.context.close();
});

test('restored into a library whose own entity has the same id, the backup’s entity gets another id and its link follows', async () => {
  const backup = await backUpEdiRama();
  const target = await openApp(app);
  await newEntity(target.page, 'Tirana');
  await saved(target.page);
  await chooseBackup(target.page, backup.name, backup.text);
  await target.page.getByRole('dialog', { name: `Restore “${backup.name}”` })
    .getByRole('button', { name: 'Merge into this library' }).click();
  await target.page.getByRole('status').filter({ hasText: 'New entities from its knowledge base: 1.' }).waitFor();
  await libraryItems(target.page).nth(1).waitFor();
  await openEntities(target.page);
  await entityItem(target.page, 'Tirana').getByText('1 mention in 1 document').waitFor();
  const rama = entityItem(target.page, 'Edi Rama');
  await rama.getByText('1 mention in 1 document').waitFor();
  await rama.getByRole('button', { name: /^Edi Rama in / }).click();
  await entityRegion(target.page).locator('.entity-name').getByText('Edi Rama', { exact: true }).waitFor();
  assert.equal(await libraryItems(target.page).count(), 2);
  assert.deepEqual(target.page.errors, []);
  await target.context.close();
});
