// Where the wasm memory grows during an import: every call the app makes
// into a few browser APIs (text nodes, attributes, ranges, highlights,
// style sheets, storage, layout reads) checks memory.buffer.byteLength, and
// each growth is printed with the API call it was first seen at and how
// many calls of that API came before it. The growth happened in the wasm
// since the previous call into any of them, which places it in a phase of
// the import (reading the file, the lines, painting, storing). Each file is
// imported on a fresh page, as `bench/run.mjs` does (its probe, the same
// waits), `--pages N` times, and the wasm memory after the import and a
// garbage collection is printed for each page: what grows in some pages
// and not others (a read landing before or after the saver's write) shows
// up over several. With STACKS=1 each growth also names the wasm functions
// on the stack (in a build with names, bench/build-names.sh). With
// --scroll, the same afterwards while the document is scrolled top to
// bottom, one view per frame.
//
//   node bench/memory-phases.mjs [--dist DIR] [--pages N] [--ranges N] [--scroll] FILE...
import { chromium } from 'playwright-core';
import { resolve } from 'node:path';
import { serve } from '../tests/e2e/server.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/harness.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : fallback;
};
const distArg = option('--dist');
const dist = distArg ? resolve(distArg) : undefined;
const pages = Number(option('--pages', '1'));
// The annotation ranges that mean "painted" (the generated files' count).
const ranges = Number(option('--ranges', '10000'));
const scroll = args.includes('--scroll');
if (scroll) args.splice(args.indexOf('--scroll'), 1);
const PROBE = resolve(new URL('.', import.meta.url).pathname, 'probe.js');
const server = await serve(dist);

/** Imports `file` on a fresh page; prints each growth and the memory after. */
async function onePage(file) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  await context.addInitScript({ path: PROBE });
  await context.addInitScript(() => {
    addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail?.wasm; });
    window.__growth = [];
    window.__stacks = false;
    Error.stackTraceLimit = 60;
    const clock = performance.now.bind(performance);
    const counts = {};
    let last = 0;
    let previous = 'start';
    const stackNow = () => new Error().stack.split('\n').slice(3, 40).filter((l) => l.includes('wasm')).map((l) => l.trim().replace(/^at /, '').replace(/ \(.*$/, '').replace(/^scholia-[0-9a-f]*\.wasm\./, '').replace(/::h[0-9a-f]{16}/, '')).join(' < ');
    let previousStack = '';
    const check = (name) => {
      counts[name] = (counts[name] ?? 0) + 1;
      const now = window.__wasm?.memory.buffer.byteLength ?? 0;
      if (now !== last) {
        // The stack names the wasm functions in a build that keeps their
        // names (bench/build-names.sh).
        window.__growth.push({ t: Math.round(clock()), mb: +(now / 1e6).toFixed(1), at: name, n: counts[name], after: previous,
          stack: stackNow(), previousStack });
        last = now;
      }
      previous = name;
      if (window.__stacks) previousStack = stackNow();
    };
    const wrap = (proto, method, name) => {
      const original = proto[method];
      proto[method] = function (...a) { check(name); return original.apply(this, a); };
    };
    wrap(Document.prototype, 'createTextNode', 'createTextNode');
    wrap(Document.prototype, 'createElement', 'createElement');
    wrap(Element.prototype, 'setAttribute', 'setAttribute');
    wrap(Node.prototype, 'appendChild', 'appendChild');
    wrap(Element.prototype, 'getBoundingClientRect', 'getBoundingClientRect');
    wrap(Highlight.prototype, 'add', 'Highlight.add');
    wrap(Highlight.prototype, 'delete', 'Highlight.delete');
    wrap(CSSStyleSheet.prototype, 'replaceSync', 'replaceSync');
    wrap(IDBObjectStore.prototype, 'put', 'idb.put');
    wrap(IDBObjectStore.prototype, 'get', 'idb.get');
    wrap(Document.prototype, 'caretPositionFromPoint', 'caretPositionFromPoint');
    wrap(Node.prototype, 'insertBefore', 'insertBefore');
    wrap(Node.prototype, 'removeChild', 'removeChild');
    wrap(EventTarget.prototype, 'addEventListener', 'addEventListener');
    wrap(IDBDatabase.prototype, 'transaction', 'idb.transaction');
    wrap(Date, 'now', 'Date.now');
    wrap(Performance.prototype, 'now', 'performance.now');
    wrap(window, 'setTimeout', 'setTimeout');
    wrap(window, 'requestIdleCallback', 'requestIdleCallback');
    wrap(window, 'requestAnimationFrame', 'requestAnimationFrame');
    wrap(window, 'queueMicrotask', 'queueMicrotask');
    wrap(Element.prototype, 'removeAttribute', 'removeAttribute');
    wrap(Element.prototype, 'scrollTo', 'scrollTo');
    wrap(Element.prototype, 'getAttribute', 'getAttribute');
    wrap(CharacterData.prototype, 'appendData', 'appendData');
    const Static = window.StaticRange;
    window.StaticRange = function (init) { check('new StaticRange'); return new Static(init); };
    window.StaticRange.prototype = Static.prototype;
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log('pageerror', e.message.slice(0, 300)));
  page.on('console', (m) => { if (m.type() === 'error') console.log('console', m.text().slice(0, 300)); });
  await page.goto(server.url);
  // Ready as bench/run.mjs has it: the document, the painter, the library.
  await page.locator('article[aria-label="Document"] p').first().waitFor({ timeout: 30000 });
  await page.waitForFunction(() => document.querySelector('[data-highlighter]'));
  await page.locator('ul[aria-label="Documents"] li').first().waitFor();
  await page.locator('[data-save="saved"]').waitFor({ timeout: 60000 }).catch(() => {});
  await page.waitForTimeout(300);
  await page.evaluate(() => { window.__growth = window.__growth.slice(-1); });
  await page.evaluate((ranges) => { window.__pending = __bench.painted('handover', { ranges }); }, ranges);
  await page.locator('header input[type=file]').setInputFiles(file);
  await page.evaluate(() => window.__pending);
  await page.locator('[data-save="saved"]').waitFor({ timeout: 120000 });
  await page.waitForTimeout(300);
  const report = async () => {
    for (const g of await page.evaluate(() => window.__growth)) {
      console.log(`  ${g.t} ms: ${g.mb} MB, seen at ${g.at} #${g.n} (the call before: ${g.after})`);
      if (process.env.STACKS && g.stack) console.log(`    from ${g.stack}`);
      if (g.previousStack) console.log(`    the call before from ${g.previousStack}`);
    }
  };
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const memory = await page.evaluate(() => __bench.memory());
  console.log(`${file}: wasm ${(memory.wasm / 1e6).toFixed(1)} MB, JS heap ${(memory.jsHeap / 1e6).toFixed(1)} MB after the import`);
  await report();
  if (scroll) {
    console.log('scrolling:');
    await page.evaluate(() => { window.__growth = []; });
    const views = await page.evaluate(async () => {
      const s = document.querySelector('.document-scroll');
      const frame = () => new Promise((done) => requestAnimationFrame(done));
      let n = 0;
      for (s.scrollTop = 0; s.scrollTop + s.clientHeight < s.scrollHeight - 1; n++) {
        s.scrollTop += s.clientHeight;
        await frame();
      }
      return n;
    });
    await page.waitForTimeout(500);
    await report();
    console.log(`(${views} views)`);
  }
  await browser.close();
}

for (const file of args) {
  for (let n = 0; n < pages; n++) await onePage(file);
}
await server.close?.();
