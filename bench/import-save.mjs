// An import and the save after it: from the file handed to the page to the
// document painted, then to "All changes saved", with the long tasks
// (> 50 ms) of the page from the painted frame until saved: how much the
// save holds the page. One fresh page per run.
//
//   node bench/import-save.mjs [--dist DIR] [--runs N] FILE
import os from 'node:os';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../tests/e2e/server.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/harness.mjs';

const args = process.argv.slice(2);
const take = (flag, fallback) => {
  const at = args.indexOf(flag);
  return at >= 0 ? args.splice(at, 2)[1] : fallback;
};
const dist = take('--dist');
const runs = Number(take('--runs', '1'));
const server = await serve(dist ? resolve(dist) : undefined);
for (let run = 0; run < runs; run++) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.addInitScript(() => {
    window.__tasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__tasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
    window.__frames = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        window.__frames.push({ start: e.startTime, duration: e.duration, blocking: e.blockingDuration,
          scripts: e.scripts.map((s) => `${s.invoker} ${Math.round(s.duration)}ms`).join('; ') });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
    addEventListener('change', () => { window.__handover = performance.now(); }, true);
  });
  await page.goto(server.url);
  await page.locator('ul[aria-label="Documents"] li').first().waitFor();
  await page.locator('[data-save="saved"]').waitFor();
  const load = os.loadavg()[0].toFixed(1);
  await page.locator('header input[type=file]').setInputFiles(args[0]);
  await page.waitForFunction(() => Number(document.querySelector('[data-painted]')?.dataset.painted) > 0, null, { timeout: 180000, polling: 'raf' });
  const painted = await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done(performance.now()))));
  await page.waitForFunction(() => document.querySelector('[data-save]')?.dataset.save === 'saved', null, { timeout: 180000, polling: 50 });
  const saved = await page.evaluate(() => performance.now());
  await page.waitForTimeout(200);
  const { handover, tasks, frames } = await page.evaluate(() => ({ handover: window.__handover, tasks: window.__tasks, frames: window.__frames }));
  const during = tasks.filter(([start, d]) => start + d > painted && start < saved).map(([, d]) => Math.round(d));
  const before = tasks.filter(([start]) => start >= handover && start < painted).map(([, d]) => Math.round(d));
  console.log(`run ${run + 1}: import → painted ${Math.round(painted - handover)} ms (long tasks before it: ${before.join(', ') || 'none'}); `
    + `painted → saved ${Math.round(saved - painted)} ms, long tasks meanwhile: ${during.length} (longest ${Math.max(0, ...during)} ms); load ${load}`);
  if (process.env.FRAMES) {
    for (const f of frames.filter((f) => f.start + f.duration > painted && f.start < saved && f.duration > 50)) {
      console.log(`  frame at +${Math.round(f.start - painted)} ms: ${Math.round(f.duration)} ms, scripts: ${f.scripts}`);
    }
  }
  await browser.close();
}
await server.close?.();
