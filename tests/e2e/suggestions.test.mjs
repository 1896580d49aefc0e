// Suggestions end to end, as a user: tagging a mention proposes its other
// whole-word occurrences (never inside “Albanian”), drawn as dashed
// underlines apart from annotations and listed in the side panel; the
// keyboard steps to them, accepts and rejects; a rejection survives a
// reload; the export holds only what was accepted; accept-all is one undo
// step; and no request leaves the local server.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { annotationItems, exportJson, labelled, listed, openApp, requestsElsewhere, saved, suggested, tagText, useApp, waitForDocument } from './harness.mjs';

const app = useApp();
const listedSuggestions = (page) => page.locator('.suggestion-list li');
/** The texts of a highlight's ranges. */
const drawn = (page, name) => page.evaluate((name) => [...(CSS.highlights.get(name) ?? [])].map(rangeText), name);

test('tag Albania once: accept and reject its repeats by keyboard, the rejection survives a reload, exports hold only accepted ones, accept-all undoes as one step, another label then accept', async () => {
  const { page, context } = await openApp(app);
  const elsewhere = requestsElsewhere(page, app);

  // “Albania ” with its space: the first whole word, not “Albanian”.
  await tagText(page, 'Albania ', 'a');
  await listed(page, 1);
  // The three other whole-word “Albania”s, none of the “Albanian”s.
  await suggested(page, 3);
  const panel = page.getByRole('region', { name: 'Suggestions' });
  await panel.getByText('3 suggestions').waitFor();
  assert.deepEqual(await listedSuggestions(page).locator('.suggestion-text').allTextContents(), ['Albania', 'Albania', 'Albania']);
  assert.deepEqual(await listedSuggestions(page).locator('.suggestion-source').allTextContents(), ['repeats', 'repeats', 'repeats']);
  assert.deepEqual(await listedSuggestions(page).locator('.suggestion-confidence').allTextContents(), ['100%', '100%', '100%']);
  // Drawn apart from annotations: a dashed underline of Actor's colour, no fill.
  assert.deepEqual(await drawn(page, 'sch-sug-0'), ['Albania', 'Albania', 'Albania']);
  const style = await page.evaluate(() => {
    const s = getComputedStyle(document.querySelector('article[aria-label="Document"] p'), '::highlight(sch-sug-0)');
    return { line: s.textDecorationLine, style: s.textDecorationStyle, fill: s.backgroundColor };
  });
  assert.deepEqual(style, { line: 'underline', style: 'dashed', fill: 'rgba(0, 0, 0, 0)' });

  // Step to the first repeat and accept it; on to the next, reject it.
  await page.keyboard.press('.');
  await page.waitForFunction(() => (CSS.highlights.get('sch-sug-current')?.size ?? 0) === 1);
  assert.deepEqual(await drawn(page, 'sch-sug-current'), ['Albania']);
  await page.keyboard.press(';');
  await listed(page, 2);
  await suggested(page, 2);
  // An annotation (filled) beside suggestions (dashed), the current one overlined.
  await page.waitForFunction(() => (CSS.highlights.get('sch-sug-current')?.size ?? 0) === 1);
  if (process.env.SUGGESTIONS_SCREENSHOT) await page.screenshot({ path: process.env.SUGGESTIONS_SCREENSHOT });
  await page.keyboard.press("'");
  await suggested(page, 1);
  await panel.getByText('1 suggestion, 1 rejected').waitFor();
  await saved(page);

  // After a reload the rejected one is still not proposed.
  await page.reload();
  await waitForDocument(page);
  await listed(page, 2);
  await panel.getByText('1 suggestion, 1 rejected').waitFor();
  await suggested(page, 1);

  // The export holds the two accepted annotations, nothing suggested.
  const file = await exportJson(page);
  assert.deepEqual(labelled(file), [['actor', 'Albania'], ['actor', 'Albania']]);
  assert.ok(!JSON.stringify(file).includes('repeats'), 'no suggestion in the export');

  // Accept all, then one Ctrl+Z takes all of it back.
  await page.locator('article[aria-label="Document"]').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Escape');
  await page.keyboard.press(':');
  await listed(page, 3);
  await suggested(page, 0);
  await page.keyboard.press('Control+z');
  await listed(page, 2);
  await suggested(page, 1);
  assert.equal(await annotationItems(page).count(), 2);

  // Another label, then accept: step to it and press Claim's key. It is a
  // claim now, no longer proposed as an actor (what is proposed is the
  // claim's own repeat, on the “Albania” rejected as an actor); one Ctrl+Z
  // undoes it.
  const proposedLabels = () => listedSuggestions(page).locator('.suggestion-label').allTextContents();
  assert.deepEqual(await proposedLabels(), ['Actor']);
  await page.keyboard.press('.');
  await page.waitForFunction(() => (CSS.highlights.get('sch-sug-current')?.size ?? 0) === 1);
  await page.keyboard.press('c');
  await listed(page, 3);
  await page.waitForFunction(() => [...document.querySelectorAll('.suggestion-list li .suggestion-label')].map((e) => e.textContent).join() === 'Claim');
  await suggested(page, 1);
  assert.deepEqual(labelled(await exportJson(page)), [['actor', 'Albania'], ['actor', 'Albania'], ['claim', 'Albania']]);
  await page.locator('article[aria-label="Document"]').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+z');
  await listed(page, 2);
  await suggested(page, 1);
  await page.waitForFunction(() => [...document.querySelectorAll('.suggestion-list li .suggestion-label')].map((e) => e.textContent).join() === 'Actor');

  assert.deepEqual(elsewhere, [], 'no request beyond the local server');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a term list and a Prodigy patterns file propose suggestions; accepted ones are exported, a bad pattern is named by file, line and field', async () => {
  const { page, context } = await openApp(app);
  const picker = page.getByLabel('Load terms or patterns…');
  await picker.setInputFiles({ name: 'places.tsv', mimeType: 'text/tab-separated-values', buffer: Buffer.from('Tirana\tactor\nTehran\n', 'utf8') });
  await page.getByRole('status').filter({ hasText: 'Loaded 2 terms from places.tsv.' }).waitFor();
  await suggested(page, 7);
  await picker.setInputFiles({ name: 'bad.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from('{"label": "event", "pattern": [{"LOWER": "cyberattack"}]}\n{"label": "event", "pattern": [{"POS": "NOUN"}]}\n', 'utf8') });
  const error = page.locator('.message.error, [role="alert"]').filter({ hasText: 'bad.jsonl' });
  await error.waitFor();
  const said = await error.first().textContent();
  assert.match(said, /line 2/);
  assert.match(said, /POS/);
  await picker.setInputFiles({ name: 'events.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from('{"label": "event", "pattern": [{"LOWER": "cyberattack"}]}\n', 'utf8') });
  await page.getByRole('status').filter({ hasText: 'Loaded 1 term from events.jsonl.' }).waitFor();
  // Both lists propose; with the term list off, only the patterns do.
  await suggested(page, 9);
  await page.getByLabel('Terms of places.tsv (2)').uncheck();
  await suggested(page, 2);
  assert.deepEqual(await listedSuggestions(page).locator('.suggestion-source').allTextContents(), ['terms', 'terms']);
  await page.getByLabel('Terms of events.jsonl (1)').waitFor();
  // Accept the first by keyboard: an Event annotation.
  await page.locator('article[aria-label="Document"]').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Escape');
  await page.keyboard.press('.');
  await page.keyboard.press(';');
  await listed(page, 1);
  await suggested(page, 1);
  await saved(page);
  const file = await exportJson(page);
  assert.deepEqual(labelled(file), [['event', 'cyberattack']]);
  assert.deepEqual(page.errors, []);
  await context.close();
});
