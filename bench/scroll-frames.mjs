// Long animation frames while scrolling a document from top to bottom, one
// view height per frame (as bench/probe.js scrolls), each broken down by
// what took the time: the scripts (and the style and layout they forced),
// the frame's own style and layout, and its rendering (paint, pre-paint,
// compositing: what is left after style and layout).
//
//   node bench/scroll-frames.mjs [--dist DIR] [--inject-css RULES] [--runs N]
//                                [--baseline plain|highlight] FILE
//
// FILE is a generated document (node bench/generate.mjs 1m 10000 single >
// FILE). --eval runs CODE in the page before the scroll (a what-if, e.g.
// 'CSS.highlights.clear()'). --baseline scrolls that baseline page instead of the app. --inject-css adds a style sheet to the page before the import (a
// what-if, without changing the app). Prints one line per run and the
// medians over the runs.
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { options, withImported } from './imported.mjs';
import { serve } from '../tests/e2e/server.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/harness.mjs';

/** A baseline page (bench/baselines/NAME.html) that has imported `file`. */
async function withBaseline(name, { file }, use) {
  const server = await serve(fileURLToPath(new URL('..', import.meta.url)), 0, { unlockedPages: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(`${server.url}bench/baselines/${name}.html`);
    await page.locator('header input[type=file]').setInputFiles(file);
    await page.locator('article[aria-label="Document"] p').first().waitFor({ timeout: 60000 });
    await page.waitForTimeout(1000);
    await use(page);
  } finally {
    await browser.close();
    await server.close();
  }
}

/** See bench/run.mjs's injectCss (kept here: importing run.mjs would run it). */
async function injectCss(page, css) {
  await page.evaluate((rules) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(rules);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }, css);
}

const args = process.argv.slice(2);
const take = (flag, fallback) => {
  const at = args.indexOf(flag);
  return at >= 0 ? args.splice(at, 2)[1] : fallback;
};
const css = take('--inject-css', '');
const runs = Number(take('--runs', '1'));
const baseline = take('--baseline', '');
const before = take('--eval', '');
const opts = options(args);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : 0;
};

const results = [];
for (let run = 0; run < runs; run++) {
  const open = baseline ? (o, use) => withBaseline(baseline, o, use) : withImported;
  await open(opts, async (page) => {
    if (css) await injectCss(page, css);
    if (before) await page.evaluate(before);
    const r = await page.evaluate(async () => {
      const frames = [];
      const observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) frames.push(e);
      });
      observer.observe({ type: 'long-animation-frame' });
      const scroller = document.querySelector('.document-scroll');
      const frame = () => new Promise((done) => requestAnimationFrame(done));
      scroller.scrollTop = 0;
      await frame();
      let steps = 0;
      const from = performance.now();
      while (scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 1) {
        scroller.scrollTop += scroller.clientHeight;
        steps++;
        await frame();
      }
      const ms = performance.now() - from;
      await frame();
      await frame();
      observer.disconnect();
      const long = frames.filter((f) => f.duration > 50).map((f) => {
        const end = f.startTime + f.duration;
        const scripts = f.scripts.reduce((n, s) => n + s.duration, 0);
        const forced = f.scripts.reduce((n, s) => n + (s.forcedStyleAndLayoutDuration ?? 0), 0);
        const styleLayout = f.styleAndLayoutStart ? end - f.styleAndLayoutStart : 0;
        const render = f.renderStart ? end - f.renderStart : 0;
        const top = [...f.scripts].sort((a, b) => b.duration - a.duration)[0];
        return {
          ms: Math.round(f.duration), scripts: Math.round(scripts), forced: Math.round(forced),
          styleLayout: Math.round(styleLayout), render: Math.round(render),
          worst: top ? `${top.invoker} ${Math.round(top.duration)}ms` : '',
        };
      });
      return { steps, ms: Math.round(ms), height: scroller.scrollHeight, long };
    });
    results.push(r);
    const sum = (k) => r.long.reduce((n, f) => n + f[k], 0);
    console.log(`run ${run + 1}: ${r.steps} steps over ${r.height} px in ${r.ms} ms; ${r.long.length} long frames, worst ${Math.max(0, ...r.long.map((f) => f.ms))} ms; in them scripts ${sum('scripts')} ms (forced style/layout ${sum('forced')} ms), style+layout after rendering began ${sum('styleLayout')} ms, rendering ${sum('render')} ms`);
    const invokers = new Map();
    for (const f of r.long) if (f.worst) invokers.set(f.worst.replace(/ \d+ms$/, ''), (invokers.get(f.worst.replace(/ \d+ms$/, '')) ?? 0) + 1);
    console.log(`  longest script per long frame: ${[...invokers].map(([k, n]) => `${k} ×${n}`).join(', ') || 'none'}`);
    console.log(`  long frames: ${r.long.map((f) => `${f.ms} (s${f.scripts}/f${f.forced}/r${f.render})`).join(' ')}`);
  });
}
if (runs > 1) {
  console.log(`median of ${runs}: ${median(results.map((r) => r.long.length))} long frames, worst ${median(results.map((r) => Math.max(0, ...r.long.map((f) => f.ms))))} ms`);
}
