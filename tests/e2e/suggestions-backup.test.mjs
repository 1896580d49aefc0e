// Suggestions' decisions and imported predictions travel in library
// backups: reject a repeat, back up, restore in a fresh browser (replacing
// its library), and the repeat is still rejected; and no request leaves
// the local server.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { download, listed, openApp, requestsElsewhere, saved, suggested, tagText, useApp, waitForDocument, waitForSetting } from './harness.mjs';
import { assertValidAgainst } from './schema.mjs';

const app = useApp();

test('a rejected suggestion is backed up and still rejected after restoring the backup in a fresh browser', async () => {
  const source = await openApp(app);
  const elsewhere = requestsElsewhere(source.page, app);
  await tagText(source.page, 'Albania ', 'a');
  await suggested(source.page, 3);
  await source.page.keyboard.press('Escape');
  await source.page.keyboard.press('.');
  await source.page.keyboard.press("'");
  const panel = (page) => page.getByRole('region', { name: 'Suggestions' });
  await panel(source.page).getByText('2 suggestions, 1 rejected').waitFor();
  await saved(source.page);
  // The decisions are written to storage after the store changes: wait
  // until the settings store holds the rejection.
  await waitForSetting(source.page, 'suggestions:', 'rejected');
  const backup = await download(source.page, 'Back up library');
  const file = JSON.parse(backup.text);
  assertValidAgainst('scholia-library-1.schema.json', file);
  const decisions = file.documents.flatMap((d) => d.suggestions?.decisions ?? []);
  assert.equal(decisions.length, 1);
  assert.equal(decisions[0].decision, 'rejected');
  assert.equal(decisions[0].label, 'actor');
  const text = file.documents[0].file.document.text;
  assert.equal([...text].slice(...decisions[0].fragments[0]).join(''), 'Albania');
  await source.context.close();

  // A fresh browser: its seed has no decisions; restoring brings them.
  const target = await openApp(app);
  requestsElsewhere(target.page, app, elsewhere);
  await target.page.getByRole('navigation', { name: 'Library' }).getByLabel('Restore…')
    .setInputFiles([{ name: backup.name, mimeType: 'application/json', buffer: Buffer.from(backup.text) }]);
  const dialog = target.page.getByRole('dialog', { name: `Restore “${backup.name}”` });
  await dialog.getByRole('button', { name: 'Replace this library' }).click();
  await target.page.getByRole('status').filter({ hasText: 'The library was replaced by the 1 documents' }).waitFor();
  await listed(target.page, 1);
  await panel(target.page).getByText('2 suggestions, 1 rejected').waitFor();
  await suggested(target.page, 2);
  // And after a reload.
  await target.page.reload();
  await waitForDocument(target.page);
  await panel(target.page).getByText('2 suggestions, 1 rejected').waitFor();

  assert.deepEqual(elsewhere, [], 'no request beyond the local server');
  assert.deepEqual(target.page.errors, []);
  await target.context.close();
});
