// A CPU profile of typing a query into the search box of a page that has
// imported FILE, a key every 120 ms as bench/run.mjs types it, until the
// search after the typing pause is done: the functions by self and total
// time (by name in a build with names, bench/build-names.sh). With
// --trace, a trace instead: the main thread's self time by event (style,
// layout, paint, script) and its tasks over 30 ms, with the long animation
// frames seen, the click on the search box included (as bench/run.mjs
// counts them).
//
//   node bench/search-profile.mjs [--dist DIR] [--trace] [FILE] [--query Tirana]
//
// FILE: a generated document (default bench/output/data/1m-10000.scholia.json).
import { longFrames, options, resetFrames, withImported } from './imported.mjs';
import { SEARCH_BOX, printCpuSummary, printTraceSummary, summariseCpuProfile, summariseTrace } from './profile.mjs';

const args = process.argv.slice(2);
const queryAt = args.indexOf('--query');
const query = queryAt >= 0 ? args.splice(queryAt, 2)[1] : 'Tirana';
const traceAt = args.indexOf('--trace');
const trace = traceAt >= 0 && args.splice(traceAt, 1).length > 0;

await withImported(options(args), async (page) => {
  const search = page.locator(SEARCH_BOX);
  if (trace) {
    const browser = page.context().browser();
    await resetFrames(page);
    await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink.user_timing'] });
    await page.evaluate(() => performance.mark('bench:typing'));
    await search.click();
    await search.pressSequentially(query, { delay: 120 });
    await page.waitForTimeout(1500);
    const summary = summariseTrace(JSON.parse((await browser.stopTracing()).toString('utf8')), 'typing');
    printTraceSummary(`typing "${query}": main thread busy ${summary.ms} ms; self time by event`, summary, 'the click on the box');
    console.log(`   long animation frames: ${await longFrames(page)}`);
    return;
  }
  await search.click();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await search.pressSequentially(query, { delay: 120 });
  await page.waitForTimeout(1500);
  const { profile } = await cdp.send('Profiler.stop');
  const summary = summariseCpuProfile(profile);
  printCpuSummary(`typing "${query}": ${summary.ms} ms sampled; self time (idle left out)`, summary, { leaveOut: (f) => f.fn === '(idle)' });
});
