// The team's guidelines in the app: written in the scheme editor (the
// project's text, and each label's definition, examples and
// counter-examples), shown in the Guidelines dialog, beside the label in the
// picker and the editor, and in a tip on hover or focus of its button;
// exported with the scheme ("Export scheme", Export JSON) and imported into
// another browser. Markup in them stays text: nothing runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { download, exportJson, openApp, settled, useApp } from './harness.mjs';
import { assertValidAgainst } from './schema.mjs';

const app = useApp();
const editor = (page) => page.getByRole('dialog', { name: 'Annotation scheme' });
const guidelines = (page) => page.getByRole('dialog', { name: 'Guidelines' });
const EVIL = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';
const PROJECT = `Tag *who acts* and what happens.\n- one span per mention\n- never ${EVIL}\n\nAsk when unsure.`;

async function write(page, label, value) {
  const field = editor(page).getByLabel(label, { exact: true });
  await field.fill(value);
  await field.blur();
  await settled(page);
}

/** What the Guidelines dialog shows, read from its elements. */
async function shown(page) {
  await page.getByRole('button', { name: 'Guidelines', exact: true }).click();
  const dialog = guidelines(page);
  await dialog.waitFor();
  const read = await dialog.evaluate((d) => ({
    emphasised: [...d.querySelectorAll('.project-guidelines em')].map((e) => e.textContent),
    items: [...d.querySelectorAll('.project-guidelines li')].map((e) => e.textContent),
    paragraphs: [...d.querySelectorAll('.project-guidelines p')].map((e) => e.textContent),
    actor: d.querySelector('section[aria-label="Actor"] .label-guide')?.innerText,
    markup: d.querySelectorAll('script, img').length,
  }));
  await page.keyboard.press('Escape');
  return read;
}

const expected = {
  emphasised: ['who acts'],
  items: ['one span per mention', `never ${EVIL}`],
  paragraphs: ['Tag who acts and what happens.', 'Ask when unsure.'],
  markup: 0,
};

test('guidelines written in the editor are shown everywhere, travel with the scheme, and stay text', async () => {
  const { page, context } = await openApp(app);
  await page.getByRole('button', { name: 'Scheme…' }).click();
  await write(page, 'Project guidelines', PROJECT);
  await editor(page).getByRole('region', { name: 'Guidelines' }).locator('summary', { hasText: 'Actor' }).click();
  await write(page, 'Definition of Actor', 'A *person* or group that acts.');
  await write(page, 'Examples of Actor (one a line)', `Edi Rama\n${EVIL}`);
  await write(page, 'Counter-examples of Actor (one a line)', 'Tirana (a place)');
  // Beside the label in the editor.
  assert.match(await editor(page).getByRole('region', { name: 'Guidelines' }).locator('summary', { hasText: 'Actor' }).innerText(),
    /A \*person\* or group that acts\. — Examples: Edi Rama; <img/);
  await editor(page).getByRole('button', { name: 'Close' }).click();

  const read = await shown(page);
  assert.deepEqual({ ...read, actor: undefined }, { ...expected, actor: undefined });
  assert.match(read.actor, /A person or group that acts\.\s+Examples\s+Edi Rama\s+<img src=x onerror="window.pwned=1"><script>window.pwned=2<\/script>\s+Not this\s+Tirana \(a place\)/);

  // On focus of the label's button, its tip shows the guide and describes it.
  const actor = page.getByRole('group', { name: 'Labels' }).getByRole('button', { name: /^Actor/ });
  await actor.focus();
  const tip = page.getByRole('tooltip');
  await tip.waitFor();
  assert.match(await tip.innerText(), /Actor\s+A person or group that acts\.[\s\S]*Edi Rama/);
  assert.equal(await actor.getAttribute('aria-describedby'), await tip.getAttribute('id'));
  await actor.blur();
  await tip.waitFor({ state: 'hidden' });

  // In the label picker, beside the label.
  await page.keyboard.press('Control+k');
  const picker = page.getByRole('dialog', { name: 'Pick a label' });
  assert.match(await picker.getByRole('option', { name: /^Actor/ }).innerText(), /A \*person\* or group that acts\./);
  await page.keyboard.press('Escape');

  // Exported with the scheme, and in the document's file.
  const file = await exportJson(page);
  assertValidAgainst('scholia-1.schema.json', file);
  assert.equal(file.scheme.guidelines, PROJECT);
  await page.getByRole('button', { name: 'Scheme…' }).click();
  const { text } = await download(page, 'Export scheme');
  const scheme = JSON.parse(text);
  assertValidAgainst('scholia-scheme-1.schema.json', scheme);
  assert.equal(scheme.guidelines, PROJECT);
  assert.deepEqual(
    [scheme.labels[0].definition, scheme.labels[0].examples, scheme.labels[0].counterExamples],
    ['A *person* or group that acts.', ['Edi Rama', EVIL], ['Tirana (a place)']],
  );
  await context.close();

  // Another browser imports the scheme file: the same guidelines, inert.
  const other = await openApp(app);
  await other.page.getByRole('button', { name: 'Scheme…' }).click();
  const [chooser] = await Promise.all([other.page.waitForEvent('filechooser'), editor(other.page).getByText('Import scheme').click()]);
  await chooser.setFiles([{ name: 'team.scheme.json', mimeType: 'application/json', buffer: Buffer.from(text) }]);
  await other.page.getByRole('status').filter({ hasText: 'The scheme from team.scheme.json is in use' }).waitFor();
  await editor(other.page).getByRole('button', { name: 'Close' }).click();
  const again = await shown(other.page);
  assert.deepEqual({ ...again, actor: undefined }, { ...expected, actor: undefined });
  assert.equal(again.actor, read.actor);
  assert.equal(await other.page.evaluate(() => window.pwned), undefined, 'nothing in the guidelines ran');
  assert.equal(await other.page.locator('img[src="x"]').count(), 0);
  await other.context.close();
});
