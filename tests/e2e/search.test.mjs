// Search in the text end to end: plain and regular expressions, the case
// option, hits highlighted, stepping through hits by keyboard, and
// "annotate all" as one undoable step that skips what is already there.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { annotationItems, exportJson, importFiles, labelled, listed, openApp, saved, settled, tagText, useApp } from './harness.mjs';

const app = useApp();
const box = (page) => page.getByLabel('Search the text');
const status = (page) => page.locator('.search-status');
const hits = (page) => page.evaluate(() => [...(CSS.highlights.get('sch-search') ?? [])].map(rangeText));

test('plain, case-sensitive and regular-expression searches highlight their hits', async () => {
  const { page, context } = await openApp(app);
  await box(page).fill('tirana');
  await status(page).filter({ hasText: '6 matches' }).waitFor();
  assert.deepEqual(await hits(page), Array(6).fill('Tirana'));
  assert.ok(await page.evaluate(() => highlightShown('sch-search')), 'the hits are painted');
  await page.getByLabel('Match case').check();
  await status(page).filter({ hasText: 'No matches' }).waitFor();
  assert.deepEqual(await hits(page), []);
  // A plain search takes pattern characters literally.
  await page.getByLabel('Match case').uncheck();
  await box(page).fill('(MEK)');
  await status(page).filter({ hasText: 'No matches' }).waitFor();
  await box(page).fill('Mujahedeen-e-Khalq, MEK');
  await status(page).filter({ hasText: '1 match' }).waitFor();
  // A regular expression: years, and the “quoted” phrases.
  await page.getByLabel('Regular expression').check();
  await box(page).fill('\\b(19|20)\\d\\d\\b');
  await status(page).filter({ hasText: '3 matches' }).waitFor();
  assert.deepEqual(await hits(page), ['2014', '2020', '2018']);
  await box(page).fill('“[^”]+”');
  await status(page).filter({ hasText: '3 matches' }).waitFor();
  assert.deepEqual(await hits(page), ['“undeniable evidence”', '“troubling precedent.”', '“threats to national security”']);
  // An invalid one says why and highlights nothing.
  await box(page).fill('(unclosed');
  await page.locator('.search-status.error').filter({ hasText: /Invalid regular expression/ }).waitFor();
  assert.deepEqual(await hits(page), []);
  // Emptying the box clears the hits.
  await box(page).fill('');
  await page.waitForFunction(() => (CSS.highlights.get('sch-search')?.size ?? 0) === 0);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('offsets of hits after emoji and CRLF are exact: annotate all on a hard text', async () => {
  const { page, context } = await openApp(app);
  const text = 'Tirana 👩‍👩‍👧 Tirana\r\nCafe\u0301 in Tirana 🇦🇱 and tirana.\r\n';
  await importFiles(page, [{ name: 'hard.txt', mimeType: 'text/plain', buffer: Buffer.from(text, 'utf8') }]);
  await page.getByRole('heading', { name: 'Tirana 👩‍👩‍👧 Tirana' }).waitFor();
  await box(page).fill('tirana');
  await status(page).filter({ hasText: '4 matches' }).waitFor();
  await page.getByLabel('Label for every match').selectOption('actor');
  await page.getByRole('button', { name: 'Annotate all 4' }).click();
  await listed(page, 4);
  await saved(page);
  const file = await exportJson(page);
  const cp = [...text];
  const starts = [];
  cp.forEach((_, i) => { if (cp.slice(i, i + 6).join('').toLowerCase() === 'tirana') starts.push(i); });
  assert.deepEqual(file.annotations.map((a) => [a.fragments[0].start, a.fragments[0].end]), starts.map((s) => [s, s + 6]));
  await context.close();
});

test('annotate all adds each hit once, skips those already tagged, says how many, and is one undo step', async () => {
  const { page, context } = await openApp(app);
  // One "Iran" is already an actor, one is an event (another label: not skipped).
  await tagText(page, 'Iran', '1', { nth: 2 }); // "Embassy of Iran"
  await tagText(page, 'Iran', '2', { nth: 6 }); // "against Iran"
  await page.getByLabel('Match case').check();
  await page.getByLabel('Regular expression').check();
  await box(page).fill('\\bIran\\b');
  await status(page).filter({ hasText: '6 matches' }).waitFor();
  await page.getByLabel('Label for every match').selectOption('actor');
  await page.getByRole('button', { name: 'Annotate all 6' }).click();
  await page.getByRole('status').filter({ hasText: 'Added 5 annotations as Actor. Skipped 1 occurrence already annotated as Actor.' }).waitFor();
  await listed(page, 7);
  await saved(page);
  const file = await exportJson(page);
  assert.equal(labelled(file).filter(([l, q]) => l === 'actor' && q === 'Iran').length, 6);
  assert.equal(labelled(file).filter(([l]) => l === 'event').length, 1);
  // Counts per label in the panel follow.
  assert.equal(await page.getByRole('group', { name: 'Filter by label' }).getByRole('button', { name: /Actor/ }).innerText(), 'Actor\n6');
  // One undo takes all five back.
  await page.keyboard.press('Control+z');
  await listed(page, 2);
  await page.keyboard.press('Control+Shift+z');
  await listed(page, 7);
  await context.close();
});

test('keyboard: / focuses the search, Enter steps to a hit and selects it, Escape returns, a label key tags it', async () => {
  const { page, context } = await openApp(app);
  await page.keyboard.press('/');
  await settled(page); // the input handled and shown before the read
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Search the text');
  await page.keyboard.type('Manez');
  await status(page).filter({ hasText: '1 match' }).waitFor();
  await page.keyboard.press('Enter');
  await status(page).filter({ hasText: '1 of 1 match' }).waitFor();
  assert.equal(await page.evaluate(() => String(getSelection())), 'Manez');
  assert.deepEqual(await page.evaluate(() => [...CSS.highlights.get('sch-search-current')].map(rangeText)), ['Manez']);
  assert.ok(await page.evaluate(() => highlightShown('sch-search-current')), 'the current hit is marked');
  await page.keyboard.press('Escape');
  await settled(page); // the input handled and shown before the read
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Document');
  await page.keyboard.press('2');
  await annotationItems(page).first().waitFor();
  assert.match(await annotationItems(page).first().innerText(), /Event\s+Manez/);
  // Shift+Enter steps backwards, wrapping around.
  await page.keyboard.press('/');
  await page.keyboard.press('Control+a');
  await page.keyboard.type('Iranian');
  await status(page).filter({ hasText: '8 matches' }).waitFor();
  await page.keyboard.press('Shift+Enter');
  await status(page).filter({ hasText: '8 of 8 matches' }).waitFor();
  await page.keyboard.press('Enter');
  await status(page).filter({ hasText: '1 of 8 matches' }).waitFor();
  await context.close();
});

test('without the CSS Highlight API, hits are drawn as boxes beside the text, the current one marked', async () => {
  const { page, context } = await openApp(app, { beforeStart: () => { delete CSS.highlights; } });
  await box(page).fill('Tirana');
  await status(page).filter({ hasText: '6 matches' }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.highlight-overlay .search-box').length >= 6);
  await box(page).press('Enter');
  await page.locator('.highlight-overlay .search-box.current').first().waitFor();
  assert.equal(await page.locator('article[aria-label="Document"] .search-box').count(), 0);
  await box(page).fill('');
  await page.waitForFunction(() => document.querySelectorAll('.search-box').length === 0);
  await context.close();
});

test('annotate all tags whole words only while Snap to words is on: never the “iran” of “Tirana” or “Iranian”', async () => {
  const { page, context } = await openApp(app);
  // Case-insensitive: 6 “Iran”, 8 “Iranian” and the “iran” of 6 “Tirana”.
  await box(page).fill('iran');
  await status(page).filter({ hasText: '20 matches' }).waitFor();
  await page.getByLabel('Label for every match').selectOption('actor');
  await page.getByRole('button', { name: 'Annotate all 20' }).click();
  await page.getByRole('status').filter({ hasText: 'Added 6 annotations as Actor. Left out 14 matches inside longer words (Snap to words is on).' }).waitFor();
  await saved(page);
  const file = await exportJson(page);
  assert.deepEqual(labelled(file).filter(([l]) => l === 'actor').map(([, q]) => q), Array(6).fill('Iran'));
  // Off, every hit is tagged, as characters.
  await page.keyboard.press('Control+z');
  await page.getByLabel('Snap to words').uncheck();
  await page.getByRole('button', { name: 'Annotate all 20' }).click();
  await page.getByRole('status').filter({ hasText: 'Added 20 annotations as Actor.' }).waitFor();
  assert.deepEqual(page.errors, []);
  await context.close();
});

// On a long document a search can take longer than a frame: the keys then
// change the query at once and the search runs when typing pauses. Typed
// fast, the box shows every key and the hits end as those of the whole query.
test('typing fast in a long document ends with the hits of the whole query', async () => {
  const { page, context } = await openApp(app);
  const line = 'Every evening the ferry left the eastern pier, and everyone waited there.';
  const lines = Array.from({ length: 40_000 }, (_, i) => (i % 5_000 === 2_500 ? `${line} A zebrafish ${i}.` : `${line} ${i}`));
  const text = `Long document\n${lines.join('\n')}\n`;
  await importFiles(page, [{ name: 'long.txt', mimeType: 'text/plain', buffer: Buffer.from(text, 'utf8') }]);
  await page.getByRole('heading', { name: 'Long document' }).waitFor({ timeout: 30000 });
  await settled(page);
  await box(page).click();
  await box(page).pressSequentially('e', { delay: 0 });
  await status(page).filter({ hasText: /matches/ }).waitFor();
  await box(page).pressSequentially('very', { delay: 5 });
  await box(page).fill('');
  await box(page).pressSequentially('zebrafish', { delay: 5 });
  assert.equal(await box(page).inputValue(), 'zebrafish');
  await status(page).filter({ hasText: '8 matches' }).waitFor();
  // The hits near the view are painted: step to the first.
  await box(page).press('Enter');
  await page.waitForFunction(() => (CSS.highlights.get('sch-search')?.size ?? 0) > 0);
  const painted = await hits(page);
  assert.ok(painted.length >= 1 && painted.every((h) => h === 'zebrafish'), JSON.stringify(painted));
  await context.close();
});
