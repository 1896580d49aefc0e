// Profiles Scholia on one document through the DevTools protocol: a CPU
// profile of each step (import, add, remove, export, scroll) on one fresh
// page, and a trace of the same steps on another, summarised by function
// (self and total time) and by what the browser did (script, style, layout,
// paint, GC). Serve a build with names (bench/build-names.sh) to see the
// wasm functions by name.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { dragSelect, pointOf } from '../tests/e2e/harness.mjs';
import { ADD_TARGET, REMOVE_TARGET } from './generate.mjs';

/**
 * The Export JSON button. A CSS locator: Playwright's role locator computes
 * the accessible name of every element, seconds on a page with a long list.
 */
export const exportButton = (page) => page.locator('header button:has-text("Export JSON")');
// CSS selectors, not role or label queries: Playwright resolves those by
// walking the page's elements on the page's own thread (70 ms on a document
// of 84,000 lines), a long frame the benchmark would count as the app's.
export const SEARCH_BOX = 'input[type=search][aria-label="Search the text"]';
export const THEME_SELECT = '.theme-switch select';

/** The steps, each a function of the page that starts the work and resolves when it is done. */
function steps(doc, target, { settle, watchPainted, checkExport }) {
  const n = doc.count;
  return [
    {
      name: 'import',
      mark: 'handover',
      prepare: async () => {},
      run: async (page) => {
        const done = await watchPainted(page, 'handover', { lines: doc.facts.lines, ranges: n });
        await page.locator('header input[type=file]').setInputFiles(doc.path);
        await done();
      },
    },
    {
      // A mouse selection: the drag, until two frames after the mouse is up.
      name: 'select',
      mark: 'drag',
      prepare: async (page) => {
        await page.evaluate(() => { document.querySelector('.document-scroll').scrollTop = 0; });
        await settle(page, target);
      },
      run: async (page) => {
        await page.evaluate(() => __bench.mark('drag'));
        await dragSelect(page, ADD_TARGET);
        await page.evaluate(async () => { await __bench.frame(); await __bench.frame(); });
      },
    },
    {
      name: 'add',
      mark: 'key:1',
      prepare: async (page) => settle(page, target),
      run: async (page) => {
        const done = await watchPainted(page, 'key:1', { ranges: n + 1 });
        await page.keyboard.press('1');
        await done();
      },
    },
    {
      name: 'remove',
      mark: 'key:Delete',
      prepare: async (page) => {
        const at = await pointOf(page, REMOVE_TARGET, { offset: 3 });
        await page.mouse.click(at.x, at.y);
        await page.waitForFunction(() => __bench.selectedRanges() === 1);
        await settle(page, target);
      },
      run: async (page) => {
        const done = await watchPainted(page, 'key:Delete', { ranges: n });
        await page.keyboard.press('Delete');
        await done();
      },
    },
    {
      name: 'export',
      mark: 'click',
      prepare: async () => {},
      run: async (page) => {
        const [download] = await Promise.all([page.waitForEvent('download'), exportButton(page).click()]);
        checkExport(JSON.parse(readFileSync(await download.path(), 'utf8')), n);
      },
    },
    {
      name: 'scroll',
      prepare: async () => {},
      run: async (page) => page.evaluate(() => __bench.scrollThrough()),
    },
  ];
}

/** Prints a CPU profile's summary under `heading`: the top functions by self, then by total time. */
export function printCpuSummary(heading, summary, { leaveOut = () => false } = {}) {
  console.log(heading);
  for (const { fn, ms } of summary.self.filter((f) => !leaveOut(f)).slice(0, 12)) console.log(`   ${String(ms).padStart(8)} ms  ${fn}`);
  console.log('   total (inclusive) time [first–last seen]');
  for (const { fn, ms, from, to } of summary.total.filter((f) => !leaveOut(f)).slice(0, 25)) console.log(`   ${String(ms).padStart(8)} ms  ${fn}  [${from}–${to} ms]`);
}

/** Prints a trace's summary (`summariseTrace`) under `heading`: the events by self time, then the long tasks after `after`. */
export function printTraceSummary(heading, summary, after) {
  console.log(heading);
  for (const { name, ms } of summary.self.slice(0, 12)) console.log(`   ${String(ms).padStart(8)} ms  ${name}`);
  if (summary.tasks) console.log(`   tasks > 30 ms after ${after} [start ms, duration ms]: ${JSON.stringify(summary.tasks)}`);
}

/** Self and total time per function of a CPU profile (`.cpuprofile`). */
export function summariseCpuProfile(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const name = (node) => {
    const f = node.callFrame;
    const fn = f.functionName || '(anonymous)';
    if (fn.startsWith('(')) return fn;
    // wasm functions carry their (demangled) Rust path; JS ones, their file.
    const file = f.url ? f.url.split('/').pop().replace(/-[0-9a-f]{16}/, '') : '';
    return f.url?.includes('wasm') ? fn.replace(/::h[0-9a-f]{16}$/, '') : `${fn} (${file}:${f.lineNumber + 1})`;
  };
  const self = new Map();
  const total = new Map();
  // When each function was first and last on the stack (ms from the start).
  const seenAt = new Map();
  let sum = 0;
  let clock = 0;
  profile.samples.forEach((id, i) => {
    clock += profile.timeDeltas[i] / 1000;
    const delta = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
    sum += delta;
    const node = byId.get(id);
    const own = name(node);
    self.set(own, (self.get(own) ?? 0) + delta);
    const seen = new Set();
    for (let at = id; at != null; at = parent.get(at)) {
      const n = name(byId.get(at));
      if (seen.has(n)) continue;
      seen.add(n);
      total.set(n, (total.get(n) ?? 0) + delta);
      const span = seenAt.get(n);
      if (span) span[1] = clock;
      else seenAt.set(n, [clock, clock]);
    }
  });
  const top = (map, k) => [...map].sort((a, b) => b[1] - a[1]).slice(0, k).map(([fn, ms]) => ({
    fn, ms: Math.round(ms * 10) / 10, from: Math.round(seenAt.get(fn)?.[0] ?? 0), to: Math.round(seenAt.get(fn)?.[1] ?? 0),
  }));
  return { ms: Math.round(sum), self: top(self, 30), total: top(total, 60) };
}

/** The page's renderer main thread (`pid:tid`): the CrRendererMain busiest with complete events. */
export function mainThread(events) {
  const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const load = new Map();
  for (const e of events) {
    const thread = `${e.pid}:${e.tid}`;
    if (e.ph === 'X' && mains.has(thread)) load.set(thread, (load.get(thread) ?? 0) + (e.dur ?? 0));
  }
  return [...load].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/**
 * Self time of the renderer main thread's trace events by name (Layout,
 * UpdateLayoutTree, Paint, FunctionCall, GC…).
 */
export function summariseTrace(trace, startMark) {
  const events = trace.traceEvents ?? trace;
  const main = mainThread(events);
  const complete = events
    .filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X' && e.dur != null)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const self = new Map();
  const stack = [];
  let busy = 0;
  const finish = (frame) => self.set(frame.name, (self.get(frame.name) ?? 0) + frame.dur - frame.children);
  for (const e of complete) {
    while (stack.length && stack[stack.length - 1].end <= e.ts) finish(stack.pop());
    const parent = stack[stack.length - 1];
    if (parent) parent.children += e.dur;
    else busy += e.dur;
    stack.push({ name: e.name, dur: e.dur, end: e.ts + e.dur, children: 0 });
  }
  while (stack.length) finish(stack.pop());
  // The main thread's tasks over 30 ms from the step's start mark on (ms
  // after the mark, duration): everything the step set off, its tail too.
  const start = events.find((e) => e.name === `bench:${startMark}`)?.ts;
  const tasks = [];
  let taskEnd = 0;
  for (const e of complete) {
    if (e.name !== 'RunTask' || e.ts < taskEnd) continue;
    taskEnd = e.ts + e.dur;
    if (start != null && e.ts + e.dur >= start && e.dur > 30000) tasks.push([Math.round((e.ts - start) / 1000), Math.round(e.dur / 1000)]);
  }
  return {
    ms: Math.round(busy / 1000),
    tasks: start == null ? null : tasks,
    self: [...self].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10 })),
  };
}

/**
 * Profiles one target on one document: for Scholia a CPU profile of each
 * step on one fresh page (and a trace on another); for a baseline, the trace.
 */
export async function profileTarget(target, doc, urls, out, helpers) {
  mkdirSync(out, { recursive: true });
  const { openTarget, settle } = helpers;
  const plan = steps(doc, target, helpers);
  const report = { target, document: `${doc.size}-${doc.count}`, steps: Object.fromEntries(plan.map((s) => [s.name, {}])) };

  if (target === 'scholia') {
    console.log(`\n== CPU profile (DevTools protocol): ${target}, ${doc.size} / ${doc.count}`);
    const { browser, context, page, cdp } = await openTarget(target, urls);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    try {
      for (const step of plan) {
        await step.prepare(page);
        await cdp.send('Profiler.start');
        const started = Date.now();
        await step.run(page);
        const wall = Date.now() - started;
        const { profile } = await cdp.send('Profiler.stop');
        writeFileSync(join(out, `${target}-${step.name}.cpuprofile`), JSON.stringify(profile));
        const summary = summariseCpuProfile(profile);
        Object.assign(report.steps[step.name], { wallMs: wall, cpu: summary });
        printCpuSummary(`\n-- ${step.name}: ${wall} ms wall, ${summary.ms} ms sampled; self time`, summary);
        await settle(page, target);
      }
    } finally {
      await context.close();
      await browser.close();
    }
  }

  console.log(`\n== trace: what the browser's main thread did in each step: ${target}, ${doc.size} / ${doc.count}`);
  const { browser, context, page } = await openTarget(target, urls);
  try {
    for (const step of plan) {
      await step.prepare(page);
      await browser.startTracing(page, {
        categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink.user_timing', 'loading'],
      });
      await step.run(page);
      // Until the page is quiet again (stored, two frames, a pause): the
      // step's tail (autosave, its re-renders) is its cost too.
      await settle(page, target);
      const buffer = await browser.stopTracing();
      writeFileSync(join(out, `${target}-${step.name}.trace.json`), buffer);
      const summary = summariseTrace(JSON.parse(buffer.toString('utf8')), step.mark);
      report.steps[step.name].trace = summary;
      printTraceSummary(`\n-- ${step.name}: main thread busy ${summary.ms} ms, until quiet; self time by event`, summary, step.mark);
    }
  } finally {
    await context.close();
    await browser.close();
  }
  writeFileSync(join(out, `${target}-summary.json`), JSON.stringify(report, null, 2));
  console.log(`\nprofiles: ${out}/${target}-*.cpuprofile (open in Chrome DevTools › Performance), ${target}-*.trace.json, ${target}-summary.json`);
  return report;
}
