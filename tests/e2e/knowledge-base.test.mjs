// The library's knowledge base as a user works with it: "Edi Rama" and
// "Rama" linked to one entity from the keyboard, the chain marked in the
// text, the entity linked from another document by type-ahead, its mentions
// across the library found and jumped to from the Entities dialog, two
// entities merged (the links of a document that is not open follow) and
// the merge undone; the base exported, a teammate's imported with its
// conflict shown, and a bad file refused with nothing changed. An entity's
// alias is proposed (matched by the formats' worker), and accepting it links
// the mention to the entity.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  annotationItems, documentRegion, download, exportJson, importFiles, libraryItems, openApp, requestsElsewhere, saved, settled, suggested, tabTo,
  tagText, useApp,
} from './harness.mjs';

const app = useApp();
const MEMO = 'Memo on the talks\nEdi Rama spoke in Tirana. Later, Rama met Basha. Basha left early.\n';
const entityRegion = (page) => page.getByRole('region', { name: 'Entity' });
const selectedRegion = (page) => page.getByRole('region', { name: 'Selected annotation' });
const entitiesDialog = (page) => page.getByRole('dialog', { name: 'Entities of the library' });

async function select(page, quote) {
  const exactly = page.locator('.quote').getByText(quote, { exact: true });
  await annotationItems(page).filter({ has: exactly }).getByRole('button').first().click();
  await selectedRegion(page).getByText(`“${quote}”`).waitFor();
}

/** Makes an entity of the selected annotation with `@`, from the text. */
async function newEntity(page, name) {
  await tabTo(page, documentRegion(page), { back: true });
  await page.keyboard.press('@');
  await entityRegion(page).locator('.entity-name').getByText(name, { exact: true }).waitFor();
}

/** Links the selected annotation by typing in the Entity field, from the keyboard. */
async function linkByTyping(page, typed) {
  const field = entityRegion(page).getByLabel('Link to an entity');
  await tabTo(page, field);
  await page.keyboard.type(typed);
  await page.keyboard.press('Enter');
  await entityRegion(page).getByRole('button', { name: 'Unlink the entity' }).waitFor();
}

async function openEntities(page) {
  await page.getByRole('button', { name: /All entities of the library/ }).click();
  await entitiesDialog(page).waitFor();
}

const entityItem = (page, name) => entitiesDialog(page).getByRole('listitem', { name, exact: true });

/** Opens the Entities dialog and edits an entity's aliases (and external ids) in its form. */
async function editEntity(page, name, { aliases, ids }) {
  await openEntities(page);
  await entityItem(page, name).getByRole('button', { name: 'Edit' }).click();
  const form = entitiesDialog(page).getByRole('form', { name: `Edit ${name}` });
  await form.getByLabel('Aliases (one a line)').fill(aliases);
  if (ids) await form.getByLabel(/External ids/).fill(ids);
  await form.getByRole('button', { name: 'Save' }).click();
}

test('Edi Rama and Rama are one entity: the chain in the text, a link from another document, the mentions across the library, merge and undo', async () => {
  const { page, context } = await openApp(app);
  await importFiles(page, [{ name: 'memo.txt', mimeType: 'text/plain', buffer: Buffer.from(MEMO) }]);
  await page.getByRole('heading', { level: 1, name: 'Memo on the talks' }).waitFor();
  await tagText(page, 'Edi Rama', '1');
  await tagText(page, 'Rama', '1', { nth: 1 });
  await tagText(page, 'Basha', '1');

  // "@" on Edi Rama; "Rama" joins it by typing part of its name.
  await select(page, 'Edi Rama');
  await newEntity(page, 'Edi Rama');
  await select(page, 'Rama');
  await linkByTyping(page, 'Edi');
  await entityRegion(page).getByRole('list', { name: 'Mentions of the entity' }).getByRole('listitem').nth(1).waitFor();

  // The chain in the text: with Rama selected, the other mention (Edi Rama) is marked.
  // (the marks are StaticRanges: their text is read through a live Range)
  const chainMarked = (expected) => page.waitForFunction((expected) => {
    const text = (s) => {
      const range = document.createRange();
      range.setStart(s.startContainer, s.startOffset);
      range.setEnd(s.endContainer, s.endOffset);
      return range.toString();
    };
    return [...(CSS.highlights.get('sch-chain') ?? [])].map(text).join('|') === expected;
  }, expected);
  await chainMarked('Edi Rama');
  await page.locator('article[aria-label="Document"] p').nth(1).screenshot({ path: new URL('./output/entity-chain.png', import.meta.url).pathname });
  await select(page, 'Edi Rama');
  await chainMarked('Rama');
  // An annotation of no entity marks no chain.
  await select(page, 'Basha');
  await page.waitForFunction(() => (CSS.highlights.get('sch-chain')?.size ?? 0) === 0);
  await newEntity(page, 'Basha');

  // In the other document, the entity is offered by type-ahead (an alias-free part of its name).
  await libraryItems(page).filter({ hasText: 'Albanian special forces' }).getByRole('button').first().click();
  await page.getByRole('heading', { level: 1, name: /Albanian special forces/ }).waitFor();
  await tagText(page, 'Edi Rama', '1');
  await select(page, 'Edi Rama');
  const offered = await entityRegion(page).locator('datalist option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(offered, ['Basha (e2)', 'Edi Rama (e1)']);
  await linkByTyping(page, 'Rama');
  await saved(page);

  // The Entities dialog: Edi Rama's three mentions in two documents.
  await openEntities(page);
  const rama = entityItem(page, 'Edi Rama');
  await rama.getByText('3 mentions in 2 documents').waitFor();
  await entityItem(page, 'Basha').getByText('1 mention in 1 document').waitFor();
  await entitiesDialog(page).screenshot({ path: new URL('./output/entities-dialog.png', import.meta.url).pathname });
  // The search finds it by part of a name, and by id.
  const search = entitiesDialog(page).getByLabel('Search entities by name, alias or id');
  await search.fill('bash');
  await entitiesDialog(page).getByText('1 of 2 entities').waitFor();
  await search.fill('e1');
  await entityItem(page, 'Edi Rama').waitFor();
  assert.equal(await entityItem(page, 'Basha').count(), 0);
  await search.fill('');
  // A mention in the memo: it opens and the mention is selected.
  await rama.getByRole('button', { name: 'Rama in Memo on the talks', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Memo on the talks' }).waitFor();
  await selectedRegion(page).getByText('“Rama”').waitFor();
  assert.equal(await entitiesDialog(page).count(), 0);

  // Back in the article, merge Basha (mentioned only in the memo) into Edi Rama.
  await libraryItems(page).filter({ hasText: 'Albanian special forces' }).getByRole('button').first().click();
  await page.getByRole('heading', { level: 1, name: /Albanian special forces/ }).waitFor();
  await openEntities(page);
  await entityItem(page, 'Basha').getByLabel('Entity to merge Basha into').selectOption('e1');
  await entityItem(page, 'Basha').getByRole('button', { name: 'Merge into' }).click();
  await entitiesDialog(page).getByText('1 of 1 entity').waitFor();
  await entityItem(page, 'Edi Rama').getByText('4 mentions in 2 documents').waitFor();
  await entityItem(page, 'Edi Rama').getByText('Basha', { exact: false }).first().waitFor();

  // One undo takes the merge back, in the memo too.
  await entitiesDialog(page).getByRole('button', { name: 'Close' }).click();
  await entitiesDialog(page).waitFor({ state: 'detached' });
  await tabTo(page, documentRegion(page), { back: true });
  await page.keyboard.press('Control+z');
  await page.getByText('Undone: Merged “Basha” into “Edi Rama”.').waitFor();
  await openEntities(page);
  await entitiesDialog(page).getByText('2 of 2 entities').waitFor();
  await entityItem(page, 'Basha').getByText('1 mention in 1 document').waitFor();
  await entityItem(page, 'Edi Rama').getByText('3 mentions in 2 documents').waitFor();
  await entitiesDialog(page).getByRole('button', { name: 'Close' }).click();
  await saved(page);

  // The base outlives a reload, and so do the memo's links.
  await page.reload();
  await page.getByRole('heading', { level: 1, name: /Albanian special forces/ }).waitFor();
  await openEntities(page);
  await entityItem(page, 'Basha').getByText('1 mention in 1 document').waitFor();
  await context.close();
});

test('the base exports as JSON, CSV and TSV; a teammate’s merges with its conflict shown; a bad file changes nothing', async () => {
  const { page, context } = await openApp(app);
  await tagText(page, 'Edi Rama', '1');
  await select(page, 'Edi Rama');
  await newEntity(page, 'Edi Rama');
  // Edit it: an alias and a Wikidata id.
  await editEntity(page, 'Edi Rama', { aliases: 'Rama\nthe Prime Minister', ids: 'Q381159' });
  await entityItem(page, 'Edi Rama').getByText(/Rama, the Prime Minister · Q381159/).waitFor();

  // A document's own file carries its entities' names, aliases and ids, and
  // another browser that opens it takes them into its library.
  await entitiesDialog(page).getByRole('button', { name: 'Close' }).click();
  await saved(page);
  const documentFile = await exportJson(page);
  assert.deepEqual(documentFile.entities, [{
    id: 'e1', name: 'Edi Rama', type: 'actor', aliases: ['Rama', 'the Prime Minister'], externalIds: ['Q381159'],
  }]);
  const other = await openApp(app);
  await importFiles(other.page, [{ name: 'article.scholia.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(documentFile)) }]);
  await openEntities(other.page);
  await entityItem(other.page, 'Edi Rama').getByText(/Rama, the Prime Minister · Q381159/).waitFor();
  await entityItem(other.page, 'Edi Rama').getByText('1 mention in 1 document').waitFor();
  await other.context.close();
  await openEntities(page);

  const json = await download(page, 'Export the base as JSON');
  assert.equal(json.name, 'scholia-knowledge-base.json');
  const file = JSON.parse(json.text);
  assert.equal(file.format, 'scholia-kb');
  assert.deepEqual(file.entities, [{
    id: 'e1', name: 'Edi Rama', type: 'actor', aliases: ['Rama', 'the Prime Minister'], externalIds: ['Q381159'],
  }]);
  const csv = await download(page, 'Export as CSV');
  assert.equal(csv.text.split('\n')[1], 'e1,Edi Rama,actor,Rama | the Prime Minister,,Q381159');
  const tsv = await download(page, 'Export as TSV');
  assert.equal(tsv.text.split('\n')[1], 'e1\tEdi Rama\tactor\tRama | the Prime Minister\t\tQ381159');

  // A teammate's base: the same person by Wikidata id (typed as a place, a
  // conflict: ours is kept), and someone new.
  const theirs = {
    format: 'scholia-kb', version: 1, name: 'teammate',
    entities: [
      { id: 'p7', name: 'Rama, Edi', type: 'place', externalIds: ['Q381159'] },
      { id: 'p8', name: 'Lulzim Basha', type: 'actor' },
    ],
  };
  const importInput = entitiesDialog(page).locator('input[type=file]');
  await importInput.setInputFiles({ name: 'teammate.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(theirs)) });
  const conflicts = entitiesDialog(page).getByRole('region', { name: 'Conflicts' });
  await conflicts.getByText(/type is .place. where ours is .actor.: ours is kept/).waitFor();
  await entitiesDialog(page).getByText('2 of 2 entities').waitFor();
  await entityItem(page, 'Edi Rama').getByText(/Rama, Edi/).waitFor();
  await entityItem(page, 'Edi Rama').getByText(/^Actor · /).waitFor();
  await entityItem(page, 'Lulzim Basha').waitFor();

  // A bad file: the message names the file, the record and the field; nothing changes.
  const bad = { format: 'scholia-kb', version: 1, entities: [{ id: 'x1', name: 'Ilir Meta' }, { id: 'x2', name: '' }] };
  await importInput.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  const message = page.getByRole('alert').filter({ hasText: 'broken.json' });
  await message.waitFor();
  const said = await message.innerText();
  assert.match(said, /entities\[1\]/);
  assert.match(said, /name/);
  await entitiesDialog(page).getByText('2 of 2 entities').waitFor();
  const badCsv = 'id,name,colour\ne9,Someone,red\n';
  await importInput.setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from(badCsv) });
  await page.getByRole('alert').filter({ hasText: 'broken.csv' }).waitFor();
  assert.match(await page.getByRole('alert').filter({ hasText: 'broken.csv' }).innerText(), /colour/);
  await settled(page);
  assert.equal(await entitiesDialog(page).getByRole('listitem', { name: 'Someone' }).count(), 0);
  await entitiesDialog(page).getByText('2 of 2 entities').waitFor();
  await context.close();
});

test('without the CSS Highlight API the chain is marked on the fallback\'s boxes', async () => {
  const { page, context } = await openApp(app, { beforeStart: () => { delete CSS.highlights; } });
  assert.equal(await page.locator('[data-highlighter]').getAttribute('data-highlighter'), 'overlay');
  await importFiles(page, [{ name: 'memo.txt', mimeType: 'text/plain', buffer: Buffer.from(MEMO) }]);
  await page.getByRole('heading', { level: 1, name: 'Memo on the talks' }).waitFor();
  await tagText(page, 'Edi Rama', '1');
  await tagText(page, 'Rama', '1', { nth: 1 });
  await select(page, 'Edi Rama');
  await newEntity(page, 'Edi Rama');
  await select(page, 'Rama');
  await linkByTyping(page, 'Edi Rama');
  // One annotation's boxes (Edi Rama's) are the chain's; none once nothing is selected.
  await page.waitForFunction(() => document.querySelectorAll('.hl-box.chain').length === 1);
  const marked = await page.locator('.hl-box.chain').evaluate((b) => b.getBoundingClientRect().width);
  assert.ok(marked > 10, `the chain's box has a width (${marked})`);
  await tabTo(page, documentRegion(page), { back: true });
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.querySelectorAll('.hl-box.chain').length === 0);
  await context.close();
});

test('an entity’s alias is proposed as a term, and accepting it by keyboard links the mention to the entity', async () => {
  const { page, context } = await openApp(app);
  const elsewhere = requestsElsewhere(page, app);
  await importFiles(page, [{ name: 'memo.txt', mimeType: 'text/plain', buffer: Buffer.from(MEMO) }]);
  await page.getByRole('heading', { level: 1, name: 'Memo on the talks' }).waitFor();
  await tagText(page, 'Edi Rama', '1');
  await select(page, 'Edi Rama');
  await newEntity(page, 'Edi Rama');
  await editEntity(page, 'Edi Rama', { aliases: 'Rama' });
  await entityItem(page, 'Edi Rama').getByText(/Rama/).first().waitFor();
  await entitiesDialog(page).getByRole('button', { name: 'Close' }).click();

  // “Rama” in “Later, Rama met Basha” (not the one inside the tagged “Edi
  // Rama”), proposed by the library's entities through the term source.
  await suggested(page, 1);
  const row = page.locator('.suggestion-list li');
  assert.equal(await row.locator('.suggestion-text').textContent(), 'Rama');
  assert.equal(await row.locator('.suggestion-source').textContent(), 'terms');
  // Stepped to and accepted from the text.
  await tabTo(page, documentRegion(page), { back: true });
  await page.keyboard.press('.');
  await page.waitForFunction(() => (CSS.highlights.get('sch-sug-current')?.size ?? 0) === 1);
  await page.keyboard.press(';');
  await suggested(page, 0);
  await select(page, 'Rama');
  await entityRegion(page).locator('.entity-name').getByText('Edi Rama', { exact: true }).waitFor();
  await saved(page);
  const file = await exportJson(page);
  const rama = file.annotations.find((a) => a.fragments[0].quote === 'Rama');
  assert.ok(rama, 'the accepted mention is exported');
  assert.equal(rama.entity, 'e1');
  assert.deepEqual(elsewhere, [], 'no request beyond the local server');
  await context.close();
});

