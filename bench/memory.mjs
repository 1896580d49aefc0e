// Wasm memory during an import of a benchmark file (by default the 1 MB /
// 10,000-annotation one): memory.buffer.byteLength sampled every 5 ms, printed when it grows.
// Needs a release build in dist/ and the generated file (node bench/run.mjs
// writes it to bench/output/data/).
//
//   node bench/memory.mjs [file]
import { chromium } from 'playwright-core';
import { serve } from '../tests/e2e/server.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/harness.mjs';
const server = await serve();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'] });
const page = await browser.newPage();
await page.addInitScript(() => {
  addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail?.wasm; });
  window.__mem = [];
  const probe = () => { if (window.__wasm) window.__mem.push([Math.round(performance.now()), window.__wasm.memory.buffer.byteLength / 1e6]); };
  setInterval(probe, 5);
});
await page.goto(server.url);
await page.locator('ul[aria-label="Documents"] li').first().waitFor();
await page.waitForTimeout(500);
const before = await page.evaluate(() => window.__wasm.memory.buffer.byteLength / 1e6);
await page.evaluate(() => { window.__mem = []; });
const t0 = await page.evaluate(() => performance.now());
await page.locator('header input[type=file]').setInputFiles(process.argv[2] ?? 'bench/output/data/1m-10000.scholia.json');
// Painted: the overlay says how many annotations it painted (only those
// near the view are registered with the browser).
await page.waitForFunction(() => Number(document.querySelector('[data-painted]')?.dataset.painted) > 0, null, { timeout: 120000 });
const painted = await page.evaluate(() => performance.now());
await page.locator('[data-save="saved"]').waitFor({ timeout: 120000 });
await page.waitForTimeout(500);
const mem = await page.evaluate(() => window.__mem);
const steps = []; let last = 0;
for (const [t, m] of mem) if (m !== last) { steps.push(`${Math.round(t - t0)}ms:${m.toFixed(1)}`); last = m; }
console.log('before', before.toFixed(1), 'MB; painted at', Math.round(painted - t0), 'ms; growth:', steps.join(' '));
await browser.close(); server.close?.(); process.exit(0);
