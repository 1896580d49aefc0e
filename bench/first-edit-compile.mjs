// What the browser compiles when an annotation is added for the first time
// on a page: V8 compiles a wasm function only when it is first called
// (lazily, with its baseline compiler, on the page's thread), so the first
// add of a session runs the compiler for every function the import did not
// call. Adds one annotation (drag over the benchmark's span, press 1), then
// undoes it, twice; for each add prints the time from the key to two frames
// later, the lazy compilations on the page's thread (count, time, bytes of
// wasm; how many before the first paint after the key) and the optimising
// compiler's time on other threads, the page's thread's time from the key
// to that paint by trace event, and the largest functions compiled
// before that paint (by name in a build with names,
// bench/build-names.sh; wasm-opt from node_modules names them).
//
//   node bench/first-edit-compile.mjs [--dist DIR] [--by-module] [--select-first] [FILE]
//
// --by-module: also sums the first add's early compilations by the module
// path of each function (its first two path segments), to see which parts
// of the app the add reaches for the first time.
//
// --select-first: clicks a highlight (another annotation) before the first
// add, so that the selected annotation's views (the details panel, the
// list's selected row, the selection's highlight) have been shown once.
//
// FILE: a generated document (default bench/output/data/1m-10000.scholia.json).
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dragSelect, pointOf } from '../tests/e2e/harness.mjs';
import { ADD_TARGET, REMOVE_TARGET } from './generate.mjs';
import { options, withImported } from './imported.mjs';
import { mainThread, summariseTrace } from './profile.mjs';

const args = process.argv.slice(2);
const byModule = args.includes('--by-module');
const selectFirst = args.includes('--select-first');
const o = options(args.filter((a) => a !== '--by-module' && a !== '--select-first'));
const dist = o.dist ?? 'dist';
const wasm = join(dist, readdirSync(dist).find((f) => /^scholia-[0-9a-f]+_bg\.wasm$/.test(f)));

/** Function index → name, from the wasm's name section (empty without one). */
function functionNames() {
  try {
    const map = execFileSync('wasm-opt', [wasm, '--print-function-map', '-o', '/dev/null'], {
      env: { ...process.env, PATH: `node_modules/.bin:${process.env.PATH}` }, maxBuffer: 1 << 26,
    }).toString();
    return new Map(map.split('\n').map((l) => /^(\d+):(.*\D.*)$/.exec(l)).filter(Boolean)
      .map(([, i, name]) => [Number(i), name.replace(/::h[0-9a-f]{16}/, '').replace(/\[[0-9a-f]+\]/g, '')]));
  } catch {
    return new Map();
  }
}

const CATEGORIES = ['devtools.timeline', 'v8.wasm', 'disabled-by-default-v8.wasm.detailed', 'toplevel'];
const names = functionNames();

await withImported({ dist, file: o.file }, async (page) => {
  const browser = page.context().browser();
  if (selectFirst) {
    const at = await pointOf(page, REMOVE_TARGET, { offset: 3 });
    await page.mouse.click(at.x, at.y);
    await page.waitForTimeout(500);
  }
  for (const round of ['first', 'second']) {
    await page.evaluate(() => { document.querySelector('.document-scroll').scrollTop = 0; });
    await page.waitForTimeout(300);
    await dragSelect(page, ADD_TARGET);
    await page.waitForTimeout(300);
    await browser.startTracing(page, { categories: CATEGORIES });
    const start = await page.evaluate(() => performance.now());
    await page.keyboard.press('1');
    const painted = await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now())))));
    await page.waitForTimeout(500);
    const events = JSON.parse((await browser.stopTracing()).toString('utf8')).traceEvents;
    const main = mainThread(events);
    const onPage = (e) => `${e.pid}:${e.tid}` === main;
    const timed = (name, where) => events.filter((e) => e.ph === 'X' && e.name === name && where(e));
    const ms = (list) => list.reduce((t, e) => t + e.dur, 0) / 1000;
    const lazy = timed('wasm.CompileLazy', onPage);
    const baseline = timed('wasm.CompileBaseline', onPage);
    const topTier = timed('wasm.TopTierCompilation', (e) => !onPage(e));
    const bytes = baseline.reduce((t, e) => t + (e.args.bodySize ?? 0), 0);
    // Which of them ran before the first paint after the key.
    const key = events.find((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown' && onPage(e));
    const framed = events.filter((e) => e.name === 'Paint' && onPage(e) && key && e.ts > key.ts)
      .reduce((first, e) => Math.min(first, e.ts + (e.dur ?? 0)), Infinity);
    const before = lazy.filter((e) => e.ts < framed);
    console.log(`${round} add: key → two frames ${(painted - start).toFixed(1)} ms; lazily compiled on the page's thread: `
      + `${lazy.length} functions, ${bytes} bytes of wasm, ${ms(lazy).toFixed(1)} ms (before the first paint after the key: ${before.length}, ${ms(before).toFixed(1)} ms); `
      + `optimising compiler on other threads ${ms(topTier).toFixed(1)} ms`);
    // Where the page's thread spent the time from the key to that paint.
    const untilPaint = summariseTrace(events.filter((e) => e.ph === 'M' || (key && e.ts >= key.ts && e.ts < framed)));
    console.log(`   key → first paint: main thread busy ${untilPaint.ms} ms; self time `
      + untilPaint.self.slice(0, 10).map((x) => `${x.name} ${x.ms}`).join(', '));
    // The largest compiled before that paint (the ones the add waited for).
    const early = baseline.filter((e) => e.ts < framed);
    for (const e of early.sort((a, b) => b.args.bodySize - a.args.bodySize).slice(0, round === 'first' ? 15 : 3)) {
      console.log(`   ${String(e.args.bodySize).padStart(6)} B ${(e.dur / 1000).toFixed(2)} ms  ${(names.get(e.args.funcIndex) ?? `function ${e.args.funcIndex}`).slice(0, 120)}`);
    }
    if (byModule && round === 'first') {
      const sums = new Map();
      for (const e of early) {
        const name = names.get(e.args.funcIndex) ?? '(unnamed)';
        // The innermost `crate::module` the name starts with, generics aside.
        const path = /^<?&?(?:mut )?([a-z_][a-z0-9_]*(?:::[a-z_][a-z0-9_]*)?)/.exec(name)?.[1] ?? name.slice(0, 40);
        const [n, b, t] = sums.get(path) ?? [0, 0, 0];
        sums.set(path, [n + 1, b + e.args.bodySize, t + e.dur / 1000]);
      }
      console.log('   by module [functions, bytes, ms]:');
      for (const [path, [n, b, t]] of [...sums].sort((x, y) => y[1][1] - x[1][1])) {
        console.log(`   ${String(n).padStart(4)} ${String(b).padStart(7)} B ${t.toFixed(2).padStart(6)} ms  ${path}`);
      }
    }
    await page.keyboard.press('Control+z');
    await page.waitForTimeout(800);
  }
});
