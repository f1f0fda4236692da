// History end to end: the real headless app, the fake WhatsApp's phone
// sending real encrypted history syncs, and Chromium. The chat list and a
// big chat scroll, stranger text stays text, search jumps to the message,
// export downloads, and POST /history/sync asks the phone for real.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { start, waitFor, outDir } from './lib/app.mjs';
import { launch } from './lib/browser.mjs';
import { startFake } from './lib/fake.mjs';
import { listen } from './lib/events.mjs';

const bin = process.env.WASYNC_SERVER_BIN;
const XSS_IMG = '<img src=x onerror="window.__xss=1"> xsstokenimg';
const XSS_SCRIPT = '<script>window.__xss=2</script> xsstokenscript';
const NEEDLE = 'quokkazanzibar';
let fake;
let app;
let browser;
let events;
let big; // the fake's answer for the big chats
let many; // and for the many small chats

const api = async (p, init) => {
  const res = await app.api(p, init);
  return { status: res.status, headers: res.headers, body: await res.json() };
};

async function allChats() {
  const out = [];
  let cursor = '';
  do {
    const r = await api(`/chats?limit=500&cursor=${encodeURIComponent(cursor)}`);
    out.push(...r.body.data.chats);
    cursor = r.body.data.next_cursor;
  } while (cursor);
  return out;
}

before(async () => {
  fake = await startFake();
  app = await start({ bin, fake, args: ['--headless'], env: { WASYNC_HISTORY_MIN_SPACING: '50ms', WASYNC_HISTORY_TIMEOUT: '4s' } });
  events = listen(app);
  await events.ready;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await events?.close();
  const code = await app?.stop();
  const unhandled = await fake?.unhandled();
  await fake?.stop();
  assert.equal(code, 0, app?.logs());
  assert.deepEqual(unhandled, []);
});

test('POST /history/sync says 409 until a phone is linked', async () => {
  const r = await api('/history/sync', { method: 'POST', body: '{"count": 10}' });
  assert.equal(r.status, 409);
  assert.equal(r.body.code, 409);
  assert.match(r.body.error, /no phone is linked/);
});

test('link and receive a generated history', async () => {
  const qr = await api('/session/qr', { method: 'POST' });
  assert.equal(qr.status, 200, JSON.stringify(qr.body));
  await fake.scan(qr.body.data.qr.code);
  await waitFor(async () => (await api('/session')).body.data.state === 'connected', 'connected');

  const send = async (body) => {
    const res = await fetch(fake.control + '/history', { method: 'POST', body: JSON.stringify(body) });
    assert.equal(res.status, 200, await res.clone().text());
    return res.json();
  };
  // The phone answers on-demand requests from the history it sent last.
  many = await send({ seed: 6, chats: 1500, groups: 20, messages_per_chat: 3, chunk_messages: 3000 });
  big = await send({ seed: 5, chats: 3, groups: 0, messages_per_chat: 400, chunk_messages: 400, initial_per_chat: 250,
    extra_texts: [XSS_IMG, XSS_SCRIPT, `see you at the ${NEEDLE} at noon`] });
  const want = Object.keys(big.merged_counts).length + Object.keys(many.merged_counts).length;
  await waitFor(async () => (await allChats()).length >= want, `${want} chats stored`, 60_000);
  const chats = await allChats();
  assert.equal(chats.length, want);
  for (const [jid, n] of Object.entries(big.merged_counts)) {
    let got = 0;
    let before = '';
    do {
      const r = await api(`/chats/${encodeURIComponent(jid)}/messages?limit=500&before=${encodeURIComponent(before)}`);
      got += r.body.data.messages.length;
      before = r.body.data.next_cursor;
    } while (before);
    assert.equal(got, n, `chat ${jid}`);
  }
  const sync = events.seen.filter((e) => e.event_type === 'history.sync');
  assert.ok(sync.length >= 2, 'history.sync events per chunk');
});

async function loggedIn() {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => { errors.push(`dialog: ${d.message()}`); d.dismiss(); });
  await page.goto(app.url + '/ui/');
  await page.getByTestId('login-key').fill(app.key);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-chats').waitFor();
  return { page, errors };
}

test('the chat list scrolls through 1,500+ chats, virtualized', async () => {
  const { page, errors } = await loggedIn();
  await page.getByTestId('nav-chats').click();
  const rows = page.getByTestId('chat-row');
  await rows.first().waitFor();
  const firstJid = await rows.first().getAttribute('data-jid');
  assert.ok(await rows.count() < 200, `${await rows.count()} rows in the DOM`);
  const list = page.getByTestId('chat-list');
  for (let i = 0; i < 40; i++) {
    await list.evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await page.waitForTimeout(100);
  }
  await waitFor(async () => (await rows.first().getAttribute('data-jid')) !== firstJid, 'the list to scroll');
  const seen = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-jid')));
  const all = (await allChats()).map((c) => c.jid);
  const deepest = Math.max(...seen.map((j) => all.indexOf(j)));
  assert.ok(deepest > 1000, `scrolled only to chat #${deepest}`);
  await page.screenshot({ path: path.join(outDir, 'history-chat-list.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

test('stranger text shows as text and runs nothing; search jumps to the message', async () => {
  const { page, errors } = await loggedIn();
  for (const token of ['xsstokenimg', 'xsstokenscript']) {
    const r = await api(`/search?q=${token}`);
    assert.equal(r.body.data.results.length, 1, token);
    const hit = r.body.data.results[0];
    await page.goto(`${app.url}/ui/#/chats/${encodeURIComponent(hit.chat_jid)}?m=${hit.message_id}`);
    const msg = page.locator(`[data-testid="message"][data-message-id="${hit.message_id}"]`);
    await msg.waitFor({ timeout: 20_000 });
    const text = await msg.innerText();
    assert.ok(text.includes(token === 'xsstokenimg' ? '<img src=x onerror=' : '<script>window.__xss=2</script>'), text);
    assert.equal(await msg.locator('img, script').count(), 0);
  }
  assert.equal(await page.evaluate(() => window.__xss), undefined, 'injected script ran');
  await page.screenshot({ path: path.join(outDir, 'history-xss-as-text.png') });

  await page.getByTestId('nav-search').click();
  await page.getByTestId('search-input').fill(NEEDLE);
  const result = page.getByTestId('search-result').first();
  await result.waitFor();
  assert.equal(await result.locator('mark').first().innerText(), NEEDLE);
  await result.click();
  const id = (await api(`/search?q=${NEEDLE}`)).body.data.results[0].message_id;
  const target = page.locator(`[data-testid="message"][data-message-id="${id}"]`);
  await target.waitFor({ timeout: 20_000 });
  assert.ok(await target.isVisible());
  await page.screenshot({ path: path.join(outDir, 'history-search-jump.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a big chat scrolls up through its history, and exports', async () => {
  const { page, errors } = await loggedIn();
  const [jid, n] = Object.entries(big.merged_counts).sort((a, b) => b[1] - a[1])[0];
  await page.goto(`${app.url}/ui/#/chats/${encodeURIComponent(jid)}`);
  const msgs = page.getByTestId('message');
  await msgs.first().waitFor();
  const scroller = page.getByTestId('messages');
  for (let i = 0; i < 30 && (await msgs.count()) < n; i++) {
    await scroller.evaluate((el) => { el.scrollTop = 0; });
    await page.waitForTimeout(150);
  }
  assert.ok(await msgs.count() >= Math.min(n, 200), `only ${await msgs.count()} of ${n} messages after scrolling up`);

  const download = page.waitForEvent('download');
  await page.getByTestId('export-jsonl').click();
  const file = await (await download).path();
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  assert.equal(lines.length, n);
  const first = JSON.parse(lines[0]);
  assert.equal(first.chat_jid, jid);
  assert.deepEqual(errors, []);
  await page.close();
});

test('POST /history/sync asks the phone, pages, and completes once', async () => {
  const [jid] = Object.entries(big.on_demand_messages).sort((a, b) => b[1] - a[1])[0];
  const before = events.seen.length;
  const r = await api('/history/sync', { method: 'POST', body: JSON.stringify({ count: 100, chat_jid: jid }) });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.message, 'History sync requested');
  assert.deepEqual({ requested: r.body.data.requested, count: r.body.data.count, chats: r.body.data.chats }, { requested: true, count: 100, chats: [jid] });
  const id = r.body.data.request_id;
  const done = await events.waitFor((e) => e.event_type === 'history.sync_complete' && e.data.request_id === id, 'completion');
  assert.equal(done.data.status, 'complete', JSON.stringify(done.data) + JSON.stringify(await (await fetch(fake.control + '/ondemand')).json()));
  assert.equal(done.data.received, 100);
  assert.equal(done.data.requested, 100);
  assert.equal(done.data.chats[0].chat_jid, jid);
  const asked = await (await fetch(fake.control + '/ondemand')).json();
  assert.deepEqual(asked.map((q) => q.count), [50, 50]);
  const got = await api(`/history/sync/${id}`);
  assert.equal(got.body.data.status, 'complete');
  await new Promise((res) => setTimeout(res, 300));
  assert.equal(events.seen.slice(before).filter((e) => e.event_type === 'history.sync_complete' && e.data.request_id === id).length, 1);
});

test('history requests answer errors in the envelope', async () => {
  await fetch(fake.control + '/ondemand', { method: 'POST', body: '{"mode": "silent"}' });
  const [jid] = Object.keys(big.merged_counts);
  const first = await api('/history/sync', { method: 'POST', body: JSON.stringify({ chat_jid: jid }) });
  assert.equal(first.status, 200);
  const again = await api('/history/sync', { method: 'POST', body: JSON.stringify({ chat_jid: jid }) });
  assert.equal(again.status, 429);
  assert.ok(Number(again.headers.get('retry-after')) >= 1);
  const unknown = await api('/history/sync', { method: 'POST', body: '{"chat_jid": "1@s.whatsapp.net"}' });
  assert.equal(unknown.status, 404);
  const done = await events.waitFor((e) => e.event_type === 'history.sync_complete' && e.data.request_id === first.body.data.request_id, 'timeout completion', 20_000);
  assert.equal(done.data.status, 'timeout');
  await fetch(fake.control + '/ondemand', { method: 'POST', body: '{"mode": "answer"}' });
});
