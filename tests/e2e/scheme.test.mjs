// Annotation schemes end to end: editing labels, relation types and
// attributes (by mouse and by keyboard), hotkeys, a brat-sized scheme with a
// type-ahead label picker, scheme files exported and imported (validated
// against docs/scholia-scheme-1.schema.json), and readable colours in the
// light and the dark theme.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  annotationItems, download, dragSelect, exportJson, importFiles, labelled, listed, openApp, saved, settled,
  tabTo, tagText, useApp,
} from './harness.mjs';
import { assertValidAgainst } from './schema.mjs';

const app = useApp();
const editor = (page) => page.getByRole('dialog', { name: 'Annotation scheme' });
const labelButtons = (page) => page.getByRole('group', { name: 'Labels' }).getByRole('button');

async function openEditor(page) {
  await page.getByRole('button', { name: 'Scheme…' }).click();
  await editor(page).waitFor();
}

/** Fills a field of the editor and commits it (Enter fires `change`). */
async function set(page, label, value) {
  const field = editor(page).getByLabel(label, { exact: true });
  await field.fill(value);
  await field.press('Enter');
}

test('labels: add, rename, recolour, describe, set a hotkey, reorder, remove (with its annotations, undoable)', async () => {
  const { page, context } = await openApp(app);
  await tagText(page, 'Edi Rama', '1');
  await openEditor(page);
  await set(page, 'New label', 'Place');
  await editor(page).getByLabel('Name of label 4').waitFor();
  assert.equal(await editor(page).getByLabel('Name of label 4').inputValue(), 'Place');
  await set(page, 'Hotkey of Place', 'p');
  await set(page, 'Description of Place', 'A named place.');
  await editor(page).getByLabel('Colour of Place').fill('#8b4513');
  await editor(page).getByRole('button', { name: 'Move Place up' }).click();
  await set(page, 'Name of label 1', 'Person');
  // A hotkey another label has, or one of the app's own keys, is refused with a reason.
  await set(page, 'Hotkey of Event', 'p');
  await page.getByRole('alert').filter({ hasText: 'The hotkey of Event cannot be “p”: “p” already tags as “Place”.' }).waitFor();
  await set(page, 'Hotkey of Event', '[');
  await page.getByRole('alert').filter({ hasText: 'is one of the app\'s own keys' }).waitFor();
  await editor(page).getByRole('button', { name: 'Close' }).click();
  // The toolbar follows: order, names, keys.
  assert.deepEqual(await labelButtons(page).allInnerTexts(), ['Person\n1', 'Event\n2', 'Place\n3', 'Claim\n4', 'Label…']);
  assert.equal(await labelButtons(page).nth(2).getAttribute('title'), 'A named place. (3 or P)');
  await tagText(page, 'Tirana', 'p');
  await saved(page);
  let file = await exportJson(page);
  assert.deepEqual(file.scheme.labels.map((l) => [l.name, l.color, l.hotkey ?? null]), [
    ['Person', '#1f77b4', 'a'], ['Event', '#e07b00', 'e'], ['Place', '#8b4513', 'p'], ['Claim', '#2ca02c', 'c'],
  ]);
  assert.deepEqual(labelled(file), [['place', 'Tirana'], ['actor', 'Edi Rama']]);
  // Removing a label in use asks first, then takes its annotations; undo brings both back.
  await openEditor(page);
  await editor(page).getByRole('button', { name: 'Remove Place', exact: true }).click();
  await editor(page).getByRole('button', { name: 'Remove Place and its 1 annotations' }).click();
  await editor(page).getByLabel('Name of label 3').waitFor();
  assert.equal(await editor(page).getByLabel('Name of label 3').inputValue(), 'Claim');
  await page.getByRole('status').filter({ hasText: 'Removed 1 annotation that no longer fit the scheme' }).waitFor();
  await editor(page).getByRole('button', { name: 'Close' }).click();
  await listed(page, 1);
  await page.keyboard.press('Control+z');
  await listed(page, 2);
  await saved(page);
  file = await exportJson(page);
  assert.equal(file.scheme.labels[2].name, 'Place');
  await context.close();
});

test('relation types and attributes: which labels they link or apply to, kinds and values', async () => {
  const { page, context } = await openApp(app);
  await openEditor(page);
  await set(page, 'New relation type', 'located in');
  const from = editor(page).getByLabel('From (located in): any');
  await from.click();
  await editor(page).getByRole('group', { name: 'From (located in)' }).getByLabel('Event').check();
  await editor(page).getByLabel('To (located in): any').click();
  await editor(page).getByRole('group', { name: 'To (located in)' }).getByLabel('Actor').check();
  await set(page, 'New attribute', 'Certainty');
  await editor(page).getByLabel('Kind of Certainty').selectOption('choice');
  await set(page, 'Values of Certainty (separated by commas)', 'low, high');
  await editor(page).getByLabel('For (Certainty): any').click();
  await editor(page).getByRole('group', { name: 'For (Certainty)' }).getByLabel('Event').check();
  await editor(page).getByRole('button', { name: 'Move Certainty up' }).click();
  await editor(page).getByRole('button', { name: 'Remove Negated' }).click();
  await editor(page).getByRole('button', { name: 'Close' }).click();
  await saved(page);
  const file = await exportJson(page);
  const kind = file.scheme.relationTypes.find((r) => r.name === 'located in');
  assert.deepEqual([kind.sourceLabels, kind.targetLabels], [['event'], ['actor']]);
  // Certainty moved above Negated, then Negated removed.
  assert.deepEqual(file.scheme.attributes.map((a) => [a.name, a.type, a.values ?? [], a.appliesTo]), [
    ['Status', 'choice', ['verified', 'disputed', 'false'], ['claim']],
    ['Certainty', 'choice', ['low', 'high'], ['event']],
  ]);
  // The event's panel offers the new attribute; an event can now be located in an actor.
  await tagText(page, 'cyberattack', '2', { nth: 1 });
  await page.getByRole('region', { name: 'Selected annotation' }).getByLabel('Certainty').selectOption('high');
  await tagText(page, 'Tirana', '1');
  await page.keyboard.press('[');
  await page.keyboard.press('>');
  await page.keyboard.press(']');
  await page.keyboard.press('Enter');
  await page.locator('svg.relation-arcs g[data-type="located-in"]').waitFor();
  await saved(page);
  const after = await exportJson(page);
  assert.deepEqual(after.annotations.find((a) => a.label === 'event').attributes, { certainty: 'high' });
  await context.close();
});

test('keyboard: the scheme editor is all fields and buttons; a new label and its hotkey, by keys alone', async () => {
  const { page, context } = await openApp(app);
  // From the freshly loaded page (nothing focused), Tab to the toolbar's button.
  await tabTo(page, page.getByRole('button', { name: 'Scheme…' }));
  await page.keyboard.press('Enter');
  await editor(page).waitFor();
  // Focus starts on the first field; Shift+Tab from the first label field
  // goes nowhere useful, so walk forward to "New label".
  for (let i = 0; i < 60; i++) {
    if (await page.evaluate(() => document.activeElement.getAttribute('aria-label')) === 'New label') break;
    await page.keyboard.press('Tab');
  }
  await page.keyboard.type('Weapon');
  await page.keyboard.press('Enter');
  await editor(page).getByLabel('Hotkey of Weapon').waitFor();
  for (let i = 0; i < 60; i++) {
    if (await page.evaluate(() => document.activeElement.getAttribute('aria-label')) === 'Hotkey of Weapon') break;
    await page.keyboard.press('Shift+Tab');
  }
  await page.keyboard.type('w');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await editor(page).waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Document');
  await page.keyboard.press('Control+Shift+ArrowRight');
  await page.keyboard.press('w');
  await annotationItems(page).first().waitFor();
  assert.match(await annotationItems(page).first().innerText(), /Weapon\s+Albanian/);
  await context.close();
});

test('a scheme file: exported on its own (valid), imported elsewhere keeping labels in use; bad files refused', async () => {
  const first = await openApp(app);
  await openEditor(first.page);
  await set(first.page, 'New label', 'Weapon');
  await set(first.page, 'Hotkey of Weapon', 'w');
  const { name, text } = await download(first.page, 'Export scheme');
  assert.equal(name, 'albanian-special-forces-police-forced-the-door.scheme.json');
  const scheme = JSON.parse(text);
  assertValidAgainst('scholia-scheme-1.schema.json', scheme);
  assert.equal(scheme.format, 'scholia-scheme');
  assert.deepEqual(scheme.labels.map((l) => l.name), ['Actor', 'Event', 'Claim', 'Weapon']);
  await first.context.close();

  // A teammate has tagged a claim, and takes the team's scheme without Claim.
  const second = await openApp(app);
  await tagText(second.page, '“undeniable evidence”', '3');
  const team = structuredClone(scheme);
  team.labels = team.labels.filter((l) => l.id !== 'claim');
  team.relationTypes = team.relationTypes.filter((r) => !r.sourceLabels.includes('claim'));
  team.attributes = team.attributes.filter((a) => !a.appliesTo.includes('claim'));
  await openEditor(second.page);
  const [chooser] = await Promise.all([
    second.page.waitForEvent('filechooser'),
    editor(second.page).getByText('Import scheme').click(),
  ]);
  await chooser.setFiles([{ name: 'team.scheme.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(team)) }]);
  await second.page.getByRole('status').filter({ hasText: 'The scheme from team.scheme.json is in use. Kept because annotations use them: Claim.' }).waitFor();
  await editor(second.page).getByRole('button', { name: 'Close' }).click();
  await settled(second.page); // the input handled and shown before the read
  assert.deepEqual(await labelButtons(second.page).allInnerTexts(), ['Actor\n1', 'Event\n2', 'Weapon\n3', 'Claim\n4', 'Label…']);
  await listed(second.page, 1);
  // One undo step puts the old scheme back.
  await second.page.keyboard.press('Control+z');
  await second.page.waitForFunction(() => document.querySelectorAll('.labels .label-button').length === 4);

  // A malformed scheme file: refused, naming the file and the field; nothing changes.
  const broken = structuredClone(scheme);
  broken.labels[1].color = 'orange';
  await openEditor(second.page);
  const [again] = await Promise.all([
    second.page.waitForEvent('filechooser'),
    editor(second.page).getByText('Import scheme').click(),
  ]);
  await again.setFiles([{ name: 'broken.scheme.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) }]);
  await second.page.getByRole('alert').filter({ hasText: 'Could not import the scheme: broken.scheme.json, field “labels[1].color”: the colour “orange” is not written #rrggbb' }).waitFor();
  await editor(second.page).getByRole('button', { name: 'Close' }).click();
  await settled(second.page); // the input handled and shown before the read
  assert.equal(await labelButtons(second.page).count(), 4);
  await second.context.close();
});

test('the scheme travels with the annotations in the JSON export', async () => {
  const first = await openApp(app);
  await openEditor(first.page);
  await set(first.page, 'New label', 'Weapon');
  await editor(first.page).getByRole('button', { name: 'Close' }).click();
  await tagText(first.page, 'empty barrel', '4');
  await saved(first.page);
  const file = await exportJson(first.page);
  await first.context.close();
  const second = await openApp(app);
  await importFiles(second.page, [{ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) }]);
  await listed(second.page, 1);
  assert.match(await annotationItems(second.page).first().innerText(), /Weapon\s+empty barrel/);
  assert.deepEqual((await labelButtons(second.page).allInnerTexts()).at(3), 'Weapon\n4');
  await second.context.close();
});

test('dozens of labels: the first nine and hotkeyed ones as buttons, the rest by a type-ahead picker', async () => {
  const { page, context } = await openApp(app);
  const labels = Array.from({ length: 40 }, (_, i) => ({
    id: `t${i}`, name: `Type ${String(i).padStart(2, '0')}`, color: `#${(0x203040 + i * 0x0a0503).toString(16).slice(-6)}`,
    ...(i === 25 ? { hotkey: 'q' } : {}),
  }));
  labels[30].name = 'Organisation';
  const big = { format: 'scholia-scheme', version: 1, labels };
  assertValidAgainst('scholia-scheme-1.schema.json', big);
  await openEditor(page);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), editor(page).getByText('Import scheme').click()]);
  await chooser.setFiles([{ name: 'brat.scheme.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(big)) }]);
  // The team's scheme replaces the default one (no annotation uses Actor, Event or Claim).
  await editor(page).getByRole('heading', { name: 'Labels (40)' }).waitFor();
  await editor(page).getByRole('button', { name: 'Close' }).click();
  // Nine by position, one by its hotkey, and the picker for the 30 others.
  const texts = await labelButtons(page).allInnerTexts();
  assert.equal(texts.length, 11);
  assert.deepEqual(texts.slice(-2), ['Type 25\nQ', '30 more…']);
  // The hotkey tags.
  await tagText(page, 'Tirana', 'q');
  await tagText(page, 'police dog', '1');
  // Ctrl+K, type, Enter: the picker tags the selection.
  await dragSelect(page, 'Iranian Embassy');
  await page.keyboard.press('Control+k');
  const picker = page.getByRole('dialog', { name: 'Pick a label' });
  await picker.waitFor();
  await page.keyboard.type('organ');
  assert.deepEqual(await picker.getByRole('option').allInnerTexts(), ['Organisation']);
  await page.keyboard.press('Enter');
  await picker.waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.querySelector('[role=row][aria-selected="true"] .chip')?.textContent === 'Organisation');
  // With no text selected, the picker relabels the selected annotation (mouse this time).
  await page.getByRole('button', { name: '30 more…' }).click();
  await picker.getByRole('combobox').fill('type 3');
  await settled(page); // the input handled and shown before the read
  assert.deepEqual(await picker.getByRole('option').allInnerTexts(), ['Type 31', 'Type 32', 'Type 33', 'Type 34', 'Type 35', 'Type 36', 'Type 37', 'Type 38', 'Type 39']);
  await picker.getByRole('option', { name: 'Type 37' }).click();
  await page.waitForFunction(() => document.querySelector('[role=row][aria-selected="true"] .chip')?.textContent === 'Type 37');
  // The most used come first when nothing is typed.
  await page.keyboard.press('Control+k');
  await picker.waitFor();
  const first = await picker.getByRole('option').first().innerText();
  assert.match(first, /^(Type 25|Type 37|Type 00)\n1/);
  await page.keyboard.press('Escape');
  await saved(page);
  assert.deepEqual(labelled(await exportJson(page)).map(([l]) => l).sort(), ['t0', 't25', 't37']);
  await context.close();
});

/** WCAG contrast of the text over each label's highlight (laid twice, as nested spans are), in the page. */
function contrasts() {
  const parse = (c) => c.match(/[\d.]+/g).map(Number);
  const lum = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const line = document.querySelector('article[aria-label="Document"] p');
  const text = parse(getComputedStyle(line).color);
  const page = parse(getComputedStyle(document.documentElement).backgroundColor);
  // The highlights' rules live in a constructed sheet (src/web/rule_sheet.rs),
  // as the browser serialises them.
  const css = [...document.adoptedStyleSheets].flatMap((sheet) => [...sheet.cssRules]).map((rule) => rule.cssText).join('\n');
  const out = [];
  for (const m of css.matchAll(/::highlight\(sch-(\d+)-0\) \{ background-color: rgba?\((\d+),? (\d+),? (\d+)(?:,| \/) ([\d.]+)\)/g)) {
    const [r, g, b, a] = [m[2], m[3], m[4], m[5]].map(Number);
    let under = page;
    for (let layer = 0; layer < 2; layer++) under = under.map((c, i) => [r, g, b][i] * a + c * (1 - a));
    out.push(ratio(text, under));
  }
  return { theme: document.documentElement.dataset.theme, out };
}

test('themes: follows the system, can be switched and remembered; text over every highlight stays readable', async () => {
  const { page, context } = await openApp(app);
  await context.close();
  const dark = await app.browser.newContext({ colorScheme: 'dark', viewport: { width: 1280, height: 860 } });
  const page2 = await dark.newPage();
  await page2.goto(app.url);
  await page2.locator('[data-highlighter]').waitFor();
  assert.equal(await page2.evaluate(() => document.documentElement.dataset.theme), 'dark');
  // A glaring colour: pure yellow, under light text.
  await openEditor(page2);
  await editor(page2).getByLabel('Colour of Event').fill('#ffff00');
  const contrast = editor(page2).locator('tr', { has: page2.getByLabel('Colour of Event') }).locator('.contrast');
  await contrast.filter({ hasText: /^\d+\.\d : 1$/ }).waitFor();
  assert.ok(Number((await contrast.innerText()).split(' ')[0]) >= 4.5);
  await editor(page2).getByRole('button', { name: 'Close' }).click();
  for (const theme of ['dark', 'light']) {
    if (theme === 'light') {
      await page2.getByLabel('Theme').selectOption('light');
    }
    await page2.waitForFunction((t) => document.documentElement.dataset.theme === t, theme);
    const { out } = await page2.evaluate(contrasts);
    assert.equal(out.length, 3);
    for (const c of out) assert.ok(c >= 4.5, `${theme}: ${out.map((x) => x.toFixed(2))}`);
    // The selected annotation's underline is drawn in the theme's colour
    // (the highlight rules, scoped to the document's lines, follow it).
    const underline = await page2.evaluate(() => getComputedStyle(document.querySelector('article[aria-label="Document"] p'), '::highlight(sch-selected)').textDecorationColor);
    assert.equal(underline, theme === 'dark' ? 'rgb(245, 245, 245)' : 'rgb(17, 17, 17)', `${theme}: the selection's underline`);
    await page2.screenshot({ path: new URL(`./output/theme-${theme}.png`, import.meta.url).pathname });
  }
  // The choice outlives a reload, whatever the system says.
  await page2.reload();
  await page2.locator('[data-highlighter]').waitFor();
  assert.equal(await page2.evaluate(() => document.documentElement.dataset.theme), 'light');
  assert.equal(await page2.getByLabel('Theme').inputValue(), 'light');
  await page2.getByLabel('Theme').selectOption('system');
  await page2.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  await dark.close();
});
