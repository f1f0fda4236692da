// Linking a phone in a real browser against the headless app and the fake
// WhatsApp: the page shows a QR code, the fake phone scans the code decoded
// from the page's own image, and the page switches to connected. Then the
// phone removes the device and the page returns to the link screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { start, waitFor, outDir } from './lib/app.mjs';
import { launch } from './lib/browser.mjs';
import { startFake } from './lib/fake.mjs';
import { lastQR, decodeTerminalQR } from './lib/termqr.mjs';

const bin = process.env.WASYNC_SERVER_BIN;
let fake;
let app;
let browser;

before(async () => {
  fake = await startFake();
  app = await start({ bin, fake, args: ['--headless'] });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  const code = await app?.stop();
  const unhandled = await fake?.unhandled();
  await fake?.stop();
  assert.equal(code, 0, app?.logs());
  assert.deepEqual(unhandled, [], 'the app sent IQs the fake WhatsApp did not handle');
});

/** decodeQR reads the QR code out of an <img src="data:image/png;base64,...">. */
function decodeQR(src) {
  const png = PNG.sync.read(Buffer.from(src.replace(/^data:image\/png;base64,/, ''), 'base64'));
  const qr = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  assert.ok(qr, 'the page image is not a readable QR code');
  return qr.data;
}

async function loggedInPage() {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(app.url + '/ui/');
  await page.getByTestId('login-key').fill(app.key);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-link').waitFor();
  return page;
}

test('scan the QR code the page shows, and the page says connected', async () => {
  const page = await loggedInPage();
  await page.getByTestId('nav-link').click();
  await page.getByTestId('test-endpoint-banner').waitFor();
  const img = page.getByTestId('qr-image');
  await img.waitFor({ timeout: 20_000 });
  await page.getByTestId('qr-countdown').waitFor();
  await page.screenshot({ path: path.join(outDir, 'link-qr.png') });

  const code = decodeQR(await img.getAttribute('src'));
  // Headless, the same code is printed in the terminal (decoded from its
  // half blocks: the glyphs of a random code say nothing by themselves), and
  // the app warned that it talks to a test endpoint.
  await waitFor(() => app.stdout().includes('Scan with WhatsApp'), 'the QR code in the terminal');
  assert.match(app.logs(), /test WhatsApp endpoint/);
  assert.equal(decodeTerminalQR(lastQR(app.stdout())), code, 'the terminal shows a different code than the page');
  const session = await (await app.api('/session')).json();
  assert.equal(code, session.data.qr.code, 'the page shows a different code than GET /session');

  const started = Date.now();
  await fake.scan(code);
  await page.getByTestId('account').waitFor({ timeout: 20_000 });
  const scanToConnected = Date.now() - started;
  assert.match(await page.getByTestId('account').innerText(), new RegExp(fake.phone));
  await page.screenshot({ path: path.join(outDir, 'link-connected.png') });
  console.log(`scan to connected in the browser: ${scanToConnected} ms`);

  // The phone removes the device: the page returns to the link screen and
  // says whose history is stored.
  await fake.removeCompanion();
  await page.getByTestId('previous-account').waitFor({ timeout: 20_000 });
  assert.match(await page.getByTestId('previous-account').innerText(), new RegExp(fake.phone));
  const after = await (await app.api('/session')).json();
  assert.equal(after.data.state, 'logged_out');
  await page.close();
});

test('pair by phone number shows the code to type on the phone', async () => {
  const page = await loggedInPage();
  await page.getByTestId('nav-link').click();
  await page.getByTestId('pair-phone').fill('+1 555 000 1111');
  await page.getByTestId('pair-submit').click();
  const shown = page.getByTestId('pair-code');
  await shown.waitFor({ timeout: 20_000 });
  const code = (await shown.innerText()).trim();
  assert.match(code.replace('-', ''), /^[A-Z0-9]{8}$/);
  await fake.enterPairCode(code);
  await page.getByTestId('account').waitFor({ timeout: 20_000 });

  // Logout from the window returns to the link screen; history stays.
  await page.getByTestId('logout').click();
  await page.getByRole('button', { name: /^unlink$/i }).click();
  await page.getByTestId('previous-account').waitFor({ timeout: 20_000 });
  await waitFor(async () => (await (await app.api('/session')).json()).data.state === 'logged_out', 'logged out');
  await page.close();
});

test('session API errors are answered in the envelope', async () => {
  const bad = await app.api('/session/pair-code', { method: 'POST', body: '{"phone":"call me"}' });
  assert.equal(bad.status, 400);
  assert.match((await bad.json()).error, /international number/);
  const empty = await app.api('/session/pair-code', { method: 'POST', body: '' });
  assert.equal(empty.status, 400);
  const notLinked = await app.api('/session/logout', { method: 'POST' });
  assert.ok([200, 409].includes(notLinked.status));
});
