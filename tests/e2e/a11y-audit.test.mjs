// The accessibility audit: axe-core run on every view and dialog, in both
// themes, under the pages' policy as shipped. Each test collects every
// violation of its views and fails printing them all (rule, impact, help,
// and each element with axe's summary of what is wrong).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { assertNoViolations, auditBothThemes } from './axe.mjs';
import {
  annotationItems, documentRegion, download, exportJson, importFiles, libraryItems, openApp, saved, settled, tabTo, tagText, useApp, waitForDocument, watchErrors,
} from './harness.mjs';
import { writeTeamFiles } from './team-files.mjs';

const app = useApp();
let dir;
before(async () => { dir = await mkdtemp(join(tmpdir(), 'scholia-axe-')); });
after(async () => { await rm(dir, { recursive: true, force: true }); });

const dialog = (page, name) => page.getByRole('dialog', { name });

test('the editing views: first view, selection and details, relations, scheme, label picker, search, shortcuts, guidelines, export, new text', async () => {
  const { page, context } = await openApp(app);
  const found = [];
  await auditBothThemes(page, 'first view', found);

  await tagText(page, 'Edi Rama', 'a');
  await tagText(page, '“undeniable evidence”', 'c');
  await settled(page);
  await auditBothThemes(page, 'an annotation selected, its details', found);

  await page.getByRole('button', { name: 'Link to…' }).click();
  await page.getByRole('status').filter({ hasText: 'Linking from' }).waitFor();
  await auditBothThemes(page, 'linking', found);
  await page.keyboard.press('[');
  await page.keyboard.press('Enter');
  await page.locator('svg.relation-arcs g[data-relation]').waitFor();
  await settled(page);
  await auditBothThemes(page, 'a relation drawn', found);

  await page.getByRole('button', { name: 'Scheme…' }).click();
  await dialog(page, 'Annotation scheme').waitFor();
  await auditBothThemes(page, 'scheme editor', found);
  await dialog(page, 'Annotation scheme').getByRole('button', { name: 'Close' }).click();

  // Two relation types fitting: the chooser.
  await page.getByRole('button', { name: 'Scheme…' }).click();
  await dialog(page, 'Annotation scheme').getByLabel('New relation type').fill('supports');
  await dialog(page, 'Annotation scheme').getByLabel('New relation type').press('Enter');
  await dialog(page, 'Annotation scheme').getByLabel('Name of relation type 4').waitFor();
  await dialog(page, 'Annotation scheme').getByRole('button', { name: 'Close' }).click();
  await tagText(page, '“troubling precedent.”', 'c');
  await page.keyboard.press('>');
  await page.keyboard.press('[');
  await page.keyboard.press('[');
  await page.keyboard.press('Enter');
  await dialog(page, 'Relation type').waitFor();
  await auditBothThemes(page, 'relation type chooser', found);
  await page.keyboard.press('Escape');

  await page.keyboard.press('Control+k');
  await dialog(page, 'Pick a label').waitFor();
  await auditBothThemes(page, 'label picker', found);
  await page.keyboard.press('Escape');

  await page.keyboard.press('Escape');
  await page.keyboard.press('/');
  await page.getByLabel('Search the text').fill('Rama');
  await page.keyboard.press('Enter');
  await settled(page);
  await auditBothThemes(page, 'search with hits', found);
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await dialog(page, 'Keyboard shortcuts').waitFor();
  await auditBothThemes(page, 'shortcuts', found);
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Guidelines', exact: true }).click();
  await dialog(page, 'Guidelines').waitFor();
  await auditBothThemes(page, 'guidelines', found);
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Export as…' }).click();
  await dialog(page, 'Export').waitFor();
  await auditBothThemes(page, 'export dialog', found);
  await page.keyboard.press('Escape');
  await dialog(page, 'Export').waitFor({ state: 'detached' });

  await page.getByRole('button', { name: 'New from text…' }).click();
  await dialog(page, 'New document from text').waitFor();
  await auditBothThemes(page, 'new text dialog', found);
  await page.keyboard.press('Escape');

  assertNoViolations(found);
  await context.close();
});

test('the library: documents, statuses, the trash; an import report; a restore; a read-only tab', async () => {
  const { page, context } = await openApp(app);
  const found = [];
  await importFiles(page, [
    { name: 'done.txt', mimeType: 'text/plain', buffer: Buffer.from('Finished memo\nAll checked.') },
    { name: 'old.txt', mimeType: 'text/plain', buffer: Buffer.from('Old draft\nNot needed.') },
  ]);
  await page.getByRole('heading', { name: 'Old draft' }).waitFor();
  const library = page.getByRole('navigation', { name: 'Library' });
  await library.getByRole('listitem').filter({ hasText: 'Old draft' }).getByRole('button', { name: /to the trash/ }).click();
  await library.locator('summary', { hasText: 'Trash (1)' }).waitFor();
  await library.locator('summary', { hasText: 'Trash (1)' }).click();
  await saved(page);
  await auditBothThemes(page, 'library with trash', found);

  const doccano = [{ text: 'Rama met Basha in Tirana.', label: [[0, 4, 'actor']], user: 'ann' }];
  await importFiles(page, [{ name: 'doccano.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(doccano.map((r) => JSON.stringify(r)).join('\n')) }]);
  const report = page.getByRole('dialog', { name: /^Import/ });
  await report.waitFor();
  await page.waitForFunction(() => !document.querySelector('.import-again'));
  await auditBothThemes(page, 'import report', found);
  await report.getByRole('button', { name: 'Cancel' }).click();

  const backup = await download(page, 'Back up library');
  await library.getByLabel('Restore…').setInputFiles([{ name: backup.name, mimeType: 'application/json', buffer: Buffer.from(backup.text) }]);
  await dialog(page, `Restore “${backup.name}”`).waitFor();
  await auditBothThemes(page, 'restore dialog', found);
  await page.keyboard.press('Escape');

  // A second tab: the read-only banner.
  const second = await context.newPage();
  watchErrors(second);
  await second.goto(app.url);
  await waitForDocument(second);
  await second.locator('[data-banner="read-only"]').waitFor();
  await auditBothThemes(second, 'read-only banner', found);

  assertNoViolations(found);
  await context.close();
});

test('storage banners: storage full', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(app.url).origin, quotaSize: 150_000 });
  await page.goto(app.url);
  await waitForDocument(page);
  await importFiles(page, [{ name: 'big.txt', mimeType: 'text/plain', buffer: Buffer.from(`Big report\n${'The embassy was closed. '.repeat(6000)}`) }]);
  await page.locator('[data-banner="failed"]').waitFor();
  const found = [];
  await auditBothThemes(page, 'storage full', found);
  assertNoViolations(found);
  await context.close();
});

test('storage banners: storage missing', async () => {
  const { page, context } = await openApp(app, {
    beforeStart: () => {
      Object.defineProperty(window, 'indexedDB', {
        get() { throw new DOMException('The user denied permission to access the database.', 'SecurityError'); },
      });
    },
  });
  const found = [];
  await page.locator('[data-banner="unavailable"]').waitFor();
  await auditBothThemes(page, 'storage unavailable', found);
  assertNoViolations(found);
  await context.close();
});

test('an import under way: its progress', async () => {
  const { page, context } = await openApp(app);
  // Big enough (about 40 MB of doccano JSONL) to be read for a while.
  const line = (i) => JSON.stringify({ text: `Document ${i}: ${'Rama met Basha in Tirana. '.repeat(60)}`, label: [[0, 8, 'actor']] });
  const path = join(dir, 'large.jsonl');
  await writeFile(path, Array.from({ length: 25_000 }, (_, i) => line(i)).join('\n'));
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Import', exact: true }).click()]);
  await chooser.setFiles(path);
  await page.locator('[data-import="reading"] progress').waitFor();
  const found = [];
  await auditBothThemes(page, 'import progress', found, '[data-import="reading"]');
  await page.locator('[data-import="reading"]').getByRole('button', { name: 'Cancel' }).click();
  assertNoViolations(found);
  await context.close();
});

test('the team: merge dialog, layers and standings, the adjudication card, the agreement report', async () => {
  const { page, context } = await openApp(app);
  const found = [];
  const base = await exportJson(page);
  const paths = await writeTeamFiles(await mkdtemp(join(dir, 'team-')), base);
  await page.getByRole('button', { name: 'Merge annotators’ files…' }).click();
  const merge = dialog(page, 'Merge annotators’ files');
  await merge.locator('input[type="file"][aria-label="Files to merge"]').setInputFiles(paths);
  await merge.getByRole('table', { name: 'Files to merge' }).locator('tbody tr').nth(2).waitFor();
  await auditBothThemes(page, 'merge dialog', found);
  await merge.getByRole('button', { name: 'Merge', exact: true }).click();
  await page.getByText('Merged 3 files into').waitFor();
  await page.getByRole('list', { name: 'Layers' }).getByRole('listitem').nth(2).waitFor();
  await settled(page);
  await auditBothThemes(page, 'team panel', found);

  await page.keyboard.press(')');
  await page.getByRole('region', { name: 'Disagreement' }).waitFor();
  await settled(page);
  await auditBothThemes(page, 'adjudication card', found);

  await page.getByRole('button', { name: 'Agreement report…' }).click();
  await dialog(page, 'Agreement report').locator('[data-metric]').first().waitFor();
  await auditBothThemes(page, 'agreement report', found);
  await page.keyboard.press('Escape');

  assertNoViolations(found);
  await context.close();
});

test('the sections merged last: suggestions with one current, an entity and its chain, the document labels form and a set', async () => {
  const { page } = await openApp(app);
  const found = [];
  const side = page.getByRole('complementary', { name: 'Panel' });

  // A tagged mention and its repeats, one of them the current suggestion.
  await tagText(page, 'Albania ', 'a');
  await page.getByRole('region', { name: 'Suggestions' }).getByText('3 suggestions').waitFor();
  await page.keyboard.press('.');
  await page.waitForFunction(() => (CSS.highlights.get('sch-sug-current')?.size ?? 0) === 1);
  await auditBothThemes(page, 'suggestions', found);

  // An entity made of the selected annotation: the Entity field, its chain, the Entities section.
  await tagText(page, 'Edi Rama', '1');
  await annotationItems(page).filter({ hasText: 'Edi Rama' }).getByRole('button').first().click();
  await page.getByRole('region', { name: 'Selected annotation' }).getByText('“Edi Rama”').waitFor();
  await tabTo(page, documentRegion(page), { back: true });
  await page.keyboard.press('@');
  await page.getByRole('region', { name: 'Entities' }).getByRole('heading', { name: 'Entities (1)' }).waitFor();
  await auditBothThemes(page, 'entity link and entities', found);
  // The Entities dialog: the library's entities with their mentions, then an entity's form.
  await page.getByRole('button', { name: /All entities of the library/ }).click();
  const entities = dialog(page, 'Entities of the library');
  await entities.getByRole('listitem', { name: 'Edi Rama' }).getByRole('button', { name: 'Edi Rama in' }).waitFor();
  await auditBothThemes(page, 'entities dialog', found);
  await entities.getByRole('button', { name: 'Edit' }).click();
  await entities.getByRole('form', { name: 'Edit Edi Rama' }).waitFor();
  await auditBothThemes(page, 'entity form', found);
  await entities.getByRole('button', { name: 'Close' }).click();
  await entities.waitFor({ state: 'detached' });

  // The document labels: the form that adds a set, then the set's options.
  await side.getByRole('button', { name: 'Add a label set…' }).click();
  await side.getByLabel('Label set name').waitFor();
  await auditBothThemes(page, 'document labels form', found);
  await side.getByLabel('Label set name').fill('Topic');
  await side.getByLabel('Options, separated by commas').fill('politics, economy');
  await side.getByRole('button', { name: 'Add set' }).click();
  await side.getByRole('group', { name: 'Topic' }).getByRole('radio', { name: 'politics' }).check();
  await settled(page);
  await auditBothThemes(page, 'document labels', found);
  // The scheme editor with a document label set to edit.
  await page.getByRole('button', { name: 'Scheme…' }).click();
  await dialog(page, 'Annotation scheme').getByRole('region', { name: 'Document label sets' }).getByLabel('Name of label set 1').waitFor();
  await auditBothThemes(page, 'scheme editor with a label set', found);
  await dialog(page, 'Annotation scheme').getByRole('button', { name: 'Close' }).click();
  assertNoViolations(found);
});
