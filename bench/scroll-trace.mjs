// What the page's thread does in the long frames of a scroll: scrolls a
// document as bench/scroll-frames.mjs does (one view height per frame),
// traces the steps FROM to TO (a trace of a whole 5 MB scroll is too large
// to keep), and prints each task of the page's thread over 50 ms in that
// stretch split into style, layout, paint and pre-paint, script, and the
// garbage collector's time inside them (V8's marking steps, which trace the
// DOM's heap too, run wherever the page allocates: in style recalculation,
// most often).
//
//   node bench/scroll-trace.mjs [--dist DIR] [--steps FROM-TO] [--out FILE] FILE
//
// FILE: a generated document (node bench/generate.mjs 5m 50000 lines >
// FILE). --steps: default 2000-2600 (the first long frame of the 5 MB
// `lines` file falls around step 2,200). --out: keep the trace.
import { writeFileSync } from 'node:fs';
import { options, withImported } from './imported.mjs';
import { mainThread, summariseTrace } from './profile.mjs';

const args = process.argv.slice(2);
const take = (flag, fallback) => {
  const at = args.indexOf(flag);
  return at >= 0 ? args.splice(at, 2)[1] : fallback;
};
const [from, to] = take('--steps', '2000-2600').split('-').map(Number);
const out = take('--out', null);
const o = options(args);

/** Sum of the durations of events named like `re`, not counting those inside another of them. */
function outermost(events, re) {
  let end = 0;
  let total = 0;
  for (const e of events) {
    if (!re.test(e.name) || e.ts < end) continue;
    end = e.ts + e.dur;
    total += e.dur;
  }
  return total / 1000;
}

await withImported(o, async (page) => {
  const browser = page.context().browser();
  const scroll = (steps) => page.evaluate(async ([first, last]) => {
    const scroller = document.querySelector('.document-scroll');
    const frame = () => new Promise((done) => requestAnimationFrame(done));
    const long = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.duration > 50) long.push(Math.round(e.duration));
    });
    observer.observe({ type: 'long-animation-frame' });
    let step = first;
    for (; step < last && scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 1; step++) {
      scroller.scrollTop += scroller.clientHeight;
      await frame();
    }
    await frame();
    await frame();
    observer.disconnect();
    return { step, long };
  }, steps);
  await page.evaluate(() => { document.querySelector('.document-scroll').scrollTop = 0; });
  const before = await scroll([0, from]);
  console.log(`steps 0–${before.step}, not traced: long frames ${before.long.join(', ') || 'none'}`);
  await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.gc', 'blink_gc'] });
  const traced = await scroll([before.step, to]);
  const buffer = await browser.stopTracing();
  if (out) writeFileSync(out, buffer);
  console.log(`steps ${before.step}–${traced.step}, traced: long frames ${traced.long.join(', ') || 'none'}`);
  const events = JSON.parse(buffer.toString('utf8')).traceEvents;
  const main = mainThread(events);
  const complete = events.filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X' && e.dur != null)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  let taskEnd = 0;
  for (const task of complete) {
    if (!/RunTask/.test(task.name) || task.ts < taskEnd) continue;
    taskEnd = task.ts + task.dur;
    if (task.dur <= 50000) continue;
    const inside = complete.filter((e) => e.ts >= task.ts && e.ts + e.dur <= taskEnd);
    const self = new Map(summariseTrace([...events.filter((e) => e.ph === 'M'), ...inside]).self.map((s) => [s.name, s.ms]));
    const ms = (name) => self.get(name) ?? 0;
    const gc = outermost(inside, /^V8\.GC|^BlinkGC|^CppGC/);
    const style = outermost(inside, /^UpdateLayoutTree$/);
    const layout = outermost(inside, /^Layout$/);
    console.log(`  task ${(task.dur / 1000).toFixed(1)} ms: style ${style.toFixed(1)}, layout ${layout.toFixed(1)}, `
      + `pre-paint and paint ${(ms('PrePaint') + ms('Paint')).toFixed(1)}, script ${(ms('FunctionCall') + ms('EvaluateScript') + ms('v8.callFunction')).toFixed(1)}; `
      + `garbage collection inside the task ${gc.toFixed(1)} ms`);
  }
});
