// Writes www/split-keep.txt: the functions of the page's module that a
// first visit runs, which scripts/split.mjs keeps in the primary module
// (the rest is loaded once the page is idle, or at its first call).
//
// It runs the module of the last release build as it was before the split
// (target/split/whole.wasm), instrumented by crates/scholia-split so that
// each function marks itself when it first runs, through what a first
// visit does in headless Chromium: the seed document shown; a word tagged,
// a highlight clicked and deleted, undo and redo, stepping with `]`, a row
// of the annotation list clicked, scrolling, typing in the search box, the
// theme switched; then the import of a document of each shape of the
// benchmark (bench/generate.mjs, 200 KB) and the same edits on it; then a
// returning visit (the page reloaded) and the same edits again.
//
//   trunk build --release --offline && node scripts/split-profile.mjs
//   trunk build --release --offline   # the split with the new list
//
// Names carry rustc's hash suffix (`::h0123…`), which tells apart the
// instances of a generic function; it changes with the compiler and the
// build's settings, and a listed name that no function has any more is
// compared without it (scholia_split::without_hash).
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

import { generate, SHAPES } from '../bench/generate.mjs';
import { SEARCH_BOX, THEME_SELECT } from '../bench/profile.mjs';
import { CHROMIUM, CHROMIUM_ARGS, dragSelect, pointOf, waitForDocument } from '../tests/e2e/harness.mjs';
import { DIST, serve } from '../tests/e2e/server.mjs';
import { appFiles, KEEP, WHOLE } from './split.mjs';

const SEEN = '$seen ';
// Kept whatever a session meets (scholia_split::Keep says what each rule
// means): the bindings to the browser and to IndexedDB, and the drop glue,
// whose paths (an error converted, a closure called back, a value dropped)
// depend on timing that a session does not always meet; and functions too
// small to gain from moving (a stub costs about as much).
const RULES = [
  ...['std', 'wasm_bindgen', 'wasm_bindgen_futures', 'js_sys', 'web_sys', 'serde_wasm_bindgen', 'indexed_db_futures',
    'gloo_events', 'gloo_file', 'gloo_timers', 'gloo_utils', 'futures_channel', 'futures_core', 'futures_util']
    .map((name) => `crate ${name}`),
  'contains drop_in_place', 'contains ::drop_slow', 'smaller-than 64',
];
// The session, run this many times (the functions met in any run are kept).
const RUNS = 2;

const work = await mkdtemp(join(tmpdir(), 'scholia-split-profile-'));
try {
  // A copy of dist/ that loads the whole module, instrumented, and its glue.
  const site = join(work, 'dist');
  await cp(DIST, site, { recursive: true });
  const html = await readFile(join(site, 'index.html'), 'utf8');
  const { glue, wasm } = appFiles(html);
  execFileSync('cargo', ['run', '--quiet', '--release', '--locked', '-p', 'scholia-split', '--',
    'instrument', join(WHOLE, 'whole.wasm'), join(site, wasm)], { stdio: 'inherit' });
  await cp(join(WHOLE, 'whole.js'), join(site, glue));
  await writeFile(join(site, 'index.html'), html.replace(/\s*\bintegrity=("[^"]*"|[^\s>]*)/g, ''));

  const server = await serve(site);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const seen = new Set();
  try {
    for (let run = 0; run < RUNS; run++) {
      for (const name of await session(browser, server.url, work)) seen.add(name);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const names = [...seen].sort();
  await writeFile(KEEP, `# The functions a first visit runs, kept in the
# page's primary module by scripts/split.mjs (scholia_split::Keep says what
# each rule means). Written by \`node scripts/split-profile.mjs\`: run it
# again when the first visit's code changes.
${RULES.join('\n')}
${names.join('\n')}
`);
  console.log(`${KEEP}: ${RULES.length} rules and ${names.length} functions`);
} finally {
  await rm(work, { recursive: true, force: true });
}

/** The names of the functions one session runs, in a fresh context. */
async function session(browser, url, work) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  try {
    const page = await context.newPage();
    page.on('pageerror', (error) => { throw error; });
    await page.addInitScript(() => addEventListener('TrunkApplicationStarted', (event) => { window.scholiaExports = event.detail.wasm; }));
    await page.goto(url);
    await waitForDocument(page);
    await page.locator('[data-save="saved"]').waitFor();
    await edits(page, 'Iranian Embassy', 'combat gear');
    for (const shape of SHAPES) {
      const file = join(work, `${shape}.scholia.json`);
      await writeFile(file, JSON.stringify(generate({ bytes: 200_000, count: 2_000, shape })));
      await page.locator('header input[type=file]').setInputFiles(file);
      await page.locator('[data-save="saved"]').waitFor();
      await page.waitForTimeout(500);
      await edits(page, 'Iranian Embassy', 'combat gear');
    }
    const first = await marked(page);
    // A returning visit: the library as stored, the last document opened.
    await page.reload();
    await waitForDocument(page);
    await page.locator('[data-save="saved"]').waitFor();
    await edits(page, 'Iranian Embassy', 'combat gear');
    return [...first, ...await marked(page)];
  } finally {
    await context.close();
  }
}

/** The names of the functions that have run in `page` (those without a
 *  name, `#` and an index, are always kept). */
async function marked(page) {
  const names = await page.evaluate((prefix) => Object.entries(window.scholiaExports)
    .filter(([key, global]) => key.startsWith(prefix) && global.value === 1)
    .map(([key]) => key.slice(prefix.length)), SEEN);
  return names.filter((name) => !name.startsWith('#'));
}

/** What a first visit does on the open document: `tag` is tagged, `other`
 *  (an annotation) clicked; both on its first lines. */
async function edits(page, tag, other) {
  await page.evaluate(() => { document.querySelector('.document-scroll').scrollTop = 0; });
  await dragSelect(page, tag);
  await page.keyboard.press('1');
  const at = await pointOf(page, other, { offset: 3 });
  await page.mouse.click(at.x, at.y);
  await page.keyboard.press('Delete');
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+y');
  await page.keyboard.press(']');
  const rows = page.locator('[role=grid][aria-label="Annotations"] [role=row]');
  await rows.nth(Math.min(2, await rows.count() - 1)).click();
  await page.mouse.wheel(0, 3000);
  await page.waitForTimeout(300);
  const search = page.locator(SEARCH_BOX);
  await search.click();
  await search.pressSequentially('Tirana', { delay: 50 });
  await page.waitForTimeout(300);
  await search.fill('');
  await page.keyboard.press('Escape');
  for (const theme of ['dark', 'light']) await page.locator(THEME_SELECT).selectOption(theme);
  await page.locator('[data-save="saved"]').waitFor();
}
