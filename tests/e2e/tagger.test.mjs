// The statistical tagger end to end, as a user: annotate a few documents,
// open a new one and see the tagger's suggestions (source "tagger", a
// confidence each), accept those above a confidence with `:` and take them
// back with one Ctrl+Z; step to the most uncertain one; export the model,
// refuse a model for other labels (naming the file and the field) and
// import the good one; "How good are the suggestions?" shows the figures
// `scholia-cli evaluate --folds` prints for the library's documents,
// exported from the app. No request leaves the local server.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { assertNoViolations, auditBothThemes } from './axe.mjs';
import { annotationItems, exportJson, listed, openApp, requestsElsewhere, saved, suggested, tagText, useApp, waitForDocument } from './harness.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const app = useApp();
let dir;
before(async () => { dir = await mkdtemp(join(tmpdir(), 'scholia-tagger-')); });
after(async () => { await rm(dir, { recursive: true, force: true }); });

/** Runs `scholia-cli` with `args` (built by cargo if it is not yet). */
async function cli(args) {
  return promisify(execFile)('cargo', ['run', '--quiet', '--locked', '-p', 'scholia-cli', '--', ...args], { cwd: ROOT, maxBuffer: 64 << 20 });
}

/** A text whose people are the two words before “said”. */
const story = (title, people, more = '') => `${title}\n${people.map((p) => `Then ${p} said it rained.`).join('\n')}\n${more}`;
const DOCS = [
  ['Rain one', ['Anna Berg', 'Paulo Costa', 'Jan Novak']],
  ['Rain two', ['Maria Lopez', 'Omar Haddad', 'Lena Vogel']],
  ['Rain three', ['Ivan Petrov', 'Sara Cohen', 'Tom Baker']],
];
// With a sentence unlike the others, on which the tagger may be less sure.
const NEW = ['Rain four', ['Eva Klein', 'Hugo Stern', 'Rosa Diaz', 'Karl Moser'], 'Later Nora West went home, and the rain stopped.\n'];

const panel = (page) => page.getByRole('region', { name: 'Suggestions' });
const sources = (page) => page.locator('.suggestion-list li .suggestion-source').allTextContents();
const library = (page) => page.getByRole('navigation', { name: 'Library' });

async function openText(page, [title, people, more]) {
  await library(page).getByLabel('Open files…').setInputFiles([
    { name: `${title}.txt`, mimeType: 'text/plain', buffer: Buffer.from(story(title, people, more)) },
  ]);
  await page.getByRole('heading', { name: title }).waitFor();
  await waitForDocument(page);
}

async function openDocument(page, title) {
  await library(page).getByRole('button', { name: title, exact: true }).click();
  await page.getByRole('heading', { name: title }).waitFor();
  await waitForDocument(page);
}

test('annotate three documents, open a fourth: the tagger suggests, accept above a confidence, undo, export and import the model, its figures equal scholia-cli evaluate', async () => {
  const { page, context } = await openApp(app);
  const elsewhere = requestsElsewhere(page, app);

  for (const doc of DOCS) {
    await openText(page, doc);
    for (const [n, person] of doc[1].entries()) {
      await tagText(page, person, 'a');
      await listed(page, n + 1);
    }
    await saved(page);
  }

  // A new document: the tagger learns from the three and suggests its people.
  await openText(page, NEW);
  await page.locator('.suggestion-list li .suggestion-source', { hasText: 'tagger' }).first().waitFor({ timeout: 30000 });
  await panel(page).getByText(/Model trained on 3 documents/).waitFor();
  await page.waitForFunction(() => document.querySelector('.tagger-status')?.textContent.startsWith('Model'));
  const texts = await page.locator('.suggestion-list li .suggestion-text').allTextContents();
  for (const person of NEW[1]) assert.ok(texts.includes(person), `${person} in ${texts}`);
  assert.ok((await sources(page)).every((s) => s === 'tagger'));
  const confidences = (await page.locator('.suggestion-list li .suggestion-confidence').allTextContents()).map((c) => Number(c.replace('%', '')));
  assert.ok(confidences.every((c) => c > 0 && c <= 100), `${confidences}`);
  if (process.env.TAGGER_SCREENSHOT_LIST) await page.screenshot({ path: process.env.TAGGER_SCREENSHOT_LIST, fullPage: true });

  // Next most uncertain: the suggestion whose confidence is nearest 50%.
  // (Shown rounded: among equals as shown, any may be the nearest.)
  const doubt = Math.min(...confidences.map((c) => Math.abs(c - 50)));
  await panel(page).getByRole('button', { name: 'Next most uncertain' }).click();
  await page.waitForFunction(() => document.querySelector('.suggestion-list li.current') !== null);
  const current = Number((await page.locator('.suggestion-list li.current .suggestion-confidence').textContent()).replace('%', ''));
  assert.ok(Math.abs(Math.abs(current - 50) - doubt) <= 1, `${current} among ${confidences}`);
  assert.deepEqual(await page.evaluate(() => String(getSelection())), await page.locator('.suggestion-list li.current .suggestion-text').textContent());
  // The key " does the same; pressed again, it moves on to another.
  const currentText = () => page.evaluate(() => document.querySelector('.suggestion-list li.current .suggestion-text')?.textContent);
  await page.locator('article[aria-label="Document"]').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('"');
  await page.waitForFunction(() => document.querySelector('.suggestion-list li.current') !== null);
  const first = await currentText();
  await page.keyboard.press('"');
  await page.waitForFunction((t) => document.querySelector('.suggestion-list li.current .suggestion-text')?.textContent !== t, first);
  assert.notEqual(await currentText(), first);

  // Accept those at or above a confidence with `:`, then one Ctrl+Z.
  // Shown rounded, a suggestion shown at t% may be just below t%: the
  // minimum is one no suggestion is shown at, above the lowest if it can be.
  const lowest = Math.min(...confidences);
  const split = confidences.some((c) => c > lowest + 1) && !confidences.includes(lowest + 1);
  const threshold = split ? lowest + 1 : Math.max(0, lowest - 1);
  const above = confidences.filter((c) => c > threshold).length;
  await panel(page).getByLabel('Minimum confidence, percent').fill(String(threshold));
  await panel(page).getByLabel('Minimum confidence, percent').press('Enter');
  await suggested(page, above);
  await page.locator('article[aria-label="Document"]').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Escape');
  await page.keyboard.press(':');
  await listed(page, above);
  await page.keyboard.press('Control+z');
  await listed(page, 0);
  await suggested(page, above);
  assert.equal(await annotationItems(page).count(), 0);

  // Export the model: it carries its labels.
  const [downloaded] = await Promise.all([page.waitForEvent('download'), panel(page).getByRole('button', { name: 'Export model' }).click()]);
  const modelText = await readFile(await downloaded.path(), 'utf8');
  const model = JSON.parse(modelText);
  assert.equal(model.format, 'scholia-tagger');
  assert.deepEqual(model.labels, ['actor']);

  // A model for other labels is refused, naming the file and the field.
  const picker = panel(page).getByLabel('Import model…');
  await picker.setInputFiles({ name: 'people.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...model, labels: ['person'] })) });
  const refusal = page.getByRole('alert').filter({ hasText: 'people.json' });
  await refusal.waitFor();
  assert.match(await refusal.innerText(), /people\.json, field labels: the model proposes person, which this document's scheme lacks/);
  // The good one is read back.
  await picker.setInputFiles({ name: 'teammate.json', mimeType: 'application/json', buffer: Buffer.from(modelText) });
  await panel(page).getByText('Model imported from teammate.json.').waitFor();
  await suggested(page, above);

  // How good are the suggestions? The same figures as the CLI on the
  // library's annotated documents, exported here in the order of their ids.
  await panel(page).getByRole('button', { name: 'Measure the tagger' }).click();
  const table = panel(page).locator('table.tagger-scores');
  await table.waitFor({ timeout: 30000 });
  if (process.env.TAGGER_SCREENSHOT) await panel(page).screenshot({ path: process.env.TAGGER_SCREENSHOT });
  await panel(page).getByText('3-fold cross-validation over 3 annotated documents').waitFor();
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => ({
    label: tr.dataset.label,
    cells: [...tr.querySelectorAll('td')].map((td) => td.textContent),
  })));
  // The learning curve is SVG built as elements, with a text node per label.
  const svg = panel(page).locator('figure.tagger-curve svg');
  await svg.waitFor();
  assert.ok((await svg.locator('rect').count()) > 3);
  assert.match(await svg.textContent(), /all training/);
  // Its figures open under it as a table (read below).
  await panel(page).getByText("The curve's figures").click();
  // The figures and their chart pass the accessibility audit, both themes.
  const found = [];
  await auditBothThemes(page, "the tagger's figures", found);
  assertNoViolations(found);
  const files = [];
  for (const [title] of DOCS) {
    await openDocument(page, title);
    files.push(await exportJson(page));
  }
  files.sort((a, b) => (a.document.id < b.document.id ? -1 : 1));
  const paths = [];
  for (const [i, file] of files.entries()) {
    const path = join(dir, `${i}.scholia.json`);
    await writeFile(path, JSON.stringify(file));
    paths.push(path);
  }
  const { stdout } = await cli(['evaluate', '--folds', '3', '--json', ...paths]);
  const expected = JSON.parse(stdout);
  const pct = (v) => (v == null ? 'n/a' : `${(v * 100).toFixed(1)}%`);
  const row = (s) => [pct(s.precision), pct(s.recall), pct(s.f1), String(s.counts.reference), String(s.counts.compared), String(s.counts.matchedCompared)];
  const want = [
    ...Object.entries(expected.labels).map(([label, s]) => ({ label, cells: row(s) })),
    { label: '', cells: row(expected.micro) },
  ];
  assert.deepEqual(rows, want);
  assert.ok(expected.micro.counts.reference === 9, 'every reference span scored once');
  // The curve's figures, as a table under the chart: its last point, the
  // whole training folds, is the cross-validation, so the CLI's F1s.
  const curve = panel(page).locator('table.tagger-curve-table');
  await curve.waitFor();
  const curveRows = await curve.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  const columns = await curve.locator('thead th[data-label]').evaluateAll((ths) => ths.map((th) => th.dataset.label));
  assert.ok(curveRows.length >= 2, 'a point per training size');
  assert.deepEqual(curveRows.at(-1), ['all training', pct(expected.micro.f1), ...columns.map((l) => pct(expected.labels[l]?.f1))]);
  assert.deepEqual(columns, Object.keys(expected.labels));

  assert.deepEqual(elsewhere, [], 'no request beyond the local server');
  assert.deepEqual(page.errors, []);
  await context.close();
});
