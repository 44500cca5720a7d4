// End-to-end tests: Debian's Chromium, driven by playwright-core, against the release build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { serveDir, serveTampered, serveHostile, resignCheckpoint, signCheckpointAsAuthority, checkpointText, sealAsAuthority, canonicalJson } from './servers.mjs';
import { checkCode as checkCodeAt, launch } from './fixtures.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const dist = path.join(root, 'dist');
const record = path.join(root, 'public/demo');
const artifacts = path.join(root, 'tests/artifacts');
fs.mkdirSync(artifacts, { recursive: true });

const readReceipts = (file) => fs.readFileSync(file, 'utf8').trim().split('\n').slice(1)
  .map((l) => { const [code, precinct, kind, , election] = l.split(','); return { code, precinct, kind, election }; });
const receipts = readReceipts(path.join(root, 'demo/receipts.csv'));
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
const proofsFile = `proofs/${cast.precinct}.json`;
const json = (buf) => JSON.parse(buf.toString('utf8'));
const out = (v) => Buffer.from(canonicalJson(v));

// Each variant changes one thing and names the check that must fail. The host variants change
// bytes without the authority's key (the seal, V-17, catches them); the `sealed-` variants play
// the authority too (its key ships with the demo), so the deeper check must catch them.
const authorityKey = JSON.parse(fs.readFileSync(path.join(root, 'demo/authority-key.json'), 'utf8')).authority_signing_key;
const body = (buf) => json(buf).body;
const sealed = (p, b) => sealAsAuthority(record, authorityKey, p, b);
const countChanged = (b) => { b.tally[0].decryption.values[0] += 1; return b; };
const variants = {
  count: { check: 'V-17', change: (p, read) => { if (p !== precinctFile) return; const f = json(read(p)); countChanged(f.body); return out(f); } },
  'sealed-count': { check: 'V-12', change: (p, read) => { if (p !== precinctFile) return; return sealed(p, countChanged(body(read(p)))); } },
  'sealed-proof': { check: 'V-07', change: (p, read) => {
    if (p !== proofsFile) return; const b = body(read(p));
    // The first option's 0/1 proof: its challenge c0 follows the four 32-byte commitments (§5.2).
    // Its lowest byte plus one: still a canonical scalar, but the proof no longer holds.
    const entry = b.ballots[b.ballots.length - 1];
    const bytes = Buffer.from(entry.proofs[0], 'base64url');
    bytes[128] = (bytes[128] + 1) % 256;
    entry.proofs[0] = bytes.toString('base64url'); return sealed(p, b); } },
  'sealed-removed': { check: 'V-10', change: (p, read) => { if (p !== precinctFile) return; const b = body(read(p)); b.ballots.pop(); return sealed(p, b); } },
  swapped: { check: 'V-17', change: (p, read) => { if (p !== precinctFile) return; return read(`precincts/${other.precinct}.json`); } },
  totals: { check: 'V-17', change: (p, read) => {
    // The county and election rows moved consistently: 5 votes from the second option to the first.
    if (p !== 'totals.json') return; const f = json(read(p));
    for (const area of [...f.body.counties, f.body.election]) {
      const c = area.contests[0]?.counts; if (c && c[1] >= 5) { c[0] += 5; c[1] -= 5; }
    }
    return out(f); } },
  resigned: { check: 'V-03', change: (p, read) => { if (p !== 'board/checkpoint') return; return Buffer.from(resignCheckpoint(checkpointText(read(p).toString()))); } },
  // Signed by the authority, but not closing the board (as if voting were still open).
  older: { check: 'V-03', change: (p, read) => {
    if (p !== 'board/checkpoint') return;
    const open = checkpointText(read(p).toString()).replace(/^closed .*\n/m, '');
    return Buffer.from(signCheckpointAsAuthority(open, authorityKey)); } },
};

// The board's checkpoint as the demo publishes it (authority and two witnesses), its text, and
// forks of it: what an authority that shows different voters different boxes would sign.
const publishedCheckpoint = fs.readFileSync(path.join(record, 'board/checkpoint'), 'utf8');
const demoText = checkpointText(publishedCheckpoint);
const [origin, demoSize] = demoText.split('\n');
const forkedText = (size) => `${origin}\n${size}\n${crypto.createHash('sha256').update(`fork ${size}`).digest('base64')}\n${demoText.split('\n')[3]}\n`;
const forked = signCheckpointAsAuthority(forkedText(Number(demoSize)), authorityKey);
// Not variants that must fail outright: their verdicts are their own.
const witnessVariants = {
  // Signed by the authority alone: no witness vouches for it.
  unwitnessed: (p) => (p === 'board/checkpoint' ? Buffer.from(signCheckpointAsAuthority(demoText, authorityKey)) : undefined),
  // Another box of the same size, signed by the authority.
  forked: (p) => (p === 'board/checkpoint' ? Buffer.from(forked) : undefined),
};

// Another election, not on the verifier's list (public/elections.json lists only the demo).
const stranger = '/tmp/castcheck-e2e-stranger';

let app, tampered, hostile, strangerSite, browser;
before(async () => {
  assert.ok(fs.existsSync(path.join(dist, 'index.html')), 'run the release build (trunk build --release) first');
  fs.rmSync(stranger, { recursive: true, force: true });
  execFileSync('cargo', ['run', '--quiet', '-p', 'castcheck', '--', 'simulate', '--out', `${stranger}/rec`, '--receipts',
    `${stranger}/receipts.csv`, '--voters', '60', '--precincts', '2', '--challenged', '1', '--seed', '77'], { cwd: root, stdio: 'ignore' });
  strangerSite = await serveDir(`${stranger}/rec`, true);
  hostile = await serveHostile(record);
  app = await serveDir(dist);
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

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  return context.newPage();
}

const checkCode = (page, code, query = '') => checkCodeAt(page, app.url, code, query);

test('a. a demo code typed in verifies and every check passes', async () => {
  const page = await newPage();
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

test('the voter\'s check reads the board from at most two tiles and the frontier, never the entry bundles', async () => {
  const page = await newPage();
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
  const page = await newPage();
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
  const page = await newPage();
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
    const page = await newPage();
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
  const page = await newPage();
  const dead = 'http://127.0.0.1:9/nowhere/';
  await page.goto(`${app.url}?record=${encodeURIComponent(dead)}#/check/${cast.code.replaceAll('-', '')}`);
  const verdict = page.locator('[data-verdict]');
  await verdict.waitFor({ timeout: 30000 });
  assert.equal(await verdict.getAttribute('data-verdict'), 'could-not-check');
  assert.match(await verdict.innerText(), /127\.0\.0\.1:9\/nowhere\/manifest\.json/);
  await page.screenshot({ path: path.join(artifacts, 'check-unreachable.png'), fullPage: true });
  await page.context().close();
});

test('e. a challenged ballot has its own verdict, never "counted", and shows what it contained', async () => {
  const page = await newPage();
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
  const page = await newPage();
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
  const page = await newPage();
  const code = readReceipts(`${stranger}/receipts.csv`).find((r) => r.kind === 'cast').code;
  const verdict = await checkCode(page, code, `?record=${encodeURIComponent(strangerSite.url)}`);
  assert.equal(await verdict.getAttribute('data-verdict'), 'unlisted');
  await page.locator('[data-listing="unlisted"]').waitFor();
  assert.equal(await page.locator('.verdict.verified').count(), 0);
  await page.screenshot({ path: path.join(artifacts, 'check-unlisted.png'), fullPage: true });
  await page.context().close();
});

test('totals rewritten by a keyless host: the check fails and the Results page shows no number', async () => {
  const page = await newPage();
  const query = `?record=${encodeURIComponent(`${tampered.url}totals/`)}`;
  const verdict = await checkCode(page, cast.code, query);
  assert.equal(await verdict.getAttribute('data-verdict'), 'failed');
  await page.goto(`${app.url}app.html${query}#/results`);
  await page.locator('.results-not-verified').waitFor({ timeout: 60000 });
  assert.equal(await page.locator('table.results').count(), 0);
  await page.screenshot({ path: path.join(artifacts, 'results-tampered.png'), fullPage: true });
  await page.context().close();
});

test('f. the observer audit completes, its totals match, and the page keeps drawing', async () => {
  const page = await newPage();
  await page.goto(`${app.url}app.html#/audit`);
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
  const published = JSON.parse(fs.readFileSync(path.join(record, 'totals.json'), 'utf8')).body.election;
  const cells = await page.locator('[data-testid="audit-totals"] td').allInnerTexts();
  assert.deepEqual(cells.slice(1, 1 + published.contests[0].counts.length).map((c) => Number(c.replace(/\D/g, ''))), published.contests[0].counts);
  assert.equal(await page.locator('table.precincts tbody tr[data-status="passed"]').count(), 24);
  fs.writeFileSync(path.join(artifacts, 'audit-time-ms.txt'), `${await verdict.getAttribute('data-elapsed-ms')}\n`);
  await page.screenshot({ path: path.join(artifacts, 'audit.png'), fullPage: true });
  await page.context().close();
});

test('cancelling the audit stops it, and with it every worker of its pool', async () => {
  const page = await newPage();
  // A slow network, so that the audit is still running when it is cancelled.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 300, downloadThroughput: 1e6, uploadThroughput: 1e6 });
  await page.goto(`${app.url}app.html#/audit`);
  // The banner's own verification (a worker of its own) is over before the audit starts.
  await page.locator('[data-testid="election-fingerprint"]').waitFor({ timeout: 60000 });
  const start = page.getByRole('button', { name: 'Start the audit' });
  const started = [];
  page.on('worker', (w) => {
    const worker = { url: w.url(), closed: false };
    w.on('close', () => { worker.closed = true; });
    started.push(worker);
  });
  await start.click();
  await page.locator('[data-testid="audit-progress"]').waitFor();
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  // The coordinator and one helper per core, all working (bounded wait).
  const working = () => started.filter((w) => !w.closed).length;
  for (let i = 0; i < 300 && working() < 1 + cores; i++) await page.waitForTimeout(100);
  assert.ok(working() >= 1 + cores, `${working()} of ${started.length} workers working for ${cores} cores`);
  await page.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await page.locator('[data-verdict]').getAttribute('data-verdict'), 'cancelled');
  for (let i = 0; i < 100 && !started.every((w) => w.closed); i++) await page.waitForTimeout(100);
  assert.deepEqual(started.filter((w) => !w.closed), [], 'every worker of the audit has stopped');
  await page.context().close();
});

test('the results-table audit flags the real 2020 Iowa precincts, sortably', async () => {
  const page = await newPage();
  const fixtures = path.join(root, 'public/iowa-2020');
  await page.goto(`${app.url}app.html#/tables`);
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

const LANGS = [['en', 'English'], ['es', 'Español'], ['vi', 'Tiếng Việt'], ['ar', 'العربية']];
const code = cast.code.replaceAll('-', '');
// Each page, and what shows that it is ready (a function runs what the page needs first).
const PAGES = [
  ['check', '#/check', async (page) => page.locator('#code').waitFor()],
  ['verdict', `#/check/${code}`, async (page) => page.locator('[data-verdict]').waitFor({ timeout: 30000 })],
  ['audit', 'app.html#/audit', async (page) => page.locator('main h2').waitFor()],
  ['results', 'app.html#/results', async (page) => page.locator('figure.chart').first().waitFor({ timeout: 120000 })],
  ['tables', 'app.html#/tables', async (page) => {
    await page.locator('[data-testid="try-iowa"]').click();
    await page.locator('section.verdict[data-findings]').waitFor({ timeout: 60000 });
  }],
];

test('h+i. every page in every language passes axe-core at desktop size, 320 px and 200 % zoom, and never scrolls sideways', async () => {
  // 320 CSS px: a small phone. 640 px at device scale 2: a 1280 px window at 200 % zoom (WCAG 1.4.10).
  for (const [width, scale] of [[1024, 1], [320, 1], [640, 2]]) {
    const context = await browser.newContext({ viewport: { width, height: 800 }, deviceScaleFactor: scale });
    const page = await context.newPage();
    for (const [lang, name] of LANGS) {
      for (const [label, route, ready] of PAGES) {
        await page.goto(`${app.url}${route}`);
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
  const page = await newPage();
  await page.goto(`${app.url}#/check/${code}`);
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
  await page.goto(`${app.url}app.html#/results`);
  const bar = page.locator('figure.chart svg.bar rect').first();
  await bar.waitFor({ timeout: 120000 });
  const x = await bar.getAttribute('x');
  const width = await bar.getAttribute('width');
  assert.equal(Number.parseFloat(x) + Number.parseFloat(width), 100);
  await page.screenshot({ path: path.join(artifacts, 'ar-results.png'), fullPage: false });
  await page.context().close();
});

test('the language follows the browser on a first visit, and a choice is remembered', async () => {
  const context = await browser.newContext({ locale: 'es-MX' });
  const page = await context.newPage();
  await page.goto(`${app.url}#/check`);
  await page.locator('#code').waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'es');
  await page.getByRole('button', { name: 'Tiếng Việt', exact: true }).click();
  await page.reload();
  await page.locator('#code').waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
  await context.close();
  const french = await browser.newContext({ locale: 'fr-FR' });
  const other = await french.newPage();
  await other.goto(`${app.url}#/check`);
  await other.locator('#code').waitFor();
  assert.equal(await other.locator('html').getAttribute('lang'), 'en', 'a language the app does not speak falls back to English');
  await french.close();
});

test('the results chart shows the verified figures, formatted in the page\'s language, and exports them as NIST SP 1500-100', async () => {
  const page = await newPage();
  await page.goto(`${app.url}app.html#/results`);
  await page.getByRole('button', { name: 'Tiếng Việt', exact: true }).click();
  const chart = page.locator('figure.chart').first();
  await chart.waitFor({ timeout: 120000 });
  const totals = JSON.parse(fs.readFileSync(path.join(record, 'totals.json'), 'utf8')).body;
  const vi = (n) => new Intl.NumberFormat('vi').format(n);
  assert.deepEqual(await chart.locator('.bar-value').allInnerTexts(), totals.election.contests[0].counts.map(vi));
  await page.locator('[data-testid="chart-measure"]').first().selectOption('delegates');
  assert.deepEqual(await page.locator('figure.chart').first().locator('.bar-value').allInnerTexts(),
    totals.election.contests[0].delegates.map(vi));
  const county = totals.counties[1];
  await page.locator('[data-testid="chart-area"]').first().selectOption(county.area);
  assert.deepEqual(await page.locator('figure.chart').first().locator('.bar-value').allInnerTexts(), county.contests[0].delegates.map(vi));
  // Every chart and table says its figures were verified on this device.
  const marks = page.locator('figure.chart figcaption .verified-mark, table.results caption .verified-mark');
  assert.equal(await marks.count(), await page.locator('figure.chart, table.results').count());
  assert.equal(new Set(await marks.allInnerTexts()).size, 1);
  assert.ok((await marks.first().innerText()).length > 5);
  // The statewide ballots cell, in Vietnamese digits and grouping.
  assert.equal(await page.locator('table.results').first().locator('tbody td').first().innerText(), vi(totals.election.ballots));
  // The download is the CLI's export of the same record (which a native test validates against NIST's schema).
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="export-nist"]').click()]);
  const fromApp = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  const fromCli = JSON.parse(execFileSync('cargo', ['run', '--quiet', '-p', 'castcheck', '--', 'export', '--format', 'nist-1500-100', record],
    { cwd: root, encoding: 'utf8' }));
  assert.match(fromApp.GeneratedDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  delete fromApp.GeneratedDate;
  delete fromCli.GeneratedDate;
  assert.deepEqual(fromApp, fromCli);
  await page.context().close();
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
  const page = await newPage();
  await page.goto(`${app.url}#/check`);
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

// Waits until the service worker controls the page, then reloads so that the app's files pass
// through it (and are kept for offline use), and waits for the banner again.
async function underServiceWorker(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.locator('[data-testid="election-fingerprint"]').waitFor({ timeout: 30000 });
  assert.ok(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)), 'the service worker controls the page');
}

test('an observer audits a record archive (.zip) with the network off, and the app itself loads offline', async () => {
  const zip = '/tmp/castcheck-e2e-demo.zip';
  fs.rmSync(zip, { force: true });
  execFileSync('zip', ['-q', '-r', zip, '.'], { cwd: record });
  // Its own server, switched off below: the network is really gone, for the service worker too.
  const site = await serveDir(dist);
  const page = await newPage();
  await page.goto(`${site.url}app.html#/audit`);
  await page.locator('[data-testid="election-fingerprint"]').waitFor({ timeout: 30000 });
  await underServiceWorker(page);
  site.close();
  await page.locator('#record-archive').setInputFiles(zip);
  const verdict = page.locator('section.verdict[data-verdict]');
  await verdict.waitFor({ timeout: 300000 });
  assert.equal(await verdict.getAttribute('data-verdict'), 'verified');
  assert.equal(Number(await verdict.getAttribute('data-ballots')), receipts.length);
  // Offline, the app still opens from the service worker's cache.
  await page.reload();
  await page.locator('main h2').waitFor({ timeout: 30000 });
  // Something that is not an archive gets a plain explanation, not a verdict.
  await page.locator('#record-archive').setInputFiles({ name: 'photo.zip', mimeType: 'application/zip', buffer: Buffer.from('not an archive') });
  const refused = page.locator('section.verdict[data-verdict="error"]');
  await refused.waitFor({ timeout: 30000 });
  assert.match(await refused.innerText(), /neither a \.tar nor a \.zip/);
  await page.screenshot({ path: path.join(artifacts, 'audit-archive-offline.png'), fullPage: false });
  await page.context().close();
});

// A Y4M video (one 640×480 frame, looped by Chromium's fake camera) of `image`, a PNG, centred
// on white and drawn 320 px wide: what a phone sees when a receipt is held up to it.
async function y4mOf(page, png, file) {
  const grey = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = 640; canvas.height = 480;
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, 640, 480);
    const side = 320;
    ctx.drawImage(img, (640 - side) / 2, (480 - side) / 2, side, side * img.height / img.width);
    const rgba = ctx.getImageData(0, 0, 640, 480).data;
    const out = new Array(640 * 480);
    for (let i = 0; i < out.length; i++) out[i] = Math.round(0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2]);
    return out;
  }, png.toString('base64'));
  const chroma = Buffer.alloc(320 * 240, 128);
  fs.writeFileSync(file, Buffer.concat([Buffer.from('YUV4MPEG2 W640 H480 F5:1 Ip A1:1 C420jpeg\nFRAME\n'), Buffer.from(grey), chroma, chroma]));
}

// A browser whose camera shows `video`.
const cameraBrowser = (video) => chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${video}`],
});

async function scanWith(video) {
  const camera = await cameraBrowser(video);
  const page = await (await camera.newContext({ viewport: { width: 1024, height: 900 } })).newPage();
  await page.goto(`${app.url}#/check`);
  await page.locator('[data-testid="election-fingerprint"]').waitFor({ timeout: 30000 });
  await page.locator('[data-testid="scan"]').click();
  return { camera, page };
}

test('a printed receipt held up to the camera is scanned and verified; another verifier\'s QR code is refused', async () => {
  const page = await newPage();
  // The demo's printable receipts, as served with the app; the first is a counted ballot.
  await page.goto(`${app.url}demo-receipts/index.html`);
  const first = page.locator('article.receipt').first();
  const printed = await first.getAttribute('data-code');
  const receiptVideo = '/tmp/castcheck-e2e-receipt.y4m';
  await y4mOf(page, await first.locator('.qr svg').screenshot(), receiptVideo);
  await page.screenshot({ path: path.join(artifacts, 'demo-receipts.png'), fullPage: true });

  // The same receipt, but its QR code sends voters to a look-alike verifier.
  const foreignCsv = '/tmp/castcheck-e2e-foreign.csv';
  const lines = fs.readFileSync(path.join(root, 'demo/receipts.csv'), 'utf8').trim().split('\n');
  fs.writeFileSync(foreignCsv, `${lines[0]}\n${lines[1].replace('http://127.0.0.1:8080/', 'https://castcheck.example.net/')}\n`);
  execFileSync('cargo', ['run', '--quiet', '-p', 'castcheck', '--', 'receipts', '--record', record, '--receipts', foreignCsv,
    '--out', '/tmp/castcheck-e2e-foreign.html'], { cwd: root });
  await page.goto('file:///tmp/castcheck-e2e-foreign.html');
  const foreignVideo = '/tmp/castcheck-e2e-foreign.y4m';
  await y4mOf(page, await page.locator('article.receipt .qr svg').screenshot(), foreignVideo);
  await page.context().close();

  const scanned = await scanWith(receiptVideo);
  after(() => scanned.camera.close());
  await scanned.page.locator('video').waitFor();
  await scanned.page.screenshot({ path: path.join(artifacts, 'scanning.png') });
  const verdict = scanned.page.locator('[data-verdict]');
  await verdict.waitFor({ timeout: 60000 });
  assert.equal(await verdict.getAttribute('data-verdict'), 'verified');
  assert.ok(scanned.page.url().includes(printed.replaceAll('-', '')), 'the scanned code is the printed one');
  await scanned.camera.close();

  const foreign = await scanWith(foreignVideo);
  after(() => foreign.camera.close());
  const refused = foreign.page.locator('[data-refusal]');
  await refused.waitFor({ timeout: 60000 });
  assert.equal(await refused.getAttribute('data-refusal'), 'other-verifier');
  assert.match(await refused.innerText(), /castcheck\.example\.net/);
  assert.equal(await foreign.page.locator('[data-verdict="verified"]').count(), 0);
  await foreign.camera.close();
});

test('without a camera, scanning says so plainly', async () => {
  const page = await newPage();
  await page.goto(`${app.url}#/check`);
  await page.locator('[data-testid="scan"]').click();
  const status = page.locator('[data-scan="no-camera"], [data-scan="denied"]');
  await status.waitFor({ timeout: 30000 });
  assert.ok((await status.innerText()).length > 20);
  await page.context().close();
});

test('a verdict prints as a slip with the election, the precinct and the signed box, and the receipt code only if asked', async () => {
  const page = await newPage();
  await page.goto(`${app.url}#/check/${code}`);
  await page.locator('[data-verdict="verified"]').waitFor({ timeout: 30000 });
  const fingerprint = await page.locator('[data-testid="election-fingerprint"]').innerText();
  const root = await page.locator('[data-testid="head-root"]').innerText();
  const authorityKey = await page.locator('[data-testid="authority-fingerprint"]').innerText();
  assert.ok(!(await page.locator('[data-testid="slip"]').isVisible()), 'the slip is for print only');
  await page.emulateMedia({ media: 'print' });
  const slip = page.locator('[data-testid="slip"]');
  assert.ok(await slip.isVisible());
  const text = await slip.innerText();
  assert.ok(text.includes(fingerprint) && text.includes(root) && text.includes(cast.election), text);
  assert.ok(!text.includes(cast.code), 'no receipt code unless asked');
  // The authority key's label names the key's fingerprint, not the authority's name.
  assert.equal(await page.locator('[data-testid="slip-authority-key"]').innerText(), authorityKey);
  await page.screenshot({ path: path.join(artifacts, 'slip-print.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  await page.locator('[data-testid="slip-include-code"]').check();
  await page.emulateMedia({ media: 'print' });
  assert.ok((await slip.innerText()).includes(cast.code));
  await page.context().close();
});

// A copy of the app with its own kiosk.json, on its own server.
async function kioskSite(name, config) {
  const dir = `/tmp/castcheck-e2e-${name}`;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(dist, dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'kiosk.json'), JSON.stringify(config));
  return serveDir(dir);
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

test('kiosk: a code typed on the keypad verifies, and after the idle countdown the next person finds no trace of it', async () => {
  const site = await kioskSite('kiosk-reset', { languages: ['en', 'es', 'vi', 'ar'], idle_seconds: 3, countdown_seconds: 3, preload: false });
  const page = await newPage();
  const visited = [];
  page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) visited.push(frame.url()); });
  await page.goto(`${site.url}app.html#/kiosk`);
  await page.locator('[data-screen="attract"] [data-lang="en"]').click();
  await page.locator('[data-testid="kiosk-type"]').click();
  await typeOnKeypad(page, cast.code);
  assert.equal(await page.locator('[data-testid="typed"]').innerText(), cast.code);
  await page.locator('[data-testid="kiosk-check"]').click();
  const verdict = page.locator('section.verdict[data-verdict]');
  await verdict.waitFor({ timeout: 30000 });
  assert.equal(await verdict.getAttribute('data-verdict'), 'verified');
  const tracker = (await page.locator('.ballot-details code').first().innerText()).trim();
  const precinct = (await page.locator('.ballot-details dd').first().innerText()).trim();
  assert.ok(tracker.length >= 64 && precinct.length > 3);
  // A closed room: no link on the verdict screen leads out of kiosk mode.
  const targets = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(targets.filter((h) => !/^#(\/kiosk\b|main$)/.test(h)), [], `links out of the kiosk: ${targets}`);
  await page.locator('[data-testid="still-there"]').waitFor({ timeout: 15000 });
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
  const page = await newPage();
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
  await page.locator('[data-testid="kiosk-type"]').click();
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
  const page = await newPage();
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
  const camera = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
  });
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
  const page = await newPage();
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

test('g. no request to any server contains a receipt code', () => {
  const logs = [...app.log, ...tampered.log].join('\n').toUpperCase();
  for (const code of usedCodes) {
    for (const form of [code, code.replaceAll('-', '')]) {
      assert.ok(!logs.includes(form.toUpperCase()), `${form} was sent to a server`);
    }
  }
  assert.ok(app.log.length > 10, 'the log recorded the run');
});
