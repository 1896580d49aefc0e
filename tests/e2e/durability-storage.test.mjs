// Storage that is full or missing: a clear warning, the work kept in
// memory, a way to export it, nothing dropped; and storing resumes once
// there is room. The full disk is Chromium's own quota, lowered through the
// DevTools protocol (Storage.overrideQuotaForOrigin).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  annotationItems, download, dragSelect, importFiles, libraryItems, openApp, saved, settled, useApp,
  waitForDocument, watchErrors,
} from './harness.mjs';

const app = useApp();
const count = (page, n) => page.waitForFunction((n) => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length === n, n);

test('storage full: a clear warning, the work kept and exportable, then stored once there is room', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
  const page = await context.newPage();
  watchErrors(page);
  // Room for the seed article and a little more; the browser checks the
  // quota when the database opens, so it is set before the app starts.
  const origin = new URL(app.url).origin;
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 150_000 });
  let persistCalls = 0;
  await page.exposeFunction('countPersist', () => { persistCalls += 1; });
  await page.addInitScript(() => {
    const persist = navigator.storage.persist.bind(navigator.storage);
    navigator.storage.persist = () => { window.countPersist(); return persist(); };
  });
  await page.goto(app.url);
  await waitForDocument(page);
  await dragSelect(page, 'Edi Rama');
  await page.keyboard.press('a');
  await saved(page);
  assert.ok(persistCalls >= 1, 'the app asks for persistent storage');

  // A long text does not fit: it opens, and the app says it is not saved.
  const text = `Big report on Tirana\n${'The embassy was closed. '.repeat(6000)}`;
  await importFiles(page, [{ name: 'big.txt', mimeType: 'text/plain', buffer: Buffer.from(text) }]);
  await page.getByRole('heading', { name: 'Big report on Tirana' }).waitFor();
  const banner = page.locator('[data-banner="failed"]');
  await banner.waitFor();
  assert.match(await banner.innerText(), /not saved/);
  assert.match(await banner.innerText(), /storage for this site is full/);
  assert.equal(await page.locator('[data-save]').getAttribute('data-save'), 'failed');
  const onlyHere = page.getByRole('navigation', { name: 'Library' }).getByRole('status').filter({ hasText: 'Only in this tab, not saved' });
  assert.match(await onlyHere.innerText(), /Big report on Tirana/);
  // Work goes on in memory.
  await dragSelect(page, 'Tirana');
  await page.keyboard.press('a');
  await count(page, 1);
  assert.notEqual(await page.locator('[data-save]').getAttribute('data-save'), 'saved', 'never shown as saved');
  await page.locator('[data-save="failed"]').waitFor();
  // Nothing is dropped: the banner's export has it all.
  const exported = JSON.parse((await download(page, 'Export this document')).text);
  assert.equal(exported.document.text, text);
  assert.deepEqual(exported.annotations.map((a) => a.fragments[0].quote), ['Tirana']);
  // Switching away and back keeps the unsaved work (from memory).
  await libraryItems(page).getByRole('button', { name: /Albanian special forces/ }).first().click();
  await count(page, 1);
  await page.getByRole('heading', { name: /Albanian special forces/ }).waitFor();
  // The big text is still not stored: still not saved. The switch has been
  // handled and painted, the writes it queued for an idle moment have been
  // tried (the page went idle after them), and none is still under way.
  await settled(page);
  await page.locator('[data-save]:not([data-save="saving"])').waitFor();
  assert.notEqual(await page.locator('[data-save]').getAttribute('data-save'), 'saved');

  // Room again: "Try again" stores everything, and it survives a reload.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  await page.getByRole('button', { name: 'Try again' }).click();
  await saved(page);
  await page.getByText('Storing works again').waitFor();
  assert.equal(await banner.count(), 0);
  assert.equal(await onlyHere.count(), 0);
  await libraryItems(page).getByRole('button', { name: 'Big report on Tirana', exact: true }).click();
  await page.getByRole('heading', { name: 'Big report on Tirana' }).waitFor();
  await page.reload();
  await waitForDocument(page);
  await page.getByRole('heading', { name: 'Big report on Tirana' }).waitFor();
  await count(page, 1);
  assert.match(await annotationItems(page).first().innerText(), /Actor\s+Tirana/);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('no storage at all (IndexedDB blocked): the app works in memory, says so, and exports', async () => {
  const { page, context } = await openApp(app, {
    beforeStart: () => {
      Object.defineProperty(window, 'indexedDB', {
        get() { throw new DOMException('The user denied permission to access the database.', 'SecurityError'); },
      });
    },
  });
  const banner = page.locator('[data-banner="unavailable"]');
  await banner.waitFor();
  assert.match(await banner.innerText(), /Nothing is saved in this browser/);
  assert.match(await page.locator('.message.error').innerText(), /denied permission/);
  await dragSelect(page, 'Edi Rama');
  await page.keyboard.press('a');
  await count(page, 1);
  assert.equal(await page.locator('[data-save]').getAttribute('data-save'), 'failed');
  const exported = JSON.parse((await download(page, 'Export this document')).text);
  assert.deepEqual(exported.annotations.map((a) => a.fragments[0].quote), ['Edi Rama']);
  await context.close();
});
