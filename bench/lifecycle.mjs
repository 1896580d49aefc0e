// What one rendering update costs on the 1 MB / 10,000-annotation document
// after the smallest DOM change, with the document's highlights registered
// and without them: each probe makes a change (a class on a list row or a
// line, an attribute on the body, a range in the selection's highlight) and
// times the hit test that follows (`elementFromPoint`, which brings the
// page's lifecycle up to date first), four times each. Then the long
// animation frames of three clicks on rows of the annotation list. Figures,
// not a test (docs/performance.md, "What is left").
//
// Needs a release build (dist/, or the folder given with --dist) and the
// generated file (node bench/run.mjs writes it to bench/output/data/).
//
//   node bench/lifecycle.mjs [--dist DIR] [file]
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../tests/e2e/server.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/harness.mjs';

const args = process.argv.slice(2);
const distAt = args.indexOf('--dist');
const dist = distAt >= 0 ? resolve(args.splice(distAt, 2)[1]) : undefined;
const file = args[0] ?? 'bench/output/data/1m-10000.scholia.json';

/** Milliseconds of the hit test after each kind of change, four times each. */
const probe = (page) => page.evaluate(() => {
  const row = document.querySelector('ul[aria-label="Annotations"] li');
  const line = document.querySelector('article[aria-label="Document"] p');
  const selected = () => CSS.highlights.get('sch-selected')
    ?? (CSS.highlights.set('sch-selected', new Highlight()), CSS.highlights.get('sch-selected'));
  const changes = {
    'list row class': () => row.classList.toggle('probe'),
    'line class': () => line.classList.toggle('probe'),
    'body attribute': () => document.body.toggleAttribute('data-probe'),
    'selection highlight': () => {
      const h = selected();
      if (h.size) h.clear();
      else h.add(new StaticRange({ startContainer: line.firstChild, startOffset: 0, endContainer: line.firstChild, endOffset: 3 }));
    },
  };
  const out = {};
  for (const [name, change] of Object.entries(changes)) {
    out[name] = [];
    for (let i = 0; i < 4; i++) {
      change();
      const t = performance.now();
      document.elementFromPoint(600, 400);
      out[name].push(Math.round((performance.now() - t) * 10) / 10);
    }
  }
  return out;
});

const server = await serve(dist);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.addInitScript(() => {
    window.__frames = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__frames.push(Math.round(e.duration));
    }).observe({ type: 'long-animation-frame' });
  });
  await page.goto(server.url);
  await page.locator('ul[aria-label="Documents"] li').first().waitFor();
  await page.locator('header input[type=file]').setInputFiles(file);
  await page.waitForFunction(() => [...CSS.highlights.values()].reduce((n, h) => n + h.size, 0) >= 10000, null, { timeout: 60000 });
  await page.locator('[data-save="saved"]').waitFor({ timeout: 60000 });
  await page.waitForTimeout(1000);
  const ranges = await page.evaluate(() => [...CSS.highlights.values()].reduce((n, h) => n + h.size, 0));
  for (const i of [3, 7, 12]) {
    await page.evaluate(() => { window.__frames = []; });
    await page.locator('ul[aria-label="Annotations"] li').nth(i).click();
    await page.waitForTimeout(1000);
    const frames = await page.evaluate(() => window.__frames.filter((d) => d > 50));
    console.log(`click on list row ${i}: long frames ${frames.length ? frames.map((d) => `${d} ms`).join(', ') : 'none'}`);
  }
  const report = (what, times) => {
    for (const [name, ms] of Object.entries(times)) console.log(`${what}, after a change of ${name}: ${ms.join(', ')} ms`);
  };
  report(`${ranges} ranges registered`, await probe(page));
  await page.evaluate(() => CSS.highlights.clear());
  await page.waitForTimeout(300);
  report('no highlights', await probe(page));
} finally {
  await browser.close();
  await server.close();
}
