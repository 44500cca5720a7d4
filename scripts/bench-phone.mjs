// Benchmark (not a test): a voter's check from opening the receipt's deep link to the verdict,
// against a record of any size, on the desktop and under the phone profile (Chrome DevTools
// Protocol: CPU 4x slower, 150 ms round trip, 1.6 Mbit/s down), cache disabled. It reports the
// time, the requests and their bytes, and how many board tiles the check read.
// Usage: node scripts/bench-phone.mjs RECORD_DIR RECEIPTS_CSV [RUNS]
//   (after `trunk build --release`; e.g. a record from `castcheck simulate --voters 1000000 …`)
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serveDir } from '../tests/e2e/servers.mjs';

const [recordDir, receiptsCsv, runsArg] = process.argv.slice(2);
if (!recordDir || !receiptsCsv) {
  console.error('usage: node scripts/bench-phone.mjs RECORD_DIR RECEIPTS_CSV [RUNS]');
  process.exit(2);
}
const runs = Number(runsArg ?? 3);
const root = path.resolve(import.meta.dirname, '..');
const receipts = fs.readFileSync(receiptsCsv, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
// A cast ballot of the largest precinct (by file size).
const largest = fs.readdirSync(path.join(recordDir, 'precincts'))
  .map((f) => [f.replace('.json', ''), fs.statSync(path.join(recordDir, 'precincts', f)).size])
  .sort((a, b) => b[1] - a[1])[0];
const receipt = receipts.find((r) => r[1] === largest[0] && r[2] === 'cast');
console.log(`record ${recordDir}: receipt ${receipt[0]} in ${largest[0]} (${largest[1]} bytes)`);

const site = await serveDir(path.join(root, 'dist'));
const data = await serveDir(recordDir, true);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox',
  '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update'] });
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

for (const [profile, phone] of [['desktop', false], ['phone', true]]) {
  const times = [];
  let requests = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (phone) {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150,
        downloadThroughput: 1.6e6 / 8, uploadThroughput: 0.75e6 / 8 });
    }
    const before = data.log.length;
    const started = Date.now();
    await page.goto(`${site.url}?record=${encodeURIComponent(data.url)}#/check/${receipt[0].replaceAll('-', '')}`);
    const verdict = page.locator('section.verdict[data-verdict]');
    await verdict.waitFor({ timeout: 600000 });
    times.push(Date.now() - started);
    const kind = await verdict.getAttribute('data-verdict');
    requests = data.log.slice(before).map((line) => line.split(' ')[1].replace(/^\//, ''));
    if (i === 0) console.log(`${profile}: verdict "${kind}"`);
    await context.close();
  }
  const bytes = requests.reduce((a, p) => a + (fs.existsSync(path.join(recordDir, p)) ? fs.statSync(path.join(recordDir, p)).size : 0), 0);
  const tiles = requests.filter((p) => p.startsWith('board/tile/'));
  console.log(`${profile}: deep link → verdict median ${median(times)} ms (${times.join(', ')}); ` +
    `${requests.length} record requests, ${bytes} bytes; tiles: ${tiles.join(', ')}`);
}
await browser.close();
site.close();
data.close();
