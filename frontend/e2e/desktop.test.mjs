// The real Wails window under Xvfb: the UI renders (the frontend reports in
// through the bindings, and the screenshot shows the app's colours), and a
// second start on the same data folder brings the window forward instead.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { start, waitFor, outDir } from './lib/app.mjs';
import { startFake } from './lib/fake.mjs';

const bin = process.env.WASYNC_DESKTOP_BIN;
const display = `:${90 + (process.pid % 50)}`;
let xvfb;
let fake;
let app;

before(async () => {
  assert.ok(bin, 'WASYNC_DESKTOP_BIN must name the desktop binary');
  xvfb = spawn('Xvfb', [display, '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  await waitFor(() => existsSync(`/tmp/.X11-unix/X${display.slice(1)}`), 'Xvfb');
  fake = await startFake();
  app = await start({ bin, fake, env: { DISPLAY: display } });
});

after(async () => {
  const code = await app?.stop();
  await fake?.stop();
  xvfb?.kill();
  assert.equal(code, 0, `window did not shut down cleanly:\n${app?.logs()}`);
});

/** share of pixels within tolerance of rgb */
function colourShare(png, [r, g, b], tol = 12) {
  let hits = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    if (Math.abs(png.data[i] - r) <= tol && Math.abs(png.data[i + 1] - g) <= tol && Math.abs(png.data[i + 2] - b) <= tol) hits++;
  }
  return hits / (png.width * png.height);
}

test('the window renders the UI', async () => {
  const status = await waitFor(async () => {
    const res = await app.api('/app/status');
    const body = await res.json();
    return body.data.ui_ready ? body.data : null;
  }, 'the window to report the UI rendered', 30_000);
  assert.equal(status.mode, 'desktop');

  // Give WebKit a moment to paint after the first render, then look.
  const shot = path.join(outDir, 'desktop-window.png');
  const png = await waitFor(() => {
    execFileSync('import', ['-display', display, '-window', 'root', shot]);
    const img = PNG.sync.read(readFileSync(shot));
    return colourShare(img, [0x0b, 0x7a, 0x6b]) > 0.03 ? img : null;
  }, 'the nav colour #0b7a6b on screen', 15_000);
  assert.ok(png.width >= 1024);
});

test('the window links a phone through the fake WhatsApp', async () => {
  // A fresh data folder opens on the link screen, which asks for a code.
  const qr = await waitFor(async () => {
    const s = (await (await app.api('/session')).json()).data;
    return s.state === 'waiting_qr' && s.qr ? s.qr : null;
  }, 'the window to ask for a QR code');
  execFileSync('import', ['-display', display, '-window', 'root', path.join(outDir, 'desktop-link-qr.png')]);
  await fake.scan(qr.code);
  await waitFor(async () => (await (await app.api('/session')).json()).data.state === 'connected', 'connected');
  const shot = path.join(outDir, 'desktop-linked.png');
  await waitFor(() => {
    execFileSync('import', ['-display', display, '-window', 'root', shot]);
    return colourShare(PNG.sync.read(readFileSync(shot)), [0x0b, 0x7a, 0x6b]) > 0.03;
  }, 'the window to still show the app');
  assert.deepEqual(await fake.unhandled(), []);
});

test('a second start on the same data folder brings the window forward', () => {
  const second = spawnSync(bin, ['--data-dir', app.dataDir, '--api-addr', '127.0.0.1:0'], {
    env: { ...process.env, DISPLAY: display, WASYNC_API_KEY: app.key }, encoding: 'utf8', timeout: 20_000,
  });
  assert.match(second.stderr, /already running/);
  assert.match(second.stderr, /Brought the running wasync window forward/);
  assert.equal(second.status, 0);
});
