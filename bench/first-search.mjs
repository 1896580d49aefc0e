// Long animation frames (> 50 ms) of the first searches after an import of
// the benchmark's 1 MB / 10,000-annotation file. A highlight rule added to
// the style sheet restyles every line once; the search hits' rules are there
// from the start so that the first search does not (docs/performance.md).
// Needs a release build (dist/, or the folder given with --dist) and the
// generated file (node bench/run.mjs writes it to bench/output/data/).
//
//   node bench/first-search.mjs [--dist DIR] [file]
import { longFrames, options, resetFrames, withImported } from './imported.mjs';

const TERMS = ['Tirana', 'Albania', 'Rama'];

await withImported(options(), async (page) => {
  for (const term of TERMS) {
    await resetFrames(page);
    await page.getByLabel('Search the text').fill(term);
    await page.locator('.search-status').filter({ hasText: /match/ }).waitFor();
    await page.waitForTimeout(1000);
    const status = await page.locator('.search-status').innerText();
    console.log(`search “${term}” (${status}): long frames ${await longFrames(page)}`);
  }
});
