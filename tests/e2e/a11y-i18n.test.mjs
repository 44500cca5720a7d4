// Accessibility and languages: axe-core on every page in every language at three sizes, Arabic
// mirrored, the browser's language followed, and the check, the audit and the table audit done
// with the keyboard alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { artifacts, castCode as code, LANGS, newPage } from './fixtures.mjs';
import { withAppAndBrowser } from './codes.mjs';

const env = withAppAndBrowser();

// Each page, and what shows that it is ready (a function runs what the page needs first).
const PAGES = [
  ['check', '#/check', async (page) => page.locator('#code').waitFor()],
  ['verdict', `#/check/${code}`, async (page) => page.locator('[data-verdict]').waitFor({ timeout: 30000 })],
  ['audit', 'app.html#/audit', async (page) => page.locator('main h2').waitFor()],
  ['glossary', 'app.html#/glossary/witnesses', async (page) => page.locator('dl.glossary').waitFor()],
  ['results', 'app.html#/results', async (page) => page.locator('figure.chart').first().waitFor({ timeout: 120000 })],
  ['tables', 'app.html#/tables', async (page) => {
    await page.locator('[data-testid="try-iowa"]').click();
    await page.locator('section.verdict[data-findings]').waitFor({ timeout: 60000 });
  }],
];

test('h+i. every page in every language passes axe-core at desktop size, 320 px and 200 % zoom, and never scrolls sideways', async () => {
  // 320 CSS px: a small phone. 640 px at device scale 2: a 1280 px window at 200 % zoom (WCAG 1.4.10).
  for (const [width, scale] of [[1024, 1], [320, 1], [640, 2]]) {
    const context = await env.browser.newContext({ viewport: { width, height: 800 }, deviceScaleFactor: scale });
    const page = await context.newPage();
    for (const [lang, name] of LANGS) {
      for (const [label, route, ready] of PAGES) {
        await page.goto(`${env.app.url}${route}`);
        await page.getByRole('button', { name, exact: true }).click();
        await ready(page);
        // Every page (a page of its own since the check page and the whole app are apart) shows
        // the verified election, its one h1, before it is judged.
        await page.locator('[data-testid="election-fingerprint"]').waitFor();
        assert.equal(await page.locator('html').getAttribute('lang'), lang);
        const results = await new AxeBuilder({ page }).analyze();
        assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), [],
          `${lang} ${route} at ${width} px x${scale}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `${lang} ${route} at ${width} px x${scale} overflows by ${overflow} px`);
        if (width === 1024) await page.screenshot({ path: path.join(artifacts, `page-${lang}-${label}.png`), fullPage: true });
        else if (label === 'verdict') await page.screenshot({ path: path.join(artifacts, `narrow-${lang}-${width}px-x${scale}.png`), fullPage: true });
      }
    }
    await context.close();
  }
});

test('Arabic pages mirror, while codes, hashes and fingerprints stay left to right', async () => {
  const page = await newPage(env.browser);
  await page.goto(`${env.app.url}#/check/${code}`);
  await page.getByRole('button', { name: 'العربية', exact: true }).click();
  await page.locator('[data-verdict="verified"]').waitFor({ timeout: 30000 });
  assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
  const links = page.locator('nav a');
  const first = await links.first().boundingBox();
  const last = await links.last().boundingBox();
  assert.ok(first.x > last.x, 'the first link of the menu is on the right');
  for (const selector of ['[data-testid="election-fingerprint"]', '[data-testid="election-code"]', '#code', '.ballot-details code']) {
    const dir = await page.locator(selector).first().evaluate((el) => getComputedStyle(el).direction);
    assert.equal(dir, 'ltr', `${selector} reads left to right`);
  }
  // Bars grow from the right edge.
  await page.goto(`${env.app.url}app.html#/results`);
  const bar = page.locator('figure.chart svg.bar rect').first();
  await bar.waitFor({ timeout: 120000 });
  const x = await bar.getAttribute('x');
  const width = await bar.getAttribute('width');
  assert.equal(Number.parseFloat(x) + Number.parseFloat(width), 100);
  await page.screenshot({ path: path.join(artifacts, 'ar-results.png'), fullPage: false });
  await page.context().close();
});

test('the language follows the env.browser on a first visit, and a choice is remembered', async () => {
  const context = await env.browser.newContext({ locale: 'es-MX' });
  const page = await context.newPage();
  await page.goto(`${env.app.url}#/check`);
  await page.locator('#code').waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'es');
  await page.getByRole('button', { name: 'Tiếng Việt', exact: true }).click();
  await page.reload();
  await page.locator('#code').waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
  await context.close();
  const french = await env.browser.newContext({ locale: 'fr-FR' });
  const other = await french.newPage();
  await other.goto(`${env.app.url}#/check`);
  await other.locator('#code').waitFor();
  assert.equal(await other.locator('html').getAttribute('lang'), 'en', 'a language the app does not speak falls back to English');
  await french.close();
});

// Presses Tab until the focused element matches `selector`.
async function tabTo(page, selector, max = 120) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

// The element's nearest live region: how its changes are announced.
const liveRegion = (locator) => locator.evaluate((el) => {
  const region = el.closest('[aria-live], [role="status"], [role="alert"]');
  return region && (region.getAttribute('aria-live') ?? region.getAttribute('role'));
});

test('a check, an audit and the table audit can be done with the keyboard alone, and their outcomes are announced', async () => {
  const page = await newPage(env.browser);
  await page.goto(`${env.app.url}#/check`);
  await page.locator('[data-testid="election-fingerprint"]').waitFor({ timeout: 30000 });
  await tabTo(page, '#code');
  await page.keyboard.type(code, { delay: 5 });
  await page.keyboard.press('Enter');
  const verdict = page.locator('[data-verdict]');
  await verdict.waitFor({ timeout: 30000 });
  assert.equal(await verdict.getAttribute('data-verdict'), 'verified');
  assert.equal(await liveRegion(verdict), 'polite');

  // The audit is the whole app's (app.html): a page of its own.
  await tabTo(page, 'nav a[href$="#/audit"]');
  await page.keyboard.press('Enter');
  await page.waitForURL(/app\.html#\/audit$/);
  await page.locator('[data-testid="election-fingerprint"]').waitFor({ timeout: 30000 });
  await tabTo(page, 'main button');
  await page.keyboard.press('Enter');
  const progress = page.locator('[data-testid="audit-progress"]');
  await progress.waitFor();
  assert.equal(await liveRegion(progress), 'polite');
  const audited = page.locator('section.verdict[data-verdict]');
  await audited.waitFor({ timeout: 300000 });
  assert.equal(await audited.getAttribute('data-verdict'), 'verified');
  assert.equal(await liveRegion(audited), 'polite');

  await tabTo(page, 'nav a[href$="#/tables"]');
  await page.keyboard.press('Enter');
  await tabTo(page, '[data-testid="try-iowa"]');
  await page.keyboard.press('Enter');
  const tables = page.locator('section.verdict[data-findings]');
  await tables.waitFor({ timeout: 60000 });
  assert.ok(Number(await tables.getAttribute('data-findings')) > 0);
  assert.equal(await liveRegion(tables), 'polite');
  // The summary chart of kinds comes before the table of precincts.
  const kinds = await page.locator('figure.chart .bars li').count();
  assert.equal(kinds, await page.locator('table.counts tbody tr').count());
  assert.ok(await page.evaluate(() => {
    const chart = document.querySelector('figure.chart');
    const table = document.querySelector('table.findings');
    return Boolean(chart.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING);
  }));
  await page.context().close();
});
