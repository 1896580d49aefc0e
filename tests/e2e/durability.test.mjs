// Durability: the undo history survives a reload, and a crash (the browser
// process killed with SIGKILL in the middle of a burst of edits) loses no
// edit the UI showed as saved and leaves a prefix of the edits, never a mix.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  annotationItems, documentRegion, download, dragSelect, dumpDatabases, importFiles,
  libraryItems, openApp, persistentPage, persistentProfile, saved, settled, tabTo, useApp, waitForDocument,
} from './harness.mjs';
import { assertValidAgainst } from './schema.mjs';

const app = useApp();

const count = (page, n) => page.waitForFunction((n) => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length === n, n);
const exportFile = async (page) => {
  const file = JSON.parse((await download(page, 'Export JSON')).text);
  assertValidAgainst('scholia-1.schema.json', file);
  return file;
};

test('history survives a reload: 5 edits, reload, Ctrl+Z ×5 gives the export from before; Ctrl+Shift+Z ×5 the one after', async () => {
  const { page, context } = await openApp(app);
  const before = await exportFile(page);
  // Five steps: three tags, a delete, another tag.
  await dragSelect(page, 'Edi Rama');
  await page.keyboard.press('a');
  await dragSelect(page, 'cyberattack');
  await page.keyboard.press('e');
  await dragSelect(page, '“undeniable evidence”');
  await page.keyboard.press('c');
  await count(page, 3);
  await annotationItems(page).filter({ hasText: 'cyberattack' }).getByRole('button', { name: 'Delete annotation' }).click();
  await count(page, 2);
  await dragSelect(page, 'Tirana International Airport');
  await page.keyboard.press('a');
  await count(page, 3);
  await saved(page);
  const after = await exportFile(page);

  await page.reload();
  await waitForDocument(page);
  await count(page, 3);
  // Each undo takes back one step, newest first.
  for (const n of [2, 3, 2, 1, 0]) {
    await page.keyboard.press('Control+z');
    await count(page, n);
  }
  await saved(page);
  assert.deepEqual(await exportFile(page), before);
  // The undo steps are stored too: after another reload, redo re-applies them.
  await page.reload();
  await waitForDocument(page);
  for (const n of [1, 2, 3, 2, 3]) {
    await page.keyboard.press('Control+Shift+z');
    await count(page, n);
  }
  await saved(page);
  assert.deepEqual(await exportFile(page), after);
  assert.deepEqual(page.errors, []);
  await context.close();
});

/**
 * Tags `n` words from the start of the seed by keyboard only: each edit is
 * Ctrl+Shift+→ (select the next word), a label key, Ctrl+→ (move on).
 * `after(i)` runs right after the label key of the i-th edit.
 */
async function burst(page, n, after = async () => {}) {
  // From the freshly loaded page, Tab to the text (the app's caret starts there).
  await tabTo(page, documentRegion(page));
  const keys = ['a', 'e', 'c'];
  for (let i = 0; i < n; i++) {
    await page.keyboard.press('Control+Shift+ArrowRight');
    await page.keyboard.press(keys[i % keys.length]);
    if ((await after(i)) === 'stop') return;
    await page.keyboard.press('Control+ArrowRight');
  }
}

/** The annotations as the list shows them, in document order: [label, quote]. */
const listed = async (page) => (await annotationItems(page).allInnerTexts()).map((t) => t.split('\n').slice(0, 2));

const EDITS = 30;

test('SIGKILL during a burst of edits: what was shown saved survives, and the rest is a prefix of the edits', async () => {
  // The reference: the same burst, uninterrupted.
  const reference = await openApp(app);
  await burst(reference.page, EDITS);
  await saved(reference.page);
  const expected = await listed(reference.page);
  await reference.context.close();
  assert.equal(expected.length, EDITS, `each edit tags the next word: ${JSON.stringify(expected)}`);

  for (const killAfter of [6, 17]) {
    const profile = await persistentProfile();
    try {
      let { chromium, page } = await persistentPage(profile.dir);
      // Every time the indicator says "saved", note how many annotations the page shows.
      const shownSaved = [0];
      // Reported on the console (a binding did not install on this
      // persistent context's pages under the page's policy).
      page.on('console', (m) => {
        const saved = m.type() === 'debug' && m.text().match(/^scholia-saved: (\d+)$/);
        if (saved) shownSaved.push(Number(saved[1]));
      });
      await page.addInitScript(() => {
        new MutationObserver(() => {
          const indicator = document.querySelector('[data-save]');
          if (indicator?.dataset.save === 'saved') {
            console.debug(`scholia-saved: ${document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length}`);
          }
        }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-save'] });
      });
      await page.goto(app.url);
      await waitForDocument(page);
      await burst(page, EDITS, async (i) => {
        if (i === killAfter) {
          await chromium.kill();
          return 'stop';
        }
        return null;
      });

      ({ chromium, page } = await persistentPage(profile.dir));
      await page.goto(app.url);
      await waitForDocument(page);
      // The stored annotations are on screen once the page that shows the
      // text has painted and gone idle.
      await settled(page);
      const recovered = await listed(page);
      const k = recovered.length;
      assert.deepEqual(recovered, expected.slice(0, k), `a prefix of the edits (killed after edit ${killAfter + 1}, recovered ${k})`);
      const mustSurvive = Math.max(...shownSaved);
      assert.ok(k >= mustSurvive, `${mustSurvive} edits were shown saved, ${k} recovered`);
      assert.ok(k <= killAfter + 1, 'nothing after the crash');
      // The store agrees with the page, and the document's record with its annotations.
      const [db] = await dumpDatabases(page);
      const seed = db.stores.documents.records.find((r) => r.id.startsWith('seed-'));
      assert.equal(seed.annotationCount, k);
      assert.equal(db.stores.annotations.records.length, k);
      console.log(`killed after edit ${killAfter + 1}: ${mustSurvive} shown saved, ${k} recovered`);
      // And it goes on: the next edits are stored.
      await dragSelect(page, 'police dog');
      await page.keyboard.press('a');
      await count(page, k + 1);
      await saved(page);
      await chromium.close();
    } finally {
      await profile.remove();
    }
  }
});

test('every write is a strict transaction (flushed to disk before it counts as saved)', async () => {
  const { page, context } = await openApp(app, {
    beforeStart: () => {
      // Notes the mode, durability and stores of every transaction the app starts.
      window.transactions = [];
      const transaction = IDBDatabase.prototype.transaction;
      IDBDatabase.prototype.transaction = function (...args) {
        const tx = transaction.apply(this, args);
        window.transactions.push({ mode: tx.mode, durability: tx.durability, stores: [...tx.objectStoreNames].join(' ') });
        return tx;
      };
    },
  });
  // Writes of every kind: an edit, an undo, a setting, a status, a new document.
  await dragSelect(page, 'Edi Rama');
  await page.keyboard.press('a');
  await count(page, 1);
  await saved(page);
  await page.keyboard.press('Control+z');
  await count(page, 0);
  await saved(page);
  await page.getByLabel('Annotator').fill('bob');
  await page.getByLabel('Annotator').press('Enter');
  await libraryItems(page).first().getByRole('combobox').selectOption('done');
  await importFiles(page, [{ name: 'memo.txt', mimeType: 'text/plain', buffer: Buffer.from('Memo\nThe embassy closed.') }]);
  await page.getByRole('heading', { name: 'Memo' }).waitFor();
  await saved(page);
  // Transactions other than the edits' (reads, the library's own records)
  // may start after the indicator says saved: wait until reads and four
  // kinds of writes are recorded, then until the page is idle, so that the
  // writes it queued for then are recorded (and checked) too.
  await page.waitForFunction(() => window.transactions.some((t) => t.mode === 'readonly')
    && new Set(window.transactions.filter((t) => t.mode === 'readwrite').map((t) => t.stores)).size >= 4);
  await settled(page);
  const transactions = await page.evaluate(() => window.transactions);
  const writes = transactions.filter((t) => t.mode === 'readwrite');
  const kinds = new Set(writes.map((t) => t.stores));
  assert.ok(kinds.size >= 4, `several kinds of writes: ${[...kinds].join(' | ')}`);
  for (const write of writes) assert.equal(write.durability, 'strict', JSON.stringify(write));
  assert.ok(transactions.some((t) => t.mode === 'readonly'), 'reads are read-only');
  assert.deepEqual(page.errors, []);
  await context.close();
});
