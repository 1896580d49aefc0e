// A line of many thousand characters is shown in pieces, a text node each
// (one text node of a megabyte is rendered again as a whole on every
// scroll frame). The pieces change nothing a user can tell: the line reads
// the same, a selection across a cut and a click in a later piece give the
// exact code points, and what is painted holds the annotated text.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  clickText, codePoints, dragSelect, exportJson, importFiles, listed, openApp, tagText, useApp,
  waitForDocument,
} from './harness.mjs';

const app = useApp();

test('a long line is shown in pieces with exact offsets across the cuts', async () => {
  const { page, context } = await openApp(app);
  // About 16,000 UTF-16 units: ZWJ families (astral characters: offsets
  // in code points and UTF-16 part ways) and accented words.
  const words = Array.from({ length: 1400 }, (_, i) => (i % 7 === 3 ? `👩‍👩‍👧 wörd${i}` : `wörd${i}`));
  const long = words.join(' ');
  const text = `A long line follows.\r\n${long}\r\nThe end.\r\n`;
  await importFiles(page, [{ name: 'long.txt', mimeType: 'text/plain', buffer: Buffer.from(text, 'utf8') }]);
  await page.getByRole('heading', { name: 'A long line follows.' }).waitFor();
  await waitForDocument(page);

  const pieces = await page.evaluate(() => {
    const p = document.querySelectorAll('article[aria-label="Document"] p')[1];
    return { nodes: [...p.childNodes].map((n) => (n.nodeType === Node.TEXT_NODE ? n.data : null)), text: p.textContent };
  });
  assert.equal(pieces.text, long, 'the line reads as loaded');
  assert.ok(pieces.nodes.length >= 3, `the line is in pieces (${pieces.nodes.length})`);
  assert.ok(pieces.nodes.every((d) => d !== null), 'each piece is a text node');

  // A selection from the last word of the first piece to the first word
  // of the second, across the cut.
  const numbered = (piece) => piece.split(' ').filter((w) => /^wörd\d+$/.test(w));
  const before = numbered(pieces.nodes[0]).at(-1);
  const after = numbered(pieces.nodes[1])[0];
  await dragSelect(page, `${before} `, after);
  await page.keyboard.press('1');
  await listed(page, 1);
  // A word in the last piece.
  const last = `wörd${words.length - 3}`;
  await tagText(page, last, '2');
  await listed(page, 2);

  const file = await exportJson(page);
  assert.equal(file.document.text, text);
  const cp = (needle) => [...text.slice(0, text.indexOf(needle))].length;
  const across = file.annotations.find((a) => a.label === 'actor').fragments[0];
  assert.equal(across.start, cp(`${before} `));
  assert.equal(across.end, cp(`${after} `) + [...after].length);
  assert.equal(codePoints(text, across.start, across.end), across.quote);
  const word = file.annotations.find((a) => a.label === 'event').fragments[0];
  assert.deepEqual(word, { start: cp(`${last} `), end: cp(`${last} `) + [...last].length, quote: last });

  // What is painted is the annotated text, across the cut too.
  const painted = await page.evaluate(() => {
    const texts = [];
    for (const [name, highlight] of CSS.highlights) {
      if (!/^sch-\d/.test(name)) continue;
      for (const r of highlight) {
        const range = document.createRange();
        range.setStart(r.startContainer, r.startOffset);
        range.setEnd(r.endContainer, r.endOffset);
        texts.push(range.toString());
      }
    }
    return texts.sort();
  });
  assert.deepEqual(painted, [across.quote, last].sort());

  // A click on the word in the last piece selects its annotation.
  await page.keyboard.press('Escape');
  await clickText(page, last, { offset: 2 });
  await page.waitForFunction((quote) => document.querySelector('[role=row][aria-selected="true"]')?.innerText.includes(quote), last);
  await context.close();
});

// The lines are in groups of 64 that the browser lays out only near the
// view. A selection across two groups gives exact offsets, and the scroll
// bar's length from the start is close to the one the laid-out text has.
test('a document of many lines: a selection across groups, and the scroll height', async () => {
  const { page, context } = await openApp(app);
  const lines = Array.from({ length: 400 }, (_, i) => `Línea ${i}: the speaker 🇦🇱 said something of moderate length, about ${i % 9} things.`);
  const text = `${lines.join('\n')}\n`;
  await importFiles(page, [{ name: 'many.txt', mimeType: 'text/plain', buffer: Buffer.from(text, 'utf8') }]);
  await page.getByRole('heading', { name: /^Línea 0/ }).waitFor();
  await waitForDocument(page);
  const groups = await page.evaluate(() => [...document.querySelectorAll('article[aria-label="Document"] > div')].map((g) => g.children.length));
  assert.ok(groups.length >= 6 && groups[0] === 64, `lines in groups: ${groups}`);
  const startHeight = await page.evaluate(() => document.querySelector('.document-scroll').scrollHeight);

  // From the last word of line 63 (the first group's last) to the first of line 64.
  await dragSelect(page, 'things.', 'Línea 64:', { nth: 63, toNth: 0 });
  await page.keyboard.press('3');
  await listed(page, 1);
  const file = await exportJson(page);
  const [fragment] = file.annotations[0].fragments;
  const cp = (s) => [...s].length;
  const line63 = lines.slice(0, 63).join('\n').length + 1;
  assert.equal(fragment.start, cp(text.slice(0, line63 + lines[63].indexOf('things.'))));
  assert.equal(fragment.quote, 'things.\nLínea 64:');

  // Scrolled through to the bottom, every group laid out: the height the
  // scroll bar showed at the start was within a tenth of it.
  const endHeight = await page.evaluate(async () => {
    const scroller = document.querySelector('.document-scroll');
    const frame = () => new Promise((done) => requestAnimationFrame(done));
    while (scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 1) {
      scroller.scrollTop += scroller.clientHeight;
      await frame();
      await frame();
    }
    return scroller.scrollHeight;
  });
  assert.ok(Math.abs(startHeight - endHeight) < endHeight / 10, `scroll height ${startHeight} px at the start, ${endHeight} px laid out`);
  await context.close();
});
