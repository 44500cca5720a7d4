// The receipt codes the browser tests type, and the check that each test file that serves the
// record makes of them in its own `after`: no request its servers received contains one.
import { after, afterEach, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cast, challenged, launch, root, serveApp } from './fixtures.mjs';

/** A well-formed code that is on no receipt: the CLI's code for the tracker ab…ab. */
export const unknown = execFileSync('cargo', ['run', '--quiet', '-p', 'castcheck', '--', 'receipt-code', '--tracker', 'ab'.repeat(32)],
  { cwd: root, encoding: 'utf8' }).trim();
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** The cast receipt's code with one wrong character in group 3. */
export const typo = (() => {
  const chars = cast.code.split('');
  const i = 11;
  chars[i] = ALPHABET[(ALPHABET.indexOf(chars[i]) + 7) % 32];
  return chars.join('');
})();
export const usedCodes = [cast.code, challenged.code, unknown, typo];

/**
 * Registers, for the test file that calls it (at its top level, after the hook that closes its
 * servers), the check that no request to `servers()` (this file's servers, as its `before`
 * started them) contains any of `codes()`, with or without dashes, in any case. When any of the
 * file's tests ran, their logs must hold more than ten requests: a check of empty logs (servers
 * left out, or not logging) would prove nothing.
 */
export function checkNoReceiptCodeSent(servers, codes = () => usedCodes) {
  let ran = 0;
  afterEach(() => { ran += 1; });
  after(() => {
    const log = servers().filter(Boolean).flatMap((server) => server.log);
    const logs = log.join('\n').toUpperCase();
    for (const code of codes()) {
      for (const form of [code, code.replaceAll('-', '')]) {
        assert.ok(!logs.includes(form.toUpperCase()), `${form} was sent to a server`);
      }
    }
    if (ran > 0) assert.ok(log.length > 10, 'the log recorded the run');
  });
}

/**
 * For a test file that needs only the app: serves it and starts Chromium before the file's tests,
 * closes both after them, and checks that no request to the app carried a receipt code.
 */
export function withAppAndBrowser() {
  const env = { app: undefined, browser: undefined };
  before(async () => {
    env.app = await serveApp();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    env.app?.close();
  });
  checkNoReceiptCodeSent(() => [env.app]);
  return env;
}
