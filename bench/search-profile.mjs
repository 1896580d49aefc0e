// A CPU profile of typing a query into the search box of a page that has
// imported FILE, a key every 120 ms as bench/run.mjs types it, until the
// search after the typing pause is done: the functions by self and total
// time (by name in a build with names, bench/build-names.sh).
//
//   node bench/search-profile.mjs [--dist DIR] [FILE] [--query Tirana]
//
// FILE: a generated document (default bench/output/data/1m-10000.scholia.json).
import { options, withImported } from './imported.mjs';
import { printCpuSummary, summariseCpuProfile } from './profile.mjs';

const args = process.argv.slice(2);
const queryAt = args.indexOf('--query');
const query = queryAt >= 0 ? args.splice(queryAt, 2)[1] : 'Tirana';

await withImported(options(args), async (page) => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  const search = page.getByRole('searchbox', { name: 'Search the text' });
  await search.click();
  await cdp.send('Profiler.start');
  await search.pressSequentially(query, { delay: 120 });
  await page.waitForTimeout(1500);
  const { profile } = await cdp.send('Profiler.stop');
  const summary = summariseCpuProfile(profile);
  printCpuSummary(`typing "${query}": ${summary.ms} ms sampled; self time (idle left out)`, summary, { leaveOut: (f) => f.fn === '(idle)' });
});
