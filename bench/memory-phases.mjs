// Where the wasm memory grows during an import: every call the app makes
// into a few browser APIs (text nodes, attributes, ranges, highlights,
// style sheets, storage, layout reads) checks memory.buffer.byteLength, and
// each growth is printed with the API call it was first seen at and how
// many calls of that API came before it. The growth happened in the wasm
// since the previous call into any of them, which places it in a phase of
// the import (reading the file, the lines, painting, storing). With --scroll,
// the same afterwards while the document is scrolled top to bottom, one
// view per frame.
//
//   node bench/memory-phases.mjs [--dist DIR] [--scroll] FILE
import { chromium } from 'playwright-core';
import { resolve } from 'node:path';
import { serve } from '../tests/e2e/server.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/harness.mjs';

const args = process.argv.slice(2);
const at = args.indexOf('--dist');
const dist = at >= 0 ? resolve(args.splice(at, 2)[1]) : undefined;
const scroll = args.includes('--scroll');
if (scroll) args.splice(args.indexOf('--scroll'), 1);
const server = await serve(dist);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
await page.addInitScript(() => {
  addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail?.wasm; });
  window.__growth = [];
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
page.on('pageerror', (e) => console.log('pageerror', e.message.slice(0, 300)));
page.on('console', (m) => { if (m.type() === 'error') console.log('console', m.text().slice(0, 300)); });
await page.goto(server.url);
await page.locator('ul[aria-label="Documents"] li').first().waitFor();
await page.waitForTimeout(500);
await page.evaluate((stacks) => { window.__growth = window.__growth.slice(-1); window.__stacks = stacks; }, Boolean(process.env.STACKS));
await page.locator('header input[type=file]').setInputFiles(args[0]);
await page.waitForFunction(() => Number(document.querySelector('[data-painted]')?.dataset.painted) > 0, null, { timeout: 120000 });
await page.locator('[data-save="saved"]').waitFor({ timeout: 120000 });
await page.waitForTimeout(500);
const report = async () => {
  for (const g of await page.evaluate(() => window.__growth)) {
    console.log(`${g.t} ms: ${g.mb} MB, seen at ${g.at} #${g.n} (the call before: ${g.after})`);
    if (g.stack) console.log(`  from ${g.stack}`);
    if (g.previousStack) console.log(`  the call before from ${g.previousStack}`);
  }
};
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
await server.close?.();
