// Tagger models travel in library backups, as a user: the model trained on
// two annotated documents is in the backup (valid against the backup's
// schema), and restoring it in a fresh browser stores that very model for
// the same labels. No request leaves the local server.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { download, dumpDatabases, listed, openApp, requestsElsewhere, saved, tagText, useApp, waitForDocument, waitForSetting } from './harness.mjs';
import { assertValidAgainst } from './schema.mjs';

const app = useApp();
const story = (title, people) => `${title}\n${people.map((p) => `Then ${p} said it rained.`).join('\n')}\n`;
const DOCS = [
  ['Rain one', ['Anna Berg', 'Paulo Costa']],
  ['Rain two', ['Maria Lopez', 'Omar Haddad']],
];
const KEY = 'tagger:actor,claim,event';
const storedModel = async (page) => (await dumpDatabases(page))
  .flatMap((db) => db.stores.settings?.records ?? [])
  .find((r) => r.key === KEY)?.value;

test('the tagger model is backed up with the library and restored in a fresh browser', async () => {
  const source = await openApp(app);
  const elsewhere = requestsElsewhere(source.page, app);
  const panel = (page) => page.getByRole('region', { name: 'Suggestions' });
  for (const [title, people] of DOCS) {
    await source.page.getByRole('navigation', { name: 'Library' }).getByLabel('Open files…').setInputFiles([
      { name: `${title}.txt`, mimeType: 'text/plain', buffer: Buffer.from(story(title, people)) },
    ]);
    await source.page.getByRole('heading', { name: title }).waitFor();
    await waitForDocument(source.page);
    for (const [n, person] of people.entries()) {
      await tagText(source.page, person, 'a');
      await listed(source.page, n + 1);
    }
    await saved(source.page);
  }
  await source.page.waitForFunction(() => document.querySelector('.tagger-status')?.textContent === 'Model trained on 2 documents (4 annotations).', null, { timeout: 30000 });
  const [exported] = await Promise.all([source.page.waitForEvent('download'), panel(source.page).getByRole('button', { name: 'Export model' }).click()]);
  const model = JSON.parse(await readFile(await exported.path(), 'utf8'));
  await waitForSetting(source.page, KEY);

  const backup = await download(source.page, 'Back up library');
  const file = JSON.parse(backup.text);
  assertValidAgainst('scholia-library-1.schema.json', file);
  assert.equal(file.taggerModels.length, 1);
  assert.deepEqual(file.taggerModels[0].schemeLabels, ['actor', 'claim', 'event']);
  assert.deepEqual(file.taggerModels[0].model, model);
  assert.deepEqual(source.page.errors, []);
  await source.context.close();

  // A fresh browser has no model; restoring brings this one.
  const target = await openApp(app);
  requestsElsewhere(target.page, app, elsewhere);
  assert.equal(await storedModel(target.page), undefined);
  await target.page.getByRole('navigation', { name: 'Library' }).getByLabel('Restore…')
    .setInputFiles([{ name: backup.name, mimeType: 'application/json', buffer: Buffer.from(backup.text) }]);
  const dialog = target.page.getByRole('dialog', { name: `Restore “${backup.name}”` });
  await dialog.getByRole('button', { name: 'Replace this library' }).click();
  await target.page.getByRole('status').filter({ hasText: 'With 1 tagger model.' }).waitFor();
  const restored = await storedModel(target.page);
  assert.ok(restored, 'a model is stored for the labels');
  // The same model, or one trained since on the same documents.
  assert.deepEqual(JSON.parse(restored).labels, model.labels);
  assert.deepEqual(JSON.parse(restored).trainedOn, model.trainedOn);

  assert.deepEqual(elsewhere, [], 'no request beyond the local server');
  assert.deepEqual(target.page.errors, []);
  await target.context.close();
});
