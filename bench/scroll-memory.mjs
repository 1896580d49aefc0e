// Memory while scrolling through a document: imports FILE into the release
// build, then scrolls it top to bottom one view per frame (as bench/probe.js
// does) and prints, every STEPS steps and at the end, the JS heap, the wasm
// memory (each after a full garbage collection) and DevTools' DOM counters,
// so that whatever grows with the scroll shows. A renderer crash is reported
// with the step it happened at, and so is each worker the page starts and
// ends, with the tagger's status (it trains and suggests in a worker of the
// same renderer after a document opens).
//
//   node bench/scroll-memory.mjs [--dist DIR] [--every STEPS] FILE
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/harness.mjs';
import { serve } from '../tests/e2e/server.mjs';

const args = process.argv.slice(2);
const take = (flag) => {
  const at = args.indexOf(flag);
  return at >= 0 ? args.splice(at, 2)[1] : undefined;
};
const dist = take('--dist');
const every = Number(take('--every') ?? 200);
const file = args[0];
if (!file) throw new Error('usage: node bench/scroll-memory.mjs [--dist DIR] [--every STEPS] FILE');

const server = await serve(dist ? resolve(dist) : undefined);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
let step = 0;
const t0 = Date.now();
const when = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
page.on('crash', () => console.error(`${when()}: renderer crashed at step ${step}`));
page.on('worker', (w) => {
  console.log(`${when()}: worker started (${w.url().split('/').pop().slice(0, 40)})`);
  w.on('close', () => console.log(`${when()}: worker ended`));
});
await page.addInitScript({ path: resolve('bench/probe.js') });
await page.goto(server.url);
await page.locator('ul[aria-label="Documents"] li').first().waitFor();
const cdp = await page.context().newCDPSession(page);
const mb = (b) => (b / 1e6).toFixed(1);
const sample = async (what) => {
  await cdp.send('HeapProfiler.collectGarbage');
  const m = await page.evaluate(() => __bench.memory());
  const dom = await cdp.send('Memory.getDOMCounters');
  const painted = await page.evaluate(() => document.querySelector('[data-painted]')?.dataset.painted);
  const tagger = await page.evaluate(() => document.querySelector('.tagger-status')?.textContent);
  console.log(`${when()} ${what}: JS heap ${mb(m.jsHeap)} MB, wasm ${mb(m.wasm)} MB, nodes ${dom.nodes}, listeners ${dom.jsEventListeners}, painted ${painted}; tagger: ${tagger}`);
};
await page.locator('header input[type=file]').setInputFiles(file);
await page.waitForFunction(() => Number(document.querySelector('[data-painted]')?.dataset.painted) > 0, null, { timeout: 300000 });
await page.locator('[data-save="saved"]').waitFor({ timeout: 300000 });
await page.waitForTimeout(500);
await sample('after the import');
const steps = await page.evaluate(() => {
  const s = document.querySelector('.document-scroll');
  s.scrollTop = 0;
  return Math.ceil(s.scrollHeight / s.clientHeight);
});
console.log(`${steps} views to scroll`);
let more = true;
while (more) {
  more = await page.evaluate(async (n) => {
    const s = document.querySelector('.document-scroll');
    for (let i = 0; i < n; i++) {
      if (s.scrollTop + s.clientHeight >= s.scrollHeight - 1) return false;
      s.scrollTop += s.clientHeight;
      await __bench.frame();
    }
    return true;
  }, every);
  step += every;
  await sample(`after ${Math.min(step, steps)} views`);
}
await browser.close();
await server.close?.();
