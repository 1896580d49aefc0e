// Offline: after one visit the app loads and works with the server gone
// (the service worker keeps the build), and it can be installed. From
// disk: dist/scholia.html, the whole app in one file, works from a file://
// URL with no server at all and keeps its data in the browser.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  allowErrors, annotationItems, dragSelect, launchPersistent, openFromDisk, persistentProfile, saved, waitForDocument, watchErrors,
} from './harness.mjs';
import { serve } from './server.mjs';

const count = (page, n) => page.waitForFunction((n) => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length === n, n);

test('after one visit the app loads and works with the server stopped, and it is installable', async () => {
  const server = await serve();
  // A normal profile, as a user has (Chromium installs nothing from incognito).
  const profile = await persistentProfile();
  const browser = await launchPersistent(profile.dir);
  try {
    const { context } = browser;
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 860 });
    watchErrors(page);
    const failed = [];
    page.on('requestfailed', (r) => failed.push(new URL(r.url()).pathname));
    await page.goto(server.url);
    await waitForDocument(page);
    // The service worker has kept this build and controls the page.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
    const cached = await page.evaluate(async () => {
      const names = await caches.keys();
      const cache = await caches.open(names.find((n) => n.startsWith('scholia-')));
      return (await cache.keys()).map((r) => new URL(r.url).pathname);
    });
    for (const file of ['/', '/index.html', '/manifest.webmanifest', '/icons/icon-192.png']) assert.ok(cached.includes(file), `${file} cached`);
    assert.ok(cached.some((f) => f.endsWith('_bg.wasm')) && cached.some((f) => f.endsWith('.js')), 'the build is cached');
    for (const file of ['/scholia-worker_loader.js', '/scholia-worker.js', '/scholia-worker_bg.wasm']) assert.ok(cached.includes(file), `the formats' worker: ${file} cached`);

    // Installable: a manifest with name, icons, standalone display, and no complaint from Chromium.
    const manifest = await page.evaluate(async () => (await fetch(document.querySelector('link[rel="manifest"]').href)).json());
    assert.equal(manifest.short_name, 'Scholia');
    assert.equal(manifest.display, 'standalone');
    assert.ok(manifest.icons.some((i) => i.sizes === '512x512' && i.type === 'image/png'));
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors, []);

    await dragSelect(page, 'Edi Rama');
    await page.keyboard.press('a');
    await saved(page);

    // No server any more: the page still loads, with the work, and takes more.
    await server.close();
    // The fetch below fails on purpose (it shows the server is gone), and
    // Chromium logs that failed load as a console error; the end of the test
    // checks it is the only one, and the only failed request.
    allowErrors(page, /^console: Failed to load resource: net::ERR_FAILED$/);
    assert.equal(await page.evaluate(() => fetch('/not-cached').then(() => 'reached', () => 'unreachable')), 'unreachable');
    await page.reload();
    await waitForDocument(page);
    await count(page, 1);
    await dragSelect(page, 'cyberattack');
    await page.keyboard.press('e');
    await saved(page);
    await page.reload();
    await waitForDocument(page);
    await count(page, 2);
    // The only request that failed is the one made to show that the server is gone.
    assert.deepEqual(failed, ['/not-cached']);
    assert.deepEqual(page.errors, ['console: Failed to load resource: net::ERR_FAILED']);
  } finally {
    await browser.close();
    await server.close().catch(() => {});
    await profile.remove();
  }
});

test('dist/scholia.html works from disk with no server: annotate, reload, still there', async () => {
  const { browser, page, offDisk } = await openFromDisk();
  try {
    await dragSelect(page, 'Edi Rama');
    await page.keyboard.press('a');
    await saved(page);
    await page.reload();
    await waitForDocument(page);
    await count(page, 1);
    assert.match(await annotationItems(page).first().innerText(), /Actor\s+Edi Rama/);
    assert.deepEqual(offDisk(), [], 'nothing but the file itself');
    assert.deepEqual(page.errors, []);
  } finally {
    await browser.close();
  }
});
