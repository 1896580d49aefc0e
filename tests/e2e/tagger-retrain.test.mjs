// The tagger learns from deletions too, as a user sees it: with three
// documents annotated it has learnt their nine people; a wrong tag added
// makes it learn ten annotations, and deleting that tag (with the key)
// makes it learn nine again, without reopening anything. No request leaves
// the local server.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { listed, openApp, requestsElsewhere, saved, tagText, useApp, waitForDocument } from './harness.mjs';

const app = useApp();
const story = (title, people) => `${title}\n${people.map((p) => `Then ${p} said it rained.`).join('\n')}\n`;
const DOCS = [
  ['Rain one', ['Anna Berg', 'Paulo Costa', 'Jan Novak']],
  ['Rain two', ['Maria Lopez', 'Omar Haddad', 'Lena Vogel']],
  ['Rain three', ['Ivan Petrov', 'Sara Cohen', 'Tom Baker']],
];
const status = (page, text) => page.waitForFunction(
  (text) => document.querySelector('.tagger-status')?.textContent === text, text, { timeout: 30000 });

test('deleting an annotation retrains the tagger, as adding one does', async () => {
  const { page, context } = await openApp(app);
  const elsewhere = requestsElsewhere(page, app);
  for (const [title, people] of DOCS) {
    await page.getByRole('navigation', { name: 'Library' }).getByLabel('Open files…').setInputFiles([
      { name: `${title}.txt`, mimeType: 'text/plain', buffer: Buffer.from(story(title, people)) },
    ]);
    await page.getByRole('heading', { name: title }).waitFor();
    await waitForDocument(page);
    for (const [n, person] of people.entries()) {
      await tagText(page, person, 'a');
      await listed(page, n + 1);
    }
    await saved(page);
  }
  await status(page, 'Model trained on 3 documents (9 annotations).');

  // A wrong tag: learnt.
  await tagText(page, 'rained', 'a');
  await listed(page, 4);
  await status(page, 'Model trained on 3 documents (10 annotations).');
  // Deleted (it is still selected): learnt too.
  await page.keyboard.press('Delete');
  await listed(page, 3);
  await status(page, 'Model trained on 3 documents (9 annotations).');

  assert.deepEqual(elsewhere, [], 'no request beyond the local server');
  assert.deepEqual(page.errors, []);
  await context.close();
});
