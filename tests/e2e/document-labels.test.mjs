// Document labels as a user sets them: a label set added from the panel,
// options chosen by keyboard (Tab, Space), each choice one undo step, stored
// with the document (a reload keeps them) and in the exported file.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { exportJson, openApp, saved, tabTo, useApp, waitForDocument } from './harness.mjs';

const app = useApp();
const panel = (page) => page.getByRole('region', { name: 'Document labels' });

/** Waits until `locator` matches `n` elements. */
async function count(locator, n) {
  for (let i = 0; i < 100; i++) {
    if (await locator.count() === n) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.equal(await locator.count(), n);
}

test('add a label set, choose by keyboard, undo, reload: the labels are the document’s', async () => {
  const { page, context } = await openApp(app);
  await panel(page).getByRole('button', { name: 'Add a label set…' }).click();
  await panel(page).getByLabel('Label set name').fill('Topic');
  await panel(page).getByLabel('Options, separated by commas').fill('politics, economy, sport');
  await panel(page).getByLabel('Several may be chosen').check();
  await panel(page).getByRole('button', { name: 'Add set' }).click();
  const topic = panel(page).getByRole('group', { name: 'Topic' });
  await topic.getByRole('checkbox', { name: 'politics' }).waitFor();

  // The keyboard path: Tab reaches each option, Space chooses it.
  await tabTo(page, topic.getByRole('checkbox', { name: 'politics' }));
  await page.keyboard.press('Space');
  await tabTo(page, topic.getByRole('checkbox', { name: 'economy' }));
  await page.keyboard.press('Space');
  assert.equal(await topic.getByRole('checkbox', { name: 'economy' }).isChecked(), true);
  await saved(page);
  let file = await exportJson(page);
  assert.deepEqual(file.scheme.documentLabelSets.map((s) => [s.id, s.multiple, s.options]),
    [['topic', true, ['politics', 'economy', 'sport']]]);
  assert.deepEqual(file.documentLabels, [{ layer: 'annotator', set: 'topic', values: ['politics', 'economy'] }]);

  // Each choice is one undo step.
  await page.getByRole('button', { name: 'Undo' }).click();
  await topic.getByRole('checkbox', { name: 'economy' }).waitFor();
  await page.waitForFunction(() => {
    const boxes = [...document.querySelectorAll('fieldset.label-set input')];
    return boxes.length === 3 && boxes[0].checked && !boxes[1].checked;
  });
  await saved(page);

  // Stored with the document.
  await page.reload();
  await waitForDocument(page);
  await panel(page).getByRole('group', { name: 'Topic' }).waitFor();
  assert.equal(await panel(page).getByRole('checkbox', { name: 'politics' }).isChecked(), true);
  assert.equal(await panel(page).getByRole('checkbox', { name: 'economy' }).isChecked(), false);
  file = await exportJson(page);
  assert.deepEqual(file.documentLabels, [{ layer: 'annotator', set: 'topic', values: ['politics'] }]);
  await context.close();
});

test('a set of one choice takes one option; choosing another replaces it', async () => {
  const { page, context } = await openApp(app);
  await panel(page).getByRole('button', { name: 'Add a label set…' }).click();
  await panel(page).getByLabel('Label set name').fill('Relevance');
  await panel(page).getByLabel('Options, separated by commas').fill('high, low');
  await panel(page).getByRole('button', { name: 'Add set' }).click();
  const relevance = panel(page).getByRole('group', { name: 'Relevance' });
  await relevance.getByRole('radio', { name: 'high' }).check();
  await relevance.getByRole('radio', { name: 'low' }).check();
  await saved(page);
  const file = await exportJson(page);
  assert.deepEqual(file.documentLabels, [{ layer: 'annotator', set: 'relevance', values: ['low'] }]);
  await context.close();
});

test('the library is filtered by a document label', async () => {
  const { page, context } = await openApp(app);
  const library = page.getByRole('navigation', { name: 'Library' });
  // A second document, pasted.
  await library.getByRole('button', { name: 'New from text…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New document from text' });
  await dialog.getByLabel('Title').fill('Press release');
  await dialog.getByLabel('Text', { exact: true }).fill('The ministry said families left Tirana.');
  await dialog.getByRole('button', { name: 'Add to the library' }).click();
  await page.getByRole('heading', { name: 'Press release' }).waitFor();
  await panel(page).getByRole('button', { name: 'Add a label set…' }).click();
  await panel(page).getByLabel('Label set name').fill('Review');
  await panel(page).getByLabel('Options, separated by commas').fill('needs review, done');
  await panel(page).getByRole('button', { name: 'Add set' }).click();
  await panel(page).getByRole('radio', { name: 'needs review' }).check();
  await saved(page);
  const items = library.getByRole('list', { name: 'Documents' }).getByRole('listitem');
  await count(items, 2);
  const filter = library.getByLabel('Filter by document label');
  await filter.waitFor();
  assert.deepEqual(await filter.locator('option').allInnerTexts(), ['Any document label', 'review: needs review']);
  await filter.selectOption('review: needs review');
  await count(items, 1);
  assert.deepEqual(await items.locator('.library-title').allInnerTexts(), ['Press release']);
  await filter.selectOption('');
  await count(items, 2);
  await context.close();
});

test('the scheme editor renames a set, edits its options and removes it with its answers, each undoable', async () => {
  const { page, context } = await openApp(app);
  await panel(page).getByRole('button', { name: 'Add a label set…' }).click();
  await panel(page).getByLabel('Label set name').fill('Topic');
  await panel(page).getByLabel('Options, separated by commas').fill('politics, economy');
  await panel(page).getByLabel('Several may be chosen').check();
  await panel(page).getByRole('button', { name: 'Add set' }).click();
  await panel(page).getByRole('group', { name: 'Topic' }).getByRole('checkbox', { name: 'economy' }).check();

  const editor = page.getByRole('dialog', { name: 'Annotation scheme' });
  const sets = editor.getByRole('region', { name: 'Document label sets' });
  await page.getByRole('button', { name: 'Scheme…' }).click();
  await sets.getByRole('heading', { name: 'Document label sets (1)' }).waitFor();
  // Renamed and given other options: the answer no longer offered goes.
  await sets.getByLabel('Name of label set 1').fill('Subject');
  await sets.getByLabel('Name of label set 1').press('Enter');
  await sets.getByLabel('Options of Subject, separated by commas').fill('politics, sport');
  await sets.getByLabel('Options of Subject, separated by commas').press('Enter');
  await sets.getByLabel('Several may be chosen in Subject').uncheck();
  await editor.getByRole('button', { name: 'Close' }).click();
  const subject = panel(page).getByRole('group', { name: 'Subject' });
  await subject.getByRole('radio', { name: 'sport' }).waitFor();
  assert.equal(await subject.getByRole('radio', { name: 'politics' }).isChecked(), false);
  await saved(page);
  let file = await exportJson(page);
  assert.deepEqual(file.scheme.documentLabelSets.map((s) => [s.id, s.name, s.multiple, s.options]),
    [['topic', 'Subject', false, ['politics', 'sport']]]);
  assert.deepEqual(file.documentLabels ?? [], []);
  // Undo the options' change: economy is offered and chosen again.
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.getByRole('button', { name: 'Undo' }).click();
  await panel(page).getByRole('group', { name: 'Subject' }).getByRole('checkbox', { name: 'economy' }).waitFor();
  assert.equal(await panel(page).getByRole('checkbox', { name: 'economy' }).isChecked(), true);

  // Removed, with its answers; undo brings it back.
  await page.getByRole('button', { name: 'Scheme…' }).click();
  await sets.getByRole('button', { name: 'Remove Subject (and its answers)' }).click();
  await sets.getByRole('heading', { name: 'Document label sets (0)' }).waitFor();
  await editor.getByRole('button', { name: 'Close' }).click();
  await count(panel(page).getByRole('group', { name: 'Subject' }), 0);
  await saved(page);
  file = await exportJson(page);
  assert.deepEqual([file.scheme.documentLabelSets ?? [], file.documentLabels ?? []], [[], []]);
  await page.getByRole('button', { name: 'Undo' }).click();
  await panel(page).getByRole('group', { name: 'Subject' }).getByRole('checkbox', { name: 'economy' }).waitFor();
  assert.equal(await panel(page).getByRole('checkbox', { name: 'economy' }).isChecked(), true);
  await context.close();
});
