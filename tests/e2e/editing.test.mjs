// Editing a span end to end, by mouse and by keyboard: relabel, resize (drag
// the handles; Alt+Shift+arrows), fragments (discontinuous spans), notes and
// attributes; and undo/redo of every kind of edit, checked on the exported
// file.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  annotationItems, clickText, dragSelect, exportJson, labelled, listed, openApp, pointOf, saved, settled,
  tagText, useApp,
} from './harness.mjs';

const app = useApp();
const details = (page) => page.getByRole('region', { name: 'Selected annotation' });

test('relabel: the panel’s label menu (mouse), a label key on the selected annotation (keyboard)', async () => {
  const { page, context } = await openApp(app);
  await tagText(page, 'Edi Rama', '1');
  await details(page).getByLabel('Label').selectOption('claim');
  await page.waitForFunction(() => document.querySelector('[role=row][aria-selected="true"] .chip')?.textContent === 'Claim');
  // With no text selected, a label key relabels the selected annotation.
  await page.keyboard.press('e');
  await page.waitForFunction(() => document.querySelector('[role=row][aria-selected="true"] .chip')?.textContent === 'Event');
  await saved(page);
  assert.deepEqual(labelled(await exportJson(page)), [['event', 'Edi Rama']]);
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => document.querySelector('[role=row][aria-selected="true"] .chip')?.textContent === 'Claim');
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => document.querySelector('[role=row][aria-selected="true"] .chip')?.textContent === 'Actor');
  await context.close();
});

test('resize: drag a handle with the mouse; Alt+Shift+arrows move the end, with Ctrl the start', async () => {
  const { page, context } = await openApp(app);
  await tagText(page, 'Rama', '1');
  const end = page.locator('.span-handle.end .knob');
  await end.waitFor();
  // Drag the end handle to the middle of "said": the span snaps to the word.
  const box = await end.boundingBox();
  const target = await pointOf(page, 'said there', { offset: 2 });
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(target.x, target.y, { steps: 6 });
  // While the handle is held, a dashed line shows where the span would go.
  await page.waitForFunction(() => rangeText([...(CSS.highlights.get('sch-preview') ?? [])][0]) === 'Rama said'
    && highlightShown('sch-preview'));
  await page.mouse.up();
  await page.waitForFunction(() => (CSS.highlights.get('sch-preview')?.size ?? 0) === 0);
  await page.waitForFunction(() => document.querySelector('[role=row][aria-selected="true"] .quote')?.textContent === 'Rama said');
  // And the start handle back over "Edi".
  const start = await page.locator('.span-handle.start .knob').boundingBox();
  const edi = await pointOf(page, 'Edi Rama', { offset: 1 });
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(edi.x, edi.y, { steps: 6 });
  await page.mouse.up();
  await page.waitForFunction(() => document.querySelector('[role=row][aria-selected="true"] .quote')?.textContent === 'Edi Rama said');

  // Keys: the end back by a word, then forward two; the start forward a word.
  await page.keyboard.press('Alt+Shift+ArrowLeft');
  await page.waitForFunction(() => document.querySelector('[role=row][aria-selected="true"] .quote')?.textContent === 'Edi Rama');
  await page.keyboard.press('Alt+Shift+ArrowRight');
  await page.keyboard.press('Alt+Shift+ArrowRight');
  await page.waitForFunction(() => document.querySelector('[role=row][aria-selected="true"] .quote')?.textContent === 'Edi Rama said there');
  await page.keyboard.press('Control+Alt+Shift+ArrowRight');
  await page.waitForFunction(() => document.querySelector('[role=row][aria-selected="true"] .quote')?.textContent === 'Rama said there');
  await saved(page);
  const file = await exportJson(page);
  assert.deepEqual(labelled(file), [['actor', 'Rama said there']]);
  // Six resizes, six undo steps back to "Rama".
  for (let i = 0; i < 6; i++) await page.keyboard.press('Control+z');
  await page.waitForFunction(() => document.querySelector('[role=grid][aria-label="Annotations"] .quote')?.textContent === 'Rama');
  await context.close();
});

test('fragments: add and cut the selected text (buttons and + −), remove one; export holds them all', async () => {
  const { page, context } = await openApp(app);
  await tagText(page, 'Albanian Prime Minister Edi Rama', '1');
  // Cut "Prime Minister" out with the button: two fragments.
  await dragSelect(page, 'Prime Minister');
  await details(page).getByRole('button', { name: 'Cut selected text' }).click();
  await page.waitForFunction(() => document.querySelectorAll('ul[aria-label="Fragments"] li').length === 2);
  // Add "Albania’s" from another paragraph with the + key.
  await dragSelect(page, 'Albania’s');
  await page.keyboard.press('+');
  await page.waitForFunction(() => document.querySelectorAll('ul[aria-label="Fragments"] li').length === 3);
  await saved(page);
  let file = await exportJson(page);
  assert.deepEqual(labelled(file), [['actor', 'Albanian|Edi Rama|Albania’s']]);
  const [a] = file.annotations;
  assert.ok(a.fragments[0].end < a.fragments[1].start && a.fragments[1].end < a.fragments[2].start, 'sorted, apart');
  // − cuts "Edi" out of "Edi Rama".
  await dragSelect(page, 'Edi', 'Edi', { nth: 0 });
  await page.keyboard.press('-');
  await page.waitForFunction(() => [...document.querySelectorAll('ul[aria-label="Fragments"] .quote')].map((q) => q.textContent).join() === '“Albanian”,“Rama”,“Albania’s”');
  // Remove the second fragment with its button.
  await details(page).getByRole('button', { name: 'Remove fragment 2' }).click();
  await page.waitForFunction(() => document.querySelectorAll('ul[aria-label="Fragments"] li').length === 2);
  await saved(page);
  file = await exportJson(page);
  assert.deepEqual(labelled(file), [['actor', 'Albanian|Albania’s']]);
  // The highlight has both ranges.
  assert.deepEqual(await page.evaluate(() => [...CSS.highlights.get('sch-selected')].map(rangeText)), ['Albanian', 'Albania’s']);
  for (let i = 0; i < 4; i++) await page.keyboard.press('Control+z');
  await page.waitForFunction(() => document.querySelectorAll('ul[aria-label="Fragments"] li').length === 1);
  await context.close();
});

test('notes and attributes: edited in the panel, by mouse and by keyboard (Enter opens the note)', async () => {
  const { page, context } = await openApp(app);
  await tagText(page, '“undeniable evidence”', '3');
  // Mouse: type a note, pick a status.
  await details(page).getByLabel('Note').click();
  await page.keyboard.type('Rama’s words <b>exactly</b>');
  await page.keyboard.press('Tab'); // leaving the field saves the note
  await details(page).getByLabel('Status').selectOption('disputed');
  await page.waitForFunction(() => document.querySelector('[role=row][aria-selected="true"] .marker'));
  // Keyboard: an event, Enter opens its note, Escape leaves (and saves).
  await tagText(page, 'cyberattack', '2', { nth: 1 });
  await page.keyboard.press('Enter');
  await settled(page); // the input handled and shown before the read
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('placeholder')?.startsWith('A comment')), true);
  await page.keyboard.type('date unclear');
  await page.keyboard.press('Escape');
  await settled(page); // the input handled and shown before the read
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Document');
  await page.keyboard.press('Tab'); // back into the panel is possible, but the flag is reached by label here:
  await details(page).getByLabel('Negated').check();
  await saved(page);
  const file = await exportJson(page);
  const byLabel = Object.fromEntries(file.annotations.map((a) => [a.label, a]));
  assert.equal(byLabel.claim.note, 'Rama’s words <b>exactly</b>');
  assert.deepEqual(byLabel.claim.attributes, { status: 'disputed' });
  assert.equal(byLabel.event.note, 'date unclear');
  assert.deepEqual(byLabel.event.attributes, { negated: true });
  // The note is text, not HTML.
  assert.equal(await page.locator('.details b').count(), 0);
  // Undo: the flag, the note, (the event), the status, the note.
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await saved(page);
  const undone = await exportJson(page);
  const event = undone.annotations.find((a) => a.label === 'event');
  assert.equal(event.note ?? '', '');
  assert.equal(event.attributes, undefined);
  await context.close();
});

test('every kind of edit undoes to the exact file before it, and redoes to the exact file after', async () => {
  const { page, context } = await openApp(app);
  await saved(page);
  const initial = await exportJson(page);
  const strip = (file) => ({ scheme: file.scheme, annotations: file.annotations, relations: file.relations });
  const states = [strip(initial)];
  const step = async () => {
    await saved(page);
    states.push(strip(await exportJson(page)));
  };
  await tagText(page, 'Edi Rama', '1'); await step(); // create
  await page.keyboard.press('3'); await step(); // relabel
  await page.keyboard.press('Alt+Shift+ArrowRight'); await step(); // resize
  await page.keyboard.press('Enter'); await page.keyboard.type('a note'); await page.keyboard.press('Escape'); await step(); // note
  await details(page).getByLabel('Status').selectOption('verified'); await step(); // attribute
  await tagText(page, 'Iranian government', '1'); await step(); // create
  await page.keyboard.press('['); await page.keyboard.press('>'); await page.keyboard.press(']'); await page.keyboard.press('Enter'); await step(); // relation
  await page.getByLabel('Search the text').fill('Tirana');
  await page.getByRole('button', { name: 'Annotate all 6' }).click(); await step(); // annotate-all
  await page.getByRole('button', { name: 'Scheme…' }).click();
  await page.getByRole('dialog').getByLabel('Name of label 2').fill('Happening');
  await page.getByRole('dialog').getByLabel('Name of label 2').press('Enter');
  await page.getByRole('button', { name: 'Happening', exact: true }).waitFor();
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click(); await step(); // scheme
  await clickText(page, 'Iranian government');
  await page.keyboard.press('Delete'); await step(); // delete (with its relation)
  assert.equal(states.at(-1).relations.length, 0);
  assert.equal(states.at(-2).relations.length, 1);

  const n = states.length - 1;
  for (let i = n; i > 0; i--) {
    await page.keyboard.press('Control+z');
    await saved(page);
    assert.deepEqual(strip(await exportJson(page)), states[i - 1], `undo back to state ${i - 1}`);
  }
  assert.ok(await page.getByRole('button', { name: 'Undo' }).isDisabled());
  for (let i = 1; i <= n; i++) {
    await page.keyboard.press(i % 2 ? 'Control+Shift+z' : 'Control+y');
    await saved(page);
    assert.deepEqual(strip(await exportJson(page)), states[i], `redo to state ${i}`);
  }
  assert.ok(await page.getByRole('button', { name: 'Redo' }).isDisabled());
  assert.equal(await annotationItems(page).count(), states[n].annotations.length);
  assert.deepEqual(page.errors, []);
  await context.close();
});
