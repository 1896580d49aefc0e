// Labels told apart without colour: each label's spans are underlined in a
// style of their own (solid, dashed, dotted, double, wavy by default, or as
// the scheme says), in both renderers; they stay visible and distinct with
// forced colours (emulated), screenshot saved for a look.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { exportJson, openApp, settled, tagText, useApp } from './harness.mjs';

const app = useApp();

/** The underline style a registered highlight is painted with. */
const underlineOf = (page, name) => page.evaluate((name) => {
  const first = [...(CSS.highlights.get(name) ?? [])][0];
  if (!first) return null;
  const style = getComputedStyle(first.startContainer.parentElement, `::highlight(${name})`);
  return style.textDecorationLine === 'none' ? 'none' : style.textDecorationStyle;
}, name);

async function threeLabels(page) {
  await tagText(page, 'Edi Rama', 'a');
  await tagText(page, 'cyberattack', 'e', { nth: 1 });
  await tagText(page, '“undeniable evidence”', 'c');
  await page.keyboard.press('Escape');
  await settled(page);
}

test('each label is underlined in its own style, which the scheme editor changes and the file keeps', async () => {
  const { page, context } = await openApp(app);
  await threeLabels(page);
  assert.deepEqual(
    [await underlineOf(page, 'sch-0-0'), await underlineOf(page, 'sch-1-0'), await underlineOf(page, 'sch-2-0')],
    ['solid', 'dashed', 'dotted'],
  );
  await page.getByRole('button', { name: 'Scheme…' }).click();
  const editor = page.getByRole('dialog', { name: 'Annotation scheme' });
  await editor.getByLabel('Underline of Event').selectOption('wavy');
  await editor.getByRole('button', { name: 'Close' }).click();
  await page.waitForFunction(() => getComputedStyle([...CSS.highlights.get('sch-1-0')][0].startContainer.parentElement, '::highlight(sch-1-0)').textDecorationStyle === 'wavy');
  const file = await exportJson(page);
  assert.deepEqual(file.scheme.labels.map((l) => l.underline), [undefined, 'wavy', undefined], 'only a chosen underline is written');

  // Forced colours: the highlights are still drawn, and still differ.
  await page.emulateMedia({ forcedColors: 'active' });
  await settled(page);
  assert.deepEqual(
    [await underlineOf(page, 'sch-0-0'), await underlineOf(page, 'sch-1-0'), await underlineOf(page, 'sch-2-0')],
    ['solid', 'wavy', 'dotted'],
  );
  await page.getByText('cyberattack temporarily').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'tests/e2e/output/forced-colors.png' });
  await page.emulateMedia({ forcedColors: 'none', colorScheme: 'dark' });
  await page.evaluate(() => { document.documentElement.dataset.theme = 'dark'; });
  await settled(page);
  await page.screenshot({ path: 'tests/e2e/output/underlines-dark.png' });
  await context.close();
});

test('without the highlight API the boxes carry the same underlines', async () => {
  const { page, context } = await openApp(app, { beforeStart: () => { delete CSS.highlights; } });
  await threeLabels(page);
  const styles = await page.locator('.hl-box').evaluateAll((boxes) => [...new Set(boxes.map((b) => `${b.dataset.underline}:${getComputedStyle(b).borderBottomStyle}`))]);
  assert.deepEqual(styles.sort(), ['dashed:dashed', 'dotted:dotted', 'solid:solid']);
  await context.close();
});
