// End-to-end tests: Debian's Chromium, driven by playwright-core, against the release build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { serveDir, serveTampered, resignHeads } from './servers.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const dist = path.join(root, 'dist');
const record = path.join(root, 'public/demo');
const artifacts = path.join(root, 'tests/artifacts');
fs.mkdirSync(artifacts, { recursive: true });

const receipts = fs.readFileSync(path.join(root, 'demo/receipts.csv'), 'utf8').trim().split('\n').slice(1)
  .map((l) => { const [code, precinct, kind] = l.split(','); return { code, precinct, kind }; });
const cast = receipts.find((r) => r.kind === 'cast');
const challenged = receipts.find((r) => r.kind === 'challenged');
const other = receipts.find((r) => r.precinct !== cast.precinct);
const unknown = execFileSync('cargo', ['run', '--quiet', '-p', 'castcheck', '--', 'receipt-code', '--tracker', 'ab'.repeat(32)],
  { cwd: root, encoding: 'utf8' }).trim();
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const typo = (() => { // one wrong character in group 3
  const chars = cast.code.split('');
  const i = 11;
  chars[i] = ALPHABET[(ALPHABET.indexOf(chars[i]) + 7) % 32];
  return chars.join('');
})();
const usedCodes = [cast.code, challenged.code, unknown, typo];

const precinctFile = `precincts/${cast.precinct}.json`;
const json = (buf) => JSON.parse(buf.toString('utf8'));
const out = (v) => Buffer.from(JSON.stringify(v));

// Each variant changes one thing and names the check that must fail.
const variants = {
  count: { check: 'V-12', change: (p, read) => { if (p !== precinctFile) return; const f = json(read(p)); f.tally[0].decryption.values[0] += 1; return out(f); } },
  proof: { check: 'V-07', change: (p, read) => {
    if (p !== precinctFile) return; const f = json(read(p));
    const proof = f.ballots[f.ballots.length - 1].ballot.contests[0].choice.range_proof;
    const s = proof.common_challenge; const c = s[10] === 'A' ? 'B' : 'A';
    proof.common_challenge = s.slice(0, 10) + c + s.slice(11); return out(f); } },
  removed: { check: 'V-10', change: (p, read) => { if (p !== precinctFile) return; const f = json(read(p)); f.ballots.pop(); return out(f); } },
  swapped: { check: 'V-09', change: (p, read) => { if (p !== precinctFile) return; return read(`precincts/${other.precinct}.json`); } },
  resigned: { check: 'V-03', change: (p, read) => { if (p !== 'heads.json') return; return out(resignHeads(json(read(p)))); } },
  older: { check: 'V-03', change: (p, read) => { if (p !== 'heads.json') return; const h = json(read(p)); h.heads.pop(); return out(h); } },
};

let app, tampered, browser;
before(async () => {
  assert.ok(fs.existsSync(path.join(dist, 'index.html')), 'run the release build (trunk build --release) first');
  app = await serveDir(dist);
  tampered = await serveTampered(record, Object.fromEntries(Object.entries(variants).map(([k, v]) => [k, v.change])));
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});
after(async () => {
  await browser?.close();
  app?.close();
  tampered?.close();
});

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  return context.newPage();
}

async function checkCode(page, code, query = '') {
  await page.goto(`${app.url}${query}#/check`);
  await page.waitForSelector('[data-testid="election-fingerprint"], .election .error');
  await page.locator('#code').pressSequentially(code.replaceAll('-', ''), { delay: 5 });
  await page.locator('form.code-form button[type="submit"]').click();
  const verdict = page.locator('[data-verdict]');
  await verdict.waitFor({ timeout: 30000 });
  return verdict;
}

test('a. a demo code typed in verifies and every check passes', async () => {
  const page = await newPage();
  const verdict = await checkCode(page, cast.code);
  assert.equal(await verdict.getAttribute('data-verdict'), 'verified');
  const statuses = await page.locator('ol.checklist > li').evaluateAll((els) => els.map((e) => e.dataset.status));
  assert.ok(statuses.length >= 6, `checklist has ${statuses.length} steps`);
  assert.deepEqual(statuses.filter((s) => s !== 'passed'), []);
  fs.writeFileSync(path.join(artifacts, 'check-time-ms.txt'), `${await verdict.getAttribute('data-elapsed-ms')}\n`);
  await page.screenshot({ path: path.join(artifacts, 'check-verified.png'), fullPage: true });
  await page.context().close();
});

test('b. a code with one wrong character shows the typo message and fetches nothing', async () => {
  const page = await newPage();
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
  const page = await newPage();
  const verdict = await checkCode(page, unknown);
  assert.equal(await verdict.getAttribute('data-verdict'), 'not-found');
  await page.screenshot({ path: path.join(artifacts, 'check-not-found.png'), fullPage: true });
  await page.context().close();
});

for (const [name, { check }] of Object.entries(variants)) {
  test(`d. tampered record (${name}) fails and names ${check}`, async () => {
    const page = await newPage();
    const verdict = await checkCode(page, cast.code, `?record=${encodeURIComponent(`${tampered.url}${name}/`)}`);
    assert.equal(await verdict.getAttribute('data-verdict'), 'failed');
    const failed = await page.locator('li[data-check][data-status="failed"]').evaluateAll((els) => els.map((e) => e.dataset.check));
    assert.ok(failed.includes(check), `failed checks: ${failed}`);
    assert.match(await page.locator('[data-testid="failed-checks"]').innerText(), new RegExp(check));
    await page.screenshot({ path: path.join(artifacts, `check-tampered-${name}.png`), fullPage: true });
    await page.context().close();
  });
}

test('a tampered record shown in Spanish contains none of the English failure texts', async () => {
  const page = await newPage();
  for (const name of ['count', 'proof', 'removed', 'swapped', 'resigned', 'older']) {
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

test('an unreachable record shows the error verdict with its address', async () => {
  const page = await newPage();
  const dead = 'http://127.0.0.1:9/nowhere/';
  await page.goto(`${app.url}?record=${encodeURIComponent(dead)}#/check/${cast.code.replaceAll('-', '')}`);
  const verdict = page.locator('[data-verdict]');
  await verdict.waitFor({ timeout: 30000 });
  assert.equal(await verdict.getAttribute('data-verdict'), 'error');
  assert.match(await verdict.innerText(), /127\.0\.0\.1:9\/nowhere\/manifest\.json/);
  await page.screenshot({ path: path.join(artifacts, 'check-unreachable.png'), fullPage: true });
  await page.context().close();
});

test('e. a challenged ballot shows what it contained', async () => {
  const page = await newPage();
  const verdict = await checkCode(page, challenged.code);
  assert.equal(await verdict.getAttribute('data-verdict'), 'verified');
  const contents = await page.locator('[data-testid="challenged-contents"]').innerText();
  assert.match(contents, /Presidential preference: \S+/);
  await page.screenshot({ path: path.join(artifacts, 'check-challenged.png'), fullPage: true });
  await page.context().close();
});

test('f. the observer audit completes, its totals match, and the page keeps drawing', async () => {
  const page = await newPage();
  await page.goto(`${app.url}#/audit`);
  await page.getByRole('button', { name: 'Start the audit' }).click();
  await page.locator('[data-testid="audit-progress"]').waitFor();
  // While the worker verifies, the page keeps drawing frames; how fast is a benchmark
  // (docs/benchmarks.md), not an assertion.
  const delays = [];
  for (let i = 0; i < 5; i++) {
    const t0 = Date.now();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
    delays.push(Date.now() - t0);
    await page.waitForTimeout(100);
  }
  fs.writeFileSync(path.join(artifacts, 'audit-frame-delays-ms.txt'), `${delays.join(' ')}\n`);
  const verdict = page.locator('section.verdict[data-verdict]');
  await verdict.waitFor({ timeout: 300000 });
  assert.equal(await verdict.getAttribute('data-verdict'), 'verified');
  assert.equal(Number(await verdict.getAttribute('data-ballots')), receipts.length);
  assert.equal(await page.locator('tr[data-check="V-13"]').getAttribute('data-status'), 'passed');
  // The per-precinct table's sums of verified counts equal the published election totals.
  const published = JSON.parse(fs.readFileSync(path.join(record, 'totals.json'), 'utf8')).election;
  const cells = await page.locator('[data-testid="audit-totals"] td').allInnerTexts();
  assert.deepEqual(cells.slice(1, 1 + published.contests[0].counts.length).map(Number), published.contests[0].counts);
  assert.equal(await page.locator('table.precincts tbody tr[data-status="passed"]').count(), 24);
  fs.writeFileSync(path.join(artifacts, 'audit-time-ms.txt'), `${await verdict.getAttribute('data-elapsed-ms')}\n`);
  await page.screenshot({ path: path.join(artifacts, 'audit.png'), fullPage: true });
  await page.context().close();
});

test('the results-table audit flags the real 2020 Iowa precincts, sortably', async () => {
  const page = await newPage();
  const fixtures = path.join(root, 'crates/record/tests/fixtures/iowa-2020');
  await page.goto(`${app.url}#/tables`);
  await page.locator('#results-file').setInputFiles(path.join(fixtures, 'idp-2020-02-08-results.csv'));
  await page.locator('#delegates-file').setInputFiles(path.join(fixtures, 'precinct-delegates.csv'));
  await page.locator('.table-input .hint', { hasText: 'bytes' }).nth(1).waitFor();
  await page.getByRole('button', { name: 'Audit the table' }).click();
  const verdict = page.locator('section.verdict[data-findings]');
  await verdict.waitFor({ timeout: 60000 });
  // The CLI exits 1 when it finds anything; its JSON is what the page must agree with.
  const cli = JSON.parse(spawnSync('cargo', ['run', '--quiet', '-p', 'castcheck', '--', 'audit-results', '--rules', 'iowa-dem-2020',
    path.join(fixtures, 'idp-2020-02-08-results.csv'), path.join(fixtures, 'precinct-delegates.csv'), '--json'],
    { cwd: root, encoding: 'utf8' }).stdout);
  assert.equal(Number(await verdict.getAttribute('data-findings')), cli.total_findings);
  assert.ok(cli.total_findings > 0);
  assert.equal(await page.locator('table.findings tbody tr').count(), cli.total_findings);
  await page.getByRole('button', { name: 'County' }).click();
  const counties = await page.locator('table.findings tbody tr td:first-child').allInnerTexts();
  assert.deepEqual(counties, [...counties].sort());
  await page.screenshot({ path: path.join(artifacts, 'tables-iowa-2020.png'), fullPage: false });
  await page.context().close();
});

test('h+i. every page passes axe-core in English and Spanish (screenshots saved)', async () => {
  const page = await newPage();
  for (const lang of ['English', 'Español']) {
    for (const [route, ready] of [['#/check', '#code'], ['#/audit', 'main h2'], ['#/results', 'table.results'], ['#/tables', 'form.tables-form'],
      [`#/check/${cast.code.replaceAll('-', '')}`, '[data-verdict]']]) {
      await page.goto(`${app.url}${route}`);
      await page.getByRole('button', { name: lang }).click();
      await page.locator(ready).first().waitFor({ timeout: 30000 });
      const results = await new AxeBuilder({ page }).analyze();
      assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.nodes.length}`), [], `${lang} ${route}`);
      const name = `${lang === 'English' ? 'en' : 'es'}-${route.replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '').slice(0, 20)}`;
      await page.screenshot({ path: path.join(artifacts, `page-${name}.png`), fullPage: true });
    }
  }
  assert.equal(await page.locator('html').getAttribute('lang'), 'es');
  await page.context().close();
});

test('pages fit a 320 px screen and 200 % zoom without horizontal scrolling', async () => {
  // 320 CSS px wide: a small phone, and what a 640 px window gives at 200 % zoom (WCAG 1.4.10).
  for (const [width, scale] of [[320, 1], [320, 2]]) {
    const context = await browser.newContext({ viewport: { width, height: 700 }, deviceScaleFactor: scale });
    const page = await context.newPage();
    for (const route of ['#/check', `#/check/${cast.code.replaceAll('-', '')}`, '#/audit', '#/tables']) {
      await page.goto(`${app.url}${route}`);
      await page.locator(route.startsWith('#/check/') ? '[data-verdict]' : 'main h2').first().waitFor({ timeout: 30000 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${route} at ${width} px overflows by ${overflow} px`);
    }
    await page.screenshot({ path: path.join(artifacts, `narrow-${width}px-x${scale}.png`), fullPage: true });
    await context.close();
  }
});

test('g. no request to any server contains a receipt code', () => {
  const logs = [...app.log, ...tampered.log].join('\n').toUpperCase();
  for (const code of usedCodes) {
    for (const form of [code, code.replaceAll('-', '')]) {
      assert.ok(!logs.includes(form.toUpperCase()), `${form} was sent to a server`);
    }
  }
  assert.ok(app.log.length > 10, 'the log recorded the run');
});
