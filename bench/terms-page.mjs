// A term list of 100,000 terms in the app, on the page (docs/suggestions.md,
// "Over a generated 1 MB document" measures the same matching natively):
// the release app imports the benchmark's 1 MB / 10,000-annotation file,
// then the list is loaded through the Suggestions panel's "Load terms or
// patterns…" (compiled and matched on the page), and then the suggestion
// stepped to with `.` is tagged with Claim's key, three times (the list is
// computed again for each new revision). For
// each: the wall time until the panel shows the new count, and the long
// animation frames (> 50 ms) meanwhile. Figures, not a test.
//
//   node bench/terms-page.mjs [--profile] [--dist DIR] [file]
//
// With --profile, a CPU profile of the page's thread while the list loads
// and during the second key,
// summarised by function (serve a build with names, bench/build-names.sh,
// through --dist bench/output/dist-names to see the wasm functions).
//
// The terms are made as examples/suggest_figures.rs makes them: the text's
// words and word pairs (so that many match), then made-up words.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

import { longFrames, options, resetFrames, withImported } from './imported.mjs';
import { summariseCpuProfile } from './profile.mjs';
import { generate, termList } from './generate.mjs';

const N_TERMS = 100_000;
const profiling = process.argv.includes('--profile');
const opts = options(process.argv.slice(2).filter((a) => a !== '--profile'));
let json;
try {
  json = readFileSync(opts.file, 'utf8');
} catch {
  json = JSON.stringify(generate({ bytes: 1_000_000, count: 10_000, shape: 'paragraphs' }));
  opts.file = { name: '1m-10000.scholia.json', mimeType: 'application/json', buffer: Buffer.from(json) };
}
const text = JSON.parse(json).document.text;
const { count: termCount, list } = termList(text, N_TERMS);
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim().replace(/.*load average:\s*/, 'load ');

/** Stops the CPU profile and prints its busiest functions. */
async function printProfile(cdp, what) {
  const { profile } = await cdp.send('Profiler.stop');
  const summary = summariseCpuProfile(profile);
  console.log(`page's thread while ${what}: ${summary.ms} ms sampled; self time`);
  for (const { fn, ms } of summary.self.slice(0, 25)) console.log(`  ${String(ms).padStart(7)} ms  ${fn}`);
  console.log('total time');
  for (const { fn, ms } of summary.total.slice(0, 40)) console.log(`  ${String(ms).padStart(7)} ms  ${fn}`);
}

const countShown = (page) => page.locator('.suggestion-count').innerText();

await withImported(opts, async (page) => {
  console.log(`${termCount} terms (${(list.length / 1e6).toFixed(1)} MB) over ${text.length} characters [${uptime()}]`);
  const panel = page.getByRole('region', { name: 'Suggestions' });
  await panel.scrollIntoViewIfNeeded();
  await page.locator('article[aria-label="Document"]').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Escape');
  const before = await countShown(page);
  await resetFrames(page);
  const cdp = profiling ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  let started = Date.now();
  await page.getByLabel('Load terms or patterns…').setInputFiles({ name: 'terms.tsv', mimeType: 'text/tab-separated-values', buffer: Buffer.from(list) });
  await page.waitForFunction((before) => document.querySelector('.suggestion-count')?.textContent !== before, before, { timeout: 120000 });
  const loaded = Date.now() - started;
  console.log(`load the list: ${await countShown(page)} shown after ${loaded} ms; long frames ${await longFrames(page)} [${uptime()}]`);
  if (cdp) {
    await page.waitForTimeout(500);
    await printProfile(cdp, 'the list loaded');
  }

  for (let round = 1; round <= 3; round++) {
    const shown = await countShown(page);
    await page.waitForTimeout(1000);
    // Step to the next suggestion and press Claim's key: a new revision,
    // in which that span is no longer proposed.
    await page.keyboard.press('.');
    await page.waitForFunction(() => (CSS.highlights.get('sch-sug-current')?.size ?? 0) === 1);
    await page.waitForTimeout(500);
    await resetFrames(page);
    if (cdp && round === 2) await cdp.send('Profiler.start');
    started = Date.now();
    await page.keyboard.press('3');
    await page.waitForFunction((shown) => document.querySelector('.suggestion-count')?.textContent !== shown, shown, { timeout: 60000 }).catch(() => {});
    const took = Date.now() - started;
    await page.waitForTimeout(500);
    console.log(`Claim's key on the suggestion stepped to (round ${round}): ${await countShown(page)} shown after ${took} ms; long frames ${await longFrames(page)} [${uptime()}]`);
    if (cdp && round === 2) await printProfile(cdp, `round ${round}`);
  }
});
