// Benchmark (not a test): a voter's check of a receipt in the record's largest precinct, from
// opening the receipt's deep link to each of the three statements and the verdict, on the desktop
// and under the phone profile (Chrome DevTools Protocol: CPU 4x slower, 150 ms round trip,
// 1.6 Mbit/s down), cache disabled, every file served gzipped as a web host serves it. It reports
// the times (from the page's navigation start, measured in the page), the bytes on the wire of the
// app and of the record, the requests, and the board tiles the check read.
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
const ballots = JSON.parse(fs.readFileSync(path.join(recordDir, 'precincts', `${largest[0]}.json`))).body.ballots.length;
console.log(`record ${recordDir}: receipt ${receipt[0]} in ${largest[0]} (${ballots} cast ballots)`);

const site = await serveDir(path.join(root, 'dist'), false, { gzip: true });
const data = await serveDir(recordDir, true, { gzip: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox',
  '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update'] });
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
// In the page: when each statement is first shown proven, and when the verdict is shown.
const marks = () => {
  window.__marks = {};
  window.__fetches = [];
  new BroadcastChannel('bench').onmessage = (e) => window.__fetches.push(...e.data.map((f) => ({ ...f,
    start: f.start - performance.timeOrigin, end: f.end - performance.timeOrigin })));
  new MutationObserver(() => {
    const now = performance.now();
    for (const li of document.querySelectorAll('li[data-statement]')) {
      const proven = li.dataset.proof === 'proven' || li.dataset.proof === 'unwitnessed';
      if (proven && !(li.dataset.statement in window.__marks)) window.__marks[li.dataset.statement] = now;
    }
    if (document.querySelector('section.verdict[data-verdict]') && !('verdict' in window.__marks)) window.__marks.verdict = now;
  }).observe(document, { subtree: true, childList: true, attributes: true });
};
const STEPS = ['in-box', 'counted', 'proofs-valid', 'verdict'];

for (const [profile, phone] of [['desktop', false], ['phone', true]]) {
  const times = Object.fromEntries(STEPS.map((s) => [s, []]));
  let last;
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(marks);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (phone) {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150,
        downloadThroughput: 1.6e6 / 8, uploadThroughput: 0.75e6 / 8 });
    }
    // In the first run, each worker reports its fetches (Resource Timing) to the page, for the
    // timeline below. Only there: evaluating in workers now and then crashes Chromium 156's renderer
    // (about 1 run in 15 with it in every run, none in 40 runs without it).
    if (i === 0) page.on('worker', (w) => w.evaluate(() => {
      const channel = new BroadcastChannel('bench');
      new PerformanceObserver((list) => channel.postMessage(list.getEntries().map((e) => ({ name: e.name,
        start: performance.timeOrigin + e.startTime, end: performance.timeOrigin + e.responseEnd }))))
        .observe({ type: 'resource', buffered: true });
    }).catch(() => {}));
    const [siteFrom, dataFrom] = [site.sent.length, data.sent.length];
    // A crashed renderer would leave the wait below to time out: it ends the benchmark at once.
    const crashed = new Promise((_, reject) => page.on('crash', () => reject(new Error(`the renderer crashed in ${profile} run ${i + 1}`))));
    await Promise.race([crashed, (async () => {
      await page.goto(`${site.url}?record=${encodeURIComponent(data.url)}#/check/${receipt[0].replaceAll('-', '')}`);
      await page.locator('section.verdict[data-verdict]').waitFor({ timeout: 600000 });
    })()]);
    const got = await page.evaluate(() => window.__marks);
    if (i === 0) {
      const fetched = await page.evaluate(() => [...performance.getEntriesByType('resource').map((e) => ({ name: e.name,
        start: e.startTime, end: e.responseEnd })), ...window.__fetches]);
      console.log(`${profile} timeline (ms from navigation: fetch start–end, then when each statement showed):`);
      for (const f of fetched.sort((a, b) => a.end - b.end)) {
        console.log(`  ${Math.round(f.start)}–${Math.round(f.end)} ${f.name.replace(/^http:\/\/[^/]+\//, '').replace(/\?.*$/, '')}`);
      }
      for (const s of STEPS) console.log(`  ${Math.round(got[s])} ${s}`);
    }
    for (const s of STEPS) times[s].push(Math.round(got[s] ?? NaN));
    if (i === 0) console.log(`${profile}: verdict "${await page.locator('section.verdict').getAttribute('data-verdict')}"`);
    last = { app: site.sent.slice(siteFrom), record: data.sent.slice(dataFrom) };
    await context.close();
  }
  const bytes = (list) => list.reduce((a, r) => a + r.bytes, 0);
  const tiles = last.record.filter((r) => r.path.startsWith('board/tile/')).map((r) => r.path);
  console.log(`${profile}: ${STEPS.map((s) => `${s} ${median(times[s])} ms (${times[s].join(', ')})`).join('; ')}`);
  console.log(`${profile}: app ${bytes(last.app)} bytes on the wire in ${last.app.length} requests; record ${bytes(last.record)} bytes in ` +
    `${last.record.length} requests: ${last.record.map((r) => `${r.path} ${r.bytes}`).join(', ')}; tiles: ${tiles.join(', ')}`);
}
await browser.close();
site.close();
data.close();
