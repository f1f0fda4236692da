// Every kind of message, end to end: the fake phone sends a history holding
// one message of every kind plus system notices (fakewa's every_kind), the
// real app stores them through whatsmeow, and Chromium shows each as
// WhatsApp does: poll bars, event, contact card, location with its map
// link, call row, system chips, quoted reply, link preview, formatting, and
// markup as text. Screenshots (wide and narrow, light and dark) go to
// test-output/kinds-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, waitFor, outDir } from './lib/app.mjs';
import { launch } from './lib/browser.mjs';
import { startFake } from './lib/fake.mjs';

const bin = process.env.WASYNC_SERVER_BIN;
const CHAT = '120363999000000001@g.us';
let fake;
let app;
let browser;
let expected;

const api = async (p, init) => {
  const res = await app.api(p, init);
  return { status: res.status, body: await res.json() };
};

async function messages() {
  return (await api(`/chats/${encodeURIComponent(CHAT)}/messages?limit=200`)).body.data?.messages ?? [];
}

before(async () => {
  fake = await startFake();
  app = await start({ bin, fake, args: ['--headless'] });
  browser = await launch();
  const qr = await api('/session/qr', { method: 'POST' });
  assert.equal(qr.status, 200, JSON.stringify(qr.body));
  await fake.scan(qr.body.data.qr.code);
  await waitFor(async () => (await api('/session')).body.data.state === 'connected', 'connected');
  const res = await fetch(fake.control + '/history', {
    method: 'POST',
    body: JSON.stringify({ seed: 10, chats: 2, groups: 0, messages_per_chat: 3, every_kind: true }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  expected = await res.json();
  await waitFor(async () => (await messages()).length >= expected.counts[CHAT], 'the every-kind group stored', 30_000);
});

after(async () => {
  await browser?.close();
  const code = await app?.stop();
  const unhandled = await fake?.unhandled();
  await fake?.stop();
  assert.equal(code, 0, app?.logs());
  assert.deepEqual(unhandled, []);
});

test('the API lists every kind with its typed content', async () => {
  const msgs = await messages();
  assert.equal(msgs.length, expected.counts[CHAT]);
  const types = new Set(msgs.map((m) => m.type));
  for (const t of ['poll', 'event', 'contact', 'contacts', 'location', 'call', 'system', 'video_note', 'document', 'group_invite', 'business', 'payment']) {
    assert.ok(types.has(t), `type ${t} missing: ${[...types].join(' ')}`);
  }
  const poll = msgs.find((m) => m.content?.poll?.name === 'Kindlunch?');
  assert.deepEqual(poll.content.poll.options.map((o) => o.name), ['Pizza', 'Sushi']);
  assert.ok(msgs.some((m) => m.type === 'system' && /added/.test(m.text)), 'an "added" notice');
  assert.equal(msgs.filter((m) => m.type === 'unsupported').length, 0, 'no kind of the sample is unsupported');
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

for (const [name, opts] of [
  ['light-wide', { viewport: { width: 1280, height: 900 } }],
  ['dark-wide', { viewport: { width: 1280, height: 900 }, dark: true }],
  ['light-narrow', { viewport: { width: 420, height: 900 } }],
  ['dark-narrow', { viewport: { width: 420, height: 900 }, dark: true }],
]) {
  test(`a chat with every kind shows each as WhatsApp does (${name})`, async () => {
    const { page, errors } = await chatPage({ viewport: opts.viewport });
    if (opts.dark) await page.emulateMedia({ colorScheme: 'dark' });
    const list = page.getByTestId('messages');
    const poll = page.getByTestId('message-poll').filter({ hasText: 'Kindlunch?' });
    await poll.getByText('Pizza').waitFor();
    assert.equal(await poll.getByTestId('poll-bar').count(), 2);
    await page.getByTestId('message-event').getByText('Team dinner').waitFor();
    await page.getByTestId('contact-card').getByText('Kindada').waitFor();
    const loc = page.getByTestId('message-location').filter({ hasText: 'Kindtower' });
    await loc.waitFor();
    const href = await loc.locator('a').getAttribute('href');
    assert.match(href, /^https:\/\/www\.openstreetmap\.org\//);
    assert.equal(await loc.locator('a').getAttribute('rel'), 'noopener noreferrer');
    await page.getByTestId('message-call').getByText('Missed video call').first().waitFor();
    await page.getByTestId('message-system').filter({ hasText: 'added' }).first().waitFor();
    await page.getByTestId('message-system').filter({ hasText: 'end-to-end encrypted' }).first().waitFor();
    await page.getByTestId('message-quote').filter({ hasText: 'kindbold' }).waitFor();
    await page.getByTestId('message-link-preview').getByText('Example', { exact: true }).waitFor();
    await page.getByTestId('message-forwarded').getByText('Forwarded many times').waitFor();
    // The formatted message, and the reply quoting it, both format.
    assert.equal(await list.locator('strong', { hasText: 'kindbold' }).count(), 2);
    assert.equal(await list.locator('em', { hasText: 'kinditalic' }).count(), 2);
    assert.equal(await list.locator('del', { hasText: 'kindstrike' }).count(), 2);
    assert.equal(await list.locator('pre', { hasText: 'kindmono' }).count(), 2);
    assert.equal(await list.locator('li', { hasText: 'kindlist two' }).count(), 2);
    await page.getByText('<script>window.__xss=3</script> kindscript').waitFor();
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.equal(await list.locator('script').count(), 0);
    assert.equal(await list.locator('img, iframe').count(), 0, 'no remote images or tiles');

    const shots = 4;
    for (let i = 0; i < shots; i++) {
      await list.evaluate((el, f) => { el.scrollTop = (el.scrollHeight - el.clientHeight) * f; }, i / (shots - 1));
      await page.waitForTimeout(100);
      await page.screenshot({ path: path.join(outDir, `kinds-${name}-${i + 1}.png`) });
    }
    assert.deepEqual(errors, []);
    await page.close();
  });
}
