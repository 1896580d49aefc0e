// Draws the app's PNG icons from www/icons/icon.svg with the system
// Chromium (run once after changing the SVG; the PNGs are committed):
//   node scripts/make-icons.mjs
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';

import { CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/harness.mjs';

const svg = await readFile(new URL('../www/icons/icon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  for (const [size, name, padding] of [[192, 'icon-192.png', 0], [512, 'icon-512.png', 0], [512, 'maskable-512.png', 0.1]]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    // A maskable icon keeps its content in the middle 80% and fills the rest.
    const inner = Math.round(size * (1 - 2 * padding));
    await page.setContent(`<html><body style="margin:0;background:${padding ? '#2457c5' : 'transparent'};display:grid;place-items:center;height:${size}px">
      <img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" width="${inner}" height="${inner}"></body></html>`);
    await page.screenshot({ path: new URL(`../www/icons/${name}`, import.meta.url).pathname, omitBackground: !padding });
    await page.close();
  }
} finally {
  await browser.close();
}
