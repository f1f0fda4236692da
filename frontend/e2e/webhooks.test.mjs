// Webhooks against a real receiver on loopback: both signature schemes are
// verified by code this project did not write (the standardwebhooks npm
// package) and by an independent HMAC check; a receiver that is down gets
// the event later with the same id; bad registrations are refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { Webhook } from 'standardwebhooks';
import { start, waitFor } from './lib/app.mjs';
import { startFake } from './lib/fake.mjs';

const bin = process.env.WASYNC_SERVER_BIN;
let fake;
let app;
let receiver;
let port;
const got = [];

function listenReceiver(p = 0) {
  return new Promise((resolve) => {
    const srv = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => { body += d; });
      req.on('end', () => {
        got.push({ headers: req.headers, body });
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end('thanks');
      });
    });
    srv.listen(p, '127.0.0.1', () => resolve(srv));
  });
}

const api = async (p, init) => {
  const res = await app.api(p, init);
  return { status: res.status, body: await res.json() };
};

before(async () => {
  receiver = await listenReceiver();
  port = receiver.address().port;
  fake = await startFake();
  app = await start({ bin, fake, args: ['--headless'] });
});

after(async () => {
  receiver?.close();
  const code = await app?.stop();
  await fake?.stop();
  assert.equal(code, 0, app?.logs());
});

let hook;

test('registration validates its input', async () => {
  const bad = [
    ['{"events": []}', 400, /url/i],
    ['{"url": "ftp://127.0.0.1/x"}', 400, /http/],
    [`{"url": "http://127.0.0.1:${port}/", "events": ["message.recieved"]}`, 400, /message\.received/],
    ['{"url": 5}', 400, /must be a string/],
    [`{"url": "http://127.0.0.1:${port}/", "bogus": 1}`, 400, /unknown field/],
    [`{"url": "http://127.0.0.1:${port}/${'x'.repeat(2 << 20)}"}`, 413, /larger than/],
  ];
  for (const [body, code, re] of bad) {
    const r = await api('/webhooks', { method: 'POST', body });
    assert.equal(r.status, code, body.slice(0, 80));
    assert.equal(r.body.status, false);
    assert.match(r.body.error, re);
  }
});

test('a test ping is signed both ways, verifiably', async () => {
  const r = await api('/webhooks', { method: 'POST', body: JSON.stringify({ url: `http://127.0.0.1:${port}/hook`, events: ['connection.connected', 'test.ping'] }) });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  hook = r.body.data;
  assert.match(hook.secret, /^whsec_/);
  const listed = await api('/webhooks');
  assert.ok(!JSON.stringify(listed.body).includes(hook.secret), 'secret shown in the list');

  const t = await api(`/webhooks/${hook.webhook_id}/test`, { method: 'POST' });
  assert.equal(t.status, 200);
  assert.equal(t.body.data.delivered, true);
  assert.equal(t.body.data.response_status, 200);
  const ping = got.at(-1);
  const payload = new Webhook(hook.secret).verify(ping.body, ping.headers);
  assert.equal(payload.event_type, 'test.ping');
  assert.equal(ping.headers['webhook-id'], payload.id);
  // The seed origin's clients key HMAC-SHA256 with the secret string exactly as shown.
  const hex = createHmac('sha256', hook.secret).update(ping.body).digest('hex');
  assert.equal(ping.headers['x-webhook-signature'], `sha256=${hex}`);
  assert.equal(ping.headers['x-hub-signature-256'], `sha256=${hex}`);
  assert.throws(() => new Webhook(hook.secret).verify(ping.body.replace('test.ping', 'test.pong'), ping.headers));
});

test('a receiver that is down gets the event later, same id', async () => {
  await new Promise((r) => receiver.close(r));
  const before = got.length;
  const qr = await api('/session/qr', { method: 'POST' });
  await fake.scan(qr.body.data.qr.code);
  await waitFor(async () => (await api('/session')).body.data.state === 'connected', 'connected');
  // The first attempt finds nobody listening.
  const failed = await waitFor(async () => {
    const d = await api(`/webhooks/${hook.webhook_id}/deliveries`);
    return d.body.data.deliveries.find((x) => x.event_type === 'connection.connected' && x.attempts >= 1);
  }, 'a failed first attempt');
  assert.equal(failed.status, 'pending');
  receiver = await listenReceiver(port);
  const delivered = await waitFor(async () => {
    const d = await api(`/webhooks/${hook.webhook_id}/deliveries`);
    const x = d.body.data.deliveries.find((y) => y.delivery_id === failed.delivery_id);
    return x?.status === 'delivered' ? x : null;
  }, 'redelivery after the receiver came back', 30_000);
  assert.ok(delivered.attempts >= 2);
  const arrived = got.slice(before).filter((g) => JSON.parse(g.body).event_type === 'connection.connected');
  assert.equal(arrived.length, 1);
  const payload = new Webhook(hook.secret).verify(arrived[0].body, arrived[0].headers);
  assert.equal(payload.id, failed.event_id);
  assert.equal(arrived[0].headers['webhook-id'], payload.id);
  assert.match(payload.device_id, /^15550001111@/);
});

test('a target on the metadata address is refused at connect time', async () => {
  const r = await api('/webhooks', { method: 'POST', body: '{"url": "http://169.254.169.254/latest/meta-data"}' });
  if (r.status === 400) {
    assert.match(r.body.error, /169\.254|link-local|metadata/);
    return;
  }
  const t = await api(`/webhooks/${r.body.data.webhook_id}/test`, { method: 'POST' });
  assert.equal(t.body.data.delivered, false);
  assert.match(t.body.data.error, /refused/);
});

test('the webhooks screen adds, tests, shows the delivery log and deletes', async () => {
  const { launch } = await import('./lib/browser.mjs');
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(app.url + '/ui/');
    await page.getByTestId('login-key').fill(app.key);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-webhooks').click();
    await page.getByTestId('webhook-add').click();
    await page.getByTestId('webhook-url').fill(`http://127.0.0.1:${port}/from-the-ui`);
    await page.getByTestId('webhook-submit').click();
    const secret = (await page.getByTestId('webhook-created-secret').innerText()).trim();
    assert.match(secret, /whsec_/);
    const row = page.locator('[data-testid="webhook-row"]').filter({ hasText: '/from-the-ui' });
    await row.waitFor();
    await row.getByTestId('webhook-test').click();
    await row.getByTestId('webhook-test-result').waitFor();
    assert.match(await row.getByTestId('webhook-test-result').innerText(), /200/);
    await row.locator('[data-testid="delivery-row"][data-status="delivered"]').first().waitFor({ timeout: 15_000 });
    const ping = got.filter((g) => g.headers['x-webhook-event'] === 'test.ping').at(-1);
    assert.ok(secret.includes('whsec_') && new Webhook(secret.match(/whsec_\S+/)[0]).verify(ping.body, ping.headers));
    await page.screenshot({ path: new URL('../../test-output/webhooks-screen.png', import.meta.url).pathname });
    await row.getByTestId('webhook-delete').click();
    await row.getByTestId('webhook-delete-confirm').click();
    await waitFor(async () => !(await api('/webhooks')).body.data.webhooks.some((w) => w.url.endsWith('/from-the-ui')), 'deleted');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
