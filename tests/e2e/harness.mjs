// Shared set-up for the end-to-end tests: the system Chromium driven by
// playwright-core (never a downloaded browser), a static server for dist/
// on 127.0.0.1, and helpers that act as a person does.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, afterEach, before } from 'node:test';
import { chromium } from 'playwright-core';

import { DIST, serve } from './server.mjs';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * Serves dist/ for the tests of one file and gives each test a fresh
 * browser profile. Returns an object whose fields are filled in `before`.
 * Every page of every context of `app.browser` is watched for errors (see
 * `watchErrors`).
 */
export function useApp() {
  const app = { url: '', server: null, browser: null };
  before(async () => {
    app.server = await serve();
    app.url = app.server.url;
    app.browser = watchBrowser(await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }));
  });
  after(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return app;
}

/**
 * Makes every context `browser.newContext()` returns watch its pages for
 * errors, so that a test that makes its own context cannot forget to.
 */
export function watchBrowser(browser) {
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => watchContext(await newContext(...args));
  return browser;
}

/** Watches every page of `context` for errors, those it has and those it opens. */
export function watchContext(context) {
  for (const page of context.pages()) watchErrors(page);
  context.on('page', (page) => watchErrors(page));
  return context;
}

/** The shared reference folder: `$SCHOLIA_SHARED`, else `../shared` beside the repository. */
export const SHARED = process.env.SCHOLIA_SHARED || fileURLToPath(new URL('../../../shared', import.meta.url));

/**
 * The path of `sub` in the shared folder, for a test `t` that reads it, when
 * it is there. Without it the test is skipped, saying so
 * (`SKIPPED <test>: <path> is not here …`), in a plain clone; in CI (`CI`
 * set, and not to `false` or `0`) the folder comes with the checkout, so its
 * absence fails the test instead. The same rule as the Rust interop tests'.
 */
export function sharedInput(t, sub) {
  const path = join(SHARED, sub);
  if (existsSync(path)) return path;
  const missing = `${path} is not here (it comes with the shared folder beside the repository)`;
  if (!['', 'false', '0'].includes(process.env.CI ?? '')) throw new Error(`${t.name}: ${missing}, and CI must run every test that reads it`);
  console.log(`SKIPPED ${t.name}: ${missing}`);
  t.skip(missing);
  return null;
}

/** A new page in a fresh context (empty storage), with the app loaded. */
/**
 * In the page: `rangeText(r)` (undefined without a range) and `rangeRect(r)`
 * for a painted highlight's range. The app paints with StaticRanges (live Ranges slow every DOM
 * change), which have neither `toString` nor client rects. `highlightShown(name)`: whether the
 * registered highlight `name` holds a range and the text there is painted for it (its
 * `::highlight()` style gives a background or a line), as a reader would see it.
 */
function rangeHelpers() {
  const live = (r) => {
    const range = document.createRange();
    range.setStart(r.startContainer, r.startOffset);
    range.setEnd(r.endContainer, r.endOffset);
    return range;
  };
  globalThis.rangeText = (r) => (r ? live(r).toString() : undefined);
  globalThis.rangeRect = (r) => live(r).getBoundingClientRect();
  globalThis.highlightShown = (name) => {
    const first = [...(CSS.highlights.get(name) ?? [])][0];
    if (!first) return false;
    const node = first.startContainer;
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    const style = getComputedStyle(element, `::highlight(${name})`);
    return style.backgroundColor !== 'rgba(0, 0, 0, 0)' || style.textDecorationLine !== 'none';
  };
}

export async function openApp(app, { beforeStart, viewport = { width: 1280, height: 860 } } = {}) {
  const context = await app.browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  await page.addInitScript(rangeHelpers);
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

/** The pages watched during the running test (each test file runs in its own process, one test at a time). */
const watched = new Set();

/**
 * Records every uncaught page error and console error of `page` in
 * `page.errors` (as `pageerror: …` and `console: …`); after each test, any
 * of them not allowed by `allowErrors` fails the test, printing them all.
 * Pages of `useApp`'s browser, `launchPersistent` and `openFromDisk` are
 * watched without asking; calling it again on a page changes nothing.
 */
export function watchErrors(page) {
  if (watched.has(page)) return;
  watched.add(page);
  watchPolicy(page);
  page.errors ??= [];
  page.allowedErrors ??= [];
  // Where each error came from (by its index in `page.errors`), for the failure's text.
  page.errorPlaces ??= new Map();
  page.on('pageerror', (e) => {
    page.errors.push(`pageerror: ${e.message}`);
    page.errorPlaces.set(page.errors.length - 1, e.stack ? `\n    ${e.stack.split('\n').slice(1, 4).join('\n    ')}` : '');
  });
  page.on('console', (m) => {
    if (m.type() === 'error') {
      const { url, lineNumber } = m.location();
      page.errors.push(`console: ${m.text()}`);
      page.errorPlaces.set(page.errors.length - 1, url ? ` (at ${url}:${lineNumber})` : '');
    }
  });
}

/**
 * Lets errors of `page` matching `pattern` pass the after-test check: only
 * for a test that provokes an error on purpose, which the browser or the
 * app then logs. Say at the call why the error is expected.
 */
export function allowErrors(page, pattern) {
  watchErrors(page);
  page.allowedErrors.push(pattern);
}

/** The errors of the pages watched in this test that nothing allows, as lines. */
function unexpectedErrors() {
  const lines = [];
  for (const page of watched) {
    page.errors.forEach((error, i) => {
      if (!page.allowedErrors.some((pattern) => pattern.test(error))) lines.push(`${error}${page.errorPlaces.get(i) ?? ''}`);
    });
  }
  return lines;
}

afterEach(() => {
  const lines = unexpectedErrors();
  watched.clear();
  if (lines.length) {
    // Printed as well as thrown: when the test has failed on its own, the
    // runner reports that failure and not this hook's.
    console.log(`page errors:\n  ${lines.join('\n  ')}`);
    throw new Error(`the page logged ${lines.length} error(s) during the test:\n  ${lines.join('\n  ')}`);
  }
});

/**
 * Waits until the page has handled everything that came before: two
 * animation frames (what the last input changed is rendered and painted),
 * then an idle callback (no task is waiting, the app's own idle work queued
 * before it included). A check that nothing happened after an input runs
 * after this, so that it proves the app saw the input and did nothing.
 */
export async function settled(page) {
  await page.evaluate(() => new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error('the page was never idle within 10 s')), 10_000);
    requestAnimationFrame(() => requestAnimationFrame(() => requestIdleCallback(() => {
      clearTimeout(timer);
      done();
    })));
  }));
}

/**
 * Presses Tab (Shift+Tab with `back`) from wherever the focus is until
 * `locator` has it, as a keyboard user reaches a control; fails naming
 * where the focus went if it never gets there in `max` presses.
 */
export async function tabTo(page, locator, { back = false, max = 200 } = {}) {
  await locator.waitFor({ state: 'attached' });
  const trail = [];
  for (let i = 0; i <= max; i++) {
    if (await locator.evaluate((e) => e === document.activeElement, null, { timeout: 2000 })) return;
    if (i === max) break;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    trail.push(await page.evaluate(() => {
      const e = document.activeElement;
      return `${e?.tagName.toLowerCase()}${e?.getAttribute('aria-label') ? `[${e.getAttribute('aria-label')}]` : ''} ${(e?.textContent ?? '').trim().slice(0, 30)}`;
    }));
  }
  throw new Error(`${back ? 'Shift+Tab' : 'Tab'} never reached ${locator}; the focus went to:\n  ${trail.slice(-20).join('\n  ')}`);
}

export async function waitForDocument(page) {
  await page.locator('article[aria-label="Document"] p').first().waitFor();
  await page.waitForFunction(() => document.querySelector('[data-highlighter]'));
}

export const documentRegion = (page) => page.locator('article[aria-label="Document"]');
export const annotationItems = (page) => page.getByRole('grid', { name: 'Annotations' }).getByRole('row');
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
  return page.evaluate(async ({ needle, nth, offset, side }) => {
    // A smooth scroll (revealing an annotation) may still be running, or
    // not yet started (Chromium starts it a frame or two after the call):
    // wait until the scroll position has held for five frames, or the point
    // is where the text was a frame ago.
    const scroller = document.querySelector('.document-scroll') ?? document.scrollingElement;
    for (let last = NaN, still = 0, frames = 0; frames < 240 && still < 5; frames++) {
      still = scroller.scrollTop === last ? still + 1 : 0;
      last = scroller.scrollTop;
      await new Promise((done) => requestAnimationFrame(done));
    }
    const root = document.querySelector('article[aria-label="Document"]');
    let seen = 0;
    // A long line is shown in pieces, a text node each: the text node
    // holding a UTF-16 offset of a line, and the offset in it.
    const locate = (p, unit) => {
      let node = p.firstChild;
      while (node.nextSibling && unit >= node.length) {
        unit -= node.length;
        node = node.nextSibling;
      }
      return [node, unit];
    };
    for (const p of root.querySelectorAll('p')) {
      if (!p.firstChild) continue;
      const data = p.textContent;
      let from = 0;
      for (;;) {
        const at = data.indexOf(needle, from);
        if (at < 0) break;
        if (seen++ === nth) {
          // In view within the document's scroller, not only the window:
          // a line scrolled under the toolbar is within the window too.
          const box = p.getBoundingClientRect();
          const view = scroller.getBoundingClientRect();
          if (box.top < Math.max(0, view.top) || box.bottom > Math.min(innerHeight, view.bottom)) p.scrollIntoView({ block: 'center' });
          const range = document.createRange();
          const [node, unit] = locate(p, at + offset);
          range.setStart(node, unit);
          range.setEnd(node, unit + 1);
          let rect = range.getClientRects()[0];
          // A line taller than the view (one paragraph of 1 MB) is centred
          // above: bring the needle itself into view.
          if (rect.top < 0 || rect.bottom > innerHeight) {
            scroller.scrollBy(0, rect.top - innerHeight / 2);
            rect = range.getClientRects()[0];
          }
          // Lines scrolled into view are laid out in the next frame (the
          // browser skips groups of lines out of view), and a group whose
          // real height differs from the one assumed moves what follows it
          // or, at the end of the document, the scroll position: wait
          // until the needle stays where it is.
          for (let frames = 0; frames < 30; frames++) {
            await new Promise((done) => requestAnimationFrame(done));
            await new Promise((done) => requestAnimationFrame(done));
            const now = range.getClientRects()[0];
            if (now.top === rect.top && now.left === rect.left) break;
            rect = now;
          }
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

/** Exports JSON, checks each quote against the text, and returns the file parsed. */
export async function exportJson(page) {
  // Clicking the button takes the focus: give it back, so that the test's
  // next keys go where they went before.
  const focused = await page.evaluateHandle(() => document.activeElement);
  // Chromium drops a download that follows another too closely (its
  // multiple-download protection: about every other one, back to back), so
  // a dropped export is clicked again once.
  const button = page.getByRole('button', { name: 'Export JSON', exact: true });
  const downloaded = await Promise.all([page.waitForEvent('download', { timeout: 5000 }), button.click()])
    .then(([d]) => d)
    .catch(() => Promise.all([page.waitForEvent('download'), button.click()]).then(([d]) => d));
  const text = await readFile(await downloaded.path(), 'utf8');
  await focused.evaluate((e) => e?.focus?.());
  await focused.dispose();
  const file = JSON.parse(text);
  for (const a of file.annotations) {
    for (const f of a.fragments) {
      if (codePoints(file.document.text, f.start, f.end) !== f.quote) throw new Error(`quote of ${a.id} does not match`);
    }
  }
  return file;
}

/** Drags over `text` (the `nth` occurrence) and presses `key` to tag it. */
export async function tagText(page, text, key, { nth = 0 } = {}) {
  const before = await annotationItems(page).count();
  await dragSelect(page, text, text, { nth });
  await page.keyboard.press(key);
  await page.waitForFunction((n) => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length > n, before);
}

/** The annotations of an exported file as [label, quote(s)] pairs. */
export const labelled = (file) => file.annotations.map((a) => [a.label, a.fragments.map((f) => f.quote).join('|')]);

/** Waits until the list shows `n` annotations. */
export async function listed(page, n) {
  await page.waitForFunction((n) => document.querySelectorAll('[role=grid][aria-label="Annotations"] [role=row]').length === n, n);
}

/** Clicks the middle of a character of `needle` in the document. */
export async function clickText(page, needle, { nth = 0, offset = 1 } = {}) {
  const point = await pointOf(page, needle, { nth, offset });
  await page.mouse.click(point.x, point.y);
}

/**
 * Writes an IndexedDB fixture (as scripts/capture-storage-fixture.mjs dumps
 * it: databases, their version, stores with key paths, indexes and records)
 * into the origin of `url`, from a page of that origin that is not the app,
 * so that the app then opens a database written by an earlier version.
 */
export async function loadDatabaseFixture(page, url, fixture) {
  // A blank page of the app's origin (with an icon, so no request fails).
  const loader = new URL('/__fixture-loader__', url).href;
  await page.route(loader, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><link rel="icon" href="data:,"><title>fixture</title>' }));
  await page.goto(loader);
  await page.unroute(loader);
  await page.evaluate(async (databases) => {
    const request = (r) => new Promise((done, fail) => { r.onsuccess = () => done(r.result); r.onerror = () => fail(r.error); });
    for (const { name, version, stores } of databases) {
      const open = indexedDB.open(name, version);
      open.onupgradeneeded = () => {
        for (const s of stores) {
          const store = open.result.createObjectStore(s.name, { keyPath: s.keyPath, autoIncrement: s.autoIncrement });
          for (const i of s.indexes) store.createIndex(i.name, i.keyPath, { unique: i.unique, multiEntry: i.multiEntry });
        }
      };
      const db = await request(open);
      const tx = db.transaction(stores.map((s) => s.name), 'readwrite');
      for (const s of stores) for (const record of s.records) tx.objectStore(s.name).put(record);
      await new Promise((done, fail) => { tx.oncomplete = done; tx.onabort = () => fail(tx.error); });
      db.close();
    }
  }, fixture.databases);
}

/** Every database of the page's origin: version, and each store's key path, indexes and records. */
export async function dumpDatabases(page) {
  return page.evaluate(async () => {
    const request = (r) => new Promise((done, fail) => { r.onsuccess = () => done(r.result); r.onerror = () => fail(r.error); });
    const databases = [];
    for (const { name } of await indexedDB.databases()) {
      const db = await request(indexedDB.open(name));
      const stores = {};
      for (const storeName of db.objectStoreNames) {
        const store = db.transaction(storeName, 'readonly').objectStore(storeName);
        stores[storeName] = { keyPath: store.keyPath, indexes: [...store.indexNames], records: await request(store.getAll()) };
      }
      databases.push({ name, version: db.version, stores });
      db.close();
    }
    return databases;
  });
}

/**
 * Waits until a settings record whose key starts with `prefix` (and whose
 * value holds `includes`) is stored, in any of the page's databases: what
 * the app writes to the settings store after the state changes.
 */
export async function waitForSetting(page, prefix, includes = '') {
  await page.waitForFunction(async ([prefix, includes]) => {
    const request = (r) => new Promise((done, fail) => { r.onsuccess = () => done(r.result); r.onerror = () => fail(r.error); });
    for (const { name } of await indexedDB.databases()) {
      const db = await request(indexedDB.open(name));
      const found = db.objectStoreNames.contains('settings')
        && (await request(db.transaction('settings', 'readonly').objectStore('settings').getAll()))
          .some((r) => String(r.key).startsWith(prefix) && String(r.value).includes(includes));
      db.close();
      if (found) return true;
    }
    return false;
  }, [prefix, includes], { polling: 200 });
}

/**
 * A persistent profile's browser ([`launchPersistent`]) with a page of the
 * test's size that fails on errors: `{ chromium, page }`.
 */
export async function persistentPage(userDataDir) {
  const chromium = await launchPersistent(userDataDir);
  const page = await chromium.context.newPage();
  await page.setViewportSize({ width: 1280, height: 860 });
  watchErrors(page);
  return { chromium, page };
}

/**
 * Starts Chromium itself on a persistent profile (so that the test can kill
 * it as a crash would) and connects to it over the DevTools protocol.
 * `kill()` sends SIGKILL to the browser and every process it started.
 */
export async function launchPersistent(userDataDir) {
  const child = spawn(CHROMIUM, [
    ...CHROMIUM_ARGS, '--headless', `--user-data-dir=${userDataDir}`, '--remote-debugging-port=0',
    '--no-default-browser-check', '--password-store=basic', 'about:blank',
  ], { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise((done) => child.on('exit', done));
  const endpoint = await new Promise((done, fail) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`Chromium did not start:\n${output}`)), 30_000);
    child.stderr.on('data', (chunk) => {
      output += chunk;
      const match = output.match(/DevTools listening on (ws:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        done(match[1]);
      }
    });
    exited.then(() => fail(new Error(`Chromium exited:\n${output}`)));
  });
  child.stderr.resume();
  const browser = await chromium.connectOverCDP(endpoint);
  const context = watchContext(browser.contexts()[0]);
  const signal = (name) => {
    try { process.kill(-child.pid, name); } catch { /* already gone */ }
    return exited;
  };
  return {
    browser,
    context,
    pid: child.pid,
    /** A crash: SIGKILL to the whole process group, at once. */
    kill: () => signal('SIGKILL'),
    /** A normal exit. */
    close: async () => { await browser.close().catch(() => {}); await signal('SIGTERM'); },
  };
}

/** Opens `dist/scholia.html` from disk (file://) in a fresh browser, the
 *  document shown. `offDisk()` lists the requests that went anywhere but the
 *  file itself (and its blob: and data: URLs). Close `browser` when done. */
export async function openFromDisk() {
  const browser = watchBrowser(await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }));
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(join(DIST, 'scholia.html')).href);
  await waitForDocument(page);
  const offDisk = () => requests.filter((url) => !/^(file|blob|data):/.test(url));
  return { browser, page, offDisk };
}

// Content-Security-Policy violations. The pages run under their policy as
// shipped (server.mjs sends it, scholia.html carries it); each page a test
// watches reports every violation, and a test that caused one fails, unless
// it takes them itself (`takeViolations`) to check the ones it expects.
const violations = [];

afterEach(() => {
  const found = violations.splice(0);
  if (found.length) throw new Error(`Content-Security-Policy violations:\n${found.join('\n')}`);
});

/** The violations seen since the test began (or the last call), as
 *  `directive: blocked URI or "inline"` lines; they no longer fail the test. */
export function takeViolations() {
  return violations.splice(0);
}

/** Reports `page`'s policy violations (called by watchErrors). */
export function watchPolicy(page) {
  // Reported on the console, not through a binding: Playwright's bindings
  // did not install on pages of a persistent context under the policy.
  const tag = 'scholia-policy-violation: ';
  page.on('console', (m) => {
    if (m.type() === 'debug' && m.text().startsWith(tag)) violations.push(m.text().slice(tag.length));
  });
  page.addInitScript((tag) => {
    addEventListener('securitypolicyviolation', (e) => {
      console.debug(`${tag}${e.effectiveDirective}: ${e.blockedURI || 'inline'}`);
    });
  }, tag).catch(() => {});
}

/**
 * Records every request `page` makes beyond the local server `app` serves
 * (the app must make none: it works offline) in `elsewhere`, filled as they
 * come, and returns it.
 */
export function requestsElsewhere(page, app, elsewhere = []) {
  const origin = new URL(app.url).origin;
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:')) elsewhere.push(url);
  });
  return elsewhere;
}

/** Waits until the Suggestions section lists `n` suggestions. */
export const suggested = (page, n) => page.waitForFunction(
  (n) => document.querySelectorAll('.suggestion-list li').length === n, n);
