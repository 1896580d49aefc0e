// First visit and repeat visit of the release app, with DevTools' network
// throttling, in a fresh profile: from navigation to the seed document
// shown with its label buttons usable (enabled, the app's handlers on
// them). Figures, not a test (docs/performance.md).
//
//   node bench/first-visit.mjs [--dist DIR] [--runs 3]
//
// Profiles: 20 Mbit/s with 40 ms round trips, 1.6 Mbit/s with 150 ms (as
// DevTools' "Slow 4G" and "3G"), with service workers blocked: DevTools
// throttles the page's requests, not the service worker's, whose
// precaching on the first visit would fetch the app's files beside the page
// at full speed (and answer the page's later requests from its cache).
// Then a repeat visit (a profile of its own, after one visit there: the
// service worker installed, the network unthrottled: its cache answers). For a split build (scripts/split.mjs) it prints too when the
// deferred part of the code had arrived, which the page fetches once the
// app has started.
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';

import { CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/harness.mjs';
import { DIST, serve } from '../tests/e2e/server.mjs';

const args = process.argv.slice(2);
const at = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const dist = at('--dist', undefined) && resolve(at('--dist'));
const runs = Number(at('--runs', 3));
const split = readdirSync(dist ?? DIST).some((file) => file.endsWith('_deferred.wasm'));

const PROFILES = [
  { name: '20 Mbit/s, 40 ms RTT', mbit: 20, rtt: 40, target: 1000 },
  { name: '1.6 Mbit/s, 150 ms RTT', mbit: 1.6, rtt: 150, target: 5000 },
];

/** Milliseconds from navigation start until the seed document and enabled label buttons show. */
async function visit(page) {
  await page.goto(server.url, { waitUntil: 'commit' });
  // performance.now() counts from the navigation's start.
  const shown = await page.waitForFunction(() => document.querySelector('article[aria-label="Document"] p')
    && [...document.querySelectorAll('[aria-label="Labels"] button.label-button')].some((b) => !b.disabled)
    && performance.now(), null, { timeout: 60000, polling: 'raf' });
  return shown.jsonValue();
}

/** Milliseconds from navigation start until the deferred code had arrived. */
async function deferredIn(page) {
  const arrived = await page.waitForFunction(() => {
    const entry = performance.getEntriesByType('resource').find((r) => r.name.endsWith('_deferred.wasm'));
    return entry?.responseEnd > 0 && entry.responseEnd;
  }, null, { timeout: 60000, polling: 100 });
  return arrived.jsonValue();
}

const server = await serve(dist, 0, { compress: at('--encoding', 'gzip') === 'none' ? undefined : at('--encoding', 'gzip') });
const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];
try {
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const repeat = [];
  for (const profile of PROFILES) {
    const times = [];
    const later = [];
    for (let run = 0; run < runs; run++) {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, serviceWorkers: 'block' });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: profile.rtt,
        downloadThroughput: (profile.mbit * 1e6) / 8,
        uploadThroughput: (profile.mbit * 1e6) / 8,
      });
      times.push(await visit(page));
      if (split) later.push(await deferredIn(page));
      if (profile === PROFILES[0]) {
        // The repeat visit: the service worker controls the page.
        const served = await browser.newContext({ viewport: { width: 1280, height: 860 } });
        const again = await served.newPage();
        await visit(again);
        await again.evaluate(() => navigator.serviceWorker?.ready);
        repeat.push(await visit(again));
      }
      await browser.close();
    }
    const m = median(times);
    console.log(`${m <= profile.target ? 'PASS' : 'FAIL'}  first visit, ${profile.name}: ${Math.round(m)} ms (target ≤ ${profile.target} ms; runs ${times.map(Math.round).join(', ')})`);
    if (split) console.log(`      the deferred code in at ${Math.round(median(later))} ms (runs ${later.map(Math.round).join(', ')})`);
  }
  const m = median(repeat);
  console.log(`${m <= 300 ? 'PASS' : 'FAIL'}  repeat visit (service worker): ${Math.round(m)} ms (target ≤ 300 ms; runs ${repeat.map(Math.round).join(', ')})`);
} finally {
  await server.close();
}
