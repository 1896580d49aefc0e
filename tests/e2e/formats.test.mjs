// Exchange formats in the app: import a file of every format through the
// Import button (a brat .ann and .txt chosen together), read the report,
// change its settings (UTF-16 offsets, re-anchoring, annotator), add the
// documents and check their offsets through a Scholia JSON export; "Export
// as…" each format, download it and read it as the peer tool would; a
// malformed file refused by name, record and field with the library
// untouched; a large import read in the worker with progress, then
// cancelled, leaving the library as it was; the single file from disk.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import {
  annotationItems, exportJson, importFiles, libraryItems, listed, openApp, openFromDisk, saved, settled, useApp, waitForDocument,
} from './harness.mjs';
import { DIST } from './server.mjs';

const app = useApp();

// Emoji (a ZWJ family: 5 code points, 8 UTF-16 units), accents, curly
// quotes and CRLF line endings: offsets that drift show here.
const TEXT = 'Tirana 👩‍👩‍👧 said Rama.\r\nCafé owner said “yes” to Rama.\r\n';
/** [start, end] of the `nth` occurrence of `word`, in code points (or UTF-16 units). */
function span(word, { nth = 0, utf16 = false } = {}) {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = TEXT.indexOf(word, at + 1);
  assert.ok(at >= 0, `${word} in the text`);
  const start = utf16 ? at : [...TEXT.slice(0, at)].length;
  const length = utf16 ? word.length : [...word].length;
  return [start, start + length];
}
const codePoints = (text, start, end) => [...text].slice(start, end).join('');
const json = (name, value, mimeType = 'application/json') => ({ name, mimeType, buffer: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)) });
const jsonl = (name, records) => json(name, records.map((r) => JSON.stringify(r)).join('\n') + '\n', 'application/jsonl');
const sha256 = (text) => createHash('sha256').update(text).digest('hex');

const report = (page) => page.getByRole('dialog', { name: /^Import/ });

/** Imports files through the Import button and waits for the report. */
async function importForReview(page, files) {
  await importFiles(page, files);
  await report(page).waitFor();
  // Settled: not reading again.
  await page.waitForFunction(() => !document.querySelector('.import-again'));
  return report(page);
}

/** Adds what the report shows and waits for the library to say so. */
async function add(page, documents = 1) {
  await report(page).getByRole('button', { name: `Add ${documents} document${documents === 1 ? '' : 's'}` }).click();
  await page.getByRole('status').filter({ hasText: /^Imported/ }).waitFor();
  await saved(page);
}

/** Downloads `name` from the export dialog and returns its text. */
async function downloadFrom(page, dialog, name) {
  // Chromium drops a download that follows another too closely: once more.
  const button = dialog.getByRole('button', { name: `Download ${name}`, exact: true });
  const file = await Promise.all([page.waitForEvent('download', { timeout: 5000 }), button.click()])
    .then(([d]) => d)
    .catch(() => Promise.all([page.waitForEvent('download'), button.click()]).then(([d]) => d));
  assert.equal(file.suggestedFilename(), name);
  return readFile(await file.path(), 'utf8');
}

/** The spans of an exported Scholia file as [label, quote, start, end, layer]. */
const spans = (file) => file.annotations
  .map((a) => [a.label.toLowerCase(), a.fragments.map((f) => f.quote).join('|'), a.fragments[0].start, a.fragments[0].end, a.layer])
  .sort((a, b) => a[2] - b[2] || a[3] - b[3]);

/** The three spans every file below holds: Tirana, the first Rama, “yes”. */
const expected = (layer) => [
  ['actor', 'Tirana', ...span('Tirana'), layer],
  ['actor', 'Rama', ...span('Rama'), layer],
  ['claim', '“yes”', ...span('“yes”'), layer],
];

test('a file of every format imports through the Import button, with its report, at exact offsets', async () => {
  const { page, context } = await openApp(app);
  const [tirana, rama, yes] = [span('Tirana'), span('Rama'), span('“yes”')];

  // doccano JSONL (label shape), user as the annotator.
  let dialog = await importForReview(page, [jsonl('bob.jsonl', [{ text: TEXT, label: [[...tirana, 'Actor'], [...rama, 'Actor'], [...yes, 'Claim']], user: 'bob' }])]);
  assert.match(await dialog.innerText(), /1 document, 3 annotations and 0 relations can be added/);
  assert.match(await dialog.locator('.import-format').innerText(), /doccano JSONL/);
  assert.match(await dialog.innerText(), /annotator bob/);
  // No quote to check: the offset unit is offered, and the report warns about the emoji.
  await dialog.getByRole('radio', { name: 'UTF-16 units' }).waitFor();
  assert.match(await dialog.innerText(), /offsets were read as code points/);
  await add(page);
  assert.deepEqual(spans(await exportJson(page)), expected('bob'));

  // spaCy / Prodigy JSONL.
  dialog = await importForReview(page, [jsonl('prodigy.jsonl', [{ text: TEXT, spans: [{ start: tirana[0], end: tirana[1], label: 'actor' }, { start: rama[0], end: rama[1], label: 'actor' }, { start: yes[0], end: yes[1], label: 'claim' }], _annotator_id: 'carol', answer: 'accept' }])]);
  assert.match(await dialog.locator('.import-format').innerText(), /spaCy/);
  await add(page);
  assert.deepEqual(spans(await exportJson(page)), expected('carol'));

  // Label Studio JSON: regions carry their text, so no offset choice; the annotator is overridden.
  const region = (id, [start, end], text, label) => ({ id, from_name: 'label', to_name: 'text', type: 'labels', value: { start, end, text, labels: [label] } });
  dialog = await importForReview(page, [json('project-1.json', [{ data: { text: TEXT }, annotations: [{ completed_by: { email: 'dan@example.org' }, result: [region('r1', tirana, 'Tirana', 'actor'), region('r2', rama, 'Rama', 'actor'), region('r3', yes, '“yes”', 'claim')] }] }])]);
  assert.match(await dialog.locator('.import-format').innerText(), /Label Studio/);
  assert.match(await dialog.innerText(), /annotator dan@example\.org/);
  await dialog.getByRole('textbox', { name: 'Annotator' }).fill('dana');
  await dialog.getByRole('textbox', { name: 'Annotator' }).press('Tab');
  await page.waitForFunction(() => /annotator dana\b/.test(document.querySelector('.import-counts')?.innerText ?? ''));
  await add(page);
  assert.deepEqual(spans(await exportJson(page)), expected('dana'));

  // W3C Web Annotation: quote and position selectors, the text carried in the collection.
  const source = `urn:sha256:${sha256(TEXT)}`;
  const annotation = (id, [start, end], exact, label) => ({
    id: `urn:uuid:${id}`, type: 'Annotation', creator: { name: 'erin' },
    body: [{ type: 'TextualBody', purpose: 'tagging', value: label }],
    target: { source, selector: [{ type: 'TextQuoteSelector', exact }, { type: 'TextPositionSelector', start, end }] },
  });
  dialog = await importForReview(page, [json('erin.jsonld', {
    '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationCollection', label: 'Tirana notes',
    'scholia:document': { id: source, type: 'Text', value: TEXT },
    first: { type: 'AnnotationPage', items: [
      annotation('6f9c2a52-0d1e-4c55-9d7e-1d1b6c1e0a01', tirana, 'Tirana', 'actor'),
      annotation('6f9c2a52-0d1e-4c55-9d7e-1d1b6c1e0a02', rama, 'Rama', 'actor'),
      annotation('6f9c2a52-0d1e-4c55-9d7e-1d1b6c1e0a03', yes, '“yes”', 'claim'),
    ] },
  }, 'application/ld+json')]);
  assert.match(await dialog.locator('.import-format').innerText(), /W3C/);
  // Quotes are checked: re-anchoring is offered, the offset unit is not.
  await dialog.getByRole('checkbox', { name: /Re-anchor/ }).waitFor();
  assert.equal(await dialog.getByRole('radio', { name: 'UTF-16 units' }).count(), 0);
  await add(page);
  assert.deepEqual(spans(await exportJson(page)), expected('erin'));

  // brat: the .ann and its .txt (CRLF kept) chosen together, with an annotation.conf.
  const ann = `T1\tActor ${tirana.join(' ')}\tTirana\nT2\tActor ${rama.join(' ')}\tRama\nT3\tClaim ${yes.join(' ')}\t“yes”\nR1\tSource-of Arg1:T3 Arg2:T2\n#1\tAnnotatorNotes T2\tPrime Minister\n`;
  dialog = await importForReview(page, [
    { name: 'news.ann', mimeType: 'text/plain', buffer: Buffer.from(ann) },
    { name: 'news.txt', mimeType: 'text/plain', buffer: Buffer.from(TEXT) },
    { name: 'annotation.conf', mimeType: 'text/plain', buffer: Buffer.from('[entities]\nActor\nClaim\n[relations]\nSource-of Arg1:Claim, Arg2:Actor\n[events]\n[attributes]\n') },
  ]);
  assert.match(await dialog.innerText(), /1 document, 3 annotations and 1 relation can be added/);
  assert.match(await dialog.locator('.import-format').innerText(), /brat/);
  await add(page);
  const brat = await exportJson(page);
  assert.deepEqual(spans(brat), expected('news'));
  assert.equal(brat.document.text, TEXT, 'the text exactly, CRLF included');
  assert.equal(brat.relations.length, 1);
  assert.equal(brat.annotations.find((a) => a.fragments[0].quote === 'Rama').note, 'Prime Minister');

  // Scholia JSON goes straight in (no report needed): the brat one without “yes” (and its relation).
  const copy = {
    ...brat, document: { ...brat.document, id: 'copy-1', title: 'The copy' },
    annotations: brat.annotations.filter((a) => a.fragments[0].quote !== '“yes”'), relations: [],
  };
  await importFiles(page, [json('copy.scholia.json', copy)]);
  await page.getByRole('heading', { name: 'The copy' }).waitFor();
  await listed(page, 2);
  assert.deepEqual(spans(await exportJson(page)), expected('news').slice(0, 2));
  assert.equal(await libraryItems(page).count(), 7, 'the seed and six imports');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('UTF-16 offsets for files from JavaScript tools; a quote mismatch is refused, then re-anchored and reported', async () => {
  const { page, context } = await openApp(app);
  // doccano's web annotator counts UTF-16 units: read as code points, the
  // span after the emoji reaches past a word boundary.
  const rama16 = span('Rama', { utf16: true });
  const yes16 = span('“yes”', { utf16: true });
  let dialog = await importForReview(page, [jsonl('web.jsonl', [{ text: TEXT, label: [[...rama16, 'actor'], [...yes16, 'claim']] }])]);
  await dialog.getByRole('radio', { name: 'UTF-16 units' }).check();
  await page.waitForFunction(() => !document.querySelector('.import-again') && document.querySelector('input[type=radio][name=import-offsets]:checked')?.parentElement.innerText.startsWith('UTF-16'));
  assert.doesNotMatch(await dialog.innerText(), /offsets were read as code points/);
  await add(page);
  const file = await exportJson(page);
  assert.deepEqual(file.annotations.map((a) => [a.fragments[0].quote, a.fragments[0].start]).sort(), [['Rama', span('Rama')[0]], ['“yes”', span('“yes”')[0]]]);
  // The layer is the file's stem when the file names no annotator.
  assert.deepEqual([...new Set(file.annotations.map((a) => a.layer))], ['web']);

  // Label Studio: the region says “Rama” but its offsets are those of “said”.
  const said = span('said');
  const tasks = [{ data: { text: TEXT }, annotations: [{ completed_by: 1, result: [{ id: 'r1', from_name: 'label', to_name: 'text', type: 'labels', value: { start: said[0], end: said[1], text: 'Rama', labels: ['actor'] } }] }] }];
  dialog = await importForReview(page, [json('shifted.json', tasks)]);
  const error = await dialog.locator('.import-error').innerText();
  assert.match(error, /^shifted\.json/);
  assert.match(error, /value\.text/);
  assert.match(await dialog.innerText(), /Nothing can be added/);
  await dialog.getByRole('checkbox', { name: /Re-anchor/ }).check();
  await page.waitForFunction(() => !document.querySelector('.import-again') && !document.querySelector('.import-error'));
  assert.match(await dialog.innerText(), /Re-anchored \(1\)/);
  assert.match(await dialog.locator('.import-list').first().innerText(), /Rama/);
  await add(page);
  const moved = await exportJson(page);
  assert.deepEqual(moved.annotations.map((a) => [a.fragments[0].quote, a.fragments[0].start, a.fragments[0].end, a.layer]), [['Rama', ...span('Rama'), '1']]);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a malformed file is refused naming the file, record and field; the library is left as it was', async () => {
  const { page, context } = await openApp(app);
  const before = await exportJson(page);
  const items = await libraryItems(page).count();
  const dialog = await importForReview(page, [
    jsonl('broken.jsonl', [{ text: 'Rama met Basha.', label: [[0, 4, 'actor']] }, { text: 'Short.', label: [[0, 40, 'actor']] }]),
    json('truncated.json', '[{"data": {"text": "Rama"}, "annotations": [{"result": ['),
  ]);
  const errors = await dialog.locator('.import-error').allInnerTexts();
  assert.equal(errors.length, 2);
  assert.match(errors[0], /^broken\.jsonl, line 2\b.*field “label\[0\]”/);
  assert.match(errors[1], /^truncated\.json, line 1\b.*not well-formed/);
  assert.match(await dialog.innerText(), /Nothing can be added/);
  assert.ok(await dialog.getByRole('button', { name: 'Add 0 documents' }).isDisabled());
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await report(page).waitFor({ state: 'detached' });
  assert.equal(await libraryItems(page).count(), items);
  assert.deepEqual(await exportJson(page), before);
  await page.reload();
  await waitForDocument(page);
  assert.equal(await libraryItems(page).count(), items);
  assert.deepEqual(await exportJson(page), before);
  await context.close();
});

test('“Export as…” each format: the downloaded files read as the peer tool reads them', async () => {
  const { page, context } = await openApp(app);
  const [tirana, rama, yes, saidRama] = [span('Tirana'), span('Rama'), span('“yes”'), span('said Rama')];
  // doccano's relation shape: overlapping spans (said Rama / Rama) and a relation.
  await importForReview(page, [jsonl('bob.jsonl', [{
    text: TEXT, user: 'bob',
    entities: [
      { id: 1, label: 'actor', start_offset: tirana[0], end_offset: tirana[1] },
      { id: 2, label: 'actor', start_offset: rama[0], end_offset: rama[1] },
      { id: 3, label: 'claim', start_offset: saidRama[0], end_offset: saidRama[1] },
      { id: 4, label: 'claim', start_offset: yes[0], end_offset: yes[1] },
    ],
    relations: [{ id: 1, from_id: 3, to_id: 2, type: 'source-of' }],
  }])]);
  await add(page);
  await listed(page, 4);

  await page.getByRole('button', { name: 'Export as…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  const choose = async (format) => {
    await dialog.getByRole('radio', { name: format }).check();
    await dialog.getByRole('button', { name: /^Download / }).first().waitFor();
  };
  const fetch = (name) => downloadFrom(page, dialog, name);
  const words = [['Tirana', 'actor'], ['Rama', 'actor'], ['said Rama', 'claim'], ['“yes”', 'claim']];

  // W3C: each span's position selector (code points) and quote agree with the text.
  await choose(/^W3C Web Annotation/);
  const w3c = JSON.parse(await fetch('tirana-said-rama.jsonld'));
  // Its answer in, the formats' worker has ended (its wasm memory, which
  // never shrinks, with it), as it does after an import; choosing another
  // format starts a fresh one (below).
  for (let i = 0; i < 50 && page.workers().length > 0; i++) await page.waitForTimeout(100);
  assert.deepEqual(page.workers().map((w) => w.url()), [], 'no worker left after the export');
  const items = w3c.first.items;
  const text = w3c['scholia:document'].value;
  assert.equal(text, TEXT);
  const tagged = items.filter((a) => a.motivation !== 'linking').map((a) => {
    const position = a.target.selector.find((s) => s.type === 'TextPositionSelector');
    const quote = a.target.selector.find((s) => s.type === 'TextQuoteSelector');
    assert.equal(codePoints(text, position.start, position.end), quote.exact);
    assert.equal(a.creator.name, 'bob');
    return [quote.exact, a.body.find((b) => b.purpose === 'tagging').value];
  });
  assert.deepEqual(tagged.sort(), [...words].sort());
  const link = items.find((a) => a.motivation === 'linking');
  const quoteOf = (id) => items.find((a) => a.id === id).target.selector.find((s) => s.type === 'TextQuoteSelector').exact;
  assert.equal(quoteOf(link.target), 'said Rama', 'the link starts at its source');
  assert.equal(quoteOf(link.body[0]), 'Rama');

  // brat: the .txt is the text byte for byte; offsets are code points (brat is Python).
  await choose(/^brat standoff/);
  assert.equal(await fetch('tirana-said-rama.txt'), TEXT);
  const ann = await fetch('tirana-said-rama.ann');
  const t = ann.split('\n').filter((l) => l.startsWith('T')).map((l) => {
    const [, typeAndOffsets, covered] = l.split('\t');
    const [type, start, end] = typeAndOffsets.split(' ');
    assert.equal(codePoints(TEXT, Number(start), Number(end)), covered);
    return [covered, type];
  });
  assert.deepEqual(t.sort(), [...words].sort());
  assert.match(ann, /^R1\tsource-of Arg1:T\d Arg2:T\d$/m);
  const conf = await fetch('annotation.conf');
  assert.match(conf, /\[entities\][^[]*\bactor\b/);
  assert.match(conf, /\[relations\][^[]*\bsource-of\b/);

  // doccano: code points by default, UTF-16 units when asked (as its web annotator counts).
  await choose(/^doccano JSONL/);
  const doccano = JSON.parse((await fetch('tirana-said-rama.jsonl')).trim());
  assert.equal(doccano.text, TEXT);
  assert.deepEqual(doccano.entities.map((e) => [codePoints(TEXT, e.start_offset, e.end_offset), e.label]).sort(), [...words].sort());
  assert.equal(doccano.relations.length, 1);
  const offsets = dialog.getByRole('combobox', { name: /^Offsets/ });
  await offsets.selectOption('utf16');
  await dialog.getByRole('button', { name: /^Download / }).first().waitFor();
  const doccano16 = JSON.parse((await fetch('tirana-said-rama.jsonl')).trim());
  await offsets.selectOption('codepoints');
  assert.deepEqual(doccano16.entities.map((e) => [TEXT.slice(e.start_offset, e.end_offset), e.label]).sort(), [...words].sort(), 'JavaScript string indexes');
  assert.notDeepEqual(doccano16.entities.map((e) => e.start_offset), doccano.entities.map((e) => e.start_offset));

  // Label Studio: value.start/end in code points cover value.text.
  await choose(/^Label Studio JSON/);
  const studio = JSON.parse(await fetch('tirana-said-rama.json'));
  const regions = studio[0].annotations[0].result.filter((r) => r.type === 'labels');
  for (const r of regions) assert.equal(codePoints(studio[0].data.text, r.value.start, r.value.end), r.value.text);
  assert.deepEqual(regions.map((r) => [r.value.text, r.value.labels[0]]).sort(), [...words].sort());
  assert.equal(studio[0].annotations[0].result.filter((r) => r.type === 'relation').length, 1);

  // spaCy: Python string indexes (code points), as Doc.char_span takes them.
  await choose(/^spaCy \/ Prodigy JSONL/);
  const spacy = JSON.parse((await fetch('tirana-said-rama.jsonl')).trim());
  assert.deepEqual(spacy.spans.map((s) => [codePoints(spacy.text, s.start, s.end), s.label]).sort(), [...words].sort());
  // The relation too, as Prodigy's rel.manual writes it (head and child spans).
  assert.equal(spacy.relations.length, 1, 'the relation is carried');
  const ends = [spacy.relations[0].head_span, spacy.relations[0].child_span].map((s) => codePoints(spacy.text, s.start, s.end));
  for (const end of ends) assert.ok(words.some(([quote]) => quote === end), `${end} is a tagged span`);

  // CoNLL: BIO cannot hold the overlap; the warning names the span left out.
  await choose(/^CoNLL/);
  const notCarried = await dialog.getByRole('list', { name: 'Not carried' }).innerText();
  assert.match(notCarried, /overlap/i);
  assert.match(notCarried, /Rama/);
  const conll = await fetch('tirana-said-rama.conll');
  const rows = conll.split('\n').filter(Boolean).map((l) => l.split('\t'));
  assert.ok(rows.every((r) => r.length === 2), 'two tab-separated columns');
  const tag = (token, nth = 0) => rows.filter((r) => r[0] === token)[nth][1];
  assert.equal(tag('Tirana'), 'B-actor');
  assert.equal(tag('said'), 'B-claim');
  assert.equal(tag('Rama'), 'I-claim');
  assert.equal(tag('yes'), 'I-claim');
  assert.equal(tag('“'), 'B-claim');
  assert.equal(conll.split('\n\n').filter((s) => s.trim()).length, 2, 'one sequence per line of text');
  await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a large import is read in the worker with real progress; Cancel leaves the library as it was', async () => {
  const { page, context } = await openApp(app);
  const before = await exportJson(page);
  const items = await libraryItems(page).count();
  // About 40 MB of doccano JSONL: 20,000 documents, 400,000 spans.
  const dir = join(DIST, '..', 'tests', 'e2e', 'output');
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'large.jsonl');
  const sentence = 'Rama met Basha in Tirana. ';
  const line = (i) => {
    const head = `Document ${String(i).padStart(5, '0')}: `;
    const label = [];
    for (let k = 0; k < 20; k++) label.push([head.length + k * sentence.length, head.length + k * sentence.length + 4, 'actor']);
    return JSON.stringify({ text: head + sentence.repeat(60), label, user: 'bulk' });
  };
  const lines = [];
  for (let i = 0; i < 20_000; i++) lines.push(line(i));
  await writeFile(path, lines.join('\n') + '\n');

  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Import', exact: true }).click()]);
  await chooser.setFiles(path);
  const bar = page.locator('[data-import="reading"] progress');
  await bar.waitFor();
  // Real progress: the bar moves while the page stays responsive.
  const first = Number(await bar.getAttribute('value'));
  await page.waitForFunction((first) => Number(document.querySelector('[data-import="reading"] progress')?.getAttribute('value')) > first, first);
  assert.match(await page.locator('[data-import="reading"]').innerText(), /Reading large\.jsonl: [\d.]+ (bytes|KB|MB) of 39\.\d MB · [\d,]+ documents?/);
  await page.locator('[data-import="reading"]').getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('status').filter({ hasText: 'Import cancelled' }).waitFor();
  assert.equal(await page.locator('[data-import]').count(), 0);
  // Cancel terminates the worker in the same step that shows this status, so
  // a report could only come from an answer already on its way; once the
  // page has painted and gone idle, any such answer has been handled.
  await settled(page);
  assert.equal(await report(page).count(), 0, 'no report after a cancel');
  assert.equal(await libraryItems(page).count(), items);
  assert.deepEqual(await exportJson(page), before);
  await page.reload();
  await waitForDocument(page);
  assert.equal(await libraryItems(page).count(), items);

  // A fresh worker takes the next import.
  await importForReview(page, [jsonl('after.jsonl', [{ text: 'Rama met Basha.', label: [[0, 4, 'actor']] }])]);
  await add(page);
  await listed(page, 1);
  assert.equal(await libraryItems(page).count(), items + 1);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the single file from disk imports and exports through its own copy of the worker', async () => {
  const { browser, page, offDisk } = await openFromDisk();
  try {
    const rama = span('Rama');
    await importForReview(page, [jsonl('disk.jsonl', [{ text: TEXT, label: [[...rama, 'actor']], user: 'bob' }])]);
    await add(page);
    await listed(page, 1);
    assert.match(await annotationItems(page).first().innerText(), /Rama/);
    await page.getByRole('button', { name: 'Export as…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await dialog.getByRole('radio', { name: /^spaCy/ }).check();
    const [file] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: /^Download .*\.jsonl$/ }).click()]);
    const spacy = JSON.parse((await readFile(await file.path(), 'utf8')).trim());
    assert.deepEqual(spacy.spans.map((s) => [s.start, s.end, s.label]), [[...rama, 'actor']]);
    assert.deepEqual(offDisk(), [], 'nothing but the file itself');
    assert.deepEqual(page.errors, []);
  } finally {
    await browser.close();
  }
});

test('a Prodigy relations file and an entity-linking file import with nothing lost; the link exports as a brat N line and a W3C identifying body', async () => {
  const { page, context } = await openApp(app);
  const [tirana, rama, saidRama] = [span('Tirana'), span('Rama'), span('said Rama')];
  const end = ([start, stop], label) => ({ start, end: stop, label });

  // rel.manual's record: spans, and a relation by its head and child spans.
  let dialog = await importForReview(page, [jsonl('rel.jsonl', [{
    text: TEXT, answer: 'accept', _annotator_id: 'rel',
    spans: [end(tirana, 'actor'), end(saidRama, 'claim'), end(rama, 'actor')],
    relations: [{ head_span: end(saidRama, 'claim'), child_span: end(rama, 'actor'), label: 'source-of' }],
  }])]);
  assert.match(await dialog.innerText(), /1 document, 3 annotations and 1 relation can be added/);
  await add(page);
  let file = await exportJson(page);
  const quoteOf = (f, id) => f.annotations.find((a) => a.id === id).fragments[0].quote;
  assert.deepEqual(file.relations.map((r) => [r.type, quoteOf(file, r.source), quoteOf(file, r.target)]), [['source-of', 'said Rama', 'Rama']]);

  // An entity-linking (choice) record: its one span links to the id accepted.
  dialog = await importForReview(page, [jsonl('el.jsonl', [{
    text: TEXT, answer: 'accept', _annotator_id: 'el',
    spans: [end(rama, 'actor')],
    options: [{ id: 'Q1', text: 'Edi Rama' }, { id: 'Q2', text: 'Rama (river)' }],
    accept: ['Q1'],
  }])]);
  await add(page);
  file = await exportJson(page);
  const linked = file.annotations.filter((a) => a.entity);
  assert.deepEqual(linked.map((a) => a.fragments[0].quote), ['Rama'], 'the accepted id is a link, not lost');

  // The link as brat and W3C define it.
  await page.getByRole('button', { name: 'Export as…' }).click();
  const exporter = page.getByRole('dialog', { name: 'Export' });
  /** The file of `format` whose name ends with `extension`, downloaded. */
  const fetch = async (format, extension) => {
    await exporter.getByRole('radio', { name: format }).check();
    // The dialog makes the files of the format chosen: wait for them.
    const button = exporter.getByRole('button', { name: new RegExp(`^Download .*\\${extension}$`) }).first();
    await button.waitFor();
    return downloadFrom(page, exporter, (await button.innerText()).replace(/^Download /, ''));
  };
  const ann = await fetch(/^brat standoff/, '.ann');
  const [, target, reference] = ann.match(/^N\d+\tReference (T\d+) ([^\t\n]+)/m) ?? [];
  assert.ok(target, `an N line in:\n${ann}`);
  assert.match(reference, /Q1\b/);
  const tLine = ann.split('\n').find((l) => l.startsWith(`${target}\t`));
  assert.equal(tLine.split('\t')[2], 'Rama');

  const w3c = JSON.parse(await fetch(/^W3C Web Annotation/, '.jsonld'));
  const identified = w3c.first.items.filter((a) => [a.body].flat().some((b) => b.purpose === 'identifying'));
  assert.deepEqual(identified.map((a) => a.target.selector.find((s) => s.type === 'TextQuoteSelector').exact), ['Rama']);
  const body = [identified[0].body].flat().find((b) => b.purpose === 'identifying');
  // The entity is the body's source, an IRI (a bare id such as Prodigy's
  // gets a stable URN); Scholia's own id rides along for a round trip.
  assert.equal(body.type, 'SpecificResource');
  assert.match(body.source, /^(urn:uuid:|https?:\/\/)/);
  assert.equal(body['scholia:entity'], 'Q1');
  assert.deepEqual(page.errors, []);
  await context.close();
});
