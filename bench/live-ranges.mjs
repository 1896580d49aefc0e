// What 10,000 ranges cost every DOM change: a node inserted, its text
// edited and removed 200 times beside a 2,700-paragraph text, with no
// ranges, 10,000 live Ranges (in a Highlight or not) and 10,000
// StaticRanges, each on a fresh page. Prints ms per round.
//
//   node bench/live-ranges.mjs
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/harness.mjs';
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
for (const kind of ['none', 'live', 'static', 'live-unregistered', 'static-unregistered']) {
  const page = await browser.newPage();
  await page.setContent('<div id=t></div><div id=side></div>');
  const r = await page.evaluate((kind) => {
    const t = document.getElementById('t'); t.textContent = '';
    const ps = [];
    for (let i = 0; i < 2700; i++) { const p = document.createElement('p'); p.textContent = 'lorem ipsum dolor sit amet '.repeat(14); t.appendChild(p); ps.push(p); }
    CSS.highlights.clear();
    const h = new Highlight(); CSS.highlights.set('x', h);
    const keep = [];
    for (let i = 0; i < 10000 && kind !== 'none'; i++) {
      const node = ps[i % 2700].firstChild; const s = (i * 7) % 300;
      if (kind.startsWith('live')) { const r = new Range(); r.setStart(node, s); r.setEnd(node, s + 10); kind === 'live' ? h.add(r) : keep.push(r); }
      else { const r = new StaticRange({ startContainer: node, startOffset: s, endContainer: node, endOffset: s + 10 }); kind === 'static' ? h.add(r) : keep.push(r); }
    }
    const side = document.getElementById('side');
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) { const d = document.createElement('div'); d.textContent = 'x'; side.appendChild(d); d.firstChild.nodeValue = 'y'; side.removeChild(d); }
    const per = (performance.now() - t0) / 200; window.keep = keep; return per;
  }, kind);
  await page.close();
  console.log(kind, 'ms per insert+text+remove:', r.toFixed(3));
}
await browser.close();
