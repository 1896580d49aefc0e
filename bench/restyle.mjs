// What each action costs the browser in style recalculation, layout and
// script on a fresh page of the release app that imported a benchmark file
// (DevTools' Performance.getMetrics before and after each action): an
// action that restyles every line shows here as hundreds of milliseconds
// of RecalcStyleDuration. Each action twice: the first of the session, and
// again. Figures, not a test (docs/performance.md).
//
// Needs a release build (dist/, or --dist DIR) and a generated file
// (node bench/run.mjs writes them to bench/output/data/).
//
//   node bench/restyle.mjs [--dist DIR] [file]
import os from 'node:os';
import { dragSelect, pointOf } from '../tests/e2e/harness.mjs';
import { ADD_TARGET, REMOVE_TARGET } from './generate.mjs';
import { options, withImported } from './imported.mjs';
import { SEARCH_BOX, THEME_SELECT } from './profile.mjs';

const o = options();
console.log(`${o.file}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
await withImported(o, async (page) => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const settle = async () => {
    await page.locator('[data-save="saved"]').waitFor({ timeout: 60000 }).catch(() => {});
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    await page.waitForTimeout(300);
  };
  const measure = async (name, act) => {
    await settle();
    const before = await metrics();
    await act();
    await settle();
    const after = await metrics();
    const ms = (k) => ((after[k] - before[k]) * 1000).toFixed(1);
    console.log(`${name.padEnd(34)} style ${ms('RecalcStyleDuration').padStart(7)} ms (${after.RecalcStyleCount - before.RecalcStyleCount}×), layout ${ms('LayoutDuration').padStart(6)} ms, script ${ms('ScriptDuration').padStart(6)} ms`);
  };
  const search = page.locator(SEARCH_BOX);
  for (const round of ['first', 'again']) {
    const [tag, untag] = round === 'first' ? [ADD_TARGET, REMOVE_TARGET] : [REMOVE_TARGET, ADD_TARGET];
    await page.evaluate(() => { document.querySelector('.document-scroll').scrollTop = 0; });
    await measure(`${round}: mouse selection`, () => dragSelect(page, tag));
    await measure(`${round}: add (1)`, () => page.keyboard.press('1'));
    const at = await pointOf(page, untag, { offset: 3 });
    await measure(`${round}: select (click a highlight)`, () => page.mouse.click(at.x, at.y));
    await measure(`${round}: remove (Delete)`, () => page.keyboard.press('Delete'));
    await measure(`${round}: undo`, () => page.keyboard.press('Control+z'));
    await measure(`${round}: redo`, () => page.keyboard.press('Control+y'));
    await measure(`${round}: step (])`, () => page.keyboard.press(']'));
    await measure(`${round}: click a list row`, () => page.locator('[role=grid][aria-label="Annotations"] [role=row]').nth(round === 'first' ? 3 : 6).click());
    await measure(`${round}: type in search`, async () => {
      await search.click();
      await search.pressSequentially('Tirana', { delay: 50 });
    });
    await measure(`${round}: clear the search`, () => search.fill(''));
    // The theme: the root's data-theme changes every colour of the page.
    await measure(`${round}: theme switch`, () => page.locator(THEME_SELECT).selectOption(round === 'first' ? 'dark' : 'light'));
    await page.locator('article[aria-label="Document"]').click({ position: { x: 5, y: 5 } });
  }
});
