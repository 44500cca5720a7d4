// What every browser test file shares: paths, the demo's receipts, Chromium, the app's server,
// the voter's check, the languages, and the service worker.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serveDir } from './servers.mjs';

export const root = path.resolve(import.meta.dirname, '../..');
export const dist = path.join(root, 'dist');
export const record = path.join(root, 'public/demo');
export const artifacts = path.join(root, 'tests/artifacts');
fs.mkdirSync(artifacts, { recursive: true });

export const readReceipts = (file) => fs.readFileSync(file, 'utf8').trim().split('\n').slice(1)
  .map((l) => { const [code, precinct, kind, , election] = l.split(','); return { code, precinct, kind, election }; });
export const receipts = readReceipts(path.join(root, 'demo/receipts.csv'));
/** The first counted ballot's receipt (also the first printable demo receipt), and a challenged one. */
export const cast = receipts.find((r) => r.kind === 'cast');
export const challenged = receipts.find((r) => r.kind === 'challenged');
/** The cast receipt's code without its dashes, as a QR link or a keyboard carries it. */
export const castCode = cast.code.replaceAll('-', '');

/** The app's languages and the names their buttons show. */
export const LANGS = [['en', 'English'], ['es', 'Español'], ['vi', 'Tiếng Việt'], ['ar', 'العربية']];

/** Serves the release build (which carries the demo record under demo/). */
export function serveApp() {
  assert.ok(fs.existsSync(path.join(dist, 'index.html')), 'run the release build (trunk build --release) first');
  return serveDir(dist);
}

/** Debian's Chromium, headless. */
export function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Debian's Chromium, headless, with a fake camera that shows `video` (a Y4M file) or, without
 * one, Chromium's own moving test picture (no QR code in it, so scanning goes on).
 */
export function launchWithCamera(video) {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      ...(video ? [`--use-file-for-fake-video-capture=${video}`] : [])],
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

/**
 * Waits until the service worker controls the page, then reloads so that the app's files pass
 * through it (and are kept for offline use), and waits for the banner again.
 */
export async function underServiceWorker(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.locator('[data-testid="election-fingerprint"]').waitFor({ timeout: 30000 });
  assert.ok(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)), 'the service worker controls the page');
}
