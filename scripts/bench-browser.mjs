// Browser benchmark (not a test): the release app's size, the time from submitting a receipt
// code to the verdict for a 500-ballot precinct, and the in-browser audit's throughput.
// Usage: node scripts/bench-browser.mjs   (after `trunk build --release` and a release CLI build)
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { serveDir } from '../tests/e2e/servers.mjs';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const gz = (f) => zlib.gzipSync(fs.readFileSync(path.join(dist, f)), { level: 9 }).length;
const files = fs.readdirSync(dist);
const app = files.filter((f) => /^castcheck-web-.*(_bg\.wasm|\.js)$/.test(f));
const worker = files.filter((f) => /^worker(_bg\.wasm|\.js|_loader\.js)$/.test(f));
const sum = (list) => list.reduce((a, f) => a + gz(f), 0);
console.log(`app wasm+js gzipped: ${sum(app)} bytes (${app.join(', ')})`);
console.log(`worker wasm+js gzipped: ${sum(worker)} bytes`);

// A record with one precinct of exactly 500 ballots.
const rec = '/tmp/castcheck-bench-record';
fs.rmSync(rec, { recursive: true, force: true });
execFileSync(path.join(root, 'target/release/castcheck'), ['simulate', '--out', rec, '--receipts', `${rec}.csv`,
  '--voters', '500', '--precincts', '1', '--challenged', '0', '--seed', '5'], { stdio: 'ignore' });
const receipts = fs.readFileSync(`${rec}.csv`, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
const sizes = Object.fromEntries(fs.readdirSync(path.join(rec, 'precincts')).map((f) =>
  [f.replace('.json', ''), JSON.parse(fs.readFileSync(path.join(rec, 'precincts', f))).ballots.length]));

const site = await serveDir(dist);
const data = await serveDir(rec, true);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu',
  '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
// Codes from the precinct whose size is nearest 500 ballots.
const target = Object.entries(sizes).sort((a, b) => Math.abs(a[1] - 500) - Math.abs(b[1] - 500))[0][0];
const times = [];
for (const [code, precinct] of receipts.filter((r) => r[1] === target).slice(0, 7)) {
  const page = await browser.newPage();
  await page.goto(`${site.url}?record=${encodeURIComponent(data.url)}#/check`);
  await page.waitForSelector('[data-testid="election-fingerprint"]');
  await page.locator('#code').fill(code);
  await page.locator('form.code-form button[type="submit"]').click();
  const verdict = page.locator('[data-verdict]');
  await verdict.waitFor({ timeout: 60000 });
  if ((await verdict.getAttribute('data-verdict')) !== 'verified') throw new Error(`${code} did not verify`);
  times.push({ ms: Number(await verdict.getAttribute('data-elapsed-ms')), ballots: sizes[precinct] });
  await page.close();
}
times.sort((a, b) => a.ms - b.ms);
console.log(`submit → verdict, precincts of ${times.map((t) => t.ballots).join('/')} ballots: ` +
  `median ${times[times.length >> 1].ms} ms, min ${times[0].ms} ms, max ${times[times.length - 1].ms} ms`);

const page = await browser.newPage();
await page.goto(`${site.url}?record=${encodeURIComponent(data.url)}#/audit`);
await page.getByRole('button', { name: 'Start the audit' }).click();
const done = page.locator('section.verdict[data-ballots]');
await done.waitFor({ timeout: 600000 });
const ballots = Number(await done.getAttribute('data-ballots'));
const ms = Number(await done.getAttribute('data-elapsed-ms'));
console.log(`in-browser audit: ${ballots} ballots in ${ms} ms = ${Math.round(ballots / (ms / 1000))} ballots/s (one worker)`);
await browser.close();
site.close();
data.close();
