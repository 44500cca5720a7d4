// What every browser test file shares: paths, the demo's receipts, Chromium, and the voter's check.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const root = path.resolve(import.meta.dirname, '../..');
export const dist = path.join(root, 'dist');
export const record = path.join(root, 'public/demo');
export const artifacts = path.join(root, 'tests/artifacts');
fs.mkdirSync(artifacts, { recursive: true });

export const readReceipts = (file) => fs.readFileSync(file, 'utf8').trim().split('\n').slice(1)
  .map((l) => { const [code, precinct, kind, , election] = l.split(','); return { code, precinct, kind, election }; });
export const receipts = readReceipts(path.join(root, 'demo/receipts.csv'));

/** Debian's Chromium, headless. */
export function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** A page of its own context, at the desktop size the tests use unless they say otherwise. */
export async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  return context.newPage();
}

/** Types `code` on the check page at `appUrl` (with `query`, e.g. `?record=…`) and waits for the verdict. */
export async function checkCode(page, appUrl, code, query = '') {
  await page.goto(`${appUrl}${query}#/check`);
  await page.waitForSelector('[data-testid="election-fingerprint"], .election .error');
  await page.locator('#code').pressSequentially(code.replaceAll('-', ''), { delay: 5 });
  await page.locator('form.code-form button[type="submit"]').click();
  const verdict = page.locator('[data-verdict]');
  await verdict.waitFor({ timeout: 30000 });
  return verdict;
}
