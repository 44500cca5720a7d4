// A static host that gzips every record file and sends its (encoded) Content-Length: size limits
// apply to decoded bytes, so the voter's check and the audit both verify. Tiles are 8,192
// incompressible bytes that gzip makes about 8,215: an early refusal by the header would fail here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { serveDir } from './servers.mjs';
import { artifacts, cast, checkCode, dist, launch, newPage, receipts, record } from './fixtures.mjs';
import { checkNoReceiptCodeSent } from './codes.mjs';

let app, gzipHost, browser;
before(async () => {
  app = await serveDir(dist);
  gzipHost = await serveDir(record, true, { gzip: true });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  app?.close();
  gzipHost?.close();
});
checkNoReceiptCodeSent(() => [app, gzipHost]);

test('a voter\'s check and the audit verify against a host that gzips every file with Content-Length', async () => {
  const page = await newPage(browser);
  const query = `?record=${encodeURIComponent(gzipHost.url)}`;
  const verdict = await checkCode(page, app.url, cast.code, query);
  assert.equal(await verdict.getAttribute('data-verdict'), 'verified', await verdict.innerText());
  await page.goto(`${app.url}app.html${query}#/audit`);
  await page.getByRole('button', { name: 'Start the audit' }).click();
  const audit = page.locator('section.verdict[data-verdict]');
  await audit.waitFor({ timeout: 300000 });
  assert.equal(await audit.getAttribute('data-verdict'), 'verified', await audit.innerText());
  assert.equal(Number(await audit.getAttribute('data-ballots')), receipts.length);
  // The host really sent gzip, with headers that announce more than a hash tile's 8,192 bytes.
  const tiles = gzipHost.sent.filter((s) => /^board\/tile\/\d\/\d+$/.test(s.path));
  assert.ok(tiles.some((s) => s.bytes > 8192), `hash tiles on the wire: ${JSON.stringify(tiles)}`);
  await page.screenshot({ path: path.join(artifacts, 'audit-gzip-host.png'), fullPage: true });
  await page.context().close();
});
