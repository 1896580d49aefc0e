// Captures what a build of Scholia leaves in IndexedDB, as a JSON fixture
// for the storage migration tests (tests/e2e/durability-migration.test.mjs).
//
//   git worktree add /tmp/scholia-v1 <commit of that version>
//   (cd /tmp/scholia-v1 && trunk build --release --offline)
//   node scripts/capture-storage-fixture.mjs /tmp/scholia-v1/dist tests/e2e/fixtures/storage-v1.json
//
// It uses that build as a person would: tags spans in the seed article,
// imports a Scholia file carrying relations, notes, attributes and two
// layers, opens a .txt full of emoji, accents, RTL text and CRLF, tags it,
// sets the annotator, then dumps every object store (its key path, indexes
// and records) of every database of the origin.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { chromium } from 'playwright-core';

import { CHROMIUM, CHROMIUM_ARGS, dragSelect, importFiles, saved, waitForDocument } from '../tests/e2e/harness.mjs';
import { serve } from '../tests/e2e/server.mjs';

const [distArg, outArg] = process.argv.slice(2);
if (!distArg || !outArg) {
  console.error('usage: node scripts/capture-storage-fixture.mjs <dist folder of that build> <output.json>');
  process.exit(2);
}

const server = await serve(resolve(distArg));
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
const count = (n) => page.waitForFunction((n) => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length === n, n);
try {
  await page.goto(server.url);
  await waitForDocument(page);
  await page.getByLabel('Annotator').fill('alice');
  await page.getByLabel('Annotator').press('Enter');
  await dragSelect(page, 'Albanian special forces police');
  await page.keyboard.press('a');
  await dragSelect(page, 'Iranian Embassy');
  await page.keyboard.press('a');
  await dragSelect(page, 'forced the door');
  await page.keyboard.press('e');
  await dragSelect(page, '“undeniable evidence”');
  await page.keyboard.press('c');
  await count(4);
  await saved(page);

  // A Scholia file with what the v1 app cannot make by hand yet: relations,
  // notes, attributes, a second layer, a discontinuous span.
  const text = 'Rama said Iran attacked Albania. Tehran denied it.\n';
  const at = (needle) => [...text.slice(0, text.indexOf(needle))].length;
  const span = (needle) => ({ start: at(needle), end: at(needle) + [...needle].length, quote: needle });
  const time = '2026-01-02T03:04:05.006Z';
  const annotation = (id, layer, label, fragments, extra = {}) => ({ id, layer, label, fragments, created: time, modified: time, ...extra });
  const file = {
    format: 'scholia',
    version: 1,
    document: { id: 'doc-relations', title: 'Rama said Iran attacked Albania', text, length: [...text].length, sha256: '' },
    scheme: {
      labels: [
        { id: 'actor', name: 'Actor', color: '#1f77b4', hotkey: 'a' },
        { id: 'event', name: 'Event', color: '#e07b00', hotkey: 'e' },
        { id: 'claim', name: 'Claim', color: '#2ca02c', hotkey: 'c' },
      ],
      relationTypes: [
        { id: 'source-of', name: 'source of', sourceLabels: ['claim'], targetLabels: ['actor'] },
        { id: 'participant', name: 'participant', sourceLabels: ['actor'], targetLabels: ['event'] },
      ],
      attributes: [
        { id: 'status', name: 'Status', type: 'choice', values: ['verified', 'disputed', 'false'], appliesTo: ['claim'] },
        { id: 'negated', name: 'Negated', type: 'flag', appliesTo: ['event'] },
      ],
    },
    annotations: [
      annotation('a1', 'alice', 'actor', [span('Rama')], { note: 'Prime Minister' }),
      annotation('a2', 'alice', 'claim', [span('Iran attacked Albania')], { attributes: { status: 'disputed' } }),
      annotation('a3', 'alice', 'event', [span('attacked')], { attributes: { negated: false } }),
      annotation('a4', 'alice', 'actor', [span('Iran')]),
      annotation('b1', 'bob', 'actor', [span('Rama'), span('Tehran')], { foreignId: 'T1' }),
    ],
    relations: [
      { id: 'r1', layer: 'alice', type: 'source-of', source: 'a2', target: 'a1', created: time, modified: time, note: 'said' },
      { id: 'r2', layer: 'alice', type: 'participant', source: 'a4', target: 'a3', created: time, modified: time },
    ],
  };
  file.document.sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
  await importFiles(page, [{ name: 'relations.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) }]);
  await count(5);
  await saved(page);

  const hard = '\u{feff}Family 👩‍👩‍👧 in Tirana 🇦🇱.\r\nCafe\u0301 owner said “yes”.\r\nسلام دنیا\r\n';
  await importFiles(page, [{ name: 'hard.txt', mimeType: 'text/plain', buffer: Buffer.from(hard, 'utf8') }]);
  await page.getByRole('heading', { name: 'Family 👩‍👩‍👧 in Tirana 🇦🇱.' }).waitFor();
  await waitForDocument(page);
  await dragSelect(page, 'Tirana 🇦🇱');
  await page.keyboard.press('a');
  await dragSelect(page, 'Cafe\u0301 owner');
  await page.keyboard.press('a');
  await dragSelect(page, 'دنیا');
  await page.keyboard.press('e');
  await count(3);
  await saved(page);

  const dump = await page.evaluate(async () => {
    const request = (r) => new Promise((done, fail) => { r.onsuccess = () => done(r.result); r.onerror = () => fail(r.error); });
    const databases = [];
    for (const { name, version } of await indexedDB.databases()) {
      const db = await request(indexedDB.open(name));
      const stores = [];
      for (const storeName of db.objectStoreNames) {
        const store = db.transaction(storeName, 'readonly').objectStore(storeName);
        const indexes = [...store.indexNames].map((n) => {
          const index = store.index(n);
          return { name: n, keyPath: index.keyPath, unique: index.unique, multiEntry: index.multiEntry };
        });
        stores.push({ name: storeName, keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes, records: await request(store.getAll()) });
      }
      db.close();
      databases.push({ name, version, stores });
    }
    return databases;
  });
  const fixture = {
    description: 'IndexedDB content written by Scholia (storage schema version 1), captured by scripts/capture-storage-fixture.mjs',
    origin: 'http://127.0.0.1',
    databases: dump,
  };
  await writeFile(outArg, `${JSON.stringify(fixture, null, 1)}\n`);
  console.log(`wrote ${outArg}: ${dump.map((d) => `${d.name} v${d.version}: ${d.stores.map((s) => `${s.name} ${s.records.length}`).join(', ')}`).join('; ')}`);
} finally {
  await browser.close();
  await server.close();
}
