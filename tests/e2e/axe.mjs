// The accessibility audit: axe-core (from npm) run inside the page. Its
// source is evaluated through the DevTools protocol, which the page's
// Content-Security-Policy does not govern, so the policy stays as shipped
// (a <script> tag would be refused: script-src allows the app's own files
// and hashes only, and Trusted Types refuse a string as script).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The WCAG 2.x A and AA rules and axe's best practices. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/**
 * The violations axe finds on `page` now (optionally within `include`, a CSS
 * selector), each as { rule, impact, help, targets }.
 */
export async function violations(page, include) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    const cdp = await page.context().newCDPSession(page);
    const { exceptionDetails } = await cdp.send('Runtime.evaluate', { expression: AXE });
    await cdp.detach();
    if (exceptionDetails) throw new Error(`axe-core did not load: ${exceptionDetails.text}`);
  }
  return page.evaluate(async ({ include, tags }) => {
    const results = await window.axe.run(include ? { include: [include] } : document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return results.violations.map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`),
    }));
  }, { include, tags: TAGS });
}

/**
 * Audits `page` as it is in both themes (the one it has, then the other,
 * then back), adding a line per violation to `found`, named by `view`.
 */
export async function auditBothThemes(page, view, found, include) {
  const first = await page.evaluate(() => document.documentElement.dataset.theme);
  for (const theme of [first, first === 'dark' ? 'light' : 'dark']) {
    await page.evaluate((t) => { document.documentElement.dataset.theme = t; }, theme);
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    for (const v of await violations(page, include)) {
      found.push(`${view} (${theme}): ${v.rule} [${v.impact}] ${v.help}\n      ${v.targets.join('\n      ')}`);
    }
  }
  await page.evaluate((t) => { document.documentElement.dataset.theme = t; }, first);
}

/** Fails with every violation found, printed. */
export function assertNoViolations(found) {
  if (found.length) {
    const text = `axe-core found ${found.length} violation(s):\n  ${found.join('\n  ')}`;
    console.log(text);
    throw new Error(text);
  }
}
