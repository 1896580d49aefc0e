// A static file server for dist/, bound to 127.0.0.1 only. The tests start
// and stop it themselves (also usable alone: node tests/e2e/server.mjs [port]).
import { createServer } from 'node:http';
import { readdir, readFile, stat } from 'node:fs/promises';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

export const DIST = resolve(fileURLToPath(new URL('../../dist', import.meta.url)));

/** The Content-Security-Policy a built page carries in its <meta> tag
 *  (written by scripts/post-build.mjs). */
export function pagePolicy(html) {
  return html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)?.[1];
}

/**
 * Starts serving `root`; resolves to { url, close() }. Port 0 picks a free
 * one. Each page is sent with the policy it carries as a header too, as a
 * host should send it, so that the tests run under the policy exactly as
 * shipped; `extraPolicy` is a second policy sent beside it (both apply).
 * `unlockedPages` serves pages without a policy too (the benchmark's
 * baselines); otherwise such a page is refused. `compress` ('gzip' or
 * 'br') sends each file compressed when the browser accepts it, as a
 * static host does (the first-visit benchmark; the tests leave it off).
 */
export async function serve(root = DIST, port = 0, { extraPolicy, unlockedPages = false, compress } = {}) {
  const compressed = new Map();
  const squeeze = (file, body) => {
    if (!compressed.has(file)) {
      compressed.set(file, compress === 'br'
        ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
        : gzipSync(body, { level: 9 }));
    }
    return compressed.get(file);
  };
  // Compressed before the first request, as a host's static files are.
  if (compress) {
    for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) {
        const file = join(entry.parentPath ?? entry.path, entry.name);
        squeeze(file, await readFile(file));
      }
    }
  }
  const server = createServer(async (request, response) => {
    try {
      const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
      let file = normalize(join(root, path));
      if (!file.startsWith(root)) throw new Error('outside');
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' };
      if (extname(file) === '.html') {
        const policy = pagePolicy(body.toString('utf8'));
        if (policy) headers['content-security-policy'] = extraPolicy ? [policy, extraPolicy] : policy;
        // The app's pages must carry their policy; only the benchmark's
        // baseline pages (served with `unlockedPages`) carry none.
        else if (!unlockedPages) throw new Error(`${file} carries no Content-Security-Policy`);
      }
      const accepted = String(request.headers['accept-encoding'] ?? '').split(/\s*,\s*/).map((e) => e.split(';')[0]);
      if (compress && accepted.includes(compress) && !/\.png$/.test(file)) {
        headers['content-encoding'] = compress;
        headers.vary = 'accept-encoding';
        response.writeHead(200, headers);
        response.end(squeeze(file, body));
        return;
      }
      response.writeHead(200, headers);
      response.end(body);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
    }
  });
  await new Promise((done) => server.listen(port, '127.0.0.1', done));
  const { port: bound } = server.address();
  return {
    url: `http://127.0.0.1:${bound}/`,
    close: () => new Promise((done) => { server.closeAllConnections?.(); server.close(done); }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await serve(DIST, Number(process.argv[2] ?? 8080));
  console.log(`serving ${DIST} on ${url}`);
}
