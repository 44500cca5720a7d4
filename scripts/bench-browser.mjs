// Browser benchmark (not a test): the release build's sizes, the time from submitting a receipt
// code to the verdict for a 500-ballot precinct, and the in-browser audit's throughput with its
// pool of workers on a larger record.
// Usage: node scripts/bench-browser.mjs [AUDIT_VOTERS] [RUNS]
//   (after `trunk build --release` and `cargo build --release -p castcheck`; AUDIT_VOTERS defaults
//   to 100000, RUNS to 3)
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { serveDir } from '../tests/e2e/servers.mjs';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const auditVoters = Number(process.argv[2] ?? 100000);
const runs = Number(process.argv[3] ?? 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const gz = (f) => zlib.gzipSync(fs.readFileSync(path.join(dist, f)), { level: 9 }).length;
const files = fs.readdirSync(dist);
const bundles = {
  'check page (index.html, main.css, page wasm + js)': ['index.html', 'main.css',
    ...files.filter((f) => /^castcheck-web-.*(_bg\.wasm|\.js)$/.test(f))],
  'checker worker (the voter\'s check)': files.filter((f) => /^checker(_bg\.wasm|\.js|_loader\.js)$/.test(f)),
  'whole app (app.html, wasm + js)': files.filter((f) => /^app(\.html|_bg\.wasm|\.js)$/.test(f)),
  'audit worker': files.filter((f) => /^worker(_bg\.wasm|\.js|_loader\.js)$/.test(f)),
  'QR scanner worker': files.filter((f) => /^scanner(_bg\.wasm|\.js|_loader\.js)$/.test(f)),
};
for (const [name, list] of Object.entries(bundles)) {
  console.log(`${name}: ${list.reduce((a, f) => a + gz(f), 0)} bytes gzipped -9 (${list.join(', ')})`);
}

function simulate(dir, voters, precincts) {
  fs.rmSync(dir, { recursive: true, force: true });
  execFileSync(path.join(root, 'target/release/castcheck'), ['simulate', '--out', dir, '--receipts', `${dir}.csv`,
    '--keys', `${dir}.keys.json`, '--voters', String(voters), '--precincts', String(precincts), '--challenged', '0',
    '--seed', '5'], { stdio: 'ignore' });
  return fs.readFileSync(`${dir}.csv`, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu',
  '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const site = await serveDir(dist);

// A record with one precinct of exactly 500 ballots: submitting a code until the verdict.
const small = '/tmp/castcheck-bench-record';
const receipts = simulate(small, 500, 1);
let data = await serveDir(small, true);
const times = [];
for (const [code] of receipts.slice(0, 7)) {
  const page = await browser.newPage();
  await page.goto(`${site.url}?record=${encodeURIComponent(data.url)}#/check`);
  await page.locator('#code').fill(code);
  await page.locator('form.code-form button[type="submit"]').click();
  const verdict = page.locator('section.verdict[data-verdict]');
  await verdict.waitFor({ timeout: 60000 });
  // "unlisted" (the record is not on the app's list), after every statement was proven.
  const proven = await page.locator('li[data-statement][data-proof="proven"]').count();
  if ((await verdict.getAttribute('data-verdict')) !== 'unlisted' || proven !== 3) {
    throw new Error(`${code}: verdict ${await verdict.getAttribute('data-verdict')}, ${proven} statements proven`);
  }
  times.push(Number(await verdict.getAttribute('data-elapsed-ms')));
  await page.close();
}
console.log(`submit → verdict, a 500-ballot precinct: median ${median(times)} ms (${times.join(', ')})`);
data.close();

// The full audit of a larger record in the browser, with the pool of workers.
const big = `/tmp/castcheck-bench-audit-${auditVoters}`;
simulate(big, auditVoters, Math.max(1, Math.round(auditVoters / 500)));
data = await serveDir(big, true);
const rates = [];
let workers;
for (let i = 0; i < runs; i++) {
  const page = await browser.newPage();
  workers = 0;
  page.on('worker', () => { workers += 1; });
  await page.goto(`${site.url}app.html?record=${encodeURIComponent(data.url)}#/audit`);
  await page.getByRole('button', { name: 'Start the audit' }).click();
  const done = page.locator('section.verdict[data-ballots]');
  await done.waitFor({ timeout: 1800000 });
  const ballots = Number(await done.getAttribute('data-ballots'));
  const ms = Number(await done.getAttribute('data-elapsed-ms'));
  rates.push(Math.round(ballots / (ms / 1000)));
  console.log(`in-browser audit run ${i + 1}: ${ballots} ballots in ${ms} ms, verdict ` +
    `"${await done.getAttribute('data-verdict')}", ${workers} workers started`);
  await page.close();
}
const cores = await (await browser.newPage()).evaluate(() => navigator.hardwareConcurrency);
console.log(`in-browser audit: median ${median(rates)} ballots/s (${rates.join(', ')}); hardwareConcurrency ${cores}`);
await browser.close();
site.close();
data.close();
