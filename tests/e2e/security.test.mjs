// Locked down by construction (docs/security.md): both builds carry a
// strict Content-Security-Policy that requires Trusted Types, and the whole
// suite runs under it (server.mjs sends it, scholia.html carries it; the
// harness fails a test on any violation). Here: the policy as served is the
// page's own; a string assigned to innerHTML throws; the page cannot reach
// another origin; with workers forbidden, the formats say they cannot run
// and the rest works; and when the wasm module dies, a banner says so,
// exports the stored document without it, and reloads to the work intact.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import {
  allowErrors, annotationItems, dragSelect, exportJson, listed, openFromDisk, saved, takeViolations, useApp, waitForDocument, watchErrors,
} from './harness.mjs';
import { DIST, pagePolicy, serve } from './server.mjs';

const app = useApp();

/** In the page: assigns a string to innerHTML; the error's name, or "assigned". */
const assignHtml = () => {
  try {
    document.body.innerHTML = '<img src=x>';
    return 'assigned';
  } catch (error) {
    return error.name;
  }
};

/** The violations `page` has reported so far, each once (the served page
 *  has the same policy twice, in its header and its <meta>, and both
 *  report). The events are queued tasks: a task later, they are all in. */
async function violationsOf(page) {
  await page.evaluate(() => new Promise((done) => setTimeout(done, 0)));
  return [...new Set(takeViolations())].sort();
}

/** A server on another origin that counts the requests it gets. */
async function otherOrigin() {
  let requests = 0;
  const server = createServer((_request, response) => {
    requests++;
    response.writeHead(200, { 'access-control-allow-origin': '*' });
    response.end('reached');
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    requests: () => requests,
    close: () => new Promise((done) => server.close(done)),
  };
}

test('the served page runs under its own policy: strict, Trusted Types required, no other origin', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 860 } });
  try {
    const tab = await context.newPage();
    watchErrors(tab);
    const response = await tab.goto(app.url);
    await waitForDocument(tab);
    const shipped = pagePolicy(await readFile(join(DIST, 'index.html'), 'utf8'));
    assert.equal(response.headers()['content-security-policy'], shipped, 'the server sends the policy the page carries');
    const directives = Object.fromEntries(shipped.split('; ').map((d) => { const [name, ...values] = d.split(' '); return [name, values]; }));
    assert.deepEqual(directives['default-src'], ["'none'"]);
    assert.deepEqual(directives['script-src'].filter((v) => !v.startsWith("'sha256-")), ["'self'", "'wasm-unsafe-eval'"]);
    assert.deepEqual(directives['connect-src'], ["'self'"]);
    assert.deepEqual(directives['style-src-elem'], ["'self'"]);
    assert.deepEqual(directives['trusted-types'], ['scholia']);
    assert.deepEqual(directives['require-trusted-types-for'], ["'script'"]);
    for (const name of ['object-src', 'base-uri', 'form-action']) assert.deepEqual(directives[name], ["'none'"], name);

    // Trusted Types: a string is refused where HTML would be parsed.
    assert.equal(await tab.evaluate(assignHtml), 'TypeError');
    assert.deepEqual(await violationsOf(tab), ['require-trusted-types-for: trusted-types-sink']);
    // No other policy may be made.
    assert.equal(await tab.evaluate(() => { try { trustedTypes.createPolicy('other', {}); return 'made'; } catch (e) { return e.name; } }), 'TypeError');
    assert.deepEqual(await violationsOf(tab), ['trusted-types: trusted-types-policy']);

    // Another origin is out of reach.
    const other = await otherOrigin();
    try {
      const outcome = await tab.evaluate((url) => fetch(url).then(() => 'reached', (e) => `blocked: ${e.name}`), other.url);
      assert.equal(outcome, 'blocked: TypeError');
      assert.equal(other.requests(), 0);
      assert.deepEqual(await violationsOf(tab), [`connect-src: ${other.url}`]);
    } finally {
      await other.close();
    }
    tab.errors = tab.errors.filter((e) => !/Content Security [Pp]olicy|TrustedHTML|TrustedTypePolicy|Failed to fetch/.test(e));
    assert.deepEqual(tab.errors, []);
  } finally {
    await context.close();
  }
});

test('the single file carries its policy: no server origin, blob: workers only, Trusted Types required', async () => {
  const { browser, page } = await openFromDisk();
  try {
    const policy = pagePolicy(await readFile(join(DIST, 'scholia.html'), 'utf8'));
    assert.match(policy, /^default-src 'none'; /);
    assert.doesNotMatch(policy, /'self'|'unsafe-eval'|connect-src/);
    assert.match(policy, /worker-src blob:; /);
    assert.equal(await page.evaluate(assignHtml), 'TypeError');
    assert.deepEqual(await violationsOf(page), ['require-trusted-types-for: trusted-types-sink']);
    // The worker's own copy starts through the policy; any other blob: is refused.
    assert.equal(await page.evaluate(() => {
      const url = URL.createObjectURL(new Blob(['postMessage(1)'], { type: 'text/javascript' }));
      try { new Worker(url); return 'started'; } catch (e) { return e.name; }
    }), 'TypeError');
    assert.deepEqual(await violationsOf(page), ['require-trusted-types-for: trusted-types-sink']);
    page.errors = page.errors.filter((e) => !/TrustedHTML|TrustedScriptURL|Trusted Type/.test(e));
    assert.deepEqual(page.errors, []);
  } finally {
    await browser.close();
  }
});

test('with workers forbidden, the formats say they cannot run and tagging still works', async () => {
  const server = await serve(DIST, 0, { extraPolicy: "worker-src 'none'" });
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
  try {
    const page = await context.newPage();
    watchErrors(page);
    await page.goto(server.url);
    await waitForDocument(page);
    await page.getByRole('button', { name: 'Export as…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await dialog.getByRole('radio', { name: /^spaCy/ }).check();
    await dialog.getByText(/could not start the part of Scholia that reads and writes files/).waitFor();
    await page.keyboard.press('Escape');
    // Everything else works: tag, save, export JSON (made on the page).
    await dragSelect(page, 'Edi Rama');
    await page.keyboard.press('a');
    await saved(page);
    const file = await exportJson(page);
    assert.ok(file.annotations.some((a) => a.fragments[0].quote === 'Edi Rama'));
    assert.equal(await page.locator('[data-banner="crashed"]').count(), 0, 'no crash banner');
    const seen = await violationsOf(page);
    assert.ok(seen.length > 0 && seen.every((v) => v.startsWith('worker-src: ')), seen.join('\n'));
    page.errors = page.errors.filter((e) => !/Content Security Policy/.test(e));
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
    await server.close();
  }
});

test('a dead module shows a banner that exports the stored document and reloads to the work intact', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
  try {
    const page = await context.newPage();
    watchErrors(page);
    await page.goto(`${app.url}?debug=panic`);
    await waitForDocument(page);
    await dragSelect(page, 'Edi Rama');
    await page.keyboard.press('a');
    await saved(page);
    const before = await exportJson(page);

    // The module panics (release build: a trap). The panic's message and the
    // trap are the errors this test provokes; nothing else may be logged.
    allowErrors(page, /^console: Scholia stopped: panicked at .*the debug panic asked for by \?debug=panic/s);
    allowErrors(page, /^pageerror: unreachable$/);
    await page.evaluate(() => dispatchEvent(new Event('scholia-debug-panic')));
    const banner = page.getByRole('alert').filter({ hasText: 'Scholia stopped working.' });
    await banner.waitFor();
    const text = await banner.innerText();
    assert.match(text, /the debug panic asked for by \?debug=panic/);
    assert.match(text, /Your work is saved up to the last “All changes saved”/);
    if (process.env.SCHOLIA_SCREENSHOT) await page.screenshot({ path: process.env.SCHOLIA_SCREENSHOT });

    // The export reads IndexedDB without the module: the same file as the app's.
    const [download] = await Promise.all([page.waitForEvent('download'), banner.getByRole('button', { name: 'Export this document' }).click()]);
    const recovered = JSON.parse(await readFile(await download.path(), 'utf8'));
    assert.match(download.suggestedFilename(), /\.scholia\.json$/);
    for (const field of ['format', 'version', 'document', 'scheme', 'annotations', 'relations']) {
      assert.deepEqual(recovered[field], before[field], field);
    }
    await banner.getByText(/^Exported “/).waitFor();

    await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: 'Reload' }).click()]);
    await waitForDocument(page);
    await listed(page, 1);
    assert.match(await annotationItems(page).first().innerText(), /Edi Rama/);
    const expected = (e) => /^pageerror: (RuntimeError: )?unreachable$|^console: Scholia stopped: panicked at/.test(e);
    assert.ok(page.errors.some(expected), page.errors.join('\n'));
    assert.deepEqual(page.errors.filter((e) => !expected(e)), []);
  } finally {
    await context.close();
  }
});
