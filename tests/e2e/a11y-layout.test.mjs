// Zoom, reflow, touch and motion: at 320, 768 and 1280 CSS px wide nothing
// scrolls sideways or is cut off (checked element by element, screenshots
// saved to tests/e2e/output/ for a look) and the text starts in the top
// third of the screen; on a narrow screen the library and the panel are
// drawers, and the toolbar's secondary tools a menu, opened from the
// toolbar by keyboard and by touch; text selected on a touch screen is
// tagged with a tap on a label button; the span handles are 24 × 24 px
// targets; with reduced motion nothing flashes and revealing scrolls at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { assertNoViolations, auditBothThemes } from './axe.mjs';
import { annotationItems, listed, openApp, pointOf, settled, tabTo, tagText, useApp, watchErrors } from './harness.mjs';

const app = useApp();

/** What reaches past the viewport's sides or scrolls sideways, as lines. */
const overflowing = (page) => page.evaluate(() => {
  const found = [];
  const root = document.documentElement;
  if (root.scrollWidth > innerWidth) found.push(`the page is ${root.scrollWidth} px wide in ${innerWidth}`);
  for (const scroller of document.querySelectorAll('.document-scroll, .toolbar')) {
    if (scroller.scrollWidth > scroller.clientWidth + 1) found.push(`${scroller.className} scrolls sideways`);
  }
  for (const e of document.querySelectorAll('.toolbar *, .notices *, article p')) {
    if (!e.checkVisibility({ visibilityProperty: true }) || e.closest('.hidden-input')) continue;
    const r = e.getBoundingClientRect();
    if (r.width > 0 && (r.right > innerWidth + 0.5 || r.left < -0.5)) {
      found.push(`${e.tagName.toLowerCase()}.${e.className} “${(e.textContent ?? '').trim().slice(0, 20)}” spans ${Math.round(r.left)}–${Math.round(r.right)}`);
    }
  }
  return found;
});

/** How far down the screen the document's text starts, in px. */
const textTop = (page) => page.locator('article[aria-label="Document"] p').first().evaluate((p) => p.getBoundingClientRect().top);

test('at 320, 768 and 1280 px the text wraps with nothing cut off or scrolling sideways, and starts in the top third', async () => {
  for (const width of [320, 768, 1280]) {
    const { page, context } = await openApp(app, { viewport: { width, height: 720 } });
    await tagText(page, 'Albanian special forces police', 'a');
    await settled(page);
    assert.deepEqual(await overflowing(page), [], `at ${width} px`);
    const top = await textTop(page);
    assert.ok(top < 720 / 3, `at ${width} px the text starts ${top} px down a 720 px screen`);
    await page.screenshot({ path: `tests/e2e/output/reflow-${width}.png` });
    const tools = page.getByRole('button', { name: 'Tools', exact: true });
    if (width < 900) {
      // The secondary tools are in the menu, which fits the screen too.
      assert.equal(await page.getByRole('button', { name: 'Export JSON' }).isVisible(), false, `at ${width} px`);
      await tools.click();
      await page.getByRole('button', { name: 'Export JSON' }).waitFor();
      assert.deepEqual(await overflowing(page), [], `at ${width} px with the menu open`);
      await page.screenshot({ path: `tests/e2e/output/reflow-${width}-menu.png` });
    } else {
      // Wide: no menu, every tool in the toolbar.
      assert.equal(await tools.isVisible(), false);
      for (const name of ['Guidelines', 'Export JSON', 'Scheme…']) assert.ok(await page.getByRole('button', { name }).isVisible(), name);
    }
    await context.close();
  }
});

test('on a narrow screen the secondary tools are a menu, by keyboard and by touch', async () => {
  const context = await app.browser.newContext({ viewport: { width: 320, height: 640 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  watchErrors(page);
  await page.goto(app.url);
  await page.locator('article[aria-label="Document"] p').first().waitFor();
  const tools = page.getByRole('button', { name: 'Tools', exact: true });
  const exportJson = page.getByRole('button', { name: 'Export JSON' });
  assert.equal(await tools.getAttribute('aria-expanded'), 'false');
  assert.equal(await exportJson.isVisible(), false, 'folded away');

  // Keyboard: Tab to the button, Enter opens, Tab goes into the menu,
  // Escape closes it and the focus is back on the button.
  await page.locator('article[aria-label="Document"]').focus();
  await tabTo(page, tools, { back: true });
  await page.keyboard.press('Enter');
  await exportJson.waitFor();
  assert.equal(await tools.getAttribute('aria-expanded'), 'true');
  assert.equal(await tools.getAttribute('aria-controls'), await page.locator('.toolbar-more').getAttribute('id'));
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Guidelines', 'the menu comes next in the Tab order');
  await tabTo(page, page.getByLabel('Snap to words'));
  await page.keyboard.press('Escape');
  await exportJson.waitFor({ state: 'hidden' });
  assert.equal(await tools.getAttribute('aria-expanded'), 'false');
  assert.ok(await tools.evaluate((b) => b === document.activeElement), 'the focus is back on the button');

  // The focus leaving the menu, or its button, for elsewhere closes it.
  await page.keyboard.press('Enter');
  await exportJson.waitFor();
  await page.keyboard.press('Tab');
  await page.locator('article[aria-label="Document"]').focus();
  await exportJson.waitFor({ state: 'hidden' });
  await tools.focus();
  await page.keyboard.press('Enter');
  await exportJson.waitFor();
  await page.locator('article[aria-label="Document"]').focus();
  await exportJson.waitFor({ state: 'hidden' });

  // Touch: a tap opens it; a tool used from it closes it (here a dialog opens).
  await tools.tap();
  await page.getByRole('button', { name: 'Scheme…' }).tap();
  await page.getByRole('dialog', { name: 'Annotation scheme' }).waitFor();
  assert.equal(await tools.getAttribute('aria-expanded'), 'false');
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'hidden' });
  // A tap on the button again closes it.
  await tools.tap();
  await exportJson.waitFor();
  const found = [];
  await auditBothThemes(page, 'the tools menu open at 320 px', found);
  assertNoViolations(found);
  await tools.tap();
  await exportJson.waitFor({ state: 'hidden' });
  await context.close();
});

test('on a narrow screen the library and the panel are drawers, by keyboard and by touch', async () => {
  const context = await app.browser.newContext({ viewport: { width: 320, height: 640 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  watchErrors(page);
  await page.goto(app.url);
  await page.locator('article[aria-label="Document"] p').first().waitFor();
  const library = page.getByRole('navigation', { name: 'Library' });
  const panel = page.getByRole('complementary', { name: 'Panel' });
  assert.equal(await library.isVisible(), false, 'the library is a closed drawer');
  assert.equal(await panel.isVisible(), false, 'the panel is a closed drawer');

  // Keyboard: Tab to the toggle, Enter opens, Tab goes into the drawer,
  // Escape closes it and the focus is back on the toggle.
  const libraryToggle = page.getByRole('button', { name: 'Library', exact: true });
  await page.locator('article[aria-label="Document"]').focus();
  await tabTo(page, libraryToggle, { back: true });
  await page.keyboard.press('Enter');
  await library.waitFor();
  assert.equal(await libraryToggle.getAttribute('aria-expanded'), 'true');
  await tabTo(page, library.getByRole('button', { name: 'New from text…' }));
  await page.keyboard.press('Escape');
  await library.waitFor({ state: 'hidden' });
  assert.ok(await libraryToggle.evaluate((b) => b === document.activeElement), 'the focus is back on the toggle');
  await page.screenshot({ path: 'tests/e2e/output/drawer-closed-320.png' });

  // Touch: a tap opens the panel, whose list is there to use; another closes it.
  await page.getByRole('button', { name: 'Panel', exact: true }).tap();
  await panel.waitFor();
  // Slid in whole (it slides unless motion is reduced).
  await page.waitForFunction(() => {
    const r = document.getElementById('side-drawer').getBoundingClientRect();
    return r.left >= 0 && r.right <= innerWidth;
  });
  await panel.getByLabel('Search the text').waitFor();
  await page.screenshot({ path: 'tests/e2e/output/drawer-panel-320.png' });
  const found = [];
  await auditBothThemes(page, 'the panel drawer at 320 px', found);
  assertNoViolations(found);
  await page.getByRole('button', { name: 'Panel', exact: true }).tap();
  await panel.waitFor({ state: 'hidden' });
  await context.close();
});

/**
 * A finger on the screen, through Chromium's touch emulation (the DevTools
 * protocol's mouse events turned into touch events and gestures, long press
 * included, by the browser as on a phone). The protocol does not answer a
 * press that became a long press, so each step waits for what the page saw
 * instead: the selection, the finger lifted (`touchend`).
 */
async function finger(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 });
  await cdp.send('Emulation.setEmitTouchEventsForMouse', { enabled: true, configuration: 'mobile' });
  const send = (type, { x, y }) => {
    cdp.send('Input.dispatchMouseEvent', { type, x, y, button: 'left', clickCount: 1 }).catch(() => {});
  };
  const lift = async (at) => {
    await page.evaluate(() => { window.lifted = new Promise((done) => addEventListener('touchend', () => done(), { once: true, capture: true })); });
    send('mouseReleased', at);
    await page.evaluate(() => window.lifted);
  };
  return {
    /** Holds a finger at `at` until `until` holds in the page, then lifts it. */
    async press(at, until) {
      send('mousePressed', at);
      await page.waitForFunction(until);
      await lift(at);
    },
    async tap(at) {
      send('mousePressed', at);
      await lift(at);
    },
  };
}

test('touch: a long press selects a word, a tap on a label tags it; the span handles are 24 px targets', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  watchErrors(page);
  await page.goto(app.url);
  await page.locator('article[aria-label="Document"] p').first().waitFor();
  const touch = await finger(page);
  // Held until the browser selects the word under the finger, as a long
  // press does on a touch screen (the app does nothing to make it so).
  await touch.press(await pointOf(page, 'cyberattack', { offset: 4 }), () => getSelection().toString() !== '');
  await settled(page);
  assert.equal(await page.evaluate(() => getSelection().toString()), 'cyberattack');
  const event = await page.getByRole('group', { name: 'Labels' }).getByRole('button', { name: /^Event/ }).boundingBox();
  await touch.tap({ x: event.x + event.width / 2, y: event.y + event.height / 2 });
  await listed(page, 1);
  assert.match(await annotationItems(page).first().innerText(), /Event\s+cyberattack/);
  // The new span is selected: its handles are big enough for a finger.
  const knobs = await page.locator('.span-handle .knob').evaluateAll((ks) => ks.map((k) => {
    const r = k.getBoundingClientRect();
    return [r.width, r.height];
  }));
  assert.equal(knobs.length, 2);
  for (const [w, h] of knobs) assert.ok(w >= 24 && h >= 24, `a handle is ${w} × ${h} px`);
  await context.close();
});

test('reduced motion: revealing an annotation neither flashes nor scrolls smoothly', async () => {
  const { page, context } = await openApp(app);
  await tagText(page, 'Albanian special forces police', 'a');
  await tagText(page, 'NATO also expressed', 'e');
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.locator('.document-scroll').evaluate((e) => e.scrollTo(0, e.scrollHeight));
  await settled(page); // that scroll's event is past before counting
  await page.evaluate(() => {
    window.flashed = false;
    const scroller = document.querySelector('.document-scroll');
    window.scrollSteps = 0;
    scroller.addEventListener('scroll', () => { window.scrollSteps += 1; });
    // Any frame with a flash range counts.
    const watch = () => { if ((CSS.highlights.get('sch-flash')?.size ?? 0) > 0) window.flashed = true; requestAnimationFrame(watch); };
    requestAnimationFrame(watch);
  });
  await annotationItems(page).nth(0).getByRole('button').first().click();
  await page.waitForFunction(() => rangeText([...CSS.highlights.get('sch-selected')][0]) === 'Albanian special forces police');
  await settled(page);
  await settled(page);
  assert.equal(await page.evaluate(() => window.flashed), false, 'no flash');
  assert.ok(await page.evaluate(() => window.scrollSteps) <= 1, 'one jump, not a smooth scroll');
  assert.equal(await page.locator('.caret').evaluateAll((cs) => cs.map((c) => getComputedStyle(c).animationName)).then((n) => n.filter((a) => a !== 'none').length), 0, 'the caret does not blink');
  await context.close();
});
