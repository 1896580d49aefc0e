// Scholia's bootstrap: runs before the wasm module starts (Trunk inlines it
// into index.html; scripts/post-build.mjs copies it into scholia.html and
// puts its hash in the pages' Content-Security-Policy; docs/security.md).
//
// 1. The one Trusted Types policy, "scholia". The pages require Trusted
//    Types for scripts, so a script URL is accepted only through this
//    policy, which admits the app's own worker and service worker (files
//    beside the page) and blob: URLs made here. It is never handed out:
//    the page gets `scholiaWorker()`, which starts the formats' worker.
// 2. The service worker's registration (served app only).
// 3. When the wasm module itself fails (a panic, which the release build
//    turns into a trap, or any other trap), the page would be dead: a
//    banner says what happened, that the work is saved up to the last "All
//    changes saved", and offers Reload and an export of the open document
//    as stored in IndexedDB, made here without the module (docs/storage.md
//    for the records).
// 4. The deferred part of the app's code (scripts/split.mjs): fetched once
//    the app has started, or loaded when a feature first needs it.
(() => {
  'use strict';
  const POLICY = 'scholia';
  const WORKER = 'scholia-worker_loader.js';
  const SERVICE_WORKER = 'sw.js';
  const madeHere = new Set();

  const ownFile = (url) => {
    const resolved = new URL(url, document.baseURI);
    return resolved.origin === location.origin
      && [WORKER, SERVICE_WORKER].some((name) => resolved.href === new URL(name, document.baseURI).href);
  };
  const admit = (url) => {
    if (madeHere.has(url) || ownFile(url)) return url;
    throw new TypeError(`Scholia's policy refuses the script URL ${url}`);
  };
  // Browsers without Trusted Types take plain strings; the check still runs.
  const policy = window.trustedTypes?.createPolicy(POLICY, { createScriptURL: admit }) ?? { createScriptURL: admit };

  // The formats' worker (src/web/worker.rs calls this): in the single file,
  // from the copy of it that the page carries (scholiaWorkerSource), else
  // from its script beside the page.
  let workerUrl;
  window.scholiaWorker = () => {
    if (typeof window.scholiaWorkerSource === 'string') {
      if (!workerUrl) {
        workerUrl = URL.createObjectURL(new Blob([window.scholiaWorkerSource], { type: 'text/javascript' }));
        madeHere.add(workerUrl);
      }
      return new Worker(policy.createScriptURL(workerUrl));
    }
    return new Worker(policy.createScriptURL(WORKER));
  };

  if ('serviceWorker' in navigator && location.protocol.startsWith('http')) {
    addEventListener('load', () => {
      navigator.serviceWorker.register(policy.createScriptURL(SERVICE_WORKER)).catch(() => {});
    });
  }

  // 3. The module's failures. The panic hook (src/web/crash.rs) hands over
  // its message just before the trap.
  let panicMessage = null;
  let shown = false;
  window.scholiaPanicked = (message) => {
    panicMessage = String(message);
  };
  const fatal = (error) => error instanceof WebAssembly.RuntimeError
    || error instanceof WebAssembly.CompileError
    || error instanceof WebAssembly.LinkError;
  const failed = (error) => {
    if (shown || !(fatal(error) || panicMessage !== null)) return;
    shown = true;
    const what = panicMessage ?? `${error?.name ?? 'Error'}: ${error?.message ?? String(error)}`;
    console.error(`Scholia stopped: ${what}`);
    const show = () => showBanner(what);
    if (document.body) show();
    else addEventListener('DOMContentLoaded', show);
  };
  addEventListener('error', (event) => failed(event.error));
  addEventListener('unhandledrejection', (event) => failed(event.reason));

  // 4. The deferred part of the app's code. The release build splits the
  // module (crates/scholia-split, scripts/post-build.mjs): the page starts
  // with the code a first visit runs, and the glue's imports call this with
  // the file holding the rest (its bytes are in scholiaDeferredBytes in the
  // single file) and the primary module's exports. The rest is fetched and
  // compiled as soon as the app has started; a function of it called before
  // then loads it at once (the returned `load`, which the
  // module imports). Instantiating it fills the primary module's table of
  // deferred functions, so a second instance changes nothing.
  window.scholiaDeferred = (file, primary) => {
    let compiled = null;
    let linked = false;
    const link = (module) => {
      if (!linked) new WebAssembly.Instance(module, { p: primary() });
      linked = true;
    };
    const bytesNow = () => {
      if (window.scholiaDeferredBytes) return window.scholiaDeferredBytes;
      const request = new XMLHttpRequest();
      request.open('GET', file, false);
      request.overrideMimeType('text/plain; charset=x-user-defined');
      request.send();
      if (request.status !== 200) throw new Error(`${file} answered ${request.status}`);
      return Uint8Array.from(request.responseText, (c) => c.charCodeAt(0) & 0xff);
    };
    const prefetch = async () => {
      try {
        const bytes = window.scholiaDeferredBytes ?? await fetch(file).then((response) => {
          if (!response.ok) throw new Error(`${file} answered ${response.status}`);
          return response.arrayBuffer();
        });
        compiled ??= await WebAssembly.compile(bytes);
        if (!linked) await WebAssembly.instantiate(compiled, { p: primary() });
        linked = true;
      } catch (error) {
        // Not fatal: the first call of a deferred function tries again.
        console.warn(`Scholia will load ${file} when it is needed: ${error?.message ?? error}`);
      }
    };
    // At once: the page's own downloads are done by then, and offline the
    // service worker answers the fetch (not a synchronous request: Chromium
    // sends those past it), so the sooner it is in, the better.
    if (window.scholiaDeferredBytes) setTimeout(prefetch);
    else addEventListener('TrunkApplicationStarted', prefetch, { once: true });
    return () => {
      if (linked) return;
      try {
        compiled ??= new WebAssembly.Module(bytesNow());
        link(compiled);
      } catch (error) {
        // Without it the module cannot go on: stop as on a panic.
        panicMessage = `part of Scholia's code (${file}) could not be loaded: ${String(error?.message ?? error).replace(/\.$/, '')}`;
        throw new WebAssembly.RuntimeError(panicMessage);
      }
    };
  };

  const element = (tag, attributes = {}, ...children) => {
    const made = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, value);
    for (const child of children) made.append(child);
    return made;
  };

  function showBanner(what) {
    const status = element('p', { class: 'crash-status', role: 'status' });
    const reload = element('button', { type: 'button', class: 'primary' }, 'Reload');
    reload.addEventListener('click', () => location.reload());
    const exporter = element('button', { type: 'button' }, 'Export this document');
    exporter.addEventListener('click', () => {
      status.textContent = 'Reading the stored document…';
      exportStored().then(
        (title) => { status.textContent = `Exported “${title}” as it was last saved.`; },
        (error) => { status.textContent = `The export failed: ${error?.message ?? error}`; },
      );
    });
    const banner = element('div', { class: 'banner failed crash-banner', role: 'alert', 'data-banner': 'crashed' },
      element('p', {},
        element('strong', {}, 'Scholia stopped working.'),
        ` An internal error stopped it: ${what}. Your work is saved up to the last “All changes saved”; `
          + 'anything after that is lost. Reload to go on, or export this document as it was saved.'),
      reload, exporter, status);
    const cover = element('div', { class: 'crash-cover' }, banner);
    document.body.append(cover);
    reload.focus();
  }

  // The open document as it is stored, written as a Scholia JSON file
  // (docs/formats.md) and downloaded. Returns its title.
  async function exportStored() {
    const request = (r) => new Promise((done, fail) => {
      r.onsuccess = () => done(r.result);
      r.onerror = () => fail(r.error);
    });
    const open = indexedDB.open('scholia');
    // No library yet: do not create one.
    open.onupgradeneeded = () => open.transaction.abort();
    const db = await request(open).catch(() => { throw new Error('nothing is stored in this browser'); });
    try {
      const stores = ['settings', 'documents', 'texts', 'schemes', 'annotations', 'relations'];
      const tx = db.transaction(stores, 'readonly');
      const current = (await request(tx.objectStore('settings').get('current')))?.value;
      if (!current) throw new Error('no document is open');
      const ofDocument = IDBKeyRange.bound([current], [current, []]);
      const [doc, text, scheme, annotations, relations] = await Promise.all([
        request(tx.objectStore('documents').get(current)),
        request(tx.objectStore('texts').get(current)),
        request(tx.objectStore('schemes').get(current)),
        request(tx.objectStore('annotations').getAll(ofDocument)),
        request(tx.objectStore('relations').getAll(ofDocument)),
      ]);
      if (!doc || !text || !scheme) throw new Error('the open document is not stored yet');
      const file = {
        format: 'scholia',
        version: 1,
        generator: 'Scholia (recovered from storage)',
        document: { id: doc.id, title: doc.title, text: text.text, length: doc.length, sha256: doc.sha256 },
        scheme: scheme.scheme,
        annotations: annotations.map((record) => record.annotation),
        relations: relations.map((record) => record.relation),
      };
      const url = URL.createObjectURL(new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' }));
      const link = element('a', { href: url, download: `${fileStem(doc.title)}.scholia.json` });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      return doc.title;
    } finally {
      db.close();
    }
  }

  // A file name from a title, as the app makes them (scholia-core's
  // title::file_stem, roughly): letters and digits, the rest as hyphens.
  function fileStem(title) {
    const stem = title.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60).replace(/^-+|-+$/g, '');
    return stem || 'document';
  }
})();
