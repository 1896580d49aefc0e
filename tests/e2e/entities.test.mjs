// Entity links as a user makes them: a new entity from the selected mention
// in one key, another mention linked by typing the entity's name, the chain
// of mentions shown and each a jump, unlink and undo; the links in the file.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { annotationItems, documentRegion, exportJson, openApp, saved, tabTo, tagText, useApp } from './harness.mjs';

const app = useApp();
const entity = (page) => page.getByRole('region', { name: 'Entity' });
const chain = (page) => entity(page).getByRole('list', { name: 'Mentions of the entity' });

async function select(page, quote) {
  await annotationItems(page).filter({ hasText: quote }).getByRole('button').first().click();
  await page.getByRole('region', { name: 'Selected annotation' }).getByText(`“${quote}”`).waitFor();
}

test('@ makes an entity of the selected mention; another joins it by name; the chain jumps; unlink and undo', async () => {
  const { page, context } = await openApp(app);
  await tagText(page, 'Edi Rama', '1');
  await tagText(page, 'Albanian Prime Minister', '1');
  await select(page, 'Edi Rama');
  await tabTo(page, documentRegion(page), { back: true });
  await page.keyboard.press('@');
  await entity(page).locator('.entity-name').getByText('Edi Rama', { exact: true }).waitFor();
  assert.equal(await chain(page).getByRole('listitem').count(), 1);

  // The other mention, linked by typing the name (the field offers it).
  await select(page, 'Albanian Prime Minister');
  const field = entity(page).getByLabel('Link to an entity');
  await field.fill('Edi Rama');
  await field.press('Enter');
  await chain(page).getByRole('listitem').nth(1).waitFor();
  assert.deepEqual(await chain(page).getByRole('button').allInnerTexts(), ['Albanian Prime Minister', 'Edi Rama']);
  // A mention of the chain is a jump.
  await chain(page).getByRole('button', { name: 'Edi Rama' }).click();
  await page.getByRole('region', { name: 'Selected annotation' }).getByText('“Edi Rama”').waitFor();
  // The Entities panel lists the document's entities with their mentions, each a jump.
  const panel = page.getByRole('region', { name: 'Entities' });
  await panel.getByRole('heading', { name: 'Entities (1)' }).waitFor();
  // (an entity is named by its name in the library's knowledge base)
  const mentions = panel.getByRole('list', { name: 'Mentions of Edi Rama' });
  assert.deepEqual(await mentions.getByRole('button').allInnerTexts(), ['Albanian Prime Minister', 'Edi Rama']);
  await mentions.getByRole('button', { name: 'Albanian Prime Minister' }).click();
  await page.getByRole('region', { name: 'Selected annotation' }).getByText('“Albanian Prime Minister”').waitFor();
  await saved(page);
  let file = await exportJson(page);
  const linked = file.annotations.map((a) => [a.fragments[0].quote, a.entity ?? null]).sort();
  assert.equal(linked[0][1], linked[1][1]);
  assert.ok(linked[0][1], 'both mentions link to one entity');
  assert.deepEqual(file.entities.map((e) => e.id), [linked[0][1]]);

  // Unlink, then undo it.
  await entity(page).getByRole('button', { name: 'Unlink the entity' }).click();
  await entity(page).getByLabel('Link to an entity').waitFor();
  await page.getByRole('button', { name: 'Undo' }).click();
  await chain(page).getByRole('listitem').nth(1).waitFor();
  await saved(page);
  file = await exportJson(page);
  assert.equal(file.annotations.filter((a) => a.entity).length, 2);
  await context.close();
});
