// What one rendering update costs on the 1 MB / 10,000-annotation document
// after the smallest DOM change, with the document's highlights registered
// and without them: each probe makes a change (a class on a list row or a
// line, an attribute on the body, a range in the selection's highlight) and
// times the hit test that follows (`elementFromPoint`, which brings the
// page's lifecycle up to date first), four times each. Then the long
// animation frames of three clicks on rows of the annotation list. Figures,
// not a test (docs/performance.md, "What is left").
//
// Needs a release build (dist/, or the folder given with --dist) and the
// generated file (node bench/run.mjs writes it to bench/output/data/).
//
//   node bench/lifecycle.mjs [--dist DIR] [file]
import { longFrames, options, resetFrames, withImported } from './imported.mjs';

/** Milliseconds of the hit test after each kind of change, four times each. */
const probe = (page) => page.evaluate(() => {
  const row = document.querySelector('[role=grid][aria-label="Annotations"] [role=row]');
  const line = document.querySelector('article[aria-label="Document"] p');
  const selected = () => CSS.highlights.get('sch-selected')
    ?? (CSS.highlights.set('sch-selected', new Highlight()), CSS.highlights.get('sch-selected'));
  const changes = {
    'list row class': () => row.classList.toggle('probe'),
    'line class': () => line.classList.toggle('probe'),
    'body attribute': () => document.body.toggleAttribute('data-probe'),
    'selection highlight': () => {
      const h = selected();
      if (h.size) h.clear();
      else h.add(new StaticRange({ startContainer: line.firstChild, startOffset: 0, endContainer: line.firstChild, endOffset: 3 }));
    },
  };
  const out = {};
  for (const [name, change] of Object.entries(changes)) {
    out[name] = [];
    for (let i = 0; i < 4; i++) {
      change();
      const t = performance.now();
      document.elementFromPoint(600, 400);
      out[name].push(Math.round((performance.now() - t) * 10) / 10);
    }
  }
  return out;
});

await withImported(options(), async (page) => {
  const ranges = await page.evaluate(() => [...CSS.highlights.values()].reduce((n, h) => n + h.size, 0));
  for (const i of [3, 7, 12]) {
    await resetFrames(page);
    await page.locator('[role=grid][aria-label="Annotations"] [role=row]').nth(i).click();
    await page.waitForTimeout(1000);
    console.log(`click on list row ${i}: long frames ${await longFrames(page)}`);
  }
  const report = (what, times) => {
    for (const [name, ms] of Object.entries(times)) console.log(`${what}, after a change of ${name}: ${ms.join(', ')} ms`);
  };
  report(`${ranges} ranges registered`, await probe(page));
  await page.evaluate(() => CSS.highlights.clear());
  await page.waitForTimeout(300);
  report('no highlights', await probe(page));
});
