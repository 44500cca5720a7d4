// The receipt on paper: a printed receipt's QR code held up to the camera (and a look-alike
// verifier's refused), scanning without a camera, and the verdict printed as a slip.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { artifacts, cast, castCode as code, launchWithCamera, newPage, record, root } from './fixtures.mjs';
import { withAppAndBrowser } from './codes.mjs';

const env = withAppAndBrowser();

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

// The check page, scanning, in a env.browser of its own whose camera shows `video`.
async function scanWith(video) {
  const camera = await launchWithCamera(video);
  const page = await (await camera.newContext({ viewport: { width: 1024, height: 900 } })).newPage();
  await page.goto(`${env.app.url}#/check`);
  await page.locator('[data-testid="election-fingerprint"]').waitFor({ timeout: 30000 });
  await page.locator('[data-testid="scan"]').click();
  return { camera, page };
}

test('a printed receipt held up to the camera is scanned and verified; another verifier\'s QR code is refused', async () => {
  const page = await newPage(env.browser);
  // The demo's printable receipts, as served with the app; the first is a counted ballot.
  await page.goto(`${env.app.url}demo-receipts/index.html`);
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

test('the printable receipts read in four languages, link to each other, print from a button and fit a phone', async () => {
  const context = await env.browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  for (const [file, lang, dir, opened] of [['index.html', 'en', 'ltr', /anyone with this code can see what it contained/],
    ['es.html', 'es', 'ltr', /cualquiera con este código puede ver lo que contenía/], ['vi.html', 'vi', 'ltr', /bất kỳ ai có mã này/],
    ['ar.html', 'ar', 'rtl', /يستطيع كل من لديه هذا الرمز/]]) {
    await page.goto(`${env.app.url}demo-receipts/${file}`);
    assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
    assert.equal(await page.evaluate(() => document.documentElement.dir), dir);
    assert.match(await page.locator('article.receipt.challenged .how').innerText(), opened, file);
    assert.equal(await page.locator('nav.tools a').count(), 4);
    assert.equal(await page.locator('nav.tools a[aria-current="page"]').getAttribute('href'), file);
    const print = page.locator('nav.tools button');
    assert.ok(await print.isVisible(), 'a print button');
    // The button prints: window.print is called.
    await page.evaluate(() => { window.printed = 0; window.print = () => { window.printed += 1; }; });
    await print.click();
    assert.equal(await page.evaluate(() => window.printed), 1);
    // A phone: nothing scrolls sideways, and a receipt is as wide as the screen allows.
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${file} scrolls sideways`);
    assert.ok((await page.locator('article.receipt').first().boundingBox()).width <= 390);
  }
  await page.screenshot({ path: path.join(artifacts, 'demo-receipts-ar-phone.png'), fullPage: false });
  await context.close();
});

test('without a camera, scanning says so plainly', async () => {
  const page = await newPage(env.browser);
  await page.goto(`${env.app.url}#/check`);
  await page.locator('[data-testid="scan"]').click();
  const status = page.locator('[data-scan="no-camera"], [data-scan="denied"]');
  await status.waitFor({ timeout: 30000 });
  assert.ok((await status.innerText()).length > 20);
  await page.context().close();
});

test('a verdict prints as a slip with the election, the precinct and the signed box, and the receipt code only if asked', async () => {
  const page = await newPage(env.browser);
  await page.goto(`${env.app.url}#/check/${code}`);
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
