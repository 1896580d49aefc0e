// Measures the undo history the app stores for 1,000 edits on a 1 MB
// document, in a real browser: the app built in dist/, a 1 MB text opened,
// 1,000 spans tagged by keyboard (each an undo step), then the `history`
// records read back from IndexedDB. Prints figures; asserts nothing.
//
//   trunk build --release --offline && node scripts/bench-history.mjs
import { chromium } from 'playwright-core';

import { CHROMIUM, CHROMIUM_ARGS, dumpDatabases, importFiles, saved, waitForDocument } from '../tests/e2e/harness.mjs';
import { serve } from '../tests/e2e/server.mjs';
import { readFile } from 'node:fs/promises';

const EDITS = 1000;
const seed = await readFile(new URL('../seeds/000_30a6df7a3a6d4c7e.txt', import.meta.url), 'utf8');
let text = 'Benchmark text of one megabyte\n';
while (Buffer.byteLength(text) < 1_000_000) text += `${seed}\n`;

const server = await serve();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.goto(server.url);
  await waitForDocument(page);
  await importFiles(page, [{ name: 'bench.txt', mimeType: 'text/plain', buffer: Buffer.from(text) }]);
  await page.getByRole('heading', { name: 'Benchmark text of one megabyte' }).waitFor();
  await saved(page);
  const usage = async () => page.evaluate(async () => (await navigator.storage.estimate()).usage);
  const before = await usage();
  await page.locator('article[aria-label="Document"]').focus();
  const started = Date.now();
  const keys = ['a', 'e', 'c'];
  for (let i = 0; i < EDITS; i++) {
    await page.keyboard.press('Control+ArrowRight');
    await page.keyboard.press('Control+Shift+ArrowRight');
    await page.keyboard.press(keys[i % 3]);
  }
  await saved(page);
  const seconds = (Date.now() - started) / 1000;
  const after = await usage();
  const [db] = await dumpDatabases(page);
  const doc = db.stores.documents.records.find((r) => r.title === 'Benchmark text of one megabyte');
  const steps = db.stores.history.records.filter((r) => r.docId === doc.id);
  const json = steps.reduce((sum, r) => sum + JSON.stringify(r.step).length, 0);
  console.log(`document: ${Buffer.byteLength(text)} bytes; ${doc.annotationCount} annotations after ${EDITS} keyboard edits in ${seconds.toFixed(0)} s`);
  console.log(`stored history: ${steps.length} steps (seq ${doc.historyStart}..${doc.historyEnd}, cursor ${doc.historyCursor}), ${json} bytes as JSON, ${(json / steps.length).toFixed(0)} bytes per step`);
  console.log(`browser's estimate of the site's storage: ${before} bytes before the edits, ${after} after (+${after - before}; annotations and history together, as stored on disk)`);
} finally {
  await browser.close();
  await server.close();
}
