// The headless server in a real Chromium: login with the key, every screen
// opens, the single-use login link, and no data without a session.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, outDir } from './lib/app.mjs';
import { launch } from './lib/browser.mjs';
import { startFake } from './lib/fake.mjs';

const bin = process.env.WASYNC_SERVER_BIN;
let fake;
let app;
let browser;

before(async () => {
  assert.ok(bin, 'WASYNC_SERVER_BIN must name the server binary');
  fake = await startFake();
  app = await start({ bin, fake, args: ['--headless'] });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  const code = await app?.stop();
  await fake?.stop();
  assert.equal(code, 0, `wasync did not shut down cleanly:\n${app?.logs()}`);
});

const screens = [
  ['nav-link', 'screen-link'],
  ['nav-chats', 'screen-chats'],
  ['nav-search', 'screen-search'],
  ['nav-sync', 'screen-sync'],
  ['nav-webhooks', 'screen-webhooks'],
  ['nav-settings', 'screen-settings'],
];

test('login page refuses a wrong key, accepts the right one, and every screen opens', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(app.url + '/');
  await page.getByTestId('screen-login').waitFor();
  await page.screenshot({ path: path.join(outDir, 'browser-login.png') });

  await page.getByTestId('login-key').fill('not-the-key-at-all');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('login-error').waitFor();

  await page.getByTestId('login-key').fill(app.key);
  await page.getByTestId('login-submit').click();
  for (const [nav, screen] of screens) {
    await page.getByTestId(nav).click();
    await page.getByTestId(screen).waitFor();
    await page.screenshot({ path: path.join(outDir, `browser-${screen}.png`) });
  }
  const settings = page.getByTestId('screen-settings');
  assert.match(await page.getByTestId('settings-api-addr').innerText(), new RegExp(new URL(app.url).host.replace(/\./g, '\\.')));
  assert.match(await page.getByTestId('settings-data-dir').innerText(), /wasync-e2e-/);
  assert.ok(await settings.isVisible());

  await page.reload();
  await page.getByTestId('screen-settings').waitFor();
  assert.deepEqual(errors, [], 'the page threw');
  await page.close();
});

test('the single-use login link logs a browser in once', async () => {
  assert.ok(app.loginLink, 'no login link printed');
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(app.loginLink);
  await page.getByTestId('nav-chats').waitFor();
  await ctx.close();

  // A used link answers with a page that leads to the login form, not JSON.
  const again = await browser.newContext();
  const reused = await again.newPage();
  const res = await reused.goto(app.loginLink);
  assert.equal(res.status(), 410);
  await reused.getByTestId('to-login').click();
  await reused.getByText(/API key/i).first().waitFor();
  await again.close();
});

test('no data without a key or session', async () => {
  for (const p of ['/settings', '/chats', '/events', '/anything']) {
    const res = await fetch(app.url + p);
    assert.equal(res.status, 401, p);
    const body = await res.json();
    assert.equal(body.status, false);
    assert.equal(body.code, 401);
  }
  const ok = await app.api('/settings');
  assert.equal(ok.status, 200);
  assert.equal((await fetch(app.url + '/health')).status, 200);
});

test('GET /openapi.json is a valid OpenAPI 3.1 document (checked by a third-party validator)', async () => {
  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  const res = await app.api('/openapi.json');
  assert.equal(res.status, 200);
  const doc = await res.json();
  assert.equal(doc.openapi, '3.1.0');
  await SwaggerParser.validate(structuredClone(doc));
});

test('/docs renders the API reference from /openapi.json with the bundled viewer, no remote script', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const remote = [];
  const csp = [];
  page.on('request', (r) => { if (!r.url().startsWith(app.url)) remote.push(r.url()); });
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) csp.push(m.text()); });
  await page.goto(app.url + '/ui/');
  await page.getByTestId('login-key').fill(app.key);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-chats').waitFor();
  await page.goto(app.url + '/docs');
  assert.equal(new URL(page.url()).pathname, '/ui/docs.html');
  const op = page.locator('.opblock-summary-path', { hasText: '/history/sync' }).first();
  await op.waitFor({ timeout: 20_000 });
  assert.ok(await page.locator('.opblock-summary-path', { hasText: '/backup' }).count() >= 1, 'POST /backup listed');
  assert.ok(await page.locator('.opblock').count() >= 30, 'every route listed');
  // Open one operation: its request body schema and example are shown.
  await page.locator('.opblock-post', { has: page.locator('.opblock-summary-path', { hasText: /^\/history\/sync$/ }) }).first()
    .locator('.opblock-summary').click();
  await page.locator('.opblock-body .body-param, .opblock-body .opblock-section-request-body').first().waitFor();
  await page.screenshot({ path: path.join(outDir, 'api-docs.png') });
  assert.deepEqual(remote, [], 'no request leaves the server');
  assert.deepEqual(csp, [], 'no CSP violation');
  await page.close();
});
