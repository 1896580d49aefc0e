// The foundation, end to end: the seed article, selecting with the mouse
// and the keyboard, tagging, the list, deleting, exporting and reopening,
// opening a .txt, reloading, bad files, and no HTML from user data.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import {
  annotationItems, codePoints, documentRegion, download, dragSelect, importFiles, libraryItems,
  openApp, pointOf, saved, settled, useApp, waitForDocument,
} from './harness.mjs';
import { assertValidAgainst } from './schema.mjs';

const app = useApp();
const SEED = await readFile(new URL('../../seeds/000_30a6df7a3a6d4c7e.txt', import.meta.url), 'utf8');
const SCHEMA = 'scholia-1.schema.json';

/** Exports, checks the file against the schema and the text, and returns it parsed. */
async function exportAndCheck(page) {
  const { name, text } = await download(page, 'Export JSON');
  const file = JSON.parse(text);
  assertValidAgainst(SCHEMA, file);
  for (const a of file.annotations) {
    for (const f of a.fragments) {
      assert.equal(codePoints(file.document.text, f.start, f.end), f.quote, `quote of ${a.id}`);
    }
  }
  return { name, file };
}

const quotes = (file) => file.annotations.map((a) => [a.label, a.fragments.map((f) => f.quote).join('|')]);

test('a new user sees the seed article, readable and right-to-left aware', async () => {
  const { page, context } = await openApp(app);
  await assert.doesNotReject(page.getByRole('heading', { name: /Albanian special forces police forced the door of the…/ }).waitFor());
  const lines = SEED.split(/\r\n|\n|\r/);
  const paragraphs = documentRegion(page).locator('p');
  assert.equal(await paragraphs.count(), lines.length);
  assert.equal(await paragraphs.nth(0).textContent(), lines[0]);
  assert.equal(await paragraphs.nth(0).getAttribute('dir'), 'auto');
  for (const name of ['Actor', 'Event', 'Claim', 'Export JSON', 'Import']) {
    await page.getByRole('button', { name, exact: true }).waitFor();
  }
  assert.equal(await annotationItems(page).count(), 0);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('drag to select, tag with the hotkey and the button; snapping, trimming and empty selections', async () => {
  const { page, context } = await openApp(app);
  // A sloppy drag inside "Iranian Embassy" snaps to the whole words.
  const start = await pointOf(page, 'Iranian Embassy', { offset: 2 });
  const end = await pointOf(page, 'Iranian Embassy', { offset: 11, side: 'right' });
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(end.x, end.y, { steps: 6 });
  await page.mouse.up();
  await page.keyboard.press('1');
  await annotationItems(page).first().waitFor();
  assert.match(await annotationItems(page).first().innerText(), /Actor\s+Iranian Embassy/);

  // The Event button tags "forced the door".
  await dragSelect(page, 'forced the door');
  await page.getByRole('button', { name: 'Event', exact: true }).click();
  // The letter hotkey C tags a claim; the spaces around a selection are trimmed.
  await dragSelect(page, '“undeniable evidence”');
  await page.keyboard.press('c');
  await dragSelect(page, ' there was ');
  await page.keyboard.press('c');
  await page.waitForFunction(() => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length === 4);

  // A click without a drag selects nothing: the hotkey adds nothing.
  const somewhere = await pointOf(page, 'passengers');
  await page.mouse.click(somewhere.x, somewhere.y);
  await page.keyboard.press('2');
  // The app's answer to the key shows that it has handled it: count after that.
  await page.getByRole('status').filter({ hasText: 'Select some text first' }).waitFor();
  await settled(page);
  assert.equal(await annotationItems(page).count(), 4);

  // With snapping off, the selection keeps its exact graphemes.
  await page.getByLabel('Snap to words').uncheck();
  const s = await pointOf(page, 'Tehran', { offset: 1 });
  const e = await pointOf(page, 'Tehran', { offset: 3, side: 'right' });
  await page.mouse.move(s.x, s.y);
  await page.mouse.down();
  await page.mouse.move(e.x, e.y, { steps: 4 });
  await page.mouse.up();
  await page.keyboard.press('1');
  await page.waitForFunction(() => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length === 5);

  await saved(page);
  const { name, file } = await exportAndCheck(page);
  assert.equal(name, 'albanian-special-forces-police-forced-the-door.scholia.json');
  assert.deepEqual(quotes(file), [
    ['event', 'forced the door'],
    ['actor', 'Iranian Embassy'],
    ['actor', 'ehr'],
    ['claim', 'there was'],
    ['claim', '“undeniable evidence”'],
  ]);
  const embassy = file.annotations.find((a) => a.fragments[0].quote === 'Iranian Embassy');
  const at = [...SEED].join('').indexOf('Iranian Embassy');
  assert.equal(embassy.fragments[0].start, [...SEED.slice(0, at)].length);
  assert.equal(file.document.sha256.length, 64);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('keyboard only: Shift+arrows select from the caret, a hotkey tags, Delete removes', async () => {
  const { page, context } = await openApp(app);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  // Tab until the document has focus (toolbar controls come first).
  for (let i = 0; i < 80 && !(await documentRegion(page).evaluate((e) => e === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  assert.ok(await documentRegion(page).evaluate((e) => e === document.activeElement), 'the document takes focus');
  await page.locator('.caret').waitFor();
  // Caret at the start: Ctrl+Shift+Right twice selects "Albanian special".
  await page.keyboard.press('Control+Shift+ArrowRight');
  await page.keyboard.press('Control+Shift+ArrowRight');
  await settled(page); // the keys handled, so the selection is the app's answer
  assert.equal(await page.evaluate(() => String(getSelection())), 'Albanian special');
  // Shift+Right by grapheme extends by one character (the space), Shift+Left takes it back.
  await page.keyboard.press('Shift+ArrowRight');
  await settled(page);
  assert.equal(await page.evaluate(() => String(getSelection())), 'Albanian special ');
  await page.keyboard.press('Shift+ArrowLeft');
  await page.keyboard.press('a');
  await annotationItems(page).first().waitFor();
  assert.match(await annotationItems(page).first().innerText(), /Actor\s+Albanian special/);
  assert.equal(await annotationItems(page).first().getAttribute('aria-selected'), 'true');
  await page.keyboard.press('Delete');
  await page.waitForFunction(() => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length === 0);
  // Undo brings it back.
  await page.keyboard.press('Control+z');
  await annotationItems(page).first().waitFor();
  await context.close();
});

test('the list follows document order; list and highlights select each other; delete from the list', async () => {
  const { page, context } = await openApp(app);
  await dragSelect(page, 'Edi Rama');
  await page.keyboard.press('1');
  await dragSelect(page, 'Albanian special forces police');
  await page.keyboard.press('1');
  await dragSelect(page, 'cyberattack');
  await page.keyboard.press('2');
  await page.waitForFunction(() => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length === 3);
  const texts = await annotationItems(page).allInnerTexts();
  assert.deepEqual(texts.map((t) => t.split('\n')[1]), ['Albanian special forces police', 'cyberattack', 'Edi Rama']);

  // Clicking a list item selects its highlight (the "selected" highlight
  // holds its range), scrolls it into view and flashes it.
  await page.locator('.document-scroll').evaluate((e) => e.scrollTo(0, e.scrollHeight));
  await annotationItems(page).nth(0).getByRole('button').first().click();
  await page.waitForFunction(() => rangeText([...CSS.highlights.get('sch-selected')][0]) === 'Albanian special forces police');
  await page.waitForFunction(() => rangeText([...(CSS.highlights.get('sch-flash') ?? [])][0]) === 'Albanian special forces police'
    && highlightShown('sch-flash'));
  assert.ok(await page.evaluate(() => highlightShown('sch-selected') && highlightShown('sch-0-0')), 'the selection and the label colour are painted');
  await page.waitForFunction(() => {
    const r = rangeRect([...CSS.highlights.get('sch-selected')][0]);
    return r.top >= 0 && r.bottom <= innerHeight;
  });
  await page.waitForFunction(() => (CSS.highlights.get('sch-flash')?.size ?? 0) === 0, null, { timeout: 3000 });
  await annotationItems(page).nth(2).getByRole('button').first().click();
  await page.waitForFunction(() => rangeText([...CSS.highlights.get('sch-selected')][0]) === 'Edi Rama');
  assert.equal(await annotationItems(page).nth(2).getAttribute('aria-selected'), 'true');

  // Clicking highlighted text selects its item.
  const point = await pointOf(page, 'cyberattack', { offset: 4 });
  await page.mouse.click(point.x, point.y);
  await page.waitForFunction(() => document.querySelector('[role=row][aria-selected="true"]')?.innerText.includes('cyberattack'));

  // The delete button removes exactly that annotation.
  await annotationItems(page).nth(0).getByRole('button', { name: 'Delete annotation' }).click();
  await page.waitForFunction(() => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length === 2);
  assert.deepEqual((await annotationItems(page).allInnerTexts()).map((t) => t.split('\n')[1]), ['cyberattack', 'Edi Rama']);
  await context.close();
});

test('highlights never touch the document DOM; nested spans of one label stack on two levels', async () => {
  const { page, context } = await openApp(app);
  assert.equal(await page.locator('[data-highlighter]').getAttribute('data-highlighter'), 'api');
  await page.evaluate(() => {
    window.mutations = 0;
    new MutationObserver((records) => { window.mutations += records.length; })
      .observe(document.querySelector('article[aria-label="Document"]'), { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await dragSelect(page, 'Albanian Prime Minister Edi Rama');
  await page.keyboard.press('1');
  await dragSelect(page, 'Edi Rama');
  await page.keyboard.press('1');
  await page.waitForFunction(() => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length === 2);
  const levels = await page.evaluate(() => [0, 1].map((level) => [...(CSS.highlights.get(`sch-0-${level}`) ?? [])].map(rangeText)));
  assert.deepEqual(levels, [['Albanian Prime Minister Edi Rama'], ['Edi Rama']]);
  await page.keyboard.press('Delete');
  await page.waitForFunction(() => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length === 1);
  assert.equal(await page.evaluate(() => window.mutations), 0, 'no mutation in the Document region');
  await page.screenshot({ path: new URL('./output/highlights.png', import.meta.url).pathname });
  await context.close();
});

test('without the CSS Highlight API a fallback paints the same highlights, overlaps included', async () => {
  const { page, context } = await openApp(app, { beforeStart: () => { delete CSS.highlights; } });
  assert.equal(await page.locator('[data-highlighter]').getAttribute('data-highlighter'), 'overlay');
  await dragSelect(page, 'Albanian Prime Minister Edi Rama');
  await page.keyboard.press('1');
  await dragSelect(page, 'Edi Rama');
  await page.keyboard.press('1');
  await dragSelect(page, 'Prime Minister');
  await page.keyboard.press('3');
  await page.waitForFunction(() => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length === 3);
  const boxes = await page.locator('.hl-box').evaluateAll((els) => els.map((e) => ({
    color: e.style.getPropertyValue('--label-color'), width: e.getBoundingClientRect().width,
  })));
  assert.ok(boxes.length >= 3, `boxes: ${JSON.stringify(boxes)}`);
  assert.ok(boxes.filter((b) => b.color === '#1f77b4').length >= 2, 'two actor boxes overlap');
  assert.ok(boxes.some((b) => b.color === '#2ca02c'), 'a claim box');
  // Clicking still finds the innermost annotation.
  const point = await pointOf(page, 'Rama', { offset: 1 });
  await page.mouse.click(point.x, point.y);
  await page.waitForFunction(() => document.querySelector('[role=row][aria-selected="true"]')?.innerText.includes('Edi Rama'));
  await page.locator('.hl-box.selected').first().waitFor();
  const line = page.locator('article p', { hasText: 'Albanian Prime Minister' });
  await line.screenshot({ path: new URL('./output/fallback-highlights.png', import.meta.url).pathname });
  await context.close();
});

test('export, then open the file in a fresh browser: the same annotations; opening it again just switches', async () => {
  const first = await openApp(app);
  await dragSelect(first.page, 'Tirana International Airport');
  await first.page.keyboard.press('1');
  await dragSelect(first.page, 'July 15 cyberattack');
  await first.page.keyboard.press('2');
  await saved(first.page);
  const { name, file } = await exportAndCheck(first.page);
  await first.context.close();

  const second = await openApp(app);
  const payload = { name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) };
  await importFiles(second.page, [payload]);
  await second.page.waitForFunction(() => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length === 2);
  await saved(second.page);
  const again = await exportAndCheck(second.page);
  assert.deepEqual(again.file.annotations, file.annotations);
  assert.equal(again.file.document.text, file.document.text);
  // This browser's own (unannotated) seed is not overwritten: the file is a second document.
  assert.notEqual(again.file.document.id, file.document.id);
  assert.equal(again.file.document.title, `${file.document.title} (2)`);
  const docs = libraryItems(second.page);
  assert.equal(await docs.count(), 2);

  // Opening the same file again switches to the stored copy instead of duplicating it.
  await docs.filter({ hasText: '0 annotations' }).getByRole('button').first().click();
  await second.page.waitForFunction(() => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length === 0);
  await importFiles(second.page, [payload]);
  await second.page.getByRole('status').filter({ hasText: 'is already here' }).waitFor();
  await second.page.waitForFunction(() => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length === 2);
  assert.equal(await docs.count(), 2, 'no third copy');
  await second.context.close();
});

test('a .txt with emoji, ZWJ sequences, accents, RTL and CRLF opens as a new document with exact offsets', async () => {
  const { page, context } = await openApp(app);
  const text = '\u{feff}Family 👩‍👩‍👧 in Tirana 🇦🇱.\r\nCafe\u0301 owner said “yes”.\r\nسلام دنیا\r\n';
  await importFiles(page, [{ name: 'hard.txt', mimeType: 'text/plain', buffer: Buffer.from(text, 'utf8') }]);
  await page.getByRole('heading', { name: 'Family 👩‍👩‍👧 in Tirana 🇦🇱.' }).waitFor();
  await waitForDocument(page);
  assert.equal(await documentRegion(page).locator('p').count(), 4);
  await dragSelect(page, 'Tirana 🇦🇱');
  await page.keyboard.press('1');
  await dragSelect(page, 'Cafe\u0301 owner');
  await page.keyboard.press('1');
  await dragSelect(page, 'دنیا');
  await page.keyboard.press('2');
  await page.waitForFunction(() => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length === 3);
  await saved(page);
  const { name, file } = await exportAndCheck(page);
  assert.equal(name, 'family-in-tirana.scholia.json');
  assert.equal(file.document.text, text, 'the text exactly as loaded: BOM and CRLF kept');
  assert.equal(file.document.length, [...text].length);
  const byQuote = Object.fromEntries(file.annotations.map((a) => [a.fragments[0].quote, a.fragments[0]]));
  const cp = (needle) => [...text.slice(0, text.indexOf(needle))].length;
  assert.deepEqual(byQuote['Tirana 🇦🇱'], { start: cp('Tirana'), end: cp('Tirana') + 9, quote: 'Tirana 🇦🇱' });
  assert.deepEqual(byQuote['Cafe\u0301 owner'], { start: cp('Cafe'), end: cp('Cafe') + 11, quote: 'Cafe\u0301 owner' });
  assert.equal(byQuote['دنیا'].start, cp('دنیا'));
  // The seed is still stored beside it.
  const docs = libraryItems(page);
  assert.equal(await docs.count(), 2);
  await context.close();
});

test('files dropped on the page open like imported ones, several at once', async () => {
  const { page, context } = await openApp(app);
  await page.evaluate(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['First dropped text\r\nwith a second line 😀'], 'one.txt', { type: 'text/plain' }));
    transfer.items.add(new File(['Second dropped text'], 'two.md.txt', { type: 'text/plain' }));
    const target = document.querySelector('article[aria-label="Document"]');
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  });
  const docs = libraryItems(page);
  await page.getByRole('heading', { name: 'Second dropped text' }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('ul[aria-label="Documents"] li').length === 3);
  assert.deepEqual((await docs.locator('.library-title').allInnerTexts()).sort(), [
    'Albanian special forces police forced the door of the…', 'First dropped text', 'Second dropped text',
  ]);
  await docs.filter({ hasText: 'First dropped text' }).getByRole('button', { name: 'First dropped text', exact: true }).click();
  await page.getByRole('heading', { name: 'First dropped text' }).waitFor();
  assert.equal(await documentRegion(page).locator('p').nth(1).textContent(), 'with a second line 😀');
  await context.close();
});

test('work survives a reload: the same document, annotations and annotator', async () => {
  const { page, context } = await openApp(app);
  await page.getByLabel('Annotator').fill('alice');
  await page.getByLabel('Annotator').press('Enter');
  await dragSelect(page, 'police dog');
  await page.keyboard.press('1');
  await saved(page);
  const before = (await exportAndCheck(page)).file;
  assert.equal(before.annotations[0].layer, 'alice');
  await page.reload();
  await waitForDocument(page);
  await annotationItems(page).first().waitFor();
  const after = (await exportAndCheck(page)).file;
  assert.deepEqual(after.annotations, before.annotations);
  assert.equal(await page.getByLabel('Annotator').inputValue(), 'alice');
  await context.close();
});

test('a malformed file is refused with a clear message and the work is left exactly as it was', async () => {
  const { page, context } = await openApp(app);
  await dragSelect(page, 'Tirana');
  await page.keyboard.press('1');
  await saved(page);
  const before = (await exportAndCheck(page)).file;

  const broken = structuredClone(before);
  broken.annotations[0].fragments[0].quote = 'Tehran';
  await importFiles(page, [{ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) }]);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  const message = await alert.innerText();
  assert.match(message, /broken\.json/);
  assert.match(message, /field “fragments\[0\]\.quote”/);
  assert.match(message, /“Tehran” does not match the document, which reads “Tirana”/);

  await importFiles(page, [{ name: 'cut.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(before).slice(0, 300)) }]);
  await page.getByRole('alert').filter({ hasText: 'cut.json' }).waitFor();
  assert.match(await page.getByRole('alert').innerText(), /truncated/);

  await importFiles(page, [{ name: 'latin1.txt', mimeType: 'text/plain', buffer: Buffer.from([0x63, 0x61, 0x66, 0xe9]) }]);
  await page.getByRole('alert').filter({ hasText: 'latin1.txt' }).waitFor();
  assert.match(await page.getByRole('alert').innerText(), /not UTF-8/);

  const after = (await exportAndCheck(page)).file;
  assert.deepEqual(after, before);
  assert.equal(await libraryItems(page).count(), 1);
  await context.close();
});

test('a title, label or note holding HTML stays inert text', async () => {
  const { page, context } = await openApp(app);
  await dragSelect(page, 'Tirana');
  await page.keyboard.press('1');
  await saved(page);
  const file = (await exportAndCheck(page)).file;
  const evil = '<img src=x onerror="window.pwned=1">';
  file.document.id = 'evil-document';
  file.document.title = `Title ${evil}`;
  file.scheme.labels[0].name = `Actor ${evil}`;
  file.annotations[0].note = `Note ${evil}`;
  // Notes every element the page ever makes an image of (in the document or
  // not), and every request for the image's source, from before the import on.
  await page.evaluate(() => {
    window.images = 0;
    const create = Document.prototype.createElement;
    Document.prototype.createElement = function (name, ...rest) {
      if (String(name).toLowerCase() === 'img') window.images++;
      return create.call(this, name, ...rest);
    };
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) if (n.nodeName === 'IMG' || n.querySelector?.('img')) window.images++;
    }).observe(document, { subtree: true, childList: true });
  });
  const imageRequests = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname === '/x') imageRequests.push(r.url()); });
  await importFiles(page, [{ name: 'evil.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) }]);
  await page.getByRole('heading', { name: `Title ${evil}` }).waitFor();
  await annotationItems(page).first().waitFor();
  assert.match(await annotationItems(page).first().innerText(), /Actor <img src=x onerror="window.pwned=1">/);
  await page.getByRole('button', { name: `Actor ${evil}`, exact: true }).waitFor();
  // Everything that shows the file is on screen (title, list, label button);
  // once the page has painted and gone idle after that, an image made from
  // the HTML would exist and have asked for its source, so the counts prove
  // none was made (and so no handler of one could ever run).
  await settled(page);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.equal(await page.locator('img').count(), 0);
  assert.equal(await page.evaluate(() => window.images), 0, 'no image element was ever made');
  assert.deepEqual(imageRequests, [], 'no request for the image');
  await context.close();
});
