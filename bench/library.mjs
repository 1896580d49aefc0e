// A library of thousands of short documents, as a doccano or Label Studio
// project is (one record per sentence or paragraph): imported in one file,
// then documents opened from the list, the whole library searched and the
// list scrolled, on a fresh page of the release app. Prints each step's
// time until painted and the long animation frames (> 50 ms) it caused.
//
//   node bench/library.mjs [--dist DIR] [--documents 5000] [--runs 1] [FILE.jsonl]
//
// Without a file, a doccano JSONL of `--documents` records is written from
// the benchmark's generated lines (bench/generate.mjs, `lines`), with the
// spans of its Actor/Event/Claim annotations on each line; with
// `--conll`, from CoNLL-2002 Spanish's esp.train instead (one record per
// sentence, its entities as spans; read from ../shared/corpora, never kept).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/harness.mjs';
import { serve } from '../tests/e2e/server.mjs';
import { generate } from './generate.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const args = process.argv.slice(2);
const take = (flag, fallback) => {
  const at = args.indexOf(flag);
  return at >= 0 ? args.splice(at, 2)[1] : fallback;
};
const dist = take('--dist');
const documents = Number(take('--documents', '5000'));
const runs = Number(take('--runs', '1'));
const conllAt = args.indexOf('--conll');
const conll = conllAt >= 0 && args.splice(conllAt, 1).length > 0;

/** esp.train's first `n` sentences as doccano records: tokens between spaces, entities as [start, end, type]. */
function conllFile(n) {
  const corpus = process.env.SCHOLIA_CONLL2002 ?? join(ROOT, '../shared/corpora/conll2002-es');
  const records = [];
  let tokens = [];
  let tags = [];
  const flush = () => {
    if (!tokens.length) return;
    let text = '';
    const label = [];
    let open = null;
    tokens.forEach((token, i) => {
      if (i) text += ' ';
      const start = text.length;
      text += token;
      const tag = tags[i];
      if (tag.startsWith('B-') || (tag.startsWith('I-') && !open)) {
        if (open) label.push(open);
        open = [start, text.length, tag.slice(2)];
      } else if (tag.startsWith('I-')) open[1] = text.length;
      else {
        if (open) label.push(open);
        open = null;
      }
    });
    if (open) label.push(open);
    records.push(JSON.stringify({ text, label }));
    tokens = [];
    tags = [];
  };
  for (const line of readFileSync(join(corpus, 'esp.train'), 'latin1').split('\n')) {
    if (records.length >= n) break;
    if (!line.trim()) {
      flush();
      continue;
    }
    const cols = line.trim().split(' ');
    tokens.push(cols[0]);
    tags.push(cols[cols.length - 1]);
  }
  flush();
  const path = join(tmpdir(), `scholia-bench-conll-${records.length}.jsonl`);
  writeFileSync(path, records.join('\n') + '\n');
  return path;
}

/** A doccano JSONL of `n` records: the generated lines, each with its own spans. */
function doccanoFile(n) {
  const file = generate({ bytes: n * 90, count: Math.round(n * 1.5), shape: 'lines' });
  const chars = Array.from(file.document.text);
  const records = [];
  let start = 0;
  const spans = file.annotations.map((a) => a.fragments[0]).sort((a, b) => a.start - b.start);
  const labelOf = new Map(file.annotations.map((a) => [a.fragments[0], a.label]));
  let next = 0;
  for (let i = 0; i <= chars.length && records.length < n; i++) {
    if (i < chars.length && chars[i] !== '\n') continue;
    const line = chars.slice(start, i).join('').replace(/\r$/, '');
    const label = [];
    while (next < spans.length && spans[next].start < i) {
      const s = spans[next++];
      // Offsets in code points, which Scholia's importer reads by default.
      if (s.start >= start && s.end <= start + Array.from(line).length) label.push([s.start - start, s.end - start, labelOf.get(s)]);
    }
    if (line.trim()) records.push(JSON.stringify({ text: line, label }));
    start = i + 1;
  }
  const path = join(ROOT, 'bench/output/data', `doccano-${records.length}.jsonl`);
  mkdirSync(join(ROOT, 'bench/output/data'), { recursive: true });
  writeFileSync(path, records.join('\n') + '\n');
  return path;
}

const file = args[0] ? resolve(args[0]) : conll ? conllFile(documents) : doccanoFile(documents);
console.log(`${file}; load average ${os.loadavg()[0].toFixed(1)}`);
const server = await serve(dist ? resolve(dist) : undefined);
try {
  for (let run = 1; run <= runs; run++) {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
      await page.goto(server.url);
      await page.locator('[data-save="saved"]').waitFor();
      await page.evaluate(() => {
        window.__frames = [];
        new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__frames.push([e.startTime, e.duration]); })
          .observe({ type: 'long-animation-frame' });
      });
      const now = () => page.evaluate(() => performance.now());
      const painted = () => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done(performance.now()))));
      const long = async (from) => {
        const frames = (await page.evaluate(() => window.__frames)).filter(([s]) => s >= from).map(([, d]) => Math.round(d));
        return frames.length ? `${frames.length} (${frames.join(', ')} ms)` : 'none';
      };
      const out = [];
      const t0 = await now();
      await page.locator('header input[type=file]').setInputFiles(file);
      const add = page.getByRole('button', { name: /^Add [\d,]+ documents?$/ });
      await add.waitFor({ timeout: 300000 });
      out.push(`file → import report ${Math.round(await now() - t0)} ms, long frames ${await long(t0)}`);
      const t1 = await now();
      await add.click();
      await page.getByRole('status').filter({ hasText: /^Imported/ }).waitFor({ timeout: 300000 });
      await page.waitForFunction(() => document.querySelector('[data-save]')?.dataset.save === 'saved', null, { timeout: 300000, polling: 100 });
      out.push(`Add → imported and saved ${Math.round(await now() - t1)} ms, long frames ${await long(t1)}`);
      const list = page.locator('ul[aria-label="Documents"] > li');
      out.push(`rows in the page: ${await list.count()}; elements in the page: ${await page.evaluate(() => document.getElementsByTagName('*').length)}`);
      await page.waitForTimeout(1000);
      for (const n of [3, 10, 2, 5]) {
        const row = list.nth(n);
        const title = await row.locator('.library-title').textContent();
        const t = await now();
        await row.locator('.library-open').click();
        await page.waitForFunction((title) => document.querySelector('.library-item.current .library-title')?.textContent === title, title, { polling: 'raf' });
        const shown = await painted();
        await page.waitForTimeout(1500);
        out.push(`open the list's row ${n + 1} → painted ${Math.round(shown - t)} ms, long frames ${await long(t)}`);
      }
      const search = page.getByPlaceholder('Search all documents');
      await search.click();
      const ts = await now();
      await search.pressSequentially('Tirana', { delay: 80 });
      const typed = await now();
      await page.locator('.search-summary').waitFor({ timeout: 120000 });
      out.push(`search all documents: results ${Math.round(await painted() - typed)} ms after the last key (“${await page.locator('.search-summary').textContent()}”), long frames ${await long(ts)}`);
      await search.fill('');
      await list.first().waitFor();
      await page.mouse.move(140, 500);
      const tw = await now();
      for (let k = 0; k < 40; k++) {
        await page.mouse.wheel(0, 600);
        await page.waitForTimeout(30);
      }
      await page.waitForTimeout(300);
      out.push(`scroll the list (40 wheel steps): long frames ${await long(tw)}`);
      const memory = await page.evaluate(() => performance.memory.usedJSHeapSize / 1e6);
      out.push(`JS heap ${memory.toFixed(1)} MB`);
      console.log(`run ${run}:\n${out.map((l) => `  ${l}`).join('\n')}`);
    } finally {
      await browser.close();
    }
  }
} finally {
  await server.close?.();
  // The corpus's text is not kept (research use only).
  if (conll) rmSync(file, { force: true });
}
