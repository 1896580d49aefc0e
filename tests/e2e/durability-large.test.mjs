// Durability of a large document: its records are written a chunk per
// task (so that storing it never holds the page for long), yet in one
// transaction, so that a crash while it is being stored leaves all of it
// or none of it, and edits made meanwhile are stored with it.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { generate } from '../../bench/generate.mjs';
import {
  dragSelect, dumpDatabases, importFiles, openApp, persistentPage, persistentProfile, saved, settled, useApp,
  waitForDocument,
} from './harness.mjs';

const app = useApp();

// Several chunks of records.
const N = 3_000;
const heading = (n) => `Annotations (${n})`;

/** Counts the puts into each store per write transaction: `window.puts`. */
function countPuts() {
  window.puts = [];
  const transaction = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (...args) {
    const tx = transaction.apply(this, args);
    if (tx.mode === 'readwrite') {
      const counts = {};
      window.puts.push(counts);
      const objectStore = tx.objectStore;
      tx.objectStore = function (name) {
        const store = objectStore.call(this, name);
        // The same object each time a transaction is asked for a store.
        if (store.counted) return store;
        store.counted = true;
        const put = store.put;
        store.put = function (...putArgs) {
          counts[name] = (counts[name] ?? 0) + 1;
          if (name === 'annotations') console.debug(`scholia-put: ${counts[name]}`);
          return put.apply(this, putArgs);
        };
        return store;
      };
    }
    return tx;
  };
}

async function largeFile() {
  const file = generate({ bytes: 120_000, count: N });
  const dir = await mkdtemp(join(tmpdir(), 'scholia-large-'));
  const path = join(dir, 'large.scholia.json');
  await writeFile(path, JSON.stringify(file));
  return { file, path, remove: () => rm(dir, { recursive: true, force: true }) };
}

const storedCount = async (page, title) => {
  const [db] = await dumpDatabases(page);
  const record = db.stores.documents.records.find((r) => r.title === title);
  if (!record) return null;
  return {
    annotationCount: record.annotationCount,
    annotations: db.stores.annotations.records.filter((r) => r.docId === record.id).length,
  };
};

test(`${N} annotations are stored in one transaction, with an edit made while they were being written`, async () => {
  const { file, path, remove } = await largeFile();
  try {
    const { page, context } = await openApp(app, { beforeStart: countPuts });
    await importFiles(page, [path]);
    await page.getByRole('heading', { name: heading(N) }).waitFor({ timeout: 30000 });
    // Right away: most likely while the records are being written.
    await dragSelect(page, 'Tirana');
    await page.keyboard.press('a');
    await page.getByRole('heading', { name: heading(N + 1) }).waitFor();
    await saved(page);
    await settled(page);
    const puts = await page.evaluate(() => window.puts);
    const whole = puts.filter((p) => (p.annotations ?? 0) >= N);
    assert.equal(whole.length, 1, `one transaction holds every annotation: ${JSON.stringify(puts)}`);
    assert.equal(whole[0].texts, 1);

    await page.reload();
    await waitForDocument(page);
    await page.getByRole('heading', { name: heading(N + 1) }).waitFor({ timeout: 30000 });
    assert.deepEqual(await storedCount(page, file.document.title), { annotationCount: N + 1, annotations: N + 1 });
    assert.deepEqual(page.errors, []);
    await context.close();
  } finally {
    await remove();
  }
});

test('SIGKILL while a large document is being stored: after a restart it is all there or not at all', async () => {
  const { file, path, remove } = await largeFile();
  const profile = await persistentProfile();
  try {
    let { chromium, page } = await persistentPage(profile.dir);
    await page.addInitScript(countPuts);
    // Killed once a third of the records are queued (reported on the
    // console: a binding does not install under the page's policy).
    const killed = new Promise((done) => {
      page.on('console', (m) => {
        const put = m.type() === 'debug' && m.text().match(/^scholia-put: (\d+)$/);
        if (put && Number(put[1]) >= N / 3) done();
      });
    });
    await page.goto(app.url);
    await waitForDocument(page);
    await saved(page);
    await importFiles(page, [path]);
    // Killed in the middle of the one transaction that stores it: nothing
    // of it can have been shown as saved.
    await killed;
    await chromium.kill();

    ({ chromium, page } = await persistentPage(profile.dir));
    await page.goto(app.url);
    await waitForDocument(page);
    await settled(page);
    const stored = await storedCount(page, file.document.title);
    console.log(`killed after ${N / 3} annotation puts: stored ${JSON.stringify(stored)}`);
    assert.ok(stored === null || (stored.annotationCount === N && stored.annotations === N), `all or nothing: ${JSON.stringify(stored)}`);
    // Nothing of it is left in the stores either.
    if (stored === null) {
      const [db] = await dumpDatabases(page);
      const seeds = db.stores.documents.records.map((r) => r.id);
      assert.ok(db.stores.annotations.records.every((r) => seeds.includes(r.docId)), 'no annotation without its document');
      assert.equal(db.stores.texts.records.length, seeds.length);
    }
    await chromium.close();
  } finally {
    await profile.remove();
    await remove();
  }
});
