// A whole annotation session by keyboard alone, which fails on any mouse
// event: the page records every mouse and pointer event from the start, and
// the test asserts there were none. Keys only: Tab to the text, the app's
// caret moved and extended by character, word and sentence, tagging with
// hotkeys and the label picker, jumps, notes, resizing, fragments,
// relations, deleting and undoing, search and annotate-all, the help, and
// the export (Enter on the focused button).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { codePoints, settled, useApp, waitForDocument, watchErrors } from './harness.mjs';

const app = useApp();

/** Records every event a mouse (or a pointer) makes, before the app starts. */
function recordMouse() {
  window.mouseEvents = [];
  const kinds = ['mousedown', 'mouseup', 'mousemove', 'mouseover', 'dblclick', 'contextmenu', 'wheel',
    'pointerdown', 'pointerup', 'pointermove', 'pointerover', 'touchstart'];
  for (const kind of kinds) {
    window.addEventListener(kind, (e) => window.mouseEvents.push(`${kind} on ${e.target?.tagName}`), true);
  }
  // Enter or Space on a button fires a "click" too; one from a mouse has a
  // pointer type and a click count (`detail`), one from a key has neither.
  window.addEventListener('click', (e) => {
    if (e.detail > 0 || (e.pointerType ?? '') !== '') window.mouseEvents.push(`click on ${e.target?.tagName}`);
  }, true);
}

const active = (page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent);
const selected = (page) => page.evaluate(() => document.querySelector('[role=row][aria-selected="true"]')?.innerText.split('\n').slice(0, 2).join(' '));
const selectionText = (page) => page.evaluate(() => String(getSelection()));
/** Presses keys one by one, each handled and its result painted (`settled`)
 *  before the next: what the test reads after it is the app's answer. */
const press = async (page, ...keys) => {
  for (const key of keys) {
    await page.keyboard.press(key);
    await settled(page);
  }
};
const count = (page) => page.evaluate(() => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length);
const until = (page, fn, arg) => page.waitForFunction(fn, arg);

/** Tabs (forward) until the focused element's label or text is `name`. */
async function tabTo(page, name) {
  for (let i = 0; i < 150; i++) {
    if (await active(page) === name) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached “${name}”`);
}

test('a whole session by keyboard alone, with no mouse event at all', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
  const page = await context.newPage();
  watchErrors(page);
  await page.addInitScript(recordMouse);
  await page.goto(app.url);
  await waitForDocument(page);

  // Tab into the text: the app draws its caret at the start.
  await tabTo(page, 'Document');
  await page.locator('.caret').waitFor();

  // Words: Ctrl+Shift+→ four times selects "Albanian special forces police"; 1 tags an Actor.
  await press(page, 'Control+Shift+ArrowRight', 'Control+Shift+ArrowRight', 'Control+Shift+ArrowRight', 'Control+Shift+ArrowRight');
  assert.equal(await selectionText(page), 'Albanian special forces police');
  await press(page, '1');
  await until(page, () => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length === 1);
  assert.equal(await selected(page), 'Actor Albanian special forces police');

  // Characters: from the caret (the end of the tag), → over the space and
  // Shift+→ six times: "forced"; E tags an Event.
  await press(page, 'ArrowRight');
  for (let i = 0; i < 6; i++) await press(page, 'Shift+ArrowRight');
  assert.equal(await selectionText(page), 'forced');
  await press(page, 'e');
  await until(page, () => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length === 2);

  // Sentences (one per line here): Ctrl+↓ to the end of the 9th, Ctrl+↑
  // back to its start, Ctrl+Shift+↓ selects it; 3 tags a Claim.
  for (let i = 0; i < 9; i++) await press(page, 'Control+ArrowDown');
  await press(page, 'Control+ArrowUp');
  await press(page, 'Control+Shift+ArrowDown');
  assert.match(await selectionText(page), /^On Wednesday, Albanian Prime Minister Edi Rama said .* behind the attack\.$/);
  await press(page, '3');
  await until(page, () => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length === 3);

  // The note: Enter opens it; Tab goes on to the claim's status, ↓ picks
  // "verified"; Escape goes back to the text (and keeps both).
  await press(page, 'Enter');
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'TEXTAREA');
  await page.keyboard.type('Rama’s own words.');
  await press(page, 'Tab');
  assert.match(await page.evaluate(() => document.activeElement.closest('label')?.textContent), /^Status/);
  await press(page, 'ArrowDown');
  await press(page, 'Escape');
  assert.equal(await active(page), 'Document');

  // Shrink the claim's end back by a word twice (Alt+Shift+←), its start forward by two (Ctrl+Alt+Shift+→).
  await press(page, 'Alt+Shift+ArrowLeft', 'Alt+Shift+ArrowLeft', 'Control+Alt+Shift+ArrowRight', 'Control+Alt+Shift+ArrowRight');
  await until(page, () => document.querySelector('[role=row][aria-selected="true"] .quote')?.textContent.startsWith('Albanian Prime Minister'));
  assert.match(await selected(page), /^Claim Albanian Prime Minister Edi Rama said .* behind the$/);

  // Jumps: [ goes to the previous annotation in document order, ] back.
  await press(page, '[');
  assert.equal(await selected(page), 'Event forced');
  await press(page, '[');
  assert.equal(await selected(page), 'Actor Albanian special forces police');
  // } by label: the only actor, so it stays.
  await press(page, '}');
  assert.equal(await selected(page), 'Actor Albanian special forces police');
  await press(page, ']', ']');
  assert.match(await selected(page), /^Claim Albanian Prime Minister/);

  // A relation: from the claim (>) to the actor ([ [ then Enter): "source of".
  await press(page, '>', '[', '[', 'Enter');
  await page.locator('svg.relation-arcs g[data-type="source-of"]').waitFor();

  // A fragment: select "Tirana" on the first line by keys and add it to the actor (+).
  await press(page, '[', '[');
  assert.equal(await selected(page), 'Actor Albanian special forces police');
  // The jump put the caret at the start of the actor.
  // "Albanian special forces police forced the door of the Iranian Embassy in Tirana": 13 words.
  for (let i = 0; i < 12; i++) await press(page, 'Control+ArrowRight');
  await press(page, 'ArrowRight');
  await press(page, 'Control+Shift+ArrowRight');
  assert.equal(await selectionText(page), 'Tirana');
  await press(page, '+');
  await until(page, () => document.querySelectorAll('ul[aria-label="Fragments"] li').length === 2);

  // Delete the event, undo it, redo, undo again.
  await press(page, ']');
  assert.equal(await selected(page), 'Event forced');
  await press(page, 'Delete');
  await until(page, () => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length === 2);
  await press(page, 'Control+z');
  await until(page, () => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length === 3);
  await press(page, 'Control+y');
  await until(page, () => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length === 2);
  await press(page, 'Control+z');
  await until(page, () => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length === 3);

  // The help: ? opens it, Escape closes it and the text has the focus again.
  await press(page, '?');
  await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
  await press(page, 'Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  assert.equal(await active(page), 'Document');

  // Search: / then type, Enter selects the first hit, Escape back, 2 tags it.
  await press(page, '/');
  await page.keyboard.type('barrel');
  await press(page, 'Enter', 'Escape', '2');
  await until(page, () => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length === 4);
  // Annotate all: Tab from the search to the label menu and the button.
  await press(page, '/');
  await press(page, 'Control+a');
  await page.keyboard.type('Tirana');
  await page.locator('.search-status').filter({ hasText: '6 matches' }).waitFor();
  await tabTo(page, 'Label for every match');
  await press(page, 'ArrowDown', 'ArrowUp'); // stays on Actor (menus change with arrows)
  await press(page, 'Tab', 'Enter');
  await page.getByRole('status').filter({ hasText: 'Added 6 annotations as Actor.' }).waitFor();
  assert.equal(await count(page), 10);

  // The label picker relabels the selected annotation: Ctrl+K, type, Enter.
  await tabTo(page, 'Document');
  await press(page, '[');
  await press(page, 'Control+k');
  await page.keyboard.type('cla');
  await press(page, 'Enter');
  await until(page, () => document.querySelector('[role=row][aria-selected="true"] .chip')?.textContent === 'Claim');
  await press(page, 'Control+z');
  await until(page, () => document.querySelector('[role=row][aria-selected="true"] .chip')?.textContent !== 'Claim');

  // Export: Tab to the button, Enter.
  await page.locator('[data-save="saved"]').waitFor();
  await tabTo(page, 'Export JSON');
  const [file] = await Promise.all([page.waitForEvent('download'), press(page, 'Enter')]);
  const exported = JSON.parse(await readFile(await file.path(), 'utf8'));
  const quote = (a) => a.fragments.map((f) => f.quote).join('|');
  const byQuote = Object.fromEntries(exported.annotations.map((a) => [quote(a), a]));
  assert.equal(byQuote['Albanian special forces police|Tirana'].label, 'actor');
  assert.equal(byQuote.forced.label, 'event');
  assert.equal(byQuote.barrel.label, 'event');
  const claim = exported.annotations.find((a) => a.label === 'claim');
  assert.match(quote(claim), /^Albanian Prime Minister Edi Rama said .* behind the$/);
  assert.equal(claim.note, 'Rama’s own words.');
  assert.deepEqual(claim.attributes, { status: 'verified' });
  assert.deepEqual(exported.relations.map((r) => [r.type, r.source, r.target]), [['source-of', claim.id, byQuote['Albanian special forces police|Tirana'].id]]);
  assert.equal(exported.annotations.filter((a) => quote(a) === 'Tirana').length, 6);
  for (const a of exported.annotations) {
    for (const f of a.fragments) assert.equal(codePoints(exported.document.text, f.start, f.end), f.quote);
  }

  assert.deepEqual(await page.evaluate(() => window.mouseEvents), [], 'no mouse or pointer event');
  assert.deepEqual(page.errors, []);
  await context.close();
});
