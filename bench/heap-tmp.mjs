import { chromium } from 'playwright-core';
import { serve } from '../tests/e2e/server.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/harness.mjs';
const server = await serve(process.argv[2]);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'] });
const page = await browser.newPage();
await page.goto(server.url);
if (process.argv[3] !== 'blank') { await page.locator('ul[aria-label="Documents"] li').first().waitFor(); }
await page.waitForTimeout(1500);
const cdp = await page.context().newCDPSession(page);
await cdp.send('HeapProfiler.collectGarbage');
console.log('usedJSHeapSize', await page.evaluate(() => performance.memory.usedJSHeapSize/1e6));
let chunks = [];
cdp.on('HeapProfiler.addHeapSnapshotChunk', (e) => chunks.push(e.chunk));
await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
const s = JSON.parse(chunks.join(''));
const f = s.snapshot.meta.node_fields, nf = f.length, types = s.snapshot.meta.node_types[0];
const ti = f.indexOf('type'), ni = f.indexOf('name'), si = f.indexOf('self_size');
const agg = new Map(); const big = [];
for (let i = 0; i < s.nodes.length; i += nf) {
  const t = types[s.nodes[i+ti]]; if (t === 'native') continue;
  const name = s.strings[s.nodes[i+ni]]; const sz = s.nodes[i+si];
  const k = t + ':' + (t.includes('string') ? '' : name.slice(0, 50));
  agg.set(k, (agg.get(k) ?? 0) + sz);
  if (sz > 20000) big.push([sz, t, name.slice(0, 80).replace(/\s+/g,' ')]);
}
let tot = 0; for (const v of agg.values()) tot += v;
console.log('non-native total', (tot/1e6).toFixed(2));
for (const [k, v] of [...agg].sort((a,b)=>b[1]-a[1]).slice(0,20)) console.log('  ', (v/1e3).toFixed(0).padStart(6), 'KB', k);
for (const b of big.sort((a,b)=>b[0]-a[0]).slice(0,15)) console.log('  big', b.join(' | '));
await browser.close(); server.close?.(); process.exit(0);
