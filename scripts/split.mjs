// The release build's split of the app's module (called by
// scripts/post-build.mjs; crates/scholia-split says how it works).
//
// The page's wasm, as Trunk built it (wasm-opt keeps its function names for
// this, `-g` in www/index.html), is split by crates/scholia-split into
//   - the primary module: every function a first visit runs, listed in
//     www/split-keep.txt (written by `node scripts/split-profile.mjs`), with
//     a stub for each of the others; the page loads it as before;
//   - the deferred module: the other functions' code, which www/boot.js
//     fetches once the app has started and the page is idle, or loads at
//     the first call of one of them.
// Both get file names from their own hashes; the glue gets the deferred
// module's import and a new name too, and index.html the new names and
// integrity hashes. The module before the split and its glue are kept in
// target/split/ for scripts/split-profile.mjs.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const KEEP = 'www/split-keep.txt';
export const WHOLE = 'target/split';

/** The page's glue and wasm as index.html loads them (quoted as Trunk
 *  writes them, or as its minifier rewrites them). */
export function appFiles(html) {
  const glue = html.match(/import init,\s*\*\s*as bindings from\s*['"`]\/?([^'"`]+\.js)['"`]/)?.[1];
  const wasm = html.match(/module_or_path:\s*['"`]\/?([^'"`]+\.wasm)['"`]/)?.[1];
  if (!glue || !wasm) throw new Error(`post-build: index.html does not load the app as expected (glue ${glue}, wasm ${wasm})`);
  return { glue, wasm };
}

const hex = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);
const integrity = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

/** `glue` whose imports give the primary module `s.load` (see www/boot.js). */
function withDeferredImport(glue, deferred) {
  const imports = /function __wbg_get_imports\(\)\s*\{/;
  if (!imports.test(glue) || !/\bwasm\s*=\s*\w+\.exports\b/.test(glue)) {
    throw new Error('post-build: the JS glue has no __wbg_get_imports() or no `wasm` exports to give the deferred module');
  }
  return glue.replace(imports, `function __wbg_get_imports(){const imports=__wbg_get_imports_of_bindgen();`
    + `imports.s={load:window.scholiaDeferred(${JSON.stringify(deferred)},()=>wasm)};return imports}`
    + 'function __wbg_get_imports_of_bindgen(){');
}

/** `html` with `from` renamed `to`, and the integrity of the <link> to it that of `bytes`. */
function renamed(html, from, to, bytes) {
  return html.replaceAll(from, to).replace(
    new RegExp(`<link\\b[^>]*\\bhref="?/?${to.replaceAll('.', '\\.')}"?[^>]*>`, 'g'),
    (link) => link.replace(/\bintegrity=("[^"]*"|[^\s>]*)/, `integrity="${integrity(bytes)}"`),
  );
}

/** Splits the app in `dir` (a Trunk staging folder) and returns `html`
 *  (its index.html) loading the split app. */
export async function splitApp(dir, html) {
  const files = appFiles(html);
  await mkdir(WHOLE, { recursive: true });
  await copyFile(join(dir, files.wasm), join(WHOLE, 'whole.wasm'));
  await copyFile(join(dir, files.glue), join(WHOLE, 'whole.js'));
  const primaryPath = join(WHOLE, 'primary.wasm');
  const deferredPath = join(WHOLE, 'deferred.wasm');
  const said = execFileSync('cargo', ['run', '--quiet', '--release', '--locked', '-p', 'scholia-split', '--',
    'split', join(WHOLE, 'whole.wasm'), '--keep', KEEP, '--primary', primaryPath, '--deferred', deferredPath],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const primary = await readFile(primaryPath);
  const deferred = await readFile(deferredPath);
  const names = { wasm: `scholia-${hex(primary)}_bg.wasm`, deferred: `scholia-${hex(deferred)}_deferred.wasm` };
  const glue = withDeferredImport(await readFile(join(dir, files.glue), 'utf8'), names.deferred);
  names.glue = `scholia-${hex(glue)}.js`;
  await rm(join(dir, files.wasm));
  await rm(join(dir, files.glue));
  await writeFile(join(dir, names.wasm), primary);
  await writeFile(join(dir, names.deferred), deferred);
  await writeFile(join(dir, names.glue), glue);
  console.log(`post-build: split ${said.trim()}`);
  return renamed(renamed(html, files.wasm, names.wasm, primary), files.glue, names.glue, glue);
}
