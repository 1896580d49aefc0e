// Long animation frames (> 50 ms) of the first searches after an import of
// the benchmark's 1 MB / 10,000-annotation file. A highlight rule added to
// the style sheet restyles every line once; the search hits' rules are there
// from the start so that the first search does not (docs/performance.md).
// Needs a release build (dist/, or the folder given with --dist) and the
// generated file (node bench/run.mjs writes it to bench/output/data/).
//
//   node bench/first-search.mjs [--dist DIR] [file]
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../tests/e2e/server.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/harness.mjs';

const args = process.argv.slice(2);
const distAt = args.indexOf('--dist');
const dist = distAt >= 0 ? resolve(args.splice(distAt, 2)[1]) : undefined;
const file = args[0] ?? 'bench/output/data/1m-10000.scholia.json';
const TERMS = ['Tirana', 'Albania', 'Rama'];

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
  for (const term of TERMS) {
    await page.evaluate(() => { window.__frames = []; });
    await page.getByLabel('Search the text').fill(term);
    await page.locator('.search-status').filter({ hasText: /match/ }).waitFor();
    await page.waitForTimeout(1000);
    const status = await page.locator('.search-status').innerText();
    const frames = await page.evaluate(() => window.__frames.filter((d) => d > 50));
    console.log(`search “${term}” (${status}): long frames ${frames.length ? frames.map((d) => `${d} ms`).join(', ') : 'none'}`);
  }
} finally {
  await browser.close();
  await server.close();
}
