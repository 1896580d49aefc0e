// The annotation list of a long document renders only the rows in view:
// a document with 2,000 annotations puts far fewer rows in the DOM, and
// scrolling the side panel or jumping to an annotation by keyboard shows
// the right row where the user looks.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { generate } from '../../bench/generate.mjs';
import { annotationItems, documentRegion, importFiles, openApp, tabTo, useApp } from './harness.mjs';

const app = useApp();
const N = 2000;

/** The rows in the DOM whose box is inside the side panel's, top to bottom. */
/** Waits until the side panel shows more than five rows: after a jump, the
 *  rows around the selected one fill in as the list hears the scroll (a
 *  frame or two later). */
function rowsFilled(page) {
  return page.waitForFunction(() => {
    const side = document.querySelector('aside.side').getBoundingClientRect();
    return [...document.querySelectorAll('[role=grid][aria-label="Annotations"] > [role=row]')]
      .filter((li) => { const box = li.getBoundingClientRect(); return box.top >= side.top && box.bottom <= side.bottom; }).length > 5;
  });
}

async function rowsInView(page) {
  return page.evaluate(() => {
    const side = document.querySelector('aside.side').getBoundingClientRect();
    return [...document.querySelectorAll('[role=grid][aria-label="Annotations"] > [role=row]')]
      .map((li) => ({ li, box: li.getBoundingClientRect() }))
      .filter(({ box }) => box.top >= side.top && box.bottom <= side.bottom)
      .sort((a, b) => a.box.top - b.box.top)
      .map(({ li, box }) => ({
        id: li.dataset.id,
        quote: li.querySelector('.quote').textContent,
        // The row's place in the list, from where it is drawn.
        index: Math.round((box.top - li.parentElement.getBoundingClientRect().top) / box.height),
        selected: li.getAttribute('aria-selected') === 'true',
      }));
  });
}

test(`a list of ${N} annotations renders the rows in view, and the right ones after a scroll or a jump`, async () => {
  const file = generate({ bytes: 200_000, count: N });
  const dir = await mkdtemp(join(tmpdir(), 'scholia-list-'));
  const path = join(dir, 'long.scholia.json');
  await writeFile(path, JSON.stringify(file));
  const byId = new Map(file.annotations.map((a) => [a.id, a]));
  // Where an annotation may stand in document order: after every one that
  // starts before it, before every one that starts after it.
  const places = (id) => {
    const start = byId.get(id).fragments[0].start;
    const before = file.annotations.filter((a) => a.fragments[0].start < start).length;
    const same = file.annotations.filter((a) => a.fragments[0].start === start).length;
    return [before, before + same - 1];
  };
  const checkRows = (rows, what) => {
    assert.ok(rows.length > 5, `${what}: rows in view (${rows.length})`);
    for (const row of rows) {
      assert.equal(row.quote, byId.get(row.id).fragments[0].quote, `${what}: row ${row.id} shows its quote`);
      const [low, high] = places(row.id);
      assert.ok(row.index >= low && row.index <= high, `${what}: ${row.id} drawn at ${row.index}, belongs at ${low}–${high}`);
    }
    // Consecutive: no gap in what the user sees.
    rows.slice(1).forEach((row, i) => assert.equal(row.index, rows[i].index + 1, `${what}: rows follow each other`));
  };

  const { page, context } = await openApp(app);
  await importFiles(page, [path]);
  await page.getByRole('heading', { name: `Annotations (${N})` }).waitFor({ timeout: 30000 });

  const inDom = await annotationItems(page).count();
  assert.ok(inDom > 0 && inDom < N / 10, `${inDom} rows in the DOM for ${N} annotations`);
  checkRows(await rowsInView(page), 'at the top');
  assert.equal((await rowsInView(page))[0].id, 'b00001');

  // Scroll the side panel to the middle of the list.
  await page.locator('aside.side').evaluate((side) => { side.scrollTop = side.scrollHeight / 2; });
  await page.waitForFunction(() => {
    const side = document.querySelector('aside.side').getBoundingClientRect();
    const at = document.elementFromPoint(side.left + side.width / 2, side.top + side.height / 2);
    return at?.closest('[role=grid][aria-label="Annotations"] > [role=row]');
  });
  const middle = await rowsInView(page);
  checkRows(middle, 'scrolled to the middle');
  assert.ok(middle[0].index > N / 3 && middle[0].index < (2 * N) / 3, `the middle shows rows from ${middle[0].index}`);
  assert.ok(await annotationItems(page).count() < N / 10, 'still few rows in the DOM');

  // By keyboard: from the first annotation, [ goes round to the last one.
  await page.locator('aside.side').evaluate((side) => { side.scrollTop = 0; });
  await annotationItems(page).first().locator('.annotation-item').click();
  // Back from the list item just clicked to the text, as a keyboard user goes.
  await tabTo(page, documentRegion(page), { back: true });
  await page.keyboard.press('[');
  const last = file.annotations.at(-1).id;
  await page.waitForFunction(
    (id) => document.querySelector('[role=grid][aria-label="Annotations"] > [role=row][aria-selected="true"]')?.dataset.id === id,
    last,
  );
  await page.waitForFunction(() => {
    const side = document.querySelector('aside.side').getBoundingClientRect();
    const li = document.querySelector('[role=grid][aria-label="Annotations"] > [role=row][aria-selected="true"]').getBoundingClientRect();
    return li.top >= side.top && li.bottom <= side.bottom;
  });
  await rowsFilled(page);
  const atEnd = await rowsInView(page);
  checkRows(atEnd, 'after [');
  assert.ok(atEnd.some((r) => r.id === last && r.selected && r.index === N - 1), 'the last row is shown, selected');
  // And ] goes round to the first again, back at the top.
  await page.keyboard.press(']');
  await page.waitForFunction(() => {
    const side = document.querySelector('aside.side').getBoundingClientRect();
    const li = document.querySelector('[role=grid][aria-label="Annotations"] > [role=row][aria-selected="true"]');
    const box = li?.getBoundingClientRect();
    return li?.dataset.id === 'b00001' && box.top >= side.top && box.bottom <= side.bottom;
  });
  await rowsFilled(page);
  checkRows(await rowsInView(page), 'after ]');
  assert.ok(await annotationItems(page).count() < N / 10, 'still few rows in the DOM');
  await context.close();
});
