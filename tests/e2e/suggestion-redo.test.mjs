// Undo and redo of a rejected suggestion, as a user: reject with the key,
// Ctrl+Z proposes it again, Ctrl+Shift+Z rejects it again, and after a
// reload it is still rejected. No request leaves the local server.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { listed, openApp, requestsElsewhere, saved, suggested, tagText, useApp, waitForDocument } from './harness.mjs';

const app = useApp();
/** Where each suggestion drawn starts (the one stepped to is drawn apart): the length of the document's text before it. */
const starts = () => {
  const article = document.querySelector('article[aria-label="Document"]');
  const ranges = [...(CSS.highlights.get('sch-sug-0') ?? []), ...(CSS.highlights.get('sch-sug-current') ?? [])];
  return [...new Set(ranges.map((r) => {
    const before = document.createRange();
    before.setStart(article, 0);
    before.setEnd(r.startContainer, r.startOffset);
    return before.toString().length;
  }))].sort((a, b) => a - b);
};
const drawnAt = (page) => page.evaluate(starts);
const drawn = (page, n) => page.waitForFunction(`(${starts})().length === ${n}`);

test('reject a suggestion with the key, Ctrl+Z brings it back, Ctrl+Shift+Z rejects it again, and a reload keeps it rejected', async () => {
  const { page, context } = await openApp(app);
  const elsewhere = requestsElsewhere(page, app);
  const panel = page.getByRole('region', { name: 'Suggestions' });
  const count = panel.locator('.suggestion-count');

  // Tag the first whole-word “Albania”: its three repeats are proposed.
  await tagText(page, 'Albania ', 'a');
  await listed(page, 1);
  await suggested(page, 3);
  await page.keyboard.press('.');
  await page.keyboard.press('.');
  await page.waitForFunction(() => document.querySelectorAll('.suggestion-list li.current').length === 1);
  const rejected = await page.locator('.suggestion-list li').evaluateAll((items) => items.findIndex((li) => li.classList.contains('current')));
  assert.equal(rejected, 1, 'the second repeat is the one stepped to');

  await page.keyboard.press("'");
  await suggested(page, 2);
  await count.getByText('2 suggestions, 1 rejected').waitFor();
  await drawn(page, 2);
  const left = await drawnAt(page);
  await page.keyboard.press('Control+z');
  await suggested(page, 3);
  await count.getByText('3 suggestions').waitFor();
  assert.equal(await count.textContent(), '3 suggestions', 'no longer rejected');
  await listed(page, 1);
  await page.keyboard.press('Control+Shift+z');
  await suggested(page, 2);
  await count.getByText('2 suggestions, 1 rejected').waitFor();
  // The same one, and the annotation untouched by either.
  await drawn(page, 2);
  assert.deepEqual(await drawnAt(page), left);
  await listed(page, 1);
  await saved(page);

  await page.reload();
  await waitForDocument(page);
  await listed(page, 1);
  await suggested(page, 2);
  await count.getByText('2 suggestions, 1 rejected').waitFor();
  await drawn(page, 2);
  assert.deepEqual(await drawnAt(page), left);

  assert.deepEqual(elsewhere, [], 'no request beyond the local server');
  assert.deepEqual(page.errors, []);
  await context.close();
});
