// The answer first, on a phone: for every verdict a voter can get from a receipt, in every
// language, the verdict's top edge is on the first 390×844 screen when it arrives, and it has the
// focus (so it is announced). Screenshots of the cast, challenged and not-found verdicts in
// English and Arabic are kept in tests/artifacts/phone-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { serveDir } from './servers.mjs';
import { artifacts, cast, challenged, dist, launch } from './fixtures.mjs';
import { checkNoReceiptCodeSent, unknown } from './codes.mjs';

const cases = [['cast', cast.code, 'verified'], ['challenged', challenged.code, 'challenged'], ['not-found', unknown, 'not-found']];

let app, browser;
before(async () => {
  app = await serveDir(dist);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  app?.close();
});
checkNoReceiptCodeSent(() => [app]);

for (const lang of ['en', 'es', 'vi', 'ar']) {
  test(`on a phone in ${lang}, every verdict is on the first screen and has the focus`, async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
    await context.addInitScript((l) => localStorage.setItem('castcheck-lang', l), lang);
    const page = await context.newPage();
    for (const [name, code, expected] of cases) {
      await page.goto(`${app.url}#/check`);
      await page.locator(`html[lang="${lang}"]`).waitFor();
      await page.waitForSelector('[data-testid="election-fingerprint"]');
      await page.locator('#code').pressSequentially(code.replaceAll('-', ''), { delay: 5 });
      await page.locator('form.code-form button[type="submit"]').click();
      const verdict = page.locator('section.verdict[data-verdict]');
      await verdict.waitFor({ timeout: 30000 });
      assert.equal(await verdict.getAttribute('data-verdict'), expected);
      // The focus moves to the verdict, which scrolls it into view.
      await page.waitForFunction(() => document.activeElement?.matches('section.verdict'));
      const box = await verdict.boundingBox();
      assert.ok(box && Math.round(box.y) >= 0 && box.y < 844, `${lang} ${name}: the verdict's top edge is at ${box?.y}`);
      if (lang === 'en' || lang === 'ar') {
        await page.screenshot({ path: path.join(artifacts, `phone-${name}-${lang}.png`) });
      }
    }
    await context.close();
  });
}
