// Relations end to end: drawn with the mouse and with the keyboard, only
// between the labels the scheme allows, shown as arcs beside (never inside)
// the document, listed in the panel, removed with their annotation and
// restored by undo.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  annotationItems, clickText, exportJson, labelled, listed, openApp, saved, settled, tagText, useApp,
} from './harness.mjs';

const app = useApp();

/** Tags the three spans the tests link: an actor, an event and a claim. */
async function threeSpans(page) {
  await tagText(page, 'Edi Rama', '1');
  await tagText(page, 'cyberattack', '2', { nth: 1 });
  await tagText(page, '“undeniable evidence”', '3');
  await listed(page, 3);
}

const relationsOf = (file) => file.relations.map((r) => {
  const quote = (id) => file.annotations.find((a) => a.id === id).fragments[0].quote;
  return [r.type, quote(r.source), quote(r.target)];
});

/** The arcs drawn, as [data-type, label]. */
const arcs = (page) => page.locator('svg.relation-arcs g[data-relation]').evaluateAll(
  (gs) => gs.map((g) => [g.dataset.type, g.querySelector('text').textContent]),
);

test('mouse: select the source, press Link to…, click the target; the arc is drawn outside the document', async () => {
  // Wide enough that "Edi Rama … “undeniable evidence”" fits on one line.
  const { page, context } = await openApp(app, { viewport: { width: 1600, height: 1000 } });
  await page.evaluate(() => {
    window.mutations = 0;
    new MutationObserver((records) => { window.mutations += records.length; })
      .observe(document.querySelector('article[aria-label="Document"]'), { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await threeSpans(page);
  // The claim is selected (just tagged): link it to the actor.
  await page.getByRole('button', { name: 'Link to…' }).click();
  await page.getByRole('status').filter({ hasText: 'Linking from ““undeniable evidence””' }).waitFor();
  assert.ok(await page.locator('.document-page.linking').count(), 'the page shows it is linking');
  await clickText(page, 'Edi Rama');
  await page.locator('svg.relation-arcs g[data-relation]').waitFor();
  assert.deepEqual(await arcs(page), [['source-of', 'source of']]);
  // Listed in the panel of the selected (source) annotation, and in the list.
  const relations = page.getByRole('list', { name: 'Relations' }).getByRole('listitem');
  assert.match(await relations.first().innerText(), /source of →\s+Edi Rama/);
  assert.match(await annotationItems(page).filter({ hasText: 'Edi Rama' }).innerText(), /↔1/);
  // The arc starts above the claim and ends above Edi Rama.
  const geometry = await page.evaluate(() => {
    const path = document.querySelector('svg.relation-arcs g[data-relation] path').getBoundingClientRect();
    const find = (needle) => {
      for (const p of document.querySelectorAll('article p')) {
        const at = p.textContent.indexOf(needle);
        if (at >= 0) {
          const r = document.createRange();
          r.setStart(p.firstChild, at);
          r.setEnd(p.firstChild, at + needle.length);
          return r.getBoundingClientRect();
        }
      }
      return null;
    };
    return { path: path.toJSON(), rama: find('Edi Rama').toJSON(), claim: find('“undeniable evidence”').toJSON() };
  });
  assert.ok(geometry.path.left <= geometry.rama.right && geometry.path.right >= geometry.claim.left, JSON.stringify(geometry));
  assert.ok(geometry.path.bottom <= geometry.rama.top + 6, 'the arc runs above the line');

  // A pair the scheme does not allow (event → actor) is refused, and linking goes on.
  await clickText(page, 'cyberattack', { nth: 1 });
  await page.getByRole('button', { name: 'Link to…' }).click();
  await clickText(page, 'Edi Rama');
  await page.getByRole('alert').filter({ hasText: 'No relation type of the scheme links Event to Actor' }).waitFor();
  // event → claim is not allowed either; Escape cancels.
  await page.keyboard.press('Escape');
  await settled(page); // Escape handled and shown
  assert.equal(await page.locator('.document-page.linking').count(), 0);
  // actor → event: "participant".
  await clickText(page, 'Edi Rama');
  await page.getByRole('button', { name: 'Link to…' }).click();
  await clickText(page, 'cyberattack', { nth: 1 });
  await page.waitForFunction(() => document.querySelectorAll('svg.relation-arcs g[data-relation]').length === 2);

  await saved(page);
  const file = await exportJson(page);
  assert.deepEqual(relationsOf(file).sort(), [
    ['participant', 'Edi Rama', 'cyberattack'],
    ['source-of', '“undeniable evidence”', 'Edi Rama'],
  ]);
  assert.equal(await page.evaluate(() => window.mutations), 0, 'no mutation in the Document region');
  await page.screenshot({ path: new URL('./output/relations.png', import.meta.url).pathname });
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('keyboard: > starts a link from the selected annotation, ] [ choose the target, Enter links', async () => {
  const { page, context } = await openApp(app);
  await threeSpans(page);
  // The claim is selected; ] and [ step through the list in document order.
  await page.keyboard.press('>');
  await page.getByRole('status').filter({ hasText: 'Linking from' }).waitFor();
  // Document order: cyberattack, Edi Rama, claim. From the claim, ] wraps to cyberattack.
  await page.keyboard.press(']');
  await page.keyboard.press(']');
  await settled(page); // both keys handled and shown
  assert.equal(await annotationItems(page).filter({ hasText: 'Edi Rama' }).getAttribute('aria-selected'), 'true');
  await page.keyboard.press('Enter');
  await page.locator('svg.relation-arcs g[data-relation]').waitFor();
  // The claim about the event: select the claim, >, [ [, Enter.
  await page.keyboard.press('>');
  await page.keyboard.press('[');
  await page.keyboard.press('[');
  await settled(page); // both keys handled and shown
  assert.equal(await annotationItems(page).filter({ hasText: 'cyberattack' }).getAttribute('aria-selected'), 'true');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('svg.relation-arcs g[data-relation]').length === 2);
  await saved(page);
  const file = await exportJson(page);
  assert.deepEqual(relationsOf(file).sort(), [
    ['about', '“undeniable evidence”', 'cyberattack'],
    ['source-of', '“undeniable evidence”', 'Edi Rama'],
  ]);
  await context.close();
});

test('deleting an annotation deletes its relations; undo restores both, redo removes both again', async () => {
  const { page, context } = await openApp(app);
  await threeSpans(page);
  await page.keyboard.press('>');
  await page.keyboard.press(']');
  await page.keyboard.press(']');
  await page.keyboard.press('Enter');
  await page.locator('svg.relation-arcs g[data-relation]').waitFor();
  await saved(page);
  const linked = await exportJson(page);
  assert.equal(linked.relations.length, 1);

  // Delete Edi Rama, the target.
  await clickText(page, 'Edi Rama');
  await page.keyboard.press('Delete');
  await listed(page, 2);
  await page.waitForFunction(() => document.querySelectorAll('svg.relation-arcs g[data-relation]').length === 0);
  await saved(page);
  const deleted = await exportJson(page);
  assert.equal(deleted.relations.length, 0);
  assert.deepEqual(labelled(deleted).sort(), [['claim', '“undeniable evidence”'], ['event', 'cyberattack']]);

  await page.keyboard.press('Control+z');
  await listed(page, 3);
  await page.locator('svg.relation-arcs g[data-relation]').waitFor();
  await saved(page);
  const restored = await exportJson(page);
  assert.deepEqual(restored.annotations, linked.annotations);
  assert.deepEqual(restored.relations, linked.relations);

  await page.keyboard.press('Control+Shift+z');
  await listed(page, 2);
  await saved(page);
  assert.deepEqual((await exportJson(page)).relations, []);
  // Removing just the relation from the panel, and undoing that.
  await page.keyboard.press('Control+y'); // nothing more to redo: no change
  await page.getByRole('button', { name: 'Undo' }).click();
  await listed(page, 3);
  await clickText(page, 'Edi Rama');
  await page.getByRole('list', { name: 'Relations' }).getByRole('button', { name: 'Remove relation' }).click();
  await page.waitForFunction(() => document.querySelectorAll('svg.relation-arcs g[data-relation]').length === 0);
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.locator('svg.relation-arcs g[data-relation]').waitFor();
  await context.close();
});

test('when several relation types fit, a choice is offered (digits or clicks)', async () => {
  const { page, context } = await openApp(app);
  await page.getByRole('button', { name: 'Scheme…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Annotation scheme' });
  for (const name of ['contradicts', 'supports']) {
    await dialog.getByLabel('New relation type').fill(name);
    await dialog.getByLabel('New relation type').press('Enter');
    await dialog.getByLabel(`Name of relation type ${name === 'contradicts' ? 4 : 5}`).waitFor();
  }
  await dialog.getByRole('button', { name: 'Close' }).click();
  await tagText(page, '“undeniable evidence”', '3');
  await tagText(page, '“troubling precedent.”', '3');
  // From the second claim to the first: two types fit (both link any labels).
  await page.keyboard.press('>');
  await page.keyboard.press('[');
  await page.keyboard.press('Enter');
  const chooser = page.getByRole('dialog', { name: 'Relation type' });
  await chooser.waitFor();
  assert.deepEqual(await chooser.getByRole('button').filter({ hasNotText: '×' }).allInnerTexts(), ['1 contradicts', '2 supports']);
  await page.keyboard.press('2');
  await page.locator('svg.relation-arcs g[data-type="supports"]').waitFor();
  await saved(page);
  assert.deepEqual(relationsOf(await exportJson(page)), [['supports', '“troubling precedent.”', '“undeniable evidence”']]);
  await context.close();
});
