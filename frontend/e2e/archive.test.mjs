// What the archive keeps, end to end: the real headless app, the fake
// WhatsApp's phone sending live messages (an edit, a revoke, a garbled
// message, a kind wasync does not show) and Chromium. An edited message
// shows its earlier versions on request, a deleted one says so and reveals
// what it said on request, and the setting hides revealed content.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, waitFor, outDir } from './lib/app.mjs';
import { launch } from './lib/browser.mjs';
import { startFake } from './lib/fake.mjs';

const bin = process.env.WASYNC_SERVER_BIN;
const CHAT = '15557774000@s.whatsapp.net';
let fake;
let app;
let browser;

const api = async (p, init) => {
  const res = await app.api(p, init);
  return { status: res.status, body: await res.json() };
};

async function send(body, want = 204) {
  const res = await fetch(fake.control + '/message', { method: 'POST', body: JSON.stringify({ chat: CHAT, push_name: 'Robin', ...body }) });
  assert.equal(res.status, want, await res.text());
}

async function messages() {
  return (await api(`/chats/${encodeURIComponent(CHAT)}/messages?limit=50`)).body.data?.messages ?? [];
}

before(async () => {
  fake = await startFake();
  app = await start({ bin, fake, args: ['--headless'] });
  browser = await launch();
  const qr = await api('/session/qr', { method: 'POST' });
  assert.equal(qr.status, 200, JSON.stringify(qr.body));
  await fake.scan(qr.body.data.qr.code);
  await waitFor(async () => (await api('/session')).body.data.state === 'connected', 'connected');

  const t = 1_750_000_000;
  await send({ id: 'ARCH1', text: 'See you at 6', timestamp: t });
  await send({ edit_of: 'ARCH1', text: 'See you at 7 instead', timestamp: t + 60 });
  await send({ id: 'ARCH2', text: 'my secret plan', timestamp: t + 120 });
  await send({ revoke_of: 'ARCH2', timestamp: t + 180 });
  await send({ id: 'ARCH3', garble: true, timestamp: t + 240 }, 202);
  await send({ id: 'ARCH4', unsupported: true, timestamp: t + 300 });
  await send({ id: 'ARCH5', text: 'and a plain one to end with', timestamp: t + 360 });
  await waitFor(async () => (await messages()).length === 5, 'five rows in the chat');
});

after(async () => {
  await browser?.close();
  const code = await app?.stop();
  const unhandled = await fake?.unhandled();
  await fake?.stop();
  assert.equal(code, 0, app?.logs());
  assert.deepEqual(unhandled, []);
});

test('the API keeps every version, deleted content, the placeholder and the unsupported row', async () => {
  const byID = Object.fromEntries((await messages()).map((m) => [m.id, m]));
  assert.equal(byID.ARCH1.text, 'See you at 7 instead');
  assert.equal(byID.ARCH1.edited, true);
  assert.equal(byID.ARCH2.deleted, true);
  assert.equal(byID.ARCH2.text, 'my secret plan');
  assert.equal(byID.ARCH3.type, 'waiting');
  assert.equal(byID.ARCH4.type, 'unsupported');
  const v = await api(`/chats/${encodeURIComponent(CHAT)}/messages/ARCH1/versions`);
  assert.deepEqual(v.body.data.versions.map((x) => x.text), ['See you at 6', 'See you at 7 instead']);
});

async function chatPage(opts) {
  const page = await browser.newPage(opts);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(app.url + '/ui/');
  await page.getByTestId('login-key').fill(app.key);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-chats').waitFor();
  await page.goto(`${app.url}/ui/#/chats/${encodeURIComponent(CHAT)}`);
  await page.getByTestId('message').first().waitFor();
  return { page, errors };
}

const bubble = (page, id) => page.locator(`[data-testid="message"][data-message-id="${id}"]`);

for (const [name, opts] of [
  ['light-wide', { viewport: { width: 1280, height: 800 }, colorScheme: 'light' }],
  ['dark-wide', { viewport: { width: 1280, height: 800 }, colorScheme: 'dark' }],
  ['light-narrow', { viewport: { width: 420, height: 860 }, colorScheme: 'light' }],
  ['dark-narrow', { viewport: { width: 420, height: 860 }, colorScheme: 'dark' }],
]) {
  test(`a chat shows edited, deleted, waiting and unsupported rows (${name})`, async () => {
    const { page, errors } = await chatPage(opts);
    const edited = bubble(page, 'ARCH1');
    await edited.getByText('See you at 7 instead').waitFor();
    await edited.getByTestId('message-edited').click();
    const versions = edited.getByTestId('message-version');
    await versions.first().waitFor();
    assert.deepEqual(await versions.allInnerTexts().then((t) => t.map((s) => s.includes('See you at 6'))).then((a) => a.includes(true)), true);

    const deleted = bubble(page, 'ARCH2');
    await deleted.getByTestId('message-deleted').getByText('This message was deleted').waitFor();
    assert.equal(await deleted.getByText('my secret plan').count(), 0, 'deleted content shown before asking');
    await deleted.getByTestId('message-reveal').click();
    await deleted.getByTestId('message-revealed').getByText('my secret plan').waitFor();

    await bubble(page, 'ARCH3').getByTestId('message-waiting').waitFor();
    await bubble(page, 'ARCH4').getByTestId('message-unsupported').waitFor();
    await page.screenshot({ path: path.join(outDir, `archive-chat-${name}.png`) });
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('the setting hides what deleted messages said', async () => {
  const r = await api('/settings', { method: 'PATCH', body: '{"hide_deleted_content": true}' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const { page, errors } = await chatPage({ viewport: { width: 1280, height: 800 } });
  const deleted = bubble(page, 'ARCH2');
  await deleted.getByTestId('message-deleted').waitFor();
  assert.equal(await deleted.getByTestId('message-reveal').count(), 0);
  assert.equal(await page.getByText('my secret plan').count(), 0);
  const byID = Object.fromEntries((await messages()).map((m) => [m.id, m]));
  assert.equal(byID.ARCH2.text, '');
  await page.screenshot({ path: path.join(outDir, 'archive-chat-hidden-deleted.png') });

  await page.getByTestId('nav-settings').click();
  const box = page.getByTestId('settings-hide-deleted');
  await box.waitFor();
  assert.equal(await box.isChecked(), true);
  await box.uncheck();
  await waitFor(async () => (await api('/settings')).body.data.hide_deleted_content === false, 'setting off again');
  assert.deepEqual(errors, []);
  await page.close();
});
