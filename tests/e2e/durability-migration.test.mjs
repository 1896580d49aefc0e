// The storage schema's migrations, each on a database written by the
// version before it: tests/e2e/fixtures/storage-v1.json is what the app with
// schema version 1 left in IndexedDB (scripts/capture-storage-fixture.mjs).
// It is loaded into a fresh profile with the version 1 schema, the current
// app opens it, and everything must be there, correct and editable. A
// migration that fails must leave the old database exactly as it was.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import {
  annotationItems, download, dragSelect, dumpDatabases, libraryItems, loadDatabaseFixture, openApp,
  saved, useApp, waitForDocument, watchErrors,
} from './harness.mjs';
import { assertValidAgainst } from './schema.mjs';

const app = useApp();
const FIXTURE = JSON.parse(await readFile(new URL('./fixtures/storage-v1.json', import.meta.url), 'utf8'));
const v1 = FIXTURE.databases.find((d) => d.name === 'scholia');
const recordsOf = (db, store) => db.stores.find((s) => s.name === store).records;
const byId = (a, b) => (a.layer + a.id).localeCompare(b.layer + b.id);

async function freshPage() {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
  const page = await context.newPage();
  watchErrors(page);
  return { context, page };
}

test('a library written by schema version 1 opens in version 2 with every document, annotation, relation and setting', async () => {
  assert.equal(v1.version, 1);
  const { context, page } = await freshPage();
  await loadDatabaseFixture(page, app.url, FIXTURE);
  await page.goto(app.url);
  await waitForDocument(page);

  // The document that was open, the annotator, and every document listed.
  const current = recordsOf(v1, 'settings').find((s) => s.key === 'current').value;
  const documents = recordsOf(v1, 'documents');
  const currentTitle = documents.find((d) => d.id === current).title;
  await page.getByRole('heading', { name: currentTitle }).waitFor();
  assert.equal(await page.getByLabel('Annotator').inputValue(), 'alice');
  await annotationItems(page).nth(2).waitFor();
  assert.equal(await libraryItems(page).count(), documents.length);
  for (const d of documents) {
    const item = libraryItems(page).filter({ hasText: d.title });
    assert.match(await item.innerText(), new RegExp(`${d.annotationCount} annotations`));
    // Documents with annotations were in progress.
    assert.equal(await item.getByRole('combobox').inputValue(), 'inProgress');
  }

  // Each document reads back exactly as version 1 stored it.
  for (const d of documents) {
    await libraryItems(page).filter({ hasText: d.title }).getByRole('button', { name: d.title, exact: true }).click();
    await page.getByRole('heading', { name: d.title }).waitFor();
    await page.waitForFunction((n) => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length === n, d.annotationCount);
    const file = JSON.parse((await download(page, 'Export JSON')).text);
    assertValidAgainst('scholia-1.schema.json', file);
    assert.equal(file.document.text, recordsOf(v1, 'texts').find((t) => t.id === d.id).text);
    assert.equal(file.document.sha256, d.sha256);
    const annotations = recordsOf(v1, 'annotations').filter((r) => r.docId === d.id).map((r) => r.annotation);
    assert.deepEqual(file.annotations.sort(byId), annotations.sort(byId));
    const relations = recordsOf(v1, 'relations').filter((r) => r.docId === d.id).map((r) => r.relation);
    assert.deepEqual(file.relations.sort(byId), relations.sort(byId));
    assert.deepEqual(file.scheme, recordsOf(v1, 'schemes').find((s) => s.docId === d.id).scheme);
  }
  const withRelations = documents.find((d) => d.id === 'doc-relations');
  assert.ok(withRelations, 'the fixture has a document with relations, notes, attributes and two layers');

  // The database is at version 2: the new store, and the new fields.
  const [db] = await dumpDatabases(page);
  assert.equal(db.version, 2);
  assert.deepEqual(Object.keys(db.stores).sort(), ['annotations', 'documents', 'history', 'relations', 'schemes', 'settings', 'texts']);
  const migrated = db.stores.documents.records.find((r) => r.id === 'doc-relations');
  assert.equal(migrated.relationCount, 2);
  assert.equal(migrated.status, 'inProgress');
  assert.equal(migrated.trashed ?? null, null);
  assert.equal(db.stores.texts.records.length, recordsOf(v1, 'texts').length);

  // And it keeps working: an edit is stored and survives a reload.
  await libraryItems(page).getByRole('button', { name: withRelations.title, exact: true }).click();
  await page.getByRole('heading', { name: withRelations.title }).waitFor();
  await dragSelect(page, 'Tehran denied');
  await page.keyboard.press('e');
  await page.waitForFunction(() => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length === 6);
  await saved(page);
  await page.reload();
  await page.getByRole('heading', { name: withRelations.title }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length === 6);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a migration that fails leaves the version 1 database exactly as it was, and says so', async () => {
  // A record version 1 could not have written (no annotation count) makes
  // the upgrade fail half-way through the documents.
  const broken = structuredClone(FIXTURE);
  const documents = recordsOf(broken.databases[0], 'documents');
  delete documents[documents.length - 1].annotationCount;
  const { context, page } = await freshPage();
  await loadDatabaseFixture(page, app.url, broken);
  const before = await dumpDatabases(page);
  await page.goto(app.url);
  await waitForDocument(page);
  const alert = page.getByRole('alert').filter({ hasText: 'could not be upgraded' }).first();
  await alert.waitFor();
  assert.match(await alert.innerText(), /annotationCount/);
  // The work is kept in this tab only, and the user is told to export.
  await page.locator('[data-banner="unavailable"]').waitFor();
  assert.deepEqual(await dumpDatabases(page), before, 'not a single record changed');
  assert.equal(before[0].version, 1);
  await context.close();
});

/** Each store's key path and index names: the schema without the records. */
const schemaOf = (db) => Object.fromEntries(Object.entries(db.stores).map(([name, s]) => [name, { keyPath: s.keyPath, indexes: s.indexes }]));

test('a fresh library has exactly the schema of an upgraded one', async () => {
  const fresh = await openApp(app);
  await saved(fresh.page);
  const [created] = await dumpDatabases(fresh.page);
  await fresh.context.close();

  const { context, page } = await freshPage();
  await loadDatabaseFixture(page, app.url, FIXTURE);
  await page.goto(app.url);
  await waitForDocument(page);
  const [upgraded] = await dumpDatabases(page);
  await context.close();

  assert.equal(created.version, 2);
  assert.equal(upgraded.version, 2);
  assert.deepEqual(schemaOf(created), schemaOf(upgraded));
  // The stores of version 1 keep its key paths and indexes.
  for (const store of v1.stores) {
    assert.deepEqual(schemaOf(created)[store.name], { keyPath: store.keyPath, indexes: store.indexes.map((i) => i.name) });
  }
  assert.deepEqual(schemaOf(created).history, { keyPath: ['docId', 'seq'], indexes: [] });
});

/** Opens the database in a page of the app's origin that is not the app, as another tab would. */
async function otherTab(context, open) {
  const page = await context.newPage();
  const blank = new URL('/__other-tab__', app.url).href;
  await page.route(blank, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><link rel="icon" href="data:,"><title>other</title>' }));
  await page.goto(blank);
  return { page, result: await page.evaluate(open) };
}

test('an old tab keeps version 1 open: the upgrade waits and says why, then runs once it closes', async () => {
  const { context, page } = await freshPage();
  await loadDatabaseFixture(page, app.url, FIXTURE);
  // A tab of the old version, which does not close its connection when asked.
  const old = await otherTab(context, () => new Promise((done, fail) => {
    const request = indexedDB.open('scholia');
    request.onsuccess = () => { window.oldConnection = request.result; done(request.result.version); };
    request.onerror = () => fail(request.error);
  }));
  assert.equal(old.result, 1);
  await page.goto(app.url);
  await page.getByRole('status').filter({ hasText: 'close its other tabs' }).waitFor();
  // The old tab still works on its version 1 database meanwhile. (Opening
  // the database anew would queue behind the waiting upgrade.)
  const oldDocuments = await old.page.evaluate(() => new Promise((done, fail) => {
    const db = window.oldConnection;
    const request = db.transaction('documents').objectStore('documents').count();
    request.onsuccess = () => done({ version: db.version, documents: request.result });
    request.onerror = () => fail(request.error);
  }));
  assert.deepEqual(oldDocuments, { version: 1, documents: recordsOf(v1, 'documents').length });
  await old.page.evaluate(() => window.oldConnection.close());
  await waitForDocument(page);
  await annotationItems(page).nth(2).waitFor();
  assert.equal(await page.getByLabel('Annotator').inputValue(), 'alice');
  assert.equal((await dumpDatabases(page))[0].version, 2);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a newer version in another tab: this tab closes the database for it, stops saving and says to reload', async () => {
  const { context, page } = await openApp(app);
  await saved(page);
  const newer = await otherTab(context, () => new Promise((done, fail) => {
    const request = indexedDB.open('scholia', 3);
    request.onblocked = () => fail(new Error('blocked by the open tab'));
    request.onsuccess = () => { const { version } = request.result; request.result.close(); done(version); };
    request.onerror = () => fail(request.error);
  }));
  assert.equal(newer.result, 3, 'the newer version upgraded without waiting');
  const alert = page.getByRole('alert').filter({ hasText: 'newer version of Scholia' });
  await alert.waitFor();
  assert.match(await alert.innerText(), /Reload this tab/);
  // It no longer edits: an edit is refused, not lost in a closed database.
  await dragSelect(page, 'Edi Rama');
  await page.keyboard.press('a');
  await page.getByRole('alert').filter({ hasText: 'read-only' }).waitFor();
  assert.equal(await annotationItems(page).count(), 0);
  assert.deepEqual(page.errors, []);
  await context.close();
});
