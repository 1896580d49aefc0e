// Two tabs on one library: the first edits, the second is read-only and
// follows it; "Edit in this tab" swaps them; closing the editing tab hands
// editing to the other. Nothing one tab wrote is overwritten by the other.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { annotationItems, download, dragSelect, saved, useApp, waitForDocument, watchErrors } from './harness.mjs';

const app = useApp();
const count = (page, n) => page.waitForFunction((n) => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length === n, n);
const readOnly = (page) => page.locator('[data-banner="read-only"]');

test('a second tab is read-only and follows the first; editing moves between tabs without losing anything', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
  const first = await context.newPage();
  watchErrors(first);
  await first.goto(app.url);
  await waitForDocument(first);
  await dragSelect(first, 'Edi Rama');
  await first.keyboard.press('a');
  await saved(first);

  const second = await context.newPage();
  watchErrors(second);
  await second.goto(app.url);
  await waitForDocument(second);
  await readOnly(second).waitFor();
  assert.match(await readOnly(second).innerText(), /open in another tab/);
  assert.equal(await readOnly(first).count(), 0, 'the first tab still edits');
  await count(second, 1);
  // The second tab refuses edits, and says why.
  await dragSelect(second, 'cyberattack');
  await second.keyboard.press('e');
  await second.getByRole('alert').filter({ hasText: 'read-only' }).waitFor();
  await count(second, 1);
  // It follows what the first tab stores.
  await dragSelect(first, 'Tirana International Airport');
  await first.keyboard.press('a');
  await saved(first);
  await count(second, 2);

  // "Edit in this tab": the second edits, the first turns read-only.
  await second.getByRole('button', { name: 'Edit in this tab' }).click();
  await readOnly(first).waitFor();
  await readOnly(second).waitFor({ state: 'detached' });
  await dragSelect(second, 'cyberattack');
  await second.keyboard.press('e');
  await count(second, 3);
  await saved(second);
  await count(first, 3);
  await dragSelect(first, 'police dog');
  await first.keyboard.press('a');
  await first.getByRole('alert').filter({ hasText: 'read-only' }).waitFor();
  await count(first, 3);

  // Closing the editing tab hands editing back.
  await second.close();
  await readOnly(first).waitFor({ state: 'detached' });
  await dragSelect(first, 'police dog');
  await first.keyboard.press('a');
  await count(first, 4);
  await saved(first);
  await first.reload();
  await waitForDocument(first);
  await count(first, 4);
  const file = JSON.parse((await download(first, 'Export JSON')).text);
  assert.deepEqual(file.annotations.map((a) => a.fragments[0].quote).sort(),
    ['Edi Rama', 'Tirana International Airport', 'cyberattack', 'police dog'].sort());
  assert.deepEqual(first.errors, []);
  await context.close();
});
