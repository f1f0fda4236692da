// The README's reverse-proxy example, run: Debian's Caddy in front of the
// headless server, both on loopback. The site block is read out of the
// README (only wasync's address is put in) and Caddy runs as a child of this
// test with its admin endpoint off, its own storage and CA in a temp folder,
// and its HTTPS port on a free loopback port. Through it: the UI loads in
// Chromium and logs in, the API answers with the key, GET /events delivers
// an event while the stream stays open (no buffering), and a name that is
// not in --allowed-hosts is refused with 421.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { X509Certificate, createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { start, waitFor, repoRoot, outDir } from './lib/app.mjs';
import { startFake } from './lib/fake.mjs';

const bin = process.env.WASYNC_SERVER_BIN;
const caddyBin = process.env.CADDY_BIN ?? '/usr/bin/caddy';
const name = 'wasync.lan';
// A second site on the same proxy, for a name wasync was not told about.
const otherName = 'other.lan';

let fake;
let app;
let caddy;
let port;
let ca;
let caddyDir;

/** freePort asks the kernel for a free loopback TCP port. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port: p } = srv.address();
      srv.close(() => resolve(p));
    });
  });
}

/** readmeSiteBlock returns the Caddyfile site block the README shows. */
function readmeSiteBlock() {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const m = readme.match(/```\n((?:[ \t]*)wasync\.lan \{\n[\s\S]*?\n[ \t]*\})\n[ \t]*```/);
  assert.ok(m, 'the README has no `wasync.lan { … }` Caddyfile block');
  const lines = m[1].split('\n');
  const indent = lines[0].match(/^[ \t]*/)[0];
  return lines.map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l)).join('\n');
}

/**
 * request sends one HTTPS request to Caddy on loopback, with the TLS name
 * and Host a browser would use for host (no port: as on 443; hostHeader to
 * send another), trusting only Caddy's CA. stream: resolve at the headers
 * and hand back the response.
 */
function request(host, p, { method = 'GET', headers = {}, body, stream = false, hostHeader = host } = {}) {
  return new Promise((resolve, reject) => {
    const req = https.request({
      host: '127.0.0.1', port, servername: host, ca, method, path: p,
      headers: { Host: hostHeader, ...headers },
    }, (res) => {
      if (stream) return resolve(res);
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** direct sends a plain request to wasync itself with the given Host. */
function direct(host, p) {
  const u = new URL(app.url);
  return new Promise((resolve, reject) => {
    http.get({ host: u.hostname, port: u.port, path: p, headers: { Host: host } }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, text }));
    }).on('error', reject);
  });
}

before(async () => {
  assert.ok(existsSync(caddyBin), `${caddyBin} is missing: scripts/deps.sh test installs Debian's caddy`);
  fake = await startFake();
  app = await start({ bin, fake, args: ['--headless', '--allowed-hosts', name] });
  const upstream = new URL(app.url).host;

  caddyDir = mkdtempSync(path.join(tmpdir(), 'wasync-caddy-'));
  port = await freePort();
  const httpPort = await freePort();
  const site = readmeSiteBlock();
  assert.match(site, /^wasync\.lan \{\n\ttls internal\n\treverse_proxy 127\.0\.0\.1:7001\n\}$/);
  const caddyfile = [
    // Test-only globals: loopback, free ports, no admin endpoint, storage
    // (and so the internal CA) in the temp folder, no system trust store.
    '{',
    '\tadmin off',
    '\tdefault_bind 127.0.0.1',
    `\thttp_port ${httpPort}`,
    `\thttps_port ${port}`,
    '\tauto_https disable_redirects',
    '\tskip_install_trust',
    '\tstorage file_system {',
    `\t\troot ${path.join(caddyDir, 'data')}`,
    '\t}',
    '\tservers {',
    '\t\tprotocols h1 h2',
    '\t}',
    '}',
    '',
    site.replace('127.0.0.1:7001', upstream),
    '',
    `${otherName} {`,
    '\ttls internal',
    `\treverse_proxy ${upstream}`,
    '}',
    '',
  ].join('\n');
  const file = path.join(caddyDir, 'Caddyfile');
  writeFileSync(file, caddyfile);
  caddy = spawn(caddyBin, ['run', '--config', file, '--adapter', 'caddyfile'], {
    env: { PATH: process.env.PATH, HOME: caddyDir, XDG_CONFIG_HOME: path.join(caddyDir, 'config'), XDG_DATA_HOME: path.join(caddyDir, 'xdg') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  caddy.stdout.on('data', (d) => { log += d; });
  caddy.stderr.on('data', (d) => { log += d; });
  caddy.log = () => log;
  const exited = new Promise((_, reject) => caddy.once('exit', (code) => reject(new Error(`caddy exited ${code}:\n${log}`))));
  exited.catch(() => {});
  const rootCrt = path.join(caddyDir, 'data', 'pki', 'authorities', 'local', 'root.crt');
  let last = 'no answer';
  await Promise.race([exited, waitFor(async () => {
    if (!existsSync(rootCrt)) return false;
    ca = readFileSync(rootCrt);
    const r = await request(name, '/health');
    last = `${r.status} ${r.text}`;
    return r.status === 200;
  }, `caddy serving ${name} on 127.0.0.1:${port}`, 30_000)]).catch((e) => {
    throw new Error(`${e.message}; last answer: ${last}\n${log}`);
  });
});

after(async () => {
  if (caddy && caddy.exitCode === null && caddy.signalCode === null) {
    const gone = new Promise((r) => caddy.once('exit', r));
    caddy.kill('SIGTERM');
    const t = setTimeout(() => caddy.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(t);
  }
  if (caddyDir) rmSync(caddyDir, { recursive: true, force: true });
  const code = await app?.stop();
  await fake?.stop();
  assert.equal(code, 0, app?.logs());
});

test('the API through Caddy: the key is needed and works; the Host Caddy passes is the browser\'s', async () => {
  const health = await request(name, '/health');
  assert.equal(health.status, 200);
  assert.match(health.headers.server ?? '', /Caddy/i);
  assert.equal((await request(name, '/settings')).status, 401);
  const settings = await request(name, '/settings', { headers: { Authorization: app.key } });
  assert.equal(settings.status, 200, settings.text);
  assert.equal(JSON.parse(settings.text).status, true);
  // With a port in Host too (a proxy on a port other than 443).
  const withPort = await request(name, '/health', { hostHeader: `${name}:${port}` });
  assert.equal(withPort.status, 200);
});

test('a name not in --allowed-hosts is refused with 421, through Caddy and directly', async () => {
  const viaProxy = await request(otherName, '/health');
  assert.equal(viaProxy.status, 421, viaProxy.text);
  assert.match(JSON.parse(viaProxy.text).error, /--allowed-hosts/);
  assert.equal((await direct('rebind.example', '/health')).status, 421);
  assert.equal((await direct(name, '/health')).status, 200);
});

test('GET /events through Caddy delivers an event while the stream stays open', async () => {
  const res = await request(name, '/events', { headers: { Authorization: app.key, Accept: 'text/event-stream' }, stream: true });
  try {
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'], /^text\/event-stream/);
    let buf = '';
    let ended = false;
    res.setEncoding('utf8');
    res.on('data', (d) => { buf += d; });
    res.on('end', () => { ended = true; });
    // The stream's opening comment comes through before any event exists.
    await waitFor(() => buf.includes(': connected'), 'the opening of the event stream through Caddy', 10_000);
    const screen = `proxy-${Date.now()}`;
    const posted = await request(name, '/app/ready', {
      method: 'POST', headers: { Authorization: app.key, 'Content-Type': 'application/json' },
      body: JSON.stringify({ screen }),
    });
    assert.equal(posted.status, 200, posted.text);
    await waitFor(() => buf.includes(`"screen":"${screen}"`), 'the app.ui_ready event through Caddy', 10_000);
    assert.match(buf, /event: app\.ui_ready\n/);
    assert.equal(ended, false, 'the stream ended: Caddy buffered it until the end');
  } finally {
    res.destroy();
  }
});

test('the UI through Caddy in Chromium: log in with the key, live events arrive', async () => {
  // Chromium resolves the name to loopback and accepts Caddy's certificate
  // chain by its intermediate's key (the chain Caddy sends), nothing else.
  const inter = new X509Certificate(readFileSync(path.join(caddyDir, 'data', 'pki', 'authorities', 'local', 'intermediate.crt')));
  const spki = createHash('sha256').update(inter.publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-quic',
      `--host-resolver-rules=MAP ${name} 127.0.0.1, EXCLUDE localhost`,
      `--ignore-certificate-errors-spki-list=${spki}`],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const base = `https://${name}:${port}`;
    const res = await page.goto(base + '/ui/');
    assert.equal(res.status(), 200);
    await page.getByTestId('login-key').fill(app.key);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-link').waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(outDir, 'proxy-ui.png') });
    // The page's own EventSource through Caddy (the session cookie, no key).
    const screen = `proxy-page-${Date.now()}`;
    const got = page.evaluate((want) => new Promise((resolve, reject) => {
      const es = new EventSource('/events');
      const t = setTimeout(() => { es.close(); reject(new Error('no app.ui_ready event in the page')); }, 15_000);
      es.addEventListener('app.ui_ready', (e) => {
        if (JSON.parse(e.data).data?.screen === want) { clearTimeout(t); es.close(); resolve(true); }
      });
      es.addEventListener('open', () => {
        fetch('/app/ready', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ screen: want }) })
          .then((r) => { if (!r.ok) reject(new Error(`POST /app/ready: ${r.status}`)); }, reject);
      });
    }), screen);
    assert.equal(await got, true);
  } finally {
    await browser.close();
  }
});
