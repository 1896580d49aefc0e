// Trunk's post-build hook (see Trunk.toml): runs in the staging folder of
// every build (TRUNK_STAGING_DIR), offline, with nothing but node.
//
// 0. A release build's module is split in two, the code a first visit runs
//    and the rest, loaded once the page is idle (scripts/split.mjs).
//    Then both pages get their Content-Security-Policy in a <meta> tag,
//    with the hashes of their inline scripts and styles (docs/security.md
//    says what each directive allows and why). index.html's is written
//    before sw.js, whose cache name hashes every file.
// 1. sw.js, the service worker: Trunk hashes file names, so the list of
//    files to keep for offline use is only known now. The cache is named
//    after a hash of every file, so each build replaces the last one.
//    Debug builds (trunk serve) get a worker that removes itself, so that
//    development never sees a stale cached build.
// 2. scholia.html, the whole app in one file for opening from disk
//    (file://, where browsers refuse to load modules and wasm): the CSS
//    inlined, the JS glue imported from a Blob URL, the wasm embedded in
//    base64 and handed to the glue's init; the formats' worker likewise,
//    started from a Blob URL.
//
//   node scripts/post-build.mjs [staging dir]   (defaults to $TRUNK_STAGING_DIR, then dist/)
import { createHash } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

import { appFiles, splitApp } from './split.mjs';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist';
const release = (process.env.TRUNK_PROFILE ?? 'release') === 'release';
const SERVICE_WORKER = 'sw.js';
const SINGLE_FILE = 'scholia.html';

async function filesUnder(folder) {
  const found = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...await filesUnder(path));
    else if ((await stat(path)).isFile()) found.push(path);
  }
  return found;
}

// 0. The policies. One Trusted Types policy, named in www/boot.js.
const TRUSTED_TYPES_POLICY = 'scholia';
const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const inline = (html, tag) => [...html.matchAll(new RegExp(`<${tag}\\b([^>]*)>([\\s\\S]*?)</${tag}>`, 'g'))]
  .filter(([, attributes]) => !/\bsrc=/.test(attributes))
  .map(([, attributes, body]) => ({ attributes, body }));

/**
 * The policy of a page whose inline scripts and styles are `scripts` and
 * `styles`: `served` for index.html (files from its own origin), else the
 * single file (nothing but itself, the blob: URLs it makes and its icon).
 */
function policyOf({ scripts, styles, served }) {
  const own = served ? ["'self'"] : [];
  const directives = [
    ['default-src', "'none'"],
    ['script-src', ...own, ...(served ? [] : ['blob:']), "'wasm-unsafe-eval'", ...scripts.map(sha256)],
    // Style elements and sheets: the app's own only. Style attributes
    // (positions and colours Yew writes) are allowed inline; `style-src`
    // says the same for browsers that know neither of the two above it.
    ['style-src-elem', ...own, ...styles.map(sha256)],
    ['style-src-attr', "'unsafe-inline'"],
    ['style-src', ...own, "'unsafe-inline'"],
    ['img-src', served ? "'self'" : 'data:'],
    ...(served ? [['font-src', "'self'"], ['manifest-src', "'self'"], ['connect-src', "'self'"]] : []),
    ['worker-src', served ? "'self'" : 'blob:'],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['require-trusted-types-for', "'script'"],
    ['trusted-types', TRUSTED_TYPES_POLICY],
  ];
  return directives.map(([name, ...values]) => `${name} ${values.length ? values.join(' ') : "'none'"}`).join('; ');
}

/** `html` with its policy in a <meta> tag, first in the head (a policy
 *  covers only what comes after it). */
function withPolicy(html, served) {
  const bare = html.replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
  const scripts = inline(bare, 'script').map((s) => s.body);
  const styles = inline(bare, 'style').map((s) => s.body);
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policyOf({ scripts, styles, served })}">`;
  // (Trunk's release build minifies the page: `<meta charset=utf-8>`.)
  const charset = /<meta charset="?utf-8"?>/i;
  if (!charset.test(bare)) throw new Error('post-build: the page has no <meta charset="utf-8"> to put its policy after');
  return bare.replace(charset, (tag) => `${tag}\n  ${meta}`);
}

const built = await readFile(join(dir, 'index.html'), 'utf8');
const index = withPolicy(release ? await splitApp(dir, built) : built, true);
await writeFile(join(dir, 'index.html'), index);

// 1. The service worker.
const files = (await filesUnder(dir))
  .map((path) => relative(dir, path).split(sep).join('/'))
  .filter((name) => name !== SERVICE_WORKER && name !== SINGLE_FILE && !name.startsWith('.'))
  .sort();
const hash = createHash('sha256');
for (const name of files) {
  hash.update(name);
  hash.update(await readFile(join(dir, name)));
}
const version = hash.digest('hex').slice(0, 16);
const worker = release ? `// Generated by scripts/post-build.mjs: keeps this build for offline use.
const CACHE = 'scholia-${version}';
const FILES = ${JSON.stringify(['./', ...files], null, 2)};

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(FILES.map((file) => new Request(file, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('scholia-') && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

// This build's files come from the cache; pages of the app get its page.
self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== location.origin) return;
  const cached = request.mode === 'navigate'
    ? caches.match('./', { cacheName: CACHE })
    : caches.match(request, { cacheName: CACHE });
  event.respondWith(cached.then((response) => response ?? fetch(request)));
});
` : `// Generated by scripts/post-build.mjs for a debug build: no offline cache
// while developing; this worker removes any left by a release build.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('scholia-')).map((key) => caches.delete(key))))
      .then(() => self.registration.unregister()),
  );
});
`;
await writeFile(join(dir, SERVICE_WORKER), worker);

// 2. The single file.
// (Quoted as Trunk writes them, or as its minifier rewrites them.)
const { glue: glueName, wasm: wasmName } = appFiles(index);
const cssName = index.match(/<link\b[^>]*\bhref="?\/?([^"\s>]+\.css)"?[^>]*>/)?.[1];
if (!cssName) throw new Error('post-build: index.html does not load its style sheet as expected');
// The formats' worker (crates/scholia-worker), loaded by Trunk's loader
// script: in the single file, the page makes it from a Blob URL holding its
// glue and its wasm (src/web/worker.rs calls window.scholiaWorker).
const WORKER_LOADER = 'scholia-worker_loader.js';
const loader = await readFile(join(dir, WORKER_LOADER), 'utf8');
const workerGlueName = loader.match(/importScripts\("\.\/([^"]+\.js)"\)/)?.[1];
const workerWasmName = loader.match(/wasm_bindgen\("\.\/([^"]+\.wasm)"\)/)?.[1];
if (!workerGlueName || !workerWasmName) {
  throw new Error(`post-build: ${WORKER_LOADER} does not load the worker as expected (glue ${workerGlueName}, wasm ${workerWasmName})`);
}
const workerSource = `${await readFile(join(dir, workerGlueName), 'utf8')}
wasm_bindgen({ module_or_path: Uint8Array.from(atob(${JSON.stringify((await readFile(join(dir, workerWasmName))).toString('base64'))}), (c) => c.charCodeAt(0)) });
`;
const glue = await readFile(join(dir, glueName), 'utf8');
// The deferred code (a release build's), which the page's glue names.
const deferredName = glue.match(/window\.scholiaDeferred\("([^"]+)"/)?.[1];
const deferred = deferredName ? await readFile(join(dir, deferredName)) : null;
const wasm = await readFile(join(dir, wasmName));
const css = await readFile(join(dir, cssName), 'utf8');
const icon = await readFile(join(dir, 'icons', 'icon.svg'));
// Inside <script> and <style>, "</" must not appear as is.
const inScript = (value) => JSON.stringify(value).replaceAll('<', '\\u003c');
// The page's own classic scripts in its head (the bootstrap, the theme), as
// in index.html (not \`trunk serve\`'s reloader, which it adds to the body).
const pageScripts = inline(index.slice(0, index.indexOf('</head>')), 'script')
  .filter(({ attributes }) => !/type="?module"?/.test(attributes))
  .map(({ body }) => `  <script>${body}</script>\n`)
  .join('');
const single = withPolicy(`<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="color-scheme" content="light dark">
  <title>Scholia</title>
  <link rel="icon" href="data:image/svg+xml;base64,${icon.toString('base64')}">
  <!-- Scholia in one file (build ${version}): open it from disk; it needs no server. -->
  <style>${css.replaceAll('</', '<\\/')}</style>
  <script>
    // The formats' worker's own copy, started by www/boot.js from a blob: URL.
    window.scholiaWorkerSource = ${inScript(workerSource)};
  </script>
${pageScripts}  <script type="module">
    const glue = ${inScript(glue)};
    const wasm = Uint8Array.from(atob(${inScript(wasm.toString('base64'))}), (c) => c.charCodeAt(0));
${deferred ? `    window.scholiaDeferredBytes = Uint8Array.from(atob(${inScript(deferred.toString('base64'))}), (c) => c.charCodeAt(0));
` : ''}    const url = URL.createObjectURL(new Blob([glue], { type: 'text/javascript' }));
    const bindings = await import(url);
    URL.revokeObjectURL(url);
    await bindings.default({ module_or_path: wasm });
    window.wasmBindings = bindings;
  </script>
</head>
<body></body>
</html>
`, false);
await writeFile(join(dir, SINGLE_FILE), single);
console.log(`post-build: ${SERVICE_WORKER} (${release ? `${files.length + 1} files, cache scholia-${version}` : 'debug: no cache'}), ${SINGLE_FILE} (${single.length} bytes)`);
