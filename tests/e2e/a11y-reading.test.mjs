// Annotations perceivable without sight, read as a screen reader reads them:
// from the accessibility tree (Playwright's ARIA snapshots and Chromium's
// own tree over the DevTools protocol), not from attributes. A polite live
// region names what the caret enters (nested annotations with their count),
// the annotation list is a grid whose selected row follows the selection,
// each row named by label, text and line, and the document region's
// description says how many annotations it holds.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { annotationItems, clickText, documentRegion, listed, openApp, settled, tagText, useApp } from './harness.mjs';

const app = useApp();

const spoken = (page) => page.getByRole('status', { name: 'Annotations at the caret' });
const grid = (page) => page.getByRole('grid', { name: 'Annotations' });
const CLAIM = 'Edi Rama said there was “undeniable evidence”';

/** The document region's accessible description, as Chromium computes it. */
async function documentDescription(page) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  const article = nodes.find((n) => n.role?.value === 'article' && n.name?.value === 'Document');
  return article?.description?.value;
}

test('the caret says which annotations it enters, nested ones counted; the list is a grid that follows the selection', async () => {
  const { page, context } = await openApp(app);
  assert.equal(await documentDescription(page), "No annotations. Select text with Shift and the arrow keys, then press a label's key.");
  await tagText(page, CLAIM, 'c');
  await tagText(page, 'Edi Rama', 'a');
  await listed(page, 2);
  assert.equal(await documentDescription(page), '2 annotations. Press ] and [ to move between them; the caret says what it enters.');

  // The caret in “Minister”, on no annotation: nothing is said.
  await clickText(page, 'Minister');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+ArrowRight'); // to the end of “Minister”
  await settled(page);
  assert.equal(await spoken(page).ariaSnapshot(), '- status "Annotations at the caret"');
  await page.keyboard.press('ArrowRight'); // before “Edi”: in both
  await settled(page);
  assert.equal(await spoken(page).ariaSnapshot(),
    `- status "Annotations at the caret": "2 annotations: Claim: ${CLAIM}; Actor: Edi Rama"`);
  await page.keyboard.press('Control+ArrowRight'); // end of “Edi”: still in both, nothing new said
  await settled(page);
  assert.match(await spoken(page).ariaSnapshot(), /2 annotations/);
  await page.keyboard.press('Control+ArrowRight'); // end of “Rama”: in the claim only
  await settled(page);
  assert.equal(await spoken(page).ariaSnapshot(), `- status "Annotations at the caret": "Claim: ${CLAIM}"`);
  // Shift extends the selection: its moving end is what is spoken.
  await page.keyboard.press('Shift+Control+ArrowLeft');
  await settled(page);
  assert.match(await spoken(page).ariaSnapshot(), /"2 annotations: Claim: .*; Actor: Edi Rama"/);

  // The grid: each row named by label, text and line; the selected row is
  // the one selected in the text, and follows ] and [.
  await page.keyboard.press('Escape');
  await page.keyboard.press(']');
  await settled(page);
  const rows = await grid(page).ariaSnapshot();
  assert.match(rows, /- grid "Annotations":/);
  assert.match(rows, new RegExp(`row "Claim: ${CLAIM}, line 9" \\[selected\\]`));
  assert.match(rows, /row "Actor: Edi Rama, line 9"'?:/);
  assert.doesNotMatch(rows, /row "Actor: Edi Rama, line 9" \[selected\]/);
  assert.match(await spoken(page).ariaSnapshot(), /2 annotations/, 'selecting with ] speaks what it reaches');
  await page.keyboard.press(']');
  await settled(page);
  assert.match(await grid(page).ariaSnapshot(), /row "Actor: Edi Rama, line 9" \[selected\]/);

  // In the grid, the arrows move the selection and the focus together.
  await annotationItems(page).first().getByRole('button', { name: /^Claim/ }).focus();
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.activeElement?.closest('[role=row]')?.getAttribute('aria-selected') === 'true'
    && document.activeElement.closest('[role=row]').getAttribute('aria-rowindex') === '2');
  await page.keyboard.press('ArrowUp');
  await page.waitForFunction(() => document.activeElement?.closest('[role=row]')?.getAttribute('aria-rowindex') === '1');
  assert.match(await grid(page).ariaSnapshot(), new RegExp(`row "Claim: ${CLAIM}, line 9" \\[selected\\]`));
  assert.ok(await documentRegion(page).count());
  await context.close();
});
