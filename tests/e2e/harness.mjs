// Shared set-up for the end-to-end tests: the system Chromium driven by
// playwright-core (never a downloaded browser), a static server for dist/
// on 127.0.0.1, and helpers that act as a person does.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

import { serve } from './server.mjs';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * Serves dist/ for the tests of one file and gives each test a fresh
 * browser profile. Returns an object whose fields are filled in `before`.
 */
export function useApp() {
  const app = { url: '', server: null, browser: null };
  before(async () => {
    app.server = await serve();
    app.url = app.server.url;
    app.browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  after(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return app;
}

/** A new page in a fresh context (empty storage), with the app loaded. */
export async function openApp(app, { beforeStart, viewport = { width: 1280, height: 860 } } = {}) {
  const context = await app.browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  watchErrors(page);
  if (beforeStart) await page.addInitScript(beforeStart);
  await page.goto(app.url);
  await waitForDocument(page);
  return { context, page };
}

/** A persistent profile in a temporary folder, for reload and crash tests. */
export async function persistentProfile() {
  const dir = await mkdtemp(join(tmpdir(), 'scholia-profile-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Fails the test on any uncaught page error or console error. */
export function watchErrors(page) {
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') page.errors.push(`console: ${m.text()}`);
  });
}

export async function waitForDocument(page) {
  await page.locator('article[aria-label="Document"] p').first().waitFor();
  await page.waitForFunction(() => document.querySelector('[data-highlighter]'));
}

export const documentRegion = (page) => page.locator('article[aria-label="Document"]');
export const annotationItems = (page) => page.getByRole('list', { name: 'Annotations' }).getByRole('listitem');
/** The documents of the library (trash aside), most recently edited first. */
export const libraryItems = (page) => page.getByRole('navigation', { name: 'Library' }).getByRole('list', { name: 'Documents' }).getByRole('listitem');

/** Waits until the save indicator says everything is stored. */
export async function saved(page) {
  await page.locator('[data-save="saved"]').waitFor();
}

/**
 * Finds the viewport point of a character of the document: the `nth`
 * occurrence of `needle` (0-based), at code-unit `offset` into it.
 */
export async function pointOf(page, needle, { nth = 0, offset = 0, side = 'left' } = {}) {
  return page.evaluate(({ needle, nth, offset, side }) => {
    const root = document.querySelector('article[aria-label="Document"]');
    let seen = 0;
    for (const p of root.querySelectorAll('p')) {
      const node = p.firstChild;
      if (!node) continue;
      let from = 0;
      for (;;) {
        const at = node.data.indexOf(needle, from);
        if (at < 0) break;
        if (seen++ === nth) {
          const box = p.getBoundingClientRect();
          if (box.top < 0 || box.bottom > innerHeight) p.scrollIntoView({ block: 'center' });
          const range = document.createRange();
          range.setStart(node, at + offset);
          range.setEnd(node, at + offset + 1);
          const rect = range.getClientRects()[0];
          return { x: side === 'left' ? rect.left + 1 : rect.right - 1, y: rect.top + rect.height / 2 };
        }
        from = at + 1;
      }
    }
    throw new Error(`“${needle}” not found in the document`);
  }, { needle, nth, offset, side });
}

/** Drags the mouse from the start of `from` to the end of `to`, as a person selects text. */
export async function dragSelect(page, from, to = from, options = {}) {
  const start = await pointOf(page, from, { nth: options.nth ?? 0 });
  const end = await pointOf(page, to, { nth: options.toNth ?? options.nth ?? 0, offset: to.length - 1, side: 'right' });
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move((start.x + end.x) / 2, (start.y + end.y) / 2, { steps: 4 });
  await page.mouse.move(end.x, end.y, { steps: 4 });
  await page.mouse.up();
}

/** Clicks a button and returns the downloaded file's name and text. */
export async function download(page, buttonName) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: buttonName, exact: true }).click(),
  ]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: await readFile(path, 'utf8') };
}

/** Opens files through the Import button's file chooser. */
export async function importFiles(page, files) {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Import', exact: true }).click(),
  ]);
  await chooser.setFiles(files);
}

/** `[...text].slice(start, end)`: code points, as Scholia counts. */
export const codePoints = (text, start, end) => [...text].slice(start, end).join('');
