// Probe (not a test): does the Chrome DevTools Protocol's Emulation.setCPUThrottlingRate slow a
// dedicated worker? Times the same busy loop in a worker and on the page, unthrottled, with the
// page throttled 4x, and with the rate also sent to the worker (Chromium refuses that).
// Usage: node scripts/probe-worker-throttling.mjs
import { chromium } from 'playwright-core';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
for (const mode of ['none', 'page', 'page+worker']) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (mode !== 'none') await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  if (mode === 'page+worker') {
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
    cdp.on('Target.attachedToTarget', async (e) => {
      let id = 0;
      const send = (method, params) => cdp.send('Target.sendMessageToTarget', { sessionId: e.sessionId, message: JSON.stringify({ id: ++id, method, params }) });
      await send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await send('Runtime.runIfWaitingForDebugger', {});
    });
    cdp.on('Target.receivedMessageFromTarget', (e) => { if (e.message.includes('error')) console.log('worker said', e.message.slice(0, 200)); });
  }
  await page.goto('data:text/html,<p>x</p>');
  const ms = await page.evaluate(() => new Promise((resolve) => {
    const src = 'const t=performance.now(); let x=0; for(let i=0;i<3e8;i++){x+=i%7;} postMessage([performance.now()-t, x]);';
    const w = new Worker(URL.createObjectURL(new Blob([src])));
    w.onmessage = (e) => resolve(e.data[0]);
  }));
  const main = await page.evaluate(() => { const t = performance.now(); let x = 0; for (let i = 0; i < 3e8; i++) { x += i % 7; } return performance.now() - t; });
  console.log(mode, 'worker loop', Math.round(ms), 'ms; page loop', Math.round(main), 'ms');
  await context.close();
}
await browser.close();
