// The kiosk (a shared device in a polling place: the keypad, the reset after the next person's
// idle countdown, the preloaded record offline, axe on its screens) and the service worker's
// release takeover. Each test serves its own copy of the app.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { serveDir } from './servers.mjs';
import { artifacts, cast, dist, LANGS, launch, launchWithCamera, newPage, record, underServiceWorker } from './fixtures.mjs';
import { checkNoReceiptCodeSent } from './codes.mjs';
import { countChanged, json, out, precinctFile } from './tampered-records.mjs';

// Every copy of the app the tests served, for the check after them.
const sites = [];
let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
  for (const site of sites) site.close();
});
checkNoReceiptCodeSent(() => sites);

// A copy of the app with its own kiosk.json, on its own server.
async function kioskSite(name, config) {
  const dir = `/tmp/castcheck-e2e-${name}`;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(dist, dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'kiosk.json'), JSON.stringify(config));
  const site = await serveDir(dir);
  sites.push(site);
  return site;
}

async function typeOnKeypad(page, code) {
  for (const c of code.replaceAll('-', '')) await page.locator(`.keypad [data-key="${c}"]`).click();
}

// What a page holds in storage and caches, for the next person to find.
const leftovers = (page) => page.evaluate(async () => ({
  local: localStorage.length,
  session: sessionStorage.length,
  databases: (await indexedDB.databases()).length,
  cached: (await Promise.all((await caches.keys()).map(async (n) => (await (await caches.open(n)).keys()).map((r) => r.url)))).flat(),
}));

/**
 * A closed room: no focusable element on this kiosk screen leads out of kiosk mode (a link's
 * target other than the kiosk's own route or the skip link, a form action, a new window).
 */
async function staysInKiosk(page, screen) {
  const targets = await page.locator('a[href], area[href], [formaction], form[action], [target]').evaluateAll((els) =>
    els.map((el) => el.getAttribute('href') ?? el.getAttribute('formaction') ?? el.getAttribute('action') ?? `target=${el.getAttribute('target')}`));
  assert.deepEqual(targets.filter((h) => !/^#(\/kiosk\b|main$)/.test(h)), [], `links out of the kiosk on its ${screen} screen: ${targets}`);
}

test('kiosk: a code typed on the keypad verifies, and after the idle countdown the next person finds no trace of it', async () => {
  const site = await kioskSite('kiosk-reset', { languages: ['en', 'es', 'vi', 'ar'], idle_seconds: 3, countdown_seconds: 3, preload: false });
  const page = await newPage(browser);
  const visited = [];
  page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) visited.push(frame.url()); });
  await page.goto(`${site.url}app.html#/kiosk`);
  await page.locator('[data-screen="attract"] [data-lang="en"]').waitFor();
  await staysInKiosk(page, 'attract');
  await page.locator('[data-screen="attract"] [data-lang="en"]').click();
  // This browser has no camera: the keypad comes at once, with no scan box and no way to one.
  await page.locator('[data-screen="keypad"]').waitFor();
  await staysInKiosk(page, 'keypad');
  assert.equal(await page.locator('[data-screen="scan"], video').count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Scan the QR code' }).count(), 0);
  await typeOnKeypad(page, cast.code);
  assert.equal(await page.locator('[data-testid="typed"]').innerText(), cast.code);
  await page.locator('[data-testid="kiosk-check"]').click();
  const verdict = page.locator('section.verdict[data-verdict]');
  await verdict.waitFor({ timeout: 30000 });
  assert.equal(await verdict.getAttribute('data-verdict'), 'verified');
  const tracker = (await page.locator('[data-testid="tracker"]').textContent()).trim();
  // On a kiosk the glossary's words are not links: nothing leaves the kiosk.
  assert.equal(await page.locator('a.term').count(), 0);
  const precinct = (await page.locator('.ballot-details dd').first().innerText()).trim();
  assert.ok(tracker.length >= 64 && precinct.length > 3);
  await staysInKiosk(page, 'verdict');
  await page.locator('[data-testid="still-there"]').waitFor({ timeout: 15000 });
  await staysInKiosk(page, 'countdown');
  await page.locator('[data-screen="attract"]').waitFor({ timeout: 15000 });
  const traces = [cast.code, cast.code.replaceAll('-', ''), tracker, precinct];
  const html = await page.content();
  for (const trace of traces) assert.ok(!html.includes(trace), `the page still shows ${trace}`);
  for (const url of visited) for (const trace of traces) assert.ok(!url.includes(trace), `${url} holds ${trace}`);
  const left = await leftovers(page);
  assert.deepEqual([left.local, left.session, left.databases], [0, 0, 0], 'nothing in storage');
  for (const url of left.cached) {
    assert.ok(!/\/(precincts|index)\//.test(url), `${url} is cached`);
    for (const trace of traces) assert.ok(!url.includes(trace), `${url} holds ${trace}`);
  }
  // Back leads nowhere that shows the code.
  await page.goBack().catch(() => {});
  const back = await page.content();
  for (const trace of traces) assert.ok(!back.includes(trace), `Back shows ${trace}`);
  await page.context().close();
  site.close();
});

test('kiosk: with its record preloaded, a kiosk checks a receipt with the server switched off', async () => {
  const site = await kioskSite('kiosk-offline', { languages: ['en', 'es'], idle_seconds: 60, countdown_seconds: 10, preload: true });
  const page = await newPage(browser);
  await page.goto(`${site.url}app.html#/kiosk`);
  await page.locator('[data-stored="ready"]').waitFor({ timeout: 120000 });
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.locator('[data-stored="ready"]').waitFor({ timeout: 30000 });
  // The whole record is stored, every precinct alike, so the store says nothing about a voter.
  const stored = await page.evaluate(async () => (await (await caches.open('castcheck-record')).keys()).map((r) => new URL(r.url).pathname));
  for (const file of fs.readdirSync(path.join(record, 'precincts'))) {
    assert.ok(stored.some((p) => p.endsWith(`/demo/precincts/${file}`)), `precincts/${file} is stored`);
  }
  site.close();
  await page.context().setOffline(true);
  await page.locator('[data-screen="attract"] [data-lang="es"]').click();
  await page.locator('[data-screen="keypad"]').waitFor();
  await typeOnKeypad(page, cast.code);
  await page.locator('[data-testid="kiosk-check"]').click();
  const verdict = page.locator('section.verdict[data-verdict]');
  await verdict.waitFor({ timeout: 60000 });
  assert.equal(await verdict.getAttribute('data-verdict'), 'verified');
  // Starting over reloads the page, offline too.
  await page.locator('[data-testid="kiosk-finish"]').click();
  await page.locator('[data-screen="attract"]').waitFor({ timeout: 30000 });
  await page.context().close();
});

test('kiosk: a record that does not verify is not kept for offline use, and no "ready" is claimed', async () => {
  const site = await kioskSite('kiosk-bad-record', { languages: ['en'], idle_seconds: 60, countdown_seconds: 10, preload: true });
  // A count changed by the host, without the authority's key: the audit fails on the seal.
  const file = path.join('/tmp/castcheck-e2e-kiosk-bad-record/demo', precinctFile);
  const tamperedFile = json(fs.readFileSync(file));
  countChanged(tamperedFile.body);
  fs.writeFileSync(file, out(tamperedFile));
  const page = await newPage(browser);
  try {
    await page.goto(`${site.url}app.html#/kiosk`);
    await page.locator('[data-stored="failed"]').waitFor({ timeout: 120000 });
    assert.equal(await page.evaluate(() => caches.has('castcheck-record')), false);
    await page.reload();
    await page.locator('[data-stored="failed"]').waitFor({ timeout: 120000 });
  } finally {
    await page.context().close();
    site.close();
  }
});

test('kiosk screens pass axe-core in every language (screenshots: attract, scanning, keypad, verdict, countdown)', async () => {
  const site = await kioskSite('kiosk-axe', { languages: ['en', 'es', 'vi', 'ar'], idle_seconds: 4, countdown_seconds: 60, preload: false });
  // Chromium's own fake camera: a moving test picture with no QR code in it, so scanning goes on.
  const camera = await launchWithCamera();
  try {
    const page = await (await camera.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
    const check = async (lang, screen) => {
      const results = await new AxeBuilder({ page }).analyze();
      assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), [], `kiosk ${lang} ${screen}`);
      await page.screenshot({ path: path.join(artifacts, `kiosk-${lang}-${screen}.png`) });
    };
    for (const [lang] of LANGS) {
      await page.goto(`${site.url}app.html#/kiosk`);
      await page.reload();
      await page.locator('[data-screen="attract"]').waitFor();
      await check(lang, 'attract');
      await page.locator(`[data-screen="attract"] [data-lang="${lang}"]`).click();
      await page.locator('[data-scan="scanning"]').waitFor({ timeout: 30000 });
      assert.equal(await page.locator('html').getAttribute('lang'), lang);
      await check(lang, 'scanning');
      await page.locator('[data-testid="kiosk-type"]').click();
      await typeOnKeypad(page, cast.code.slice(0, 9));
      await check(lang, 'keypad');
      await typeOnKeypad(page, cast.code.slice(9));
      await page.locator('[data-testid="kiosk-check"]').click();
      await page.locator('section.verdict[data-verdict]').waitFor({ timeout: 30000 });
      await check(lang, 'verdict');
      await page.locator('[data-testid="still-there"]').waitFor({ timeout: 15000 });
      await check(lang, 'countdown');
    }
  } finally {
    await camera.close();
    site.close();
  }
});

test('a new release of the service worker takes over and deletes the old version\'s cache', async () => {
  const site = await kioskSite('sw-update', {});
  const page = await newPage(browser);
  try {
    await page.goto(`${site.url}#/check`);
    await page.locator('[data-testid="election-fingerprint"]').waitFor({ timeout: 30000 });
    await underServiceWorker(page);
    const names = () => page.evaluate(() => caches.keys());
    assert.deepEqual(await names(), ['castcheck-shell-v1']);
    // The next release: its service worker's caching changed, so its VERSION did too.
    const sw = path.join('/tmp/castcheck-e2e-sw-update', 'sw.js');
    fs.writeFileSync(sw, fs.readFileSync(sw, 'utf8').replace("const VERSION = 'v1';", "const VERSION = 'v2';"));
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    await page.waitForFunction(async () => !(await caches.keys()).includes('castcheck-shell-v1'), null, { timeout: 30000 });
    await page.reload();
    await page.locator('[data-testid="election-fingerprint"]').waitFor({ timeout: 30000 });
    assert.deepEqual(await names(), ['castcheck-shell-v2']);
  } finally {
    await page.context().close();
    site.close();
  }
});
