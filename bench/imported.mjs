// What bench/first-search.mjs and bench/lifecycle.mjs share: their command
// line, and a fresh page of the release app that has imported the
// benchmark's file, painted its highlights and saved it, and records the
// long animation frames (> 50 ms) from then on.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../tests/e2e/server.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/harness.mjs';

/** `[--dist DIR] [file]`: the build to serve (default dist/) and the file to import. */
export function options(args = process.argv.slice(2)) {
  const distAt = args.indexOf('--dist');
  const dist = distAt >= 0 ? resolve(args.splice(distAt, 2)[1]) : undefined;
  return { dist, file: args[0] ?? 'bench/output/data/1m-10000.scholia.json' };
}

/**
 * Runs `use(page)` on a fresh page that has imported `file` (a Scholia
 * file; painted once its annotations near the view, at most 10,000, are),
 * then closes the browser and the server.
 */
export async function withImported({ dist, file }, use) {
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
    // Painted: the app's count on its overlay (it registers only the
    // annotations near the view), or, from a build before that, every range
    // registered.
    const painted = Math.min(10000, JSON.parse(readFileSync(file, 'utf8')).annotations.length);
    await page.waitForFunction((painted) => Number(document.querySelector('.highlight-overlay')?.dataset.painted ?? 0) >= painted
      || [...CSS.highlights.values()].reduce((n, h) => n + h.size, 0) >= painted, painted, { timeout: 60000 });
    await page.locator('[data-save="saved"]').waitFor({ timeout: 60000 });
    await page.waitForTimeout(1000);
    await use(page);
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Forgets the long frames recorded so far. */
export const resetFrames = (page) => page.evaluate(() => { window.__frames = []; });

/** The long frames recorded since the last reset, as words. */
export const longFrames = async (page) => {
  const frames = await page.evaluate(() => window.__frames.filter((d) => d > 50));
  return frames.length ? frames.map((d) => `${d} ms`).join(', ') : 'none';
};
