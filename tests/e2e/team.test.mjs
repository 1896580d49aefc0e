// The team workflow end to end: three annotators' exports of one document
// (files written here, see team-files.mjs) merged into one view with a layer
// each; the layers and where they agree or disagree; a layer hidden and
// shown again; two disagreements adjudicated with the keyboard; the gold
// layer exported, checked against the schema and against the decisions; a
// file of another text refused, naming it, with the work left as it was;
// editing gold in the text (E), rejecting (R) and accepting every agreement;
// and the agreement report, whose figures must equal `scholia-cli agree
// --json` on the same files and whose charts are SVG elements.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { annotationItems, codePoints, documentRegion, download, exportJson, openApp, settled, tabTo, useApp } from './harness.mjs';
import { assertValidAgainst } from './schema.mjs';
import { EVIL_NAME, annotatorFile, spanOf, writeTeamFiles } from './team-files.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const app = useApp();
let dir;
before(async () => { dir = await mkdtemp(join(tmpdir(), 'scholia-team-')); });
after(async () => { await rm(dir, { recursive: true, force: true }); });

/**
 * Counts every way markup could be parsed into the page (innerHTML,
 * outerHTML, insertAdjacentHTML, createContextualFragment, DOMParser), with
 * the stack of each, from before the app starts.
 */
function watchHtmlParsing() {
  window.htmlParsed = [];
  const note = (what) => window.htmlParsed.push(`${what}\n${new Error().stack}`);
  for (const [proto, name] of [[Element.prototype, 'innerHTML'], [Element.prototype, 'outerHTML'], [ShadowRoot.prototype, 'innerHTML']]) {
    const property = Object.getOwnPropertyDescriptor(proto, name);
    Object.defineProperty(proto, name, {
      ...property,
      set(value) { note(name); property.set.call(this, value); },
    });
  }
  for (const [proto, name] of [[Element.prototype, 'insertAdjacentHTML'], [Range.prototype, 'createContextualFragment'], [DOMParser.prototype, 'parseFromString']]) {
    const original = proto[name];
    proto[name] = function (...args) { note(name); return original.apply(this, args); };
  }
}

/** The app with the seed article, the three annotators' files of it, merged. */
async function merged() {
  const { page, context } = await openApp(app, { beforeStart: watchHtmlParsing });
  // The app's own export of the seed article is each annotator's start.
  const base = await exportJson(page);
  const sub = await mkdtemp(join(dir, 'files-'));
  const paths = await writeTeamFiles(sub, base);
  await page.getByRole('button', { name: 'Merge annotators’ files…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Merge annotators’ files' });
  await dialog.locator('input[type="file"][aria-label="Files to merge"]').setInputFiles(paths);
  const rows = dialog.getByRole('table', { name: 'Files to merge' }).locator('tbody tr');
  await rows.nth(2).waitFor();
  assert.deepEqual(
    await rows.evaluateAll((trs) => trs.map((tr) => [tr.cells[0].textContent, tr.querySelector('input').value, tr.cells[2].textContent, tr.cells[3].textContent])),
    [['alice.scholia.json', 'alice', '5', 'reference'], ['bob.json', 'bob', '5', 'same text'], ['carol.json', 'carol', '6', 'same text']],
    'each file with its annotator (bob’s from the file name: his layer is the default one), its count, and its text checked',
  );
  await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
  await page.getByText('Merged 3 files into').waitFor();
  await layers(page).nth(2).waitFor();
  return { page, context, base, paths, sub };
}

const layers = (page) => page.getByRole('list', { name: 'Layers' }).getByRole('listitem');
/** Each layer as [name, count, shown]. */
const layerRows = (page) => layers(page).evaluateAll((lis) => lis.map((li) => [
  li.querySelector('.layer-name').textContent, li.querySelector('.count').textContent, li.querySelector('input').checked,
]));
/** The counts of the standing chips, by name. */
const standings = (page) => page.getByRole('group', { name: 'Agreement between annotators' }).getByRole('button')
  .evaluateAll((bs) => Object.fromEntries(bs.map((b) => [b.childNodes[1].textContent, Number(b.querySelector('.count').textContent)])));
/** The disagreements listed, as [badge, quote, annotators]. */
const disagreements = (page) => page.getByRole('list', { name: 'Disagreements' }).getByRole('listitem')
  .evaluateAll((lis) => lis.map((li) => [...li.querySelectorAll('.standing-badge, .quote, .who')].map((e) => e.textContent)));
const card = (page) => page.getByRole('region', { name: 'Disagreement' });

const ALL_SHOWN = {
  Agreement: 2, 'Same span and label, not by all': 1, 'Same span, other label': 1, Overlapping: 1, 'Only one annotator': 3,
};

test('three annotators merged: their layers, where they disagree, a layer hidden and shown again', async () => {
  const { page, context } = await merged();
  assert.deepEqual(await layerRows(page), [['alice', '5', true], ['bob', '5', true], ['carol', '6', true]]);
  assert.equal(await annotationItems(page).count(), 16, 'every annotator’s spans are listed');
  assert.deepEqual(await standings(page), ALL_SHOWN);
  assert.deepEqual(await disagreements(page), [
    ['overlap', 'the Iranian Embassy', 'alice, bob'],
    ['other label', 'cyberattack', 'alice, bob, carol'],
    ['not by all', 'the Tehran regime', 'bob, carol'],
    ['only one', '“undeniable evidence”', 'alice'],
    ['only one', 'Iran condemned the expulsion', 'carol'],
    ['only one', 'Manez', 'carol'],
  ]);
  await page.screenshot({ path: 'tests/e2e/output/team-merged.png' });

  // Without carol, alice and bob agree on “cyberattack”, and “the Tehran
  // regime” is bob’s alone; carol’s spans leave the list and the text.
  await layers(page).filter({ hasText: 'carol' }).getByRole('checkbox').uncheck();
  await settled(page); // the input handled and shown before the read
  assert.deepEqual(await layerRows(page), [['alice', '5', true], ['bob', '5', true], ['carol', '6', false]]);
  assert.deepEqual(await standings(page), {
    Agreement: 3, 'Same span and label, not by all': 0, 'Same span, other label': 0, Overlapping: 1, 'Only one annotator': 2,
  });
  assert.deepEqual(await disagreements(page), [
    ['overlap', 'the Iranian Embassy', 'alice, bob'],
    ['only one', 'the Tehran regime', 'bob'],
    ['only one', '“undeniable evidence”', 'alice'],
  ]);
  assert.equal(await annotationItems(page).count(), 10, 'carol’s spans are not listed while hidden');
  await layers(page).filter({ hasText: 'carol' }).getByRole('checkbox').check();
  await settled(page); // the input handled and shown before the read
  assert.deepEqual(await standings(page), ALL_SHOWN);
  assert.equal(await annotationItems(page).count(), 16);
  assert.equal(await page.evaluate(() => window.pwned), undefined, 'a label named like markup stays text');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('two disagreements adjudicated by keyboard, gold exported and valid; a file of another text is refused', async () => {
  const { page, context, base, sub } = await merged();
  const text = base.document.text;
  // From the page as the merge left it, Tab to the text.
  await tabTo(page, documentRegion(page));

  // `)` brings the first disagreement: alice “Iranian Embassy”, bob “the
  // Iranian Embassy”. 2 accepts bob’s.
  await page.keyboard.press(')');
  await assert.doesNotReject(card(page).getByText('Disagreement 1 of 6').waitFor());
  assert.equal(await card(page).getAttribute('data-standing'), 'Overlapping');
  assert.match(await card(page).getByRole('list', { name: 'Versions' }).innerText(),
    /1\s*alice\s*Actor “Iranian Embassy”\s*2\s*bob\s*Actor “the Iranian Embassy”\s*carol\s*marked nothing here/);
  await page.keyboard.press('2');
  await card(page).getByLabel('Gold here').filter({ hasText: 'Gold: Actor “the Iranian Embassy”' }).waitFor();
  await page.getByText('Gold: bob’s version (1 span).').waitFor();
  // In the text: gold is underlined twice, the disagreement lined over.
  await page.waitForFunction(() => rangeText([...(CSS.highlights.get('sch-gold') ?? [])][0]) === 'the Iranian Embassy'
    && highlightShown('sch-gold') && highlightShown('sch-cluster'));

  // `)` again: “cyberattack”, Event for alice and bob, Claim for carol. U
  // takes the union: both labels.
  await page.keyboard.press(')');
  await card(page).getByText('Disagreement 2 of 6').waitFor();
  assert.equal(await card(page).getAttribute('data-standing'), 'Same span, other label');
  await page.keyboard.press('u');
  await card(page).getByLabel('Gold here').filter({ hasText: 'Gold: Event “cyberattack”; Claim “cyberattack”' }).waitFor();
  assert.deepEqual(await layerRows(page), [['alice', '5', true], ['bob', '5', true], ['carol', '6', true], ['gold', '3', true]]);

  // Undo takes the last decision back, redo makes it again.
  await page.keyboard.press('Control+z');
  await card(page).getByLabel('Gold here').filter({ hasText: 'nothing decided here yet' }).waitFor();
  await page.keyboard.press('Control+Shift+z');
  await card(page).getByLabel('Gold here').filter({ hasText: 'Gold: Event “cyberattack”; Claim “cyberattack”' }).waitFor();
  await page.screenshot({ path: 'tests/e2e/output/team-adjudicated.png' });

  // Gold exports like any other file: valid, and holding what was decided.
  const gold = await download(page, 'Export gold');
  assert.match(gold.name, /\.gold\.scholia\.json$/);
  const file = JSON.parse(gold.text);
  assertValidAgainst('scholia-1.schema.json', file);
  assert.equal(file.document.text, text);
  const embassy = spanOf(text, 'the Iranian Embassy');
  const cyberattack = spanOf(text, 'cyberattack');
  const decided = file.annotations
    .map((a) => [a.layer, a.label, a.fragments.map((f) => [f.start, f.end, f.quote])])
    .sort((a, b) => a[2][0][0] - b[2][0][0] || a[1].localeCompare(b[1]));
  assert.deepEqual(decided, [
    ['gold', 'actor', [[embassy.start, embassy.end, 'the Iranian Embassy']]],
    ['gold', 'claim', [[cyberattack.start, cyberattack.end, 'cyberattack']]],
    ['gold', 'event', [[cyberattack.start, cyberattack.end, 'cyberattack']]],
  ]);
  for (const a of file.annotations) {
    for (const f of a.fragments) assert.equal(codePoints(text, f.start, f.end), f.quote);
  }

  // A file of another text (a word added at the start) next to the open
  // document: refused, naming the file; nothing changes.
  const other = join(sub, 'dave.json');
  const otherText = `Today: ${text}`;
  const changed = {
    ...base,
    document: { ...base.document, text: otherText, length: [...otherText].length, sha256: createHash('sha256').update(otherText).digest('hex') },
  };
  await writeFile(other, JSON.stringify(annotatorFile(changed, { layer: 'dave', spans: [['actor', 'Edi Rama']] })));
  const before = { layers: await layerRows(page), items: await annotationItems(page).count(), standings: await standings(page) };
  const library = await page.getByRole('navigation', { name: 'Library' }).getByRole('list', { name: 'Documents' }).getByRole('listitem').count();
  await page.getByRole('button', { name: 'Merge annotators’ files…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Merge annotators’ files' });
  await dialog.getByLabel('Include the document open here').check();
  await dialog.locator('input[type="file"][aria-label="Files to merge"]').setInputFiles([other]);
  const rows = dialog.getByRole('table', { name: 'Files to merge' }).locator('tbody tr');
  await rows.nth(1).waitFor();
  assert.equal(await rows.nth(1).locator('td').nth(3).textContent(), 'different text');
  await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
  const refusal = await dialog.getByRole('alert').textContent();
  assert.match(refusal, /^Nothing was merged: dave\.json: .*differs from the text of “Albanian special forces police .*” \(open here\)/);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  assert.deepEqual(
    { layers: await layerRows(page), items: await annotationItems(page).count(), standings: await standings(page) },
    before,
    'the open document is as it was',
  );
  assert.equal(await page.getByRole('navigation', { name: 'Library' }).getByRole('list', { name: 'Documents' }).getByRole('listitem').count(), library,
    'no document was added');
  assert.deepEqual(JSON.parse((await download(page, 'Export gold')).text).annotations, file.annotations, 'gold is as it was');

  // Asked to, the merge re-anchors dave's span by its quote, and says so.
  await page.getByRole('button', { name: 'Merge annotators’ files…' }).click();
  await dialog.getByLabel('Include the document open here').check();
  await dialog.locator('input[type="file"][aria-label="Files to merge"]').setInputFiles([other]);
  await rows.nth(1).waitFor();
  await dialog.getByLabel(/^Re-anchor spans by their quoted text/).check();
  await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
  const rama = spanOf(text, 'Edi Rama');
  const shift = [...'Today: '].length;
  await page.getByText(`moved from ${rama.start + shift}–${rama.end + shift} to ${rama.start}–${rama.end}`).waitFor();
  await layers(page).nth(4).waitFor();
  assert.deepEqual(await layerRows(page), [['alice', '5', true], ['bob', '5', true], ['carol', '6', true], ['dave', '1', true], ['gold', '3', true]]);
  const remerged = await exportJson(page);
  assert.equal(remerged.document.text, text, 'the reference text is the open document’s');
  assert.deepEqual(remerged.annotations.filter((a) => a.layer === 'dave').map((a) => a.fragments),
    [[{ start: rama.start, end: rama.end, quote: 'Edi Rama' }]]);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('at a disagreement E edits gold in the text (by keys) and R rejects it; Accept agreements fills the rest', async () => {
  const { page, context, base } = await merged();
  const text = base.document.text;
  // From the page as the merge left it, Tab to the text.
  await tabTo(page, documentRegion(page));
  for (let i = 0; i < 3; i++) await page.keyboard.press(')');
  await card(page).getByText('Disagreement 3 of 6').waitFor();
  assert.equal(await card(page).getAttribute('data-standing'), 'Same span and label, not by all');

  // E takes bob's version into gold and selects it; Alt+Shift+← moves its
  // end back by a word: “the Tehran”.
  await page.keyboard.press('e');
  await card(page).getByLabel('Gold here').filter({ hasText: 'Gold: Actor “the Tehran regime”' }).waitFor();
  await page.keyboard.press('Alt+Shift+ArrowLeft');
  await card(page).getByLabel('Gold here').filter({ hasText: 'Gold: Actor “the Tehran”' }).waitFor();

  // At the next one (alice's “undeniable evidence”) 1 takes her span into
  // gold, then R takes it out again: nothing in gold there.
  await tabTo(page, documentRegion(page));
  await page.keyboard.press(')');
  await card(page).getByText('Disagreement 4 of 6').waitFor();
  await page.keyboard.press('1');
  await card(page).getByLabel('Gold here').filter({ hasText: 'Gold: Claim ““undeniable evidence””' }).waitFor();
  await page.keyboard.press('r');
  await page.getByText('Gold: nothing here.').waitFor();
  await card(page).getByLabel('Gold here').filter({ hasText: 'nothing decided here yet' }).waitFor();

  // Accept agreements: every span all three marked alike, into gold at once.
  await page.getByRole('button', { name: /Accept agreements/ }).click();
  const file = JSON.parse((await download(page, 'Export gold')).text);
  assertValidAgainst('scholia-1.schema.json', file);
  const gold = file.annotations
    .map((a) => [a.label, a.fragments.map((f) => [f.start, f.end, f.quote])])
    .sort((a, b) => a[1][0][0] - b[1][0][0]);
  const tehran = spanOf(text, 'the Tehran');
  const expected = [
    ['actor', 'Albanian special forces police'],
    ['actor', 'Edi Rama'],
  ].map(([label, needle]) => { const s = spanOf(text, needle); return [label, [[s.start, s.end, needle]]]; });
  expected.push(['actor', [[tehran.start, tehran.end, 'the Tehran']]]);
  expected.sort((a, b) => a[1][0][0] - b[1][0][0]);
  assert.deepEqual(gold, expected);
  for (const a of file.annotations) {
    assert.equal(a.layer, 'gold');
    for (const f of a.fragments) assert.equal(codePoints(text, f.start, f.end), f.quote);
  }
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('annotators’ files in other formats merge alike: doccano (user) and Label Studio (completed_by) beside Scholia', async () => {
  const { page, context } = await openApp(app, { beforeStart: watchHtmlParsing });
  const base = await exportJson(page);
  const sub = await mkdtemp(join(dir, 'formats-'));
  const [alice, bob, carol] = await writeTeamFiles(sub, base);
  // bob's and carol's files as doccano JSONL and Label Studio tasks, written
  // by the converter; the annotator is in the file (doccano's `user`, Label
  // Studio's `completed_by`), bob's named after his file as before.
  const bobJsonl = join(sub, 'bob.jsonl');
  const carolTasks = join(sub, 'carol-tasks.json');
  await cli(['convert', bob, bobJsonl, '--to', 'doccano']);
  await cli(['convert', carol, carolTasks, '--to', 'label-studio']);
  await page.getByRole('button', { name: 'Merge annotators’ files…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Merge annotators’ files' });
  await dialog.locator('input[type="file"][aria-label="Files to merge"]').setInputFiles([alice, bobJsonl, carolTasks]);
  const rows = dialog.getByRole('table', { name: 'Files to merge' }).locator('tbody tr');
  await rows.nth(2).waitFor();
  assert.deepEqual(
    await rows.evaluateAll((trs) => trs.map((tr) => [tr.cells[0].textContent, tr.querySelector('input').value, tr.cells[2].textContent, tr.cells[3].textContent])),
    [['alice.scholia.json', 'alice', '5', 'reference'], ['bob.jsonl', 'bob', '5', 'same text'], ['carol-tasks.json', 'carol', '6', 'same text']],
  );
  await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
  await page.getByText('Merged 3 files into').waitFor();
  await layers(page).nth(2).waitFor();
  assert.deepEqual(await layerRows(page), [['alice', '5', true], ['bob', '5', true], ['carol', '6', true]]);
  assert.deepEqual(await standings(page), ALL_SHOWN, 'the same agreement as from the Scholia files');
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.deepEqual(await page.evaluate(() => window.htmlParsed), []);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a folder of brat folders merges with one annotator per folder', async () => {
  const { page, context } = await openApp(app, { beforeStart: watchHtmlParsing });
  const base = await exportJson(page);
  const sub = await mkdtemp(join(dir, 'brat-'));
  const paths = await writeTeamFiles(sub, base);
  // brat keeps one folder per annotator: team/alice/seed.ann + seed.txt, …
  // (written by the converter; bob's file names no one, his folder does).
  const team = join(sub, 'team');
  for (const [who, path] of [['alice', paths[0]], ['bob', paths[1]], ['carol', paths[2]]]) {
    await mkdir(join(team, who), { recursive: true });
    await cli(['convert', path, join(team, who, 'seed'), '--to', 'brat']);
  }
  await page.getByRole('button', { name: 'Merge annotators’ files…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Merge annotators’ files' });
  await dialog.locator('input[type="file"][aria-label="Folder to merge"]').setInputFiles(team);
  const rows = dialog.getByRole('table', { name: 'Files to merge' }).locator('tbody tr');
  await rows.nth(2).waitFor();
  const shown = await rows.evaluateAll((trs) => trs.map((tr) => [tr.cells[0].textContent, tr.querySelector('input').value]));
  // (in the order the browser lists the folder)
  assert.deepEqual(shown.sort(), [['team/alice/seed.ann', 'alice'], ['team/bob/seed.ann', 'bob'], ['team/carol/seed.ann', 'carol']]);
  assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.cells[3].textContent)), ['reference', 'same text', 'same text']);
  await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
  await page.getByText('Merged 3 files into').waitFor();
  await layers(page).nth(2).waitFor();
  assert.deepEqual((await layerRows(page)).map(([name, n]) => [name, n]).sort(), [['alice', '5'], ['bob', '5'], ['carol', '6']]);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.deepEqual(page.errors, []);
  await context.close();
});

/** Runs `scholia-cli` with `args` (the debug build `cargo test` made). */
async function cli(args) {
  return promisify(execFile)('cargo', ['run', '--quiet', '--locked', '-p', 'scholia-cli', '--', ...args], { cwd: ROOT, maxBuffer: 64 << 20 });
}

/** `scholia-cli agree --json` on `paths`: the report. */
async function cliAgree(paths) {
  const { stdout } = await cli(['agree', '--json', ...paths]);
  return JSON.parse(stdout).report;
}

/** A figure as the report shows it: three decimals, rounded half away from zero, or "n/a". */
const shown = (v) => (v == null || !Number.isFinite(v) ? 'n/a' : (Math.sign(v) * Math.round(Math.abs(v) * 1000) / 1000).toFixed(3));

test('the agreement report shows the figures of scholia-cli agree on the same files, and draws SVG charts', async () => {
  const { page, context, paths } = await merged();
  const [cli] = await Promise.all([cliAgree(paths), page.getByRole('button', { name: 'Agreement report…' }).click()]);
  const dialog = page.getByRole('dialog', { name: 'Agreement report' });
  await dialog.locator('[data-metric]').first().waitFor();
  const figures = await dialog.locator('[data-metric]').evaluateAll((es) => es.map((e) => [e.dataset.metric, e.textContent]));
  const app = new Map(figures);

  // Where each figure is in the CLI's JSON.
  const [a, b, c] = cli.annotators;
  assert.deepEqual(cli.annotators, ['alice', 'bob', 'carol']);
  const pair = (list, x, y) => list.find((p) => p.a === x && p.b === y);
  const label = (list, name) => list.find((l) => l.label === name);
  const expected = {
    'tokens.alpha': cli.tokens.alpha,
    'tokens.fleiss': cli.tokens.fleiss,
    'unitizing.alpha': cli.unitizing.alpha,
    'spans.exact.f1': cli.spans.exact.f1,
    'spans.overlap.f1': cli.spans.overlap.f1,
    'relations.overall.f1': cli.relations.overall.f1,
  };
  for (const [x, y] of [[a, b], [a, c], [b, c]]) {
    expected[`tokens.cohen.${x}|${y}`] = pair(cli.tokens.cohen, x, y).value;
    for (const match of ['exact', 'overlap']) {
      for (const score of ['precision', 'recall', 'f1']) {
        expected[`spans.pairs.${x}|${y}.${match}.${score}`] = pair(cli.spans.pairs, x, y)[match][score];
      }
    }
  }
  for (const { name } of cli.labels) {
    expected[`labels.${name}.alpha`] = label(cli.tokens.perLabel, name).alpha;
    expected[`labels.${name}.fleiss`] = label(cli.tokens.perLabel, name).fleiss;
    expected[`labels.${name}.unitizing`] = label(cli.unitizing.perLabel, name).value;
    expected[`labels.${name}.exact.f1`] = label(cli.spans.perLabel, name).exact.f1;
  }
  for (const [metric, value] of Object.entries(expected)) {
    assert.ok(app.has(metric), `the report shows ${metric}`);
    assert.equal(app.get(metric), shown(value), `${metric}: the app shows ${app.get(metric)}, the CLI computes ${value}`);
  }
  // The confusion matrix, cell by cell.
  const matrix = await dialog.getByRole('table', { name: 'Confusion matrix' }).locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.textContent))));
  assert.deepEqual(matrix, cli.confusion.counts);

  // Two charts, drawn as SVG elements: bars for every label (the one named
  // like markup as text), and a heat map whose cells are the matrix.
  const charts = await dialog.locator('figure > svg').evaluateAll((svgs) => svgs.map((svg) => ({
    namespace: svg.namespaceURI,
    rects: svg.querySelectorAll('rect').length,
    // A text's own words (a shortened name keeps the full one in a <title>).
    texts: [...svg.querySelectorAll('text')].map((t) => [...t.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.data).join('')),
    titles: [...svg.querySelectorAll('title')].map((t) => t.textContent),
    foreign: svg.querySelectorAll('foreignObject, img, script').length,
  })));
  assert.equal(charts.length, 2);
  for (const chart of charts) {
    assert.equal(chart.namespace, 'http://www.w3.org/2000/svg');
    assert.ok(chart.rects > 4, 'marks are rect elements');
    assert.equal(chart.foreign, 0);
  }
  assert.ok(charts[0].texts.includes('Actor'), charts[0].texts.join(' | '));
  assert.ok(charts[0].titles.includes(EVIL_NAME), 'the label named like markup is the text of a title');
  const cells = cli.confusion.counts.flat().map(String);
  assert.ok(cells.every((n) => charts[1].texts.includes(n)), 'the heat map writes every count');
  await page.screenshot({ path: 'tests/e2e/output/team-report.png' });

  // Over the library (the merged document and the seed article, which has
  // no annotator to compare): the same figures, read back from storage.
  await dialog.getByRole('button', { name: /^The library/ }).click();
  await dialog.getByRole('heading', { name: 'Agreement over the library' }).waitFor();
  await dialog.getByText('3 annotators (alice, bob, carol) on 2 documents (1 with two annotators or more)').waitFor();
  const overLibrary = new Map(await dialog.locator('[data-metric]').evaluateAll((es) => es.map((e) => [e.dataset.metric, e.textContent])));
  for (const [metric, value] of Object.entries(expected)) assert.equal(overLibrary.get(metric), shown(value), metric);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.deepEqual(await page.evaluate(() => window.htmlParsed), [], 'nothing was parsed as HTML');
  assert.deepEqual(page.errors, []);
  await context.close();
});
