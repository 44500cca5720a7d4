// Profile (not a test): where the checker's CPU time goes in a voter's check of a receipt in the
// record's largest precinct, on the desktop, cache disabled. It samples the checker worker with the
// Chrome DevTools Protocol's Profiler (which, unlike CPU throttling, reaches workers) and prints
// the time spent under each of the core's and the curve's functions, and the largest self times.
// Usage: node --experimental-websocket scripts/profile-checker.mjs DIST RECORD_DIR RECEIPTS_CSV
//   DIST: a `trunk build --release` whose wasm keeps its function names (e.g. with `-g` added to
//   `data-wasm-opt-params` in a copy of index.html, built with `--dist`); otherwise the
//   functions show as wasm-function[N].
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { serveDir } from '../tests/e2e/servers.mjs';

const [dist, recordDir, receiptsCsv] = process.argv.slice(2);
if (!dist || !recordDir || !receiptsCsv) {
  console.error('usage: node --experimental-websocket scripts/profile-checker.mjs DIST RECORD_DIR RECEIPTS_CSV');
  process.exit(2);
}
const receipts = fs.readFileSync(receiptsCsv, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
const largest = fs.readdirSync(path.join(recordDir, 'precincts'))
  .map((f) => [f.replace('.json', ''), fs.statSync(path.join(recordDir, 'precincts', f)).size])
  .sort((a, b) => b[1] - a[1])[0];
const receipt = receipts.find((r) => r[1] === largest[0] && r[2] === 'cast');
console.log(`receipt ${receipt[0]} in ${largest[0]}`);

const site = await serveDir(path.resolve(dist), false, { gzip: true });
const data = await serveDir(recordDir, true, { gzip: true });
const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'castcheck-profile-'));
const chrome = spawn('/usr/bin/chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--remote-debugging-address=127.0.0.1',
  '--remote-debugging-port=0', `--user-data-dir=${profileDir}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'] });
const endpoint = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('chromium did not start')), 20000);
  let seen = '';
  chrome.stderr.on('data', (chunk) => {
    seen += chunk;
    const m = seen.match(/DevTools listening on (ws:\S+)/);
    if (m) { clearTimeout(timer); resolve(m[1]); }
  });
});

// A CDP client over one WebSocket; sessions are flat (each command names its session).
const ws = new WebSocket(endpoint);
await new Promise((resolve) => ws.addEventListener('open', resolve, { once: true }));
let nextId = 0;
const pending = new Map();
const listeners = [];
ws.addEventListener('message', (e) => {
  const m = JSON.parse(e.data);
  if (m.id !== undefined) {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.error) p.reject(new Error(`${m.error.message}`)); else p.resolve(m.result);
  } else {
    for (const l of listeners) l(m);
  }
});
const send = (method, params = {}, sessionId = undefined) => new Promise((resolve, reject) => {
  const id = ++nextId;
  pending.set(id, { resolve, reject });
  ws.send(JSON.stringify({ id, method, params, sessionId }));
});

const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
const { sessionId: page } = await send('Target.attachToTarget', { targetId, flatten: true });
let checker;
listeners.push(async (m) => {
  if (m.method !== 'Target.attachedToTarget') return;
  const { sessionId, targetInfo } = m.params;
  if (targetInfo.type === 'worker' && targetInfo.url.includes('checker') && !checker) {
    checker = sessionId;
    await send('Profiler.enable', {}, sessionId);
    await send('Profiler.setSamplingInterval', { interval: 250 }, sessionId);
    await send('Profiler.start', {}, sessionId);
  }
  await send('Runtime.runIfWaitingForDebugger', {}, sessionId).catch(() => {});
});
await send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true }, page);
// The page ends the checker once it has answered; here it lives on until its profile is taken.
await send('Page.enable', {}, page);
await send('Page.addScriptToEvaluateOnNewDocument', { source: 'Worker.prototype.terminate = function () {};' }, page);
await send('Network.enable', {}, page);
await send('Network.setCacheDisabled', { cacheDisabled: true }, page);
await send('Page.navigate', { url: `${site.url}?record=${encodeURIComponent(data.url)}#/check/${receipt[0].replaceAll('-', '')}` }, page);
const verdict = async () => (await send('Runtime.evaluate', { expression:
  "document.querySelector('section.verdict[data-verdict]')?.dataset.verdict ?? ''", returnByValue: true }, page)).result.value;
let shown = '';
for (let i = 0; i < 600 && !shown; i++) {
  await new Promise((r) => setTimeout(r, 100));
  shown = await verdict();
}
console.log(`verdict: ${shown || 'none within 60 s'}`);
const { profile } = await send('Profiler.stop', {}, checker);

// Self time per node, from the samples and the time between them.
const self = new Map();
profile.samples.forEach((node, i) => self.set(node, (self.get(node) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
const byName = new Map();
for (const node of profile.nodes) {
  const name = node.callFrame.functionName || `(${node.callFrame.url.split('/').pop() || 'anonymous'})`;
  byName.set(name, (byName.get(name) ?? 0) + (self.get(node.id) ?? 0));
}
const total = [...byName.values()].reduce((a, b) => a + b, 0);
const idle = (byName.get('(idle)') ?? 0) + (byName.get('(program)') ?? 0);
console.log(`checker: ${total.toFixed(0)} ms sampled from its start to the verdict, ${idle.toFixed(0)} ms of it idle (waiting for files)`);
// Time under each function (each sample counted once per function on its stack).
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const nodeName = new Map(profile.nodes.map((n) => [n.id, n.callFrame.functionName]));
const under = new Map();
// The precinct file's and the proofs file's checks, and what takes their time.
const PHASES = ['verify_precinct', 'verify_proofs'];
const PARTS = ['parse_file', 'Sealed::verify', 'CompressedRistretto::decompress', 'BatchVerifier::add_contest',
  'BatchVerifier::verify'];
const phases = new Map(PHASES.map((p) => [p, new Map([['all', 0], ...PARTS.map((q) => [q, 0])])]));
profile.samples.forEach((leaf, i) => {
  const names = new Set();
  for (let n = leaf; n !== undefined; n = parent.get(n)) names.add(nodeName.get(n).replace(/::h[0-9a-f]{16}$/, ''));
  const ms = (profile.timeDeltas[i] ?? 0) / 1000;
  for (const name of names) under.set(name, (under.get(name) ?? 0) + ms);
  const has = (part) => [...names].some((n) => n.includes(part));
  for (const p of PHASES.filter(has)) {
    phases.get(p).set('all', phases.get(p).get('all') + ms);
    for (const q of PARTS.filter(has)) phases.get(p).set(q, phases.get(p).get(q) + ms);
  }
});
for (const [p, parts] of phases) {
  console.log(`${p}: ${parts.get('all').toFixed(0)} ms, of which ${PARTS.map((q) => `${q} ${parts.get(q).toFixed(0)} ms`).join(', ')}`);
}
console.log('time under the core\'s and the curve\'s functions:');
for (const [name, ms] of [...under].filter(([n]) => /^(<)?(castcheck_record|curve25519_dalek|elastic_elgamal|ed25519|serde_json|merlin)/.test(n))
  .sort((a, b) => b[1] - a[1]).slice(0, 30)) {
  console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${name.replace(/::h[0-9a-f]{16}$/, '').slice(0, 150)}`);
}
console.log('top functions by self time:');
for (const [name, ms] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 10)) {
  console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${name.slice(0, 140)}`);
}
ws.close();
chrome.kill();
site.close();
data.close();
await new Promise((resolve) => chrome.on('exit', resolve));
fs.rmSync(profileDir, { recursive: true, force: true });
