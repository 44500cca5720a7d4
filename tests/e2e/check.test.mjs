// The voter's check: a receipt code typed in, read from a QR link, or against a record that is
// tampered with, forked, served by a hostile host, unreachable or not on the verifier's list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serveDir, serveTampered, serveHostile } from './servers.mjs';
import { artifacts, cast, challenged, checkCode as checkCodeAt, LANGS, launch, newPage, readReceipts, record, root, serveApp } from './fixtures.mjs';
import { checkNoReceiptCodeSent, typo, unknown, usedCodes } from './codes.mjs';
import { demoSize, demoText, forked, forkedText, origin, variants, witnessVariants } from './tampered-records.mjs';

// Another election, not on the verifier's list (public/elections.json lists only the demo).
const stranger = '/tmp/castcheck-e2e-stranger';

let app, tampered, hostile, strangerSite, browser;
before(async () => {
  app = await serveApp();
  fs.rmSync(stranger, { recursive: true, force: true });
  execFileSync('cargo', ['run', '--quiet', '-p', 'castcheck', '--', 'simulate', '--out', `${stranger}/rec`, '--receipts',
    `${stranger}/receipts.csv`, '--voters', '60', '--precincts', '2', '--challenged', '1', '--seed', '77'], { cwd: root, stdio: 'ignore' });
  strangerSite = await serveDir(`${stranger}/rec`, true);
  hostile = await serveHostile(record);
  tampered = await serveTampered(record, {
    ...Object.fromEntries(Object.entries(variants).map(([k, v]) => [k, v.change])), ...witnessVariants });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  app?.close();
  tampered?.close();
  strangerSite?.close();
  hostile?.close();
});
// No request to this file's servers contains a receipt code: the demo's, the unknown one, the
// typo, or the other election's code that the unlisted check types.
checkNoReceiptCodeSent(() => [app, tampered, hostile, strangerSite],
  () => [...usedCodes, readReceipts(`${stranger}/receipts.csv`).find((r) => r.kind === 'cast').code]);

const checkCode = (page, code, query = '') => checkCodeAt(page, app.url, code, query);

test('a. a demo code typed in verifies and every check passes', async () => {
  const page = await newPage(browser);
  const verdict = await checkCode(page, cast.code);
  assert.equal(await verdict.getAttribute('data-verdict'), 'verified');
  // The three statements, each proven; every check behind them passed or had nothing to check.
  const proofs = await page.locator('ol.statements > li').evaluateAll((els) => els.map((e) => `${e.dataset.statement}:${e.dataset.proof}`));
  assert.deepEqual(proofs, ['in-box:proven', 'counted:proven', 'proofs-valid:proven']);
  // Each statement and its status are two words apart, never glued into one.
  const glued = await page.locator('ol.statements > li').evaluateAll((els) => els.filter((e) =>
    e.textContent.includes(e.querySelector('.label').textContent + e.querySelector('.status').textContent)).length);
  assert.equal(glued, 0);
  const checks = await page.locator('ol.statements li[data-check]').evaluateAll((els) => els.map((e) => e.dataset.status));
  assert.ok(checks.length >= 17, `${checks.length} checks shown`);
  assert.deepEqual(checks.filter((s) => s !== 'passed' && s !== 'not-applicable'), []);
  fs.writeFileSync(path.join(artifacts, 'check-time-ms.txt'), `${await verdict.getAttribute('data-elapsed-ms')}\n`);
  // The page names its icon, and the icon is served (no 404 on every page).
  const icon = await page.locator('link[rel="icon"]').getAttribute('href');
  assert.equal((await page.request.get(`${app.url}${icon}`)).status(), 200);
  // "Skip to content" moves the focus and keeps the route, the code and the verdict.
  const address = page.url();
  await page.locator('a.skip').focus();
  await page.keyboard.press('Enter');
  assert.equal(page.url(), address);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  assert.equal(await page.locator('[data-verdict="verified"]').count(), 1);
  await page.screenshot({ path: path.join(artifacts, 'check-verified.png'), fullPage: true });
  await page.context().close();
});

test('b. a code with one wrong character shows the typo message and fetches nothing', async () => {
  const page = await newPage(browser);
  await page.goto(`${app.url}#/check`);
  await page.waitForSelector('[data-testid="election-fingerprint"]');
  await page.waitForLoadState('networkidle');
  const before = app.log.length;
  await page.locator('#code').pressSequentially(typo.replaceAll('-', ''), { delay: 5 });
  const message = page.locator('#code-message.typo');
  await message.waitFor();
  assert.match(await message.innerText(), /Group 3/);
  assert.equal(await page.locator('form.code-form button[type="submit"]').isDisabled(), true);
  await page.waitForTimeout(300);
  assert.equal(app.log.length, before, `requests after typing: ${app.log.slice(before).join('\n')}`);
  await page.screenshot({ path: path.join(artifacts, 'check-typo.png'), fullPage: true });
  await page.context().close();
});

test('c. a well-formed unknown code is not found', async () => {
  const page = await newPage(browser);
  const verdict = await checkCode(page, unknown);
  assert.equal(await verdict.getAttribute('data-verdict'), 'not-found');
  await page.screenshot({ path: path.join(artifacts, 'check-not-found.png'), fullPage: true });
  await page.context().close();
});

for (const [name, { check }] of Object.entries(variants)) {
  test(`d. tampered record (${name}) fails and names ${check}`, async () => {
    const page = await newPage(browser);
    const verdict = await checkCode(page, cast.code, `?record=${encodeURIComponent(`${tampered.url}${name}/`)}`);
    assert.equal(await verdict.getAttribute('data-verdict'), 'failed');
    const failed = await page.locator('li[data-check][data-status="failed"]').evaluateAll((els) => els.map((e) => e.dataset.check));
    assert.ok(failed.includes(check), `failed checks: ${failed}`);
    assert.match(await page.locator('[data-testid="failed-checks"]').innerText(), new RegExp(check));
    await page.screenshot({ path: path.join(artifacts, `check-tampered-${name}.png`), fullPage: true });
    await page.context().close();
  });
}

test('the voter\'s check reads the board from at most two tiles and the frontier, never the entry bundles', async () => {
  const page = await newPage(browser);
  const before = app.log.length;
  const verdict = await checkCode(page, cast.code);
  assert.equal(await verdict.getAttribute('data-verdict'), 'verified');
  const board = app.log.slice(before).map((line) => line.split(' ')[1]).filter((u) => u.includes('/board/'));
  const tiles = board.filter((u) => u.includes('/board/tile/'));
  // 2 412 entries: a level-0 tile, and a level-1 tile for positions below 2 048.
  assert.ok(tiles.length >= 1 && tiles.length <= 2, `tiles: ${tiles.join(', ')}`);
  assert.deepEqual(tiles.filter((u) => u.includes('/tile/entries/')), []);
  assert.ok(board.some((u) => u.endsWith('/board/frontier')), board.join(', '));
  assert.ok(board.some((u) => u.endsWith('/board/checkpoint')), board.join(', '));
  await page.context().close();
});

test('a checkpoint no trusted witness cosigned is "not witnessed", never green', async () => {
  const page = await newPage(browser);
  const verdict = await checkCode(page, cast.code, `?record=${encodeURIComponent(`${tampered.url}unwitnessed/`)}`);
  assert.equal(await verdict.getAttribute('data-verdict'), 'not-witnessed');
  assert.match(await page.locator('[data-testid="failed-checks"]').innerText(), /V-04/);
  await page.screenshot({ path: path.join(artifacts, 'check-not-witnessed.png'), fullPage: true });
  await page.context().close();
});

test('a split view is red on the next visit, with both checkpoints; a rollback too; "compare with others" tells them apart', async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  const page = await context.newPage();
  let verdict = await checkCode(page, cast.code);
  assert.equal(await verdict.getAttribute('data-verdict'), 'verified');
  // The root in groups of four, and a link that shares the checkpoint (never the code).
  assert.match(await page.locator('[data-testid="head-root"]').innerText(), /^([0-9a-f]{4} ){15}[0-9a-f]{4}$/);
  const href = await page.locator('[data-testid="compare-link"]').getAttribute('href');
  // The whole app's compare page (the check page has only the check), with the checkpoint, never the code.
  assert.ok(href.startsWith('app.html') && href.includes('#/compare/') && !href.includes(cast.code) && !href.includes(cast.code.replaceAll('-', '')));
  const stored = await page.evaluate(() => localStorage.getItem('castcheck-checkpoints'));
  assert.ok(stored.includes(origin) && !stored.includes(cast.code.replaceAll('-', '')), stored);
  // Someone shares the same checkpoint: the same box.
  await page.goto(`${app.url}${href}`);
  await page.waitForSelector('[data-verdict="compare-verified"]');
  // Someone shares another checkpoint of the same size, signed by the authority: two boxes.
  await page.goto(`${app.url}app.html#/compare/${encodeURIComponent(forked)}`);
  await page.waitForSelector('[data-verdict="compare-failed"]');
  assert.match(await page.locator('[data-testid="checkpoint-shared"]').innerText(), new RegExp(forkedText(Number(demoSize)).split('\n')[2].slice(0, 20).replace(/[+/]/g, '.')));
  // The host now serves that other box: red, with both checkpoints and what to do.
  verdict = await checkCode(page, cast.code, `?record=${encodeURIComponent(`${tampered.url}forked/`)}`);
  assert.equal(await verdict.getAttribute('data-verdict'), 'two-boards');
  await page.locator('[data-testid="split-view"]').waitFor();
  const shown = async (id) => (await page.locator(`[data-testid="${id}"]`).innerText()).trimEnd();
  assert.equal(await shown('checkpoint-before'), demoText.trimEnd());
  assert.equal(await shown('checkpoint-now'), forkedText(Number(demoSize)).trimEnd());
  await page.screenshot({ path: path.join(artifacts, 'check-split-view.png'), fullPage: true });
  // The memory still holds the box first seen, not the contradicting one.
  assert.equal(await page.evaluate(() => localStorage.getItem('castcheck-checkpoints')), stored);
  // A larger box remembered from before: the demo's is then a rollback.
  await page.evaluate(([key, o, text]) => localStorage.setItem(key, JSON.stringify({ [o]: text })),
    ['castcheck-checkpoints', origin, forkedText(Number(demoSize) + 10)]);
  verdict = await checkCode(page, cast.code);
  assert.equal(await verdict.getAttribute('data-verdict'), 'two-boards');
  assert.equal(await shown('checkpoint-before'), forkedText(Number(demoSize) + 10).trimEnd());
  await context.close();
});

test('a tampered record shown in Spanish contains none of the English failure texts', async () => {
  const page = await newPage(browser);
  for (const name of ['count', 'sealed-count', 'sealed-proof', 'swapped', 'resigned', 'older']) {
    await checkCode(page, cast.code, `?record=${encodeURIComponent(`${tampered.url}${name}/`)}`);
    // The English words of every failure and failed check on the page…
    const english = await page.locator('li.failure, [data-testid="failed-checks"] li').allInnerTexts();
    assert.ok(english.length > 0, `${name}: no failures listed`);
    // …keep only the prose after the file and place ("file, precinct p: reason").
    const phrases = english.flatMap((t) => t.split(/: | — /)).map((t) => t.trim())
      .filter((t) => t.split(' ').length >= 3);
    assert.ok(phrases.length > 0, `${name}: no English phrases in ${english}`);
    await page.getByRole('button', { name: 'Español' }).click();
    await page.locator('html[lang="es"]').waitFor();
    const spanish = await page.locator('body').innerText();
    for (const phrase of phrases) {
      assert.ok(!spanish.includes(phrase), `${name}: English "${phrase}" on the Spanish page:\n${spanish}`);
    }
    assert.match(spanish, /Verificación fallida|La verificación falló/);
    await page.screenshot({ path: path.join(artifacts, `check-tampered-${name}-es.png`), fullPage: true });
    await page.getByRole('button', { name: 'English' }).click();
  }
  await page.context().close();
});

// A hostile host: each way of serving the manifest ends in "could not check" with the reason,
// never a hang or a verdict about the election. `slow` takes the 30-second fetch deadline.
for (const [how, reason] of [['chunked', /larger than the 4194304 bytes/], ['bomb', /larger than the 4194304 bytes/],
  ['endless', /larger than the 4194304 bytes/], ['redirect', /redirect/], ['slow', /did not arrive within 30 seconds/]]) {
  test(`a ${how} manifest gives the could-not-check verdict with its reason`, async () => {
    const page = await newPage(browser);
    await page.goto(`${app.url}?record=${encodeURIComponent(`${hostile.url}${how}/`)}#/check/${cast.code.replaceAll('-', '')}`);
    const verdict = page.locator('[data-verdict]');
    await verdict.waitFor({ timeout: 60000 });
    assert.equal(await verdict.getAttribute('data-verdict'), 'could-not-check');
    assert.match(await verdict.innerText(), reason);
    await page.getByRole('button', { name: 'Try again' }).waitFor();
    await page.screenshot({ path: path.join(artifacts, `check-hostile-${how}.png`), fullPage: true });
    await page.context().close();
  });
}

test('an unreachable record shows the error verdict with its address', async () => {
  const page = await newPage(browser);
  const dead = 'http://127.0.0.1:9/nowhere/';
  await page.goto(`${app.url}?record=${encodeURIComponent(dead)}#/check/${cast.code.replaceAll('-', '')}`);
  const verdict = page.locator('[data-verdict]');
  await verdict.waitFor({ timeout: 30000 });
  assert.equal(await verdict.getAttribute('data-verdict'), 'could-not-check');
  // Plain words first; the addresses and the browser's words are folded under "Details".
  assert.match(await verdict.locator('[data-testid="unreachable-why"]').innerText(), /^the file could not be fetched$/);
  assert.doesNotMatch(await verdict.innerText(), /127\.0\.0\.1|Failed to fetch/);
  await verdict.locator('details.technical summary').click();
  assert.match(await verdict.locator('[data-testid="unreachable"]').innerText(), /127\.0\.0\.1:9\/nowhere\/manifest\.json \(.+\)/);
  // The banner ends too: it says why the election is not verified, never "Verifying…" on.
  const banner = page.locator('section.election');
  await banner.locator('p.error').waitFor();
  assert.doesNotMatch(await banner.innerText(), /Verifying/);
  await page.screenshot({ path: path.join(artifacts, 'check-unreachable.png'), fullPage: true });
  await page.context().close();
});

test('before any WebAssembly arrives, the page already shows its frame and "loading" in the visitor\'s language', async () => {
  for (const [locale, words, lang] of [['es-MX', /Cargando el verificador/, 'es'], ['ar', /جارٍ تحميل أداة التحقق/, 'ar'], ['de-DE', /Loading the checker/, 'en']]) {
    const context = await browser.newContext({ locale, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    // No wasm ever arrives: what shows is the HTML's own first paint.
    await page.route('**/*.wasm', (route) => route.abort());
    await page.goto(`${app.url}#/check`);
    const text = page.locator('#boot-text');
    await text.waitFor();
    assert.match(await text.innerText(), words, locale);
    assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
    assert.ok((await text.boundingBox()).y < 844, 'on the first screen');
    await context.close();
  }
  // Once the app is there, the first paint is gone (one header, not two).
  const page = await newPage(browser);
  await page.goto(`${app.url}#/check`);
  await page.locator('#code').waitFor();
  assert.equal(await page.locator('#boot').count(), 0);
  assert.equal(await page.locator('header.site').count(), 1);
  await page.context().close();
});

test('the words on a verdict link to a glossary entry that explains them, in every language; the tracker shows short', async () => {
  const page = await newPage(browser);
  await checkCode(page, cast.code);
  const short = await page.locator('[data-testid="tracker-short"]').innerText();
  const full = await page.locator('[data-testid="tracker"]').textContent();
  assert.match(full, /^[0-9a-f]{64}$/);
  assert.equal(short.replaceAll(' ', ''), full.slice(0, 16));
  await page.locator('a.term[data-term="tracker"]').click();
  await page.waitForURL(/app\.html.*#\/glossary\/tracker$/);
  const entry = page.locator('[data-term="tracker"].selected');
  await entry.waitFor();
  assert.ok(await entry.evaluate((el) => el === document.activeElement), 'the entry has the focus');
  for (const [, name] of LANGS) {
    await page.getByRole('button', { name, exact: true }).click();
    const entries = await page.locator('dl.glossary > div').evaluateAll((ds) => ds.map((d) => [d.querySelector('dt').innerText.trim(), d.querySelector('dd').innerText.trim()]));
    assert.equal(entries.length, 10);
    for (const [title, body] of entries) assert.ok(title.length > 1 && body.length > 40, `${name}: ${title}`);
  }
  await page.context().close();
});

test('a deep link with a mistyped code shows the typo, and the banner still verifies the election', async () => {
  const page = await newPage(browser);
  await page.goto(`${app.url}#/check/${typo.replaceAll('-', '')}`);
  const banner = page.locator('section.election');
  await banner.locator('h1').waitFor({ timeout: 30000 });
  assert.doesNotMatch(await banner.innerText(), /Verifying/);
  assert.equal(await page.locator('[data-verdict]').count(), 0, 'a mistyped code is not checked');
  await page.context().close();
});

test('e. a challenged ballot has its own verdict, never "counted", and shows what it contained', async () => {
  const page = await newPage(browser);
  const verdict = await checkCode(page, challenged.code);
  assert.equal(await verdict.getAttribute('data-verdict'), 'challenged');
  // Never "counted" as a claim: it says plainly that it was not counted.
  assert.doesNotMatch(await verdict.innerText(), /counted as cast|was counted/i);
  assert.match(await verdict.innerText(), /not counted; vote again/);
  const contents = await page.locator('[data-testid="challenged-contents"]').innerText();
  assert.match(contents, /Presidential preference: \S+/);
  await page.screenshot({ path: path.join(artifacts, 'check-challenged.png'), fullPage: true });
  await page.context().close();
});

test('a receipt QR link carrying its election code verifies; another election\'s code is refused', async () => {
  const page = await newPage(browser);
  await page.goto(`${app.url}#/check/${cast.code.replaceAll('-', '')}/${cast.election.replaceAll('-', '')}`);
  let verdict = page.locator('[data-verdict]');
  await verdict.waitFor({ timeout: 30000 });
  assert.equal(await verdict.getAttribute('data-verdict'), 'verified');
  assert.equal(await page.locator('[data-testid="election-code"]').innerText(), cast.election);
  const foreign = readReceipts(`${stranger}/receipts.csv`)[0].election;
  assert.notEqual(foreign, cast.election);
  await page.goto(`${app.url}#/check/${cast.code.replaceAll('-', '')}/${foreign.replaceAll('-', '')}`);
  await page.reload();
  verdict = page.locator('[data-verdict]');
  await verdict.waitFor({ timeout: 30000 });
  assert.equal(await verdict.getAttribute('data-verdict'), 'wrong-election');
  assert.match(await verdict.innerText(), new RegExp(foreign));
  await page.screenshot({ path: path.join(artifacts, 'check-wrong-election.png'), fullPage: true });
  await page.goto(`${app.url}#/check/${cast.code.replaceAll('-', '')}/NOT-AN-ELECTION`);
  await page.reload();
  verdict = page.locator('[data-verdict]');
  await verdict.waitFor({ timeout: 30000 });
  assert.equal(await verdict.getAttribute('data-verdict'), 'refused');
  await page.context().close();
});

test('a record that is not on the verifier\'s list gets a warning, not a green verdict', async () => {
  const page = await newPage(browser);
  const code = readReceipts(`${stranger}/receipts.csv`).find((r) => r.kind === 'cast').code;
  const verdict = await checkCode(page, code, `?record=${encodeURIComponent(strangerSite.url)}`);
  assert.equal(await verdict.getAttribute('data-verdict'), 'unlisted');
  await page.locator('[data-listing="unlisted"]').waitFor();
  assert.equal(await page.locator('.verdict.verified').count(), 0);
  await page.screenshot({ path: path.join(artifacts, 'check-unlisted.png'), fullPage: true });
  await page.context().close();
});

test('totals rewritten by a keyless host: the check fails and the Results page shows no number', async () => {
  const page = await newPage(browser);
  const query = `?record=${encodeURIComponent(`${tampered.url}totals/`)}`;
  const verdict = await checkCode(page, cast.code, query);
  assert.equal(await verdict.getAttribute('data-verdict'), 'failed');
  await page.goto(`${app.url}app.html${query}#/results`);
  await page.locator('.results-not-verified').waitFor({ timeout: 60000 });
  assert.equal(await page.locator('table.results').count(), 0);
  await page.screenshot({ path: path.join(artifacts, 'results-tampered.png'), fullPage: true });
  await page.context().close();
});
