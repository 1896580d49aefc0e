// A long document has only the annotations near the view registered with
// the browser, and what is painted follows the view as the user scrolls
// step by step from the top to the bottom, on short lines and on one
// single line with no break (where the view is measured less often than
// the scroll events come). The suggestions are drawn near the view too.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { generate } from '../../bench/generate.mjs';
import { importFiles, openApp, useApp } from './harness.mjs';

const app = useApp();
const N = 600;

/** Where the painted ranges lie, in pixels from the top of the scrolled
 *  document, with the scroller's height and the view's. */
function paintedSpread(page, names = '^sch-[as]?\\d') {
  return page.evaluate((names) => {
    const scroller = document.querySelector('.document-scroll');
    const origin = scroller.getBoundingClientRect().top - scroller.scrollTop;
    const tops = [];
    const texts = [];
    // The colours' highlights (the annotations), not the marks'.
    for (const [name, highlight] of CSS.highlights) {
      if (!new RegExp(names).test(name)) continue;
      for (const r of highlight) {
        const range = document.createRange();
        range.setStart(r.startContainer, r.startOffset);
        range.setEnd(r.endContainer, r.endOffset);
        const rect = range.getClientRects()[0];
        if (rect) tops.push(rect.top - origin);
        texts.push(range.toString());
      }
    }
    return {
      count: tops.length,
      min: Math.min(...tops),
      max: Math.max(...tops),
      empty: texts.filter((t) => !t.trim()).length,
      height: scroller.scrollHeight,
      view: scroller.clientHeight,
    };
  }, names);
}

for (const shape of ['lines', 'single']) {
  test(`what is painted follows the view while scrolling a long document (${shape})`, async () => {
    const file = generate({ bytes: 150_000, count: N, shape });
    const dir = await mkdtemp(join(tmpdir(), 'scholia-paint-'));
    const path = join(dir, `${shape}.scholia.json`);
    await writeFile(path, JSON.stringify(file));
    const { page, context } = await openApp(app);
    await importFiles(page, [path]);
    await page.getByRole('heading', { name: `Annotations (${N})` }).waitFor({ timeout: 30000 });
    await page.waitForFunction(() => Number(document.querySelector('.highlight-overlay')?.dataset.painted) > 0);

    const top = await paintedSpread(page);
    assert.ok(top.count > 0 && top.count < N, `${top.count} ranges painted of ${N} at the top`);
    assert.equal(top.empty, 0, 'every painted range holds text');
    assert.ok(top.max < top.height / 2, `at the top nothing is painted in the lower half (lowest at ${top.max} of ${top.height} px)`);

    // Scroll down as a reader does, a few hundred pixels at a time, each
    // step heard before the next.
    await page.evaluate(async () => {
      const scroller = document.querySelector('.document-scroll');
      const frame = () => new Promise((done) => requestAnimationFrame(done));
      while (scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 1) {
        const before = scroller.scrollTop;
        scroller.scrollTop += 400;
        await frame();
        await frame();
        if (scroller.scrollTop === before) break;
      }
    });
    const bottom = await paintedSpread(page);
    assert.ok(bottom.count > 0, 'ranges are painted at the bottom');
    assert.equal(bottom.empty, 0, 'every painted range holds text');
    assert.ok(bottom.min > bottom.height / 2, `at the bottom nothing is painted in the upper half (highest at ${bottom.min} of ${bottom.height} px)`);
    assert.ok(bottom.max > bottom.height - 2 * bottom.view, `the annotations in view are painted (lowest at ${bottom.max} of ${bottom.height} px)`);
    if (shape === 'lines') {
      // The repeats of the tagged mentions, all through the text, are drawn
      // near the view too, and followed it.
      const suggestions = await paintedSpread(page, '^sch-sug-\\d');
      assert.ok(suggestions.count > 0, 'suggestions are drawn at the bottom');
      assert.equal(suggestions.empty, 0);
      assert.ok(suggestions.min > suggestions.height / 2, `at the bottom no suggestion is drawn in the upper half (highest at ${suggestions.min} of ${suggestions.height} px)`);
      await page.evaluate(() => { document.querySelector('.document-scroll').scrollTop = 0; });
      await page.waitForFunction(() => {
        const scroller = document.querySelector('.document-scroll');
        const origin = scroller.getBoundingClientRect().top - scroller.scrollTop;
        return [...CSS.highlights].some(([name, h]) => /^sch-sug-\d/.test(name)
          && [...h].some((r) => { const range = document.createRange(); range.setStart(r.startContainer, r.startOffset); range.setEnd(r.endContainer, r.endOffset); return range.getClientRects()[0]?.top - origin < scroller.clientHeight; }));
      });
      const back = await paintedSpread(page, '^sch-sug-\\d');
      assert.ok(back.max < back.height / 2, `back at the top no suggestion is drawn in the lower half (lowest at ${back.max} of ${back.height} px)`);
    }
    await context.close();
  });
}
