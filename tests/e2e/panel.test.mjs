// The annotation panel end to end: counts per label, filters by label and by
// text, and bulk relabel and delete of ticked annotations (one undo step
// each), by mouse and by keyboard.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  annotationItems, documentRegion, exportJson, labelled, listed, openApp, saved, settled, tabTo, tagText,
  useApp,
} from './harness.mjs';

const app = useApp();
const chips = (page) => page.getByRole('group', { name: 'Filter by label' });
const quotes = async (page) => (await annotationItems(page).locator('.quote').allInnerTexts());

async function fiveSpans(page) {
  await tagText(page, 'Edi Rama', '1');
  await tagText(page, 'Iranian Embassy', '1');
  await tagText(page, 'cyberattack', '2', { nth: 1 });
  await tagText(page, 'expulsion order', '2');
  await tagText(page, '“undeniable evidence”', '3');
  await listed(page, 5);
}

test('counts per label, filters by label and by text (quote or note)', async () => {
  const { page, context } = await openApp(app);
  await fiveSpans(page);
  assert.deepEqual(await chips(page).getByRole('button').allInnerTexts(), ['Actor\n2', 'Event\n2', 'Claim\n1']);
  await chips(page).getByRole('button', { name: /Event/ }).click();
  await settled(page); // the input handled and shown before the read
  assert.equal(await chips(page).getByRole('button', { name: /Event/ }).getAttribute('aria-pressed'), 'true');
  await listed(page, 2);
  assert.deepEqual(await quotes(page), ['expulsion order', 'cyberattack']);
  await page.getByRole('heading', { name: 'Annotations (2 of 5)' }).waitFor();
  await chips(page).getByRole('button', { name: /Claim/ }).click();
  await listed(page, 3);
  // Text filters the shown ones further; a note matches too.
  await page.getByLabel('Filter annotations').fill('EVIDENCE');
  await listed(page, 1);
  await page.getByRole('button', { name: 'Show all' }).click();
  await listed(page, 5);
  await annotationItems(page).filter({ hasText: 'Edi Rama' }).getByRole('button').first().click();
  await page.getByRole('region', { name: 'Selected annotation' }).getByLabel('Note').fill('prime minister');
  await page.getByRole('region', { name: 'Selected annotation' }).getByLabel('Note').press('Tab');
  await page.getByLabel('Filter annotations').fill('minister');
  await listed(page, 1);
  assert.deepEqual(await quotes(page), ['Edi Rama']);
  // ] and [ follow the filter: with only Events shown, ] goes from one event to the other.
  await page.getByLabel('Filter annotations').fill('');
  await chips(page).getByRole('button', { name: /Event/ }).click();
  await annotationItems(page).first().getByRole('button').first().click();
  // Back from the list item just clicked to the text, as a keyboard user goes.
  await tabTo(page, documentRegion(page), { back: true });
  await page.keyboard.press(']');
  await page.waitForFunction(() => document.querySelector('[role=row][aria-selected="true"] .quote')?.textContent === 'cyberattack');
  await page.keyboard.press(']');
  await page.waitForFunction(() => document.querySelector('[role=row][aria-selected="true"] .quote')?.textContent === 'expulsion order');
  await context.close();
});

test('mouse: tick several, relabel them at once, delete them at once; each is one undo step', async () => {
  const { page, context } = await openApp(app);
  await fiveSpans(page);
  await annotationItems(page).filter({ hasText: 'Edi Rama' }).getByRole('checkbox').check();
  await annotationItems(page).filter({ hasText: 'Iranian Embassy' }).getByRole('checkbox').check();
  await annotationItems(page).filter({ hasText: 'cyberattack' }).getByRole('checkbox').check();
  const bulk = page.getByRole('group', { name: 'Selected annotations' });
  await bulk.getByText('3 selected').waitFor();
  await bulk.getByLabel('New label for the selected annotations').selectOption('claim');
  await bulk.getByRole('button', { name: 'Relabel' }).click();
  await page.getByRole('status').filter({ hasText: 'Relabelled 3 annotations as Claim.' }).waitFor();
  assert.deepEqual(await chips(page).getByRole('button').allInnerTexts(), ['Actor\n0', 'Event\n1', 'Claim\n4']);
  await bulk.getByRole('button', { name: 'Delete' }).click();
  await listed(page, 2);
  await saved(page);
  assert.deepEqual(labelled(await exportJson(page)).sort(), [['claim', '“undeniable evidence”'], ['event', 'expulsion order']]);
  await page.keyboard.press('Control+z');
  await listed(page, 5);
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => document.querySelectorAll('.chip').length && [...document.querySelectorAll('[role=grid][aria-label="Annotations"] .chip')].filter((c) => c.textContent === 'Actor').length === 2);
  // "Select all shown" ticks the filtered ones only.
  await chips(page).getByRole('button', { name: /Actor/ }).click();
  await page.getByLabel('Select all shown').check();
  await bulk.getByText('2 selected').waitFor();
  await bulk.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('button', { name: 'Show all' }).click();
  await listed(page, 3);
  await saved(page);
  assert.equal(labelled(await exportJson(page)).filter(([l]) => l === 'actor').length, 0);
  await context.close();
});

test('keyboard: Tab to the ticks, Space ticks, Tab to the bulk controls', async () => {
  const { page, context } = await openApp(app);
  await fiveSpans(page);
  // Space ticks; Tab moves on through a row (tick, item, delete) to the next.
  // The keys tagged the spans with the focus on the page: Tab on from there.
  await tabTo(page, annotationItems(page).first().getByRole('checkbox'));
  await page.keyboard.press('Space');
  // The list is in document order: Iranian Embassy, expulsion order, cyberattack, Edi Rama, …
  for (let i = 0; i < 9; i++) await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  const bulk = page.getByRole('group', { name: 'Selected annotations' });
  await bulk.getByText('2 selected').waitFor();
  // The bulk controls come before the list: Shift+Tab back to them.
  await tabTo(page, bulk.getByLabel('New label for the selected annotations'), { back: true });
  await page.keyboard.press('ArrowDown'); // Event
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter'); // Relabel
  await page.getByRole('status').filter({ hasText: 'Relabelled 2 annotations as Event.' }).waitFor();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter'); // Delete
  await listed(page, 3);
  await context.close();
});
