// Linking from a terminal, against the real server binary and the fake
// phone: a headless start with no phone prints QR codes by itself; the test
// decodes the printed half blocks back into the code and the phone scans
// it. Then `wasync-server link` links again from a second terminal, and
// --pair-phone links by the 8-character code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { start, waitFor } from './lib/app.mjs';
import { startFake } from './lib/fake.mjs';
import { lastQR, decodeTerminalQR } from './lib/termqr.mjs';

const bin = process.env.WASYNC_SERVER_BIN;
let fake;

before(async () => { fake = await startFake(); });
after(async () => {
  const unhandled = await fake?.unhandled();
  await fake?.stop();
  assert.deepEqual(unhandled, [], 'the app sent IQs the fake WhatsApp did not handle');
});

const state = async (app) => (await (await app.api('/session')).json()).data;

/** runCLI runs a wasync-server subcommand and collects its output. */
function runCLI(args, env) {
  const proc = spawn(bin, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const res = { out: '', err: '', code: null };
  proc.stdout.on('data', (d) => { res.out += d; });
  proc.stderr.on('data', (d) => { res.err += d; });
  res.done = new Promise((r) => proc.on('exit', (code) => { res.code = code; r(code); }));
  return res;
}

test('a headless start prints the QR code in the terminal; the phone scans the printed code', async () => {
  const app = await start({ bin, fake, args: ['--headless'] });
  try {
    await waitFor(() => lastQR(app.stdout()), 'a QR code in the terminal');
    const out = app.stdout();
    assert.match(out, /── pairing QR code 1 · expires \d\d:\d\d:\d\d \(in \d+ s\) ─+/);
    assert.match(out, /Scan with WhatsApp > Settings > Linked devices/);
    const lines = lastQR(out);
    assert.ok(lines.length <= 40, `compact: ${lines.length} lines`);
    const blank = lines[0].replace(/\x1b\[[0-9;]*m/g, '');
    assert.match(blank, /^ +$/, 'a quiet zone above the code');
    const code = decodeTerminalQR(lines);
    assert.ok(code, 'the printed QR code does not decode');
    assert.equal(code, (await state(app)).qr.code, 'the terminal shows a different code than GET /session');

    await fake.scan(code);
    await waitFor(() => app.stdout().includes('Linked to'), '"Linked to" in the terminal');
    await waitFor(async () => (await state(app)).state === 'connected', 'connected');

    // `wasync-server link` on a linked instance says so and fails.
    const again = runCLI(['link', '--data-dir', app.dataDir], { WASYNC_API_KEY: app.key });
    assert.equal(await again.done, 1);
    assert.match(again.err, /already linked/);

    // The phone removes the device; `wasync-server link` links it again
    // from another terminal, printing the code it then decodes.
    await fake.removeCompanion();
    await waitFor(async () => (await state(app)).state === 'logged_out', 'logged out');
    const link = runCLI(['link', '--data-dir', app.dataDir], { WASYNC_API_KEY: app.key });
    await waitFor(() => lastQR(link.out), 'a QR code from `wasync-server link`', 30_000);
    const code2 = decodeTerminalQR(lastQR(link.out));
    assert.ok(code2, 'the code printed by `link` does not decode');
    await fake.scan(code2);
    assert.equal(await link.done, 0, link.out + link.err);
    assert.match(link.out, /Linked to \d+/);
    assert.equal((await state(app)).state, 'connected');
  } finally {
    assert.equal(await app.stop(), 0, app.logs());
  }
});

test('--pair-phone prints the 8-character pair code; typing it on the phone links', async () => {
  const app = await start({ bin, fake, args: ['--headless', '--pair-phone', `+${fake.phone}`] });
  try {
    const m = await waitFor(() => app.stdout().match(/Pair code for \+\d+: ([A-Z0-9]{4}-[A-Z0-9]{4})/), 'a pair code');
    assert.equal(lastQR(app.stdout()), null, 'no QR code is drawn when linking by pair code');
    await fake.enterPairCode(m[1]);
    await waitFor(async () => (await state(app)).state === 'connected', 'connected');
    await waitFor(() => app.stdout().includes('Linked to'), '"Linked to" in the terminal');
  } finally {
    assert.equal(await app.stop(), 0, app.logs());
  }
});

test('wasync-server link without a running instance says how to start one', async () => {
  const res = runCLI(['link', '--data-dir', '/nonexistent/wasync'], {});
  assert.equal(await res.done, 1);
  assert.match(res.err, /no wasync is running on data folder/);
});
