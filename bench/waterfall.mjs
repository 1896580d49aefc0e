// The network waterfall of a first visit under throttling: each request's
// start, end, bytes on the wire and initiator, in the order they started,
// and when the seed document showed with usable label buttons (as
// bench/first-visit.mjs). Figures for docs/performance.md, not a test.
//
//   node bench/waterfall.mjs [--dist DIR] [--mbit 1.6] [--rtt 150]
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';

import { CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/harness.mjs';
import { serve } from '../tests/e2e/server.mjs';

const args = process.argv.slice(2);
const at = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const dist = at('--dist', undefined) && resolve(at('--dist'));
const mbit = Number(at('--mbit', 1.6));
const rtt = Number(at('--rtt', 150));

const server = await serve(dist, 0, { compress: at('--encoding', 'gzip') === 'none' ? undefined : at('--encoding', 'gzip') });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: rtt, downloadThroughput: (mbit * 1e6) / 8, uploadThroughput: (mbit * 1e6) / 8,
  });
  const requests = new Map();
  let origin;
  cdp.on('Network.requestWillBeSent', (e) => {
    origin ??= e.timestamp;
    requests.set(e.requestId, { url: e.request.url.replace(server.url, '/'), start: e.timestamp, type: e.type });
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.encoding = e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'] ?? '';
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId);
    if (r) Object.assign(r, { end: e.timestamp, bytes: e.encodedDataLength });
  });
  await page.goto(server.url, { waitUntil: 'commit' });
  const shown = await (await page.waitForFunction(() => document.querySelector('article[aria-label="Document"] p')
    && [...document.querySelectorAll('[aria-label="Labels"] button.label-button')].some((b) => !b.disabled)
    && performance.now(), null, { timeout: 120000, polling: 'raf' })).jsonValue();
  await page.waitForTimeout(Number(at('--linger', 3000)));
  console.log(`${mbit} Mbit/s, ${rtt} ms RTT: shown at ${Math.round(shown)} ms after navigation`);
  console.log('start ms  end ms    bytes  enc   url');
  for (const r of [...requests.values()].sort((a, b) => a.start - b.start)) {
    const ms = (t) => (t === undefined ? '   —' : String(Math.round((t - origin) * 1000)).padStart(7));
    console.log(`${ms(r.start)} ${ms(r.end)} ${String(r.bytes ?? '—').padStart(9)}  ${(r.encoding || '-').padEnd(5)} ${r.url.slice(0, 70)}`);
  }
} finally {
  await browser.close();
  await server.close();
}
