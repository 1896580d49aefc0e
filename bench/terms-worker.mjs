// Term lists in the browser (docs/suggestions.md, "Term lists in the
// app"): the release app's formats worker, started in the app's page as the
// app starts it (window.scholiaWorker(), www/boot.js), asked as
// src/library/terms.rs asks: compile a list of 100,000 terms
// (`compileTerms`), then find its matches over a generated 1 MB document
// (`findTerms`, the list already held, so only the matching runs), several
// times. For each: the wall time from the post to the answer, on the page's
// clock. The terms are made as bench/terms-page.mjs and
// examples/suggest_figures.rs make them. Figures, not a test.
//
//   node bench/terms-worker.mjs [--runs 5] [--dist DIR]
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';

import { CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/harness.mjs';
import { serve } from '../tests/e2e/server.mjs';
import { generate, termList } from './generate.mjs';

const args = process.argv.slice(2);
const at = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const runs = Number(at('--runs', 5));
const dist = at('--dist', undefined) && resolve(at('--dist'));
const N_TERMS = 100_000;

const text = generate({ bytes: 1_000_000, count: 10_000, shape: 'paragraphs' }).document.text;
const { count: termCount, list } = termList(text, N_TERMS);
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim().replace(/.*load average:\s*/, 'load ');
const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];

const server = await serve(dist);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.locator('ul[aria-label="Documents"] li').first().waitFor();
  console.log(`${termCount} terms (${(list.length / 1e6).toFixed(1)} MB) over ${text.length} UTF-16 units [${uptime()}]`);
  const times = await page.evaluate(async ({ list, text, runs }) => {
    const worker = window.scholiaWorker();
    await new Promise((done) => { worker.onmessage = (e) => e.data?.message === 'ready' && done(); });
    const ask = (message, payload) => new Promise((done, fail) => {
      const sent = performance.now();
      worker.onmessage = (e) => {
        const [kind] = Object.keys(e.data.message);
        const { result } = e.data.message[kind];
        if (result.Err !== undefined) fail(new Error(`${kind}: ${result.Err}`));
        done({ ms: performance.now() - sent, result: result.Ok, spans: e.data.spans?.length });
      };
      worker.postMessage({ message, ...payload });
    });
    const spec = { id: 'bench', name: 'terms.tsv', label: 'actor' };
    const compiled = await ask({ kind: 'compileTerms', job: 1, list: spec }, { contents: [list] });
    const finds = [];
    for (let i = 0; i < runs; i++) {
      finds.push(await ask({ kind: 'findTerms', job: 2 + i, lists: [spec] }, { contents: [list], text }));
    }
    worker.terminate();
    return { compiled, finds };
  }, { list, text, runs });
  console.log(`compile: ${Math.round(times.compiled.ms)} ms (${times.compiled.result.entries} entries)`);
  const finds = times.finds.map((f) => f.ms);
  console.log(`find over the text, the list held (${runs} runs): median ${Math.round(median(finds))} ms, `
    + `${finds.map(Math.round).join(', ')} ms; ${times.finds[0].result.count} matches [${uptime()}]`);
} finally {
  await browser.close();
  await server.close();
}
