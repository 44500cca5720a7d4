// The observer's audit of the whole record (online, cancelled, and from an archive offline), the
// verified results and their NIST export, and the results-table audit of the 2020 Iowa caucuses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { serveDir } from './servers.mjs';
import { artifacts, dist, newPage, receipts, record, root, underServiceWorker } from './fixtures.mjs';
import { withAppAndBrowser } from './codes.mjs';

const env = withAppAndBrowser();

test('f. the observer audit completes, its totals match, and the page keeps drawing', async () => {
  const page = await newPage(env.browser);
  await page.goto(`${env.app.url}app.html#/audit`);
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
  const cells = (await page.locator('[data-testid="audit-totals"] td').allInnerTexts()).map((c) => Number(c.replace(/\D/g, '')));
  // Ballots on the board = challenged + counted, each labelled; the counted ones are the published
  // ballots, and the options' counts add up to them.
  const [onBoard, challengedBallots, counted] = cells;
  const headers = await page.locator('table.precincts thead th').allInnerTexts();
  assert.deepEqual(headers.slice(1, 4), ['On the board', 'Challenged (opened, not counted)', 'Counted']);
  assert.equal(challengedBallots, receipts.filter((r) => r.kind === 'challenged').length);
  assert.equal(counted, published.ballots);
  assert.equal(onBoard, challengedBallots + counted);
  assert.deepEqual(cells.slice(3, 3 + published.contests[0].counts.length), published.contests[0].counts);
  // The manifest's order, whichever helper finished first.
  const manifest = JSON.parse(fs.readFileSync(path.join(record, 'manifest.json'), 'utf8'));
  const order = (manifest.body ?? manifest).precincts.map((p) => p.id);
  assert.deepEqual(await page.locator('table.precincts tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.precinct)), order);
  assert.equal(await page.locator('table.precincts tbody tr[data-status="passed"]').count(), 24);
  fs.writeFileSync(path.join(artifacts, 'audit-time-ms.txt'), `${await verdict.getAttribute('data-elapsed-ms')}\n`);
  await page.screenshot({ path: path.join(artifacts, 'audit.png'), fullPage: true });
  await page.context().close();
});

test('cancelling the audit stops it, and with it every worker of its pool', async () => {
  const page = await newPage(env.browser);
  // A slow network, so that the audit is still running when it is cancelled.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 300, downloadThroughput: 1e6, uploadThroughput: 1e6 });
  await page.goto(`${env.app.url}app.html#/audit`);
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
  const page = await newPage(env.browser);
  const fixtures = path.join(root, 'public/iowa-2020');
  await page.goto(`${env.app.url}app.html#/tables`);
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
  // The filter keeps the rows of one county (in any case), and says how many of all it shows.
  const county = counties[Math.floor(counties.length / 2)];
  const named = await page.locator('table.findings tbody tr').evaluateAll((rows) => rows.map((r) => [r.cells[0].innerText, r.cells[1].innerText]));
  const ofCounty = named.filter((row) => row.some((n) => n.toLowerCase().includes(county.toLowerCase()))).length;
  await page.getByLabel('Show only counties or precincts whose name contains').fill(county.toUpperCase());
  await page.locator('[data-testid="findings-shown"]', { hasText: `${ofCounty} of ` }).waitFor();
  const shown = await page.locator('table.findings tbody tr td:first-child').allInnerTexts();
  assert.equal(shown.length, ofCounty);
  assert.ok(ofCounty < counties.length, `${county}: ${ofCounty} of ${counties.length}`);
  await page.getByLabel('Show only counties or precincts whose name contains').fill('');
  assert.equal(await page.locator('table.findings tbody tr').count(), cli.total_findings);
  await page.screenshot({ path: path.join(artifacts, 'tables-iowa-2020.png'), fullPage: false });
  await page.context().close();
});

test('the results chart shows the verified figures, formatted in the page\'s language, and exports them as NIST SP 1500-100', async () => {
  const page = await newPage(env.browser);
  await page.goto(`${env.app.url}app.html#/results`);
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

test('an observer audits a record archive (.zip) with the network off, and the app itself loads offline', async () => {
  const zip = '/tmp/castcheck-e2e-demo.zip';
  fs.rmSync(zip, { force: true });
  execFileSync('zip', ['-q', '-r', zip, '.'], { cwd: record });
  // Its own server, switched off below: the network is really gone, for the service worker too.
  const site = await serveDir(dist);
  const page = await newPage(env.browser);
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
