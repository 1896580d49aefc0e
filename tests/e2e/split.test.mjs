// The release build's split module (scripts/split.mjs, crates/scholia-split):
// a first visit runs on the primary module alone; the deferred code is
// fetched once the app has started, or loaded when a feature first needs
// it; and if it cannot be loaded then, the app stops with its crash banner
// rather than going on half-done.
//
// The first test does what scripts/split-profile.mjs's session does on the
// seed document with the deferred file refused: when it fails, the first
// visit's code has changed; run that script again. The Keyboard shortcuts
// dialog stands for a feature a first visit does not use.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { allowErrors, annotationItems, clickText, listed, saved, tagText, useApp, waitForDocument } from './harness.mjs';
import { SEARCH_BOX, THEME_SELECT } from '../../bench/profile.mjs';

const app = useApp();
const DEFERRED = /_deferred\.wasm$/;

/** A page of the app whose requests for the deferred code are refused while `refused.now`. */
async function openRefusing() {
  // No service worker: it would answer from its cache, out of the route's reach.
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 860 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const requests = [];
  const refused = { now: true };
  await page.route(DEFERRED, (route) => {
    requests.push({ type: route.request().resourceType(), refused: refused.now });
    return refused.now ? route.abort() : route.continue();
  });
  // The browser reports the refused fetch, and the app says it will load
  // the code when it is needed.
  allowErrors(page, /^console: Failed to load resource: net::ERR_FAILED$/);
  await page.goto(app.url);
  await waitForDocument(page);
  return { page, requests, refused };
}

const helpDialog = (page) => page.getByRole('dialog', { name: 'Keyboard shortcuts' });

test('a first visit tags, edits, searches and switches the theme without the deferred code, which loads at its first use', async () => {
  const { page, requests, refused } = await openRefusing();
  // Fetched once the app has started (and refused here).
  for (let i = 0; i < 100 && !requests.length; i++) await page.waitForTimeout(100);
  assert.deepEqual(requests, [{ type: 'fetch', refused: true }], 'the deferred code is fetched once the app has started');

  await tagText(page, 'Iranian Embassy', '1');
  await tagText(page, 'combat gear', '2');
  const rows = await annotationItems(page).count();
  await clickText(page, 'Iranian Embassy', { offset: 3 });
  await page.keyboard.press('Delete');
  await listed(page, rows - 1);
  await page.keyboard.press('Control+z');
  await listed(page, rows);
  await page.keyboard.press('Control+y');
  await listed(page, rows - 1);
  await page.keyboard.press(']');
  await annotationItems(page).first().click();
  const search = page.locator(SEARCH_BOX);
  await search.click();
  await search.pressSequentially('Tirana', { delay: 30 });
  await search.fill('');
  await page.keyboard.press('Escape');
  for (const theme of ['dark', 'light']) await page.locator(THEME_SELECT).selectOption(theme);
  await saved(page);
  assert.equal(requests.length, 1, 'nothing of the first visit needed the deferred code');
  assert.equal(await page.locator('[data-banner="crashed"]').count(), 0);

  // Now the deferred code can be had: the first feature that needs it
  // loads it there and then, and works.
  refused.now = false;
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await helpDialog(page).waitFor();
  assert.deepEqual(requests.slice(1), [{ type: 'xhr', refused: false }]);
  await page.keyboard.press('Escape');
  await helpDialog(page).waitFor({ state: 'hidden' });
  await tagText(page, 'Iranian Embassy', '1');
  await saved(page);
  assert.equal(requests.length, 2, 'loaded once');
});

test('when the deferred code cannot be loaded at its first use, the app stops with its banner', async () => {
  const { page, requests } = await openRefusing();
  allowErrors(page, /^console: Scholia stopped: part of Scholia's code \(scholia-[0-9a-f]+_deferred\.wasm\) could not be loaded/);
  allowErrors(page, /^pageerror: part of Scholia's code \(scholia-[0-9a-f]+_deferred\.wasm\) could not be loaded/);
  await tagText(page, 'Iranian Embassy', '1');
  await saved(page);
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  const banner = page.locator('[data-banner="crashed"]');
  await banner.waitFor();
  assert.match(await banner.innerText(), /could not be loaded/);
  assert.ok(requests.some((r) => r.type === 'xhr'), 'it tried to load it');
  assert.equal(await helpDialog(page).count(), 0);
});
