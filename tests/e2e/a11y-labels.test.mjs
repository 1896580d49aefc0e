// Labels told apart without colour: each label's spans are underlined in a
// style of their own (solid, dashed, dotted, double, wavy by default, or as
// the scheme says), in both renderers; they stay visible and distinct with
// forced colours (emulated, light and dark): the document paints its
// highlights in system colours, and the lines on the screen are read back
// and told apart; screenshots saved for a look.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { annotationItems, exportJson, openApp, settled, tagText, useApp } from './harness.mjs';

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

  await page.emulateMedia({ forcedColors: 'none', colorScheme: 'dark' });
  await page.evaluate(() => { document.documentElement.dataset.theme = 'dark'; });
  await settled(page);
  await page.getByText('cyberattack temporarily').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'tests/e2e/output/underlines-dark.png' });
  await context.close();
});

/**
 * The line drawn under the first range of highlight `name`, as the screen
 * shows it (a screenshot of the strip below its text, read back through a
 * canvas on a blank page): the share of the text's width it covers, how
 * many pieces it is in, and how far its middle wanders up and down (in px).
 */
async function lineUnder(page, name, { trimRight = 2 } = {}) {
  const rect = await page.evaluate((name) => {
    const r = rangeRect([...CSS.highlights.get(name)][0]);
    return { x: r.left, y: r.bottom, width: r.width };
  }, name);
  // Below the text's box (beneath which nothing of the glyphs is drawn),
  // clear of the next line: where the lines are drawn.
  const clip = { x: Math.round(rect.x) + 2, y: Math.round(rect.y) + 1, width: Math.round(rect.width) - 2 - trimRight, height: 9 };
  const png = await page.screenshot({ clip, scale: 'css' });
  const blank = await page.context().newPage();
  try {
    return await blank.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = new OffscreenCanvas(img.width, img.height);
      const g = canvas.getContext('2d');
      g.drawImage(img, 0, 0);
      const { data, width, height } = g.getImageData(0, 0, img.width, img.height);
      const lum = (x, y) => { const i = (y * width + x) * 4; return (data[i] + data[i + 1] + data[i + 2]) / 3; };
      const background = lum(0, height - 1);
      const middles = [];
      for (let x = 0; x < width; x += 1) {
        const ink = [];
        for (let y = 0; y < height; y += 1) if (Math.abs(lum(x, y) - background) > 100) ink.push(y);
        middles.push(ink.length ? ink.reduce((a, b) => a + b) / ink.length : null);
      }
      const inked = middles.filter((m) => m !== null);
      let pieces = 0;
      middles.forEach((m, x) => { if (m !== null && (x === 0 || middles[x - 1] === null)) pieces += 1; });
      const mean = inked.reduce((a, b) => a + b, 0) / (inked.length || 1);
      const wander = Math.sqrt(inked.reduce((a, m) => a + (m - mean) ** 2, 0) / (inked.length || 1));
      return { covers: Math.round((inked.length / width) * 100) / 100, pieces, wander: Math.round(wander * 10) / 10 };
    }, png.toString('base64'));
  } finally {
    await blank.close();
  }
}

test('with forced colours every highlight is drawn in system colours, each label in its own line, in both themes', async () => {
  const { page, context } = await openApp(app);
  await tagText(page, 'Edi Rama', 'a');
  await tagText(page, 'cyberattack', 'e', { nth: 1 });
  await tagText(page, '“undeniable evidence”', 'c');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Scheme…' }).click();
  const editor = page.getByRole('dialog', { name: 'Annotation scheme' });
  await editor.getByLabel('Underline of Event').selectOption('wavy');
  await editor.getByRole('button', { name: 'Close' }).click();
  for (const theme of ['light', 'dark']) {
    await page.emulateMedia({ forcedColors: 'active', colorScheme: theme });
    await page.evaluate((theme) => { document.documentElement.dataset.theme = theme; }, theme);
    await settled(page);
    // Not filled: a line in the text's own colour, thick and clear of the glyphs.
    const painted = await page.evaluate(() => ['sch-0-0', 'sch-1-0', 'sch-2-0'].map((name) => {
      const first = [...CSS.highlights.get(name)][0];
      const element = first.startContainer.parentElement;
      const s = getComputedStyle(element, `::highlight(${name})`);
      return [s.backgroundColor, s.textDecorationStyle, s.textDecorationColor === getComputedStyle(element).color, s.textDecorationThickness];
    }));
    assert.deepEqual(painted, [
      ['rgba(0, 0, 0, 0)', 'solid', true, '3px'],
      ['rgba(0, 0, 0, 0)', 'wavy', true, '3px'],
      ['rgba(0, 0, 0, 0)', 'dotted', true, '3px'],
    ], theme);
    // As seen on the screen at 1×: a solid line under the Actor, one that
    // waves under the Event, dots under the Claim.
    const actor = await lineUnder(page, 'sch-0-0');
    const event = await lineUnder(page, 'sch-1-0');
    const claim = await lineUnder(page, 'sch-2-0');
    const seen = `${theme}: Actor ${JSON.stringify(actor)}, Event ${JSON.stringify(event)}, Claim ${JSON.stringify(claim)}`;
    assert.ok(actor.covers > 0.95 && actor.pieces === 1 && actor.wander < 0.5, `the Actor's line is solid (${seen})`);
    assert.ok(event.covers > 0.8 && event.wander >= 0.8, `the Event's line waves (${seen})`);
    assert.ok(claim.covers > 0.3 && claim.covers < 0.75 && claim.pieces >= 10 && claim.wander < 0.5, `the Claim's line is dotted (${seen})`);
    // The selected annotation is filled as selected text; its label's line still shows beneath.
    await annotationItems(page).filter({ hasText: 'Edi Rama' }).getByRole('button').first().click();
    await page.waitForFunction(() => rangeText([...(CSS.highlights.get('sch-selected') ?? [])][0]) === 'Edi Rama');
    await settled(page);
    const selected = await page.evaluate(() => {
      const first = [...CSS.highlights.get('sch-selected')][0];
      return getComputedStyle(first.startContainer.parentElement, '::highlight(sch-selected)').backgroundColor;
    });
    assert.notEqual(selected, 'rgba(0, 0, 0, 0)', 'the selection is filled');
    // (Short of the end's handle, which hangs below the text.)
    const underSelection = await lineUnder(page, 'sch-selected', { trimRight: 16 });
    assert.ok(underSelection.covers > 0.95, `the selected Actor's line shows (${JSON.stringify(underSelection)})`);
    await page.getByText('cyberattack temporarily').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `tests/e2e/output/forced-colors-${theme}.png` });
    await page.locator('article[aria-label="Document"]').focus();
    await page.keyboard.press('Escape');
  }
  await context.close();
});

test('without the highlight API the boxes carry the same underlines', async () => {
  const { page, context } = await openApp(app, { beforeStart: () => { delete CSS.highlights; } });
  await threeLabels(page);
  const styles = await page.locator('.hl-box').evaluateAll((boxes) => [...new Set(boxes.map((b) => `${b.dataset.underline}:${getComputedStyle(b).borderBottomStyle}`))]);
  assert.deepEqual(styles.sort(), ['dashed:dashed', 'dotted:dotted', 'solid:solid']);
  await context.close();
});
