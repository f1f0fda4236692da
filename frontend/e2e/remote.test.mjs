// Remote use and logs, against the real server binary and the fake phone:
// a bind beyond loopback warns what it exposes; --tls-cert/--tls-key serve
// HTTPS with a certificate made here; `wasync-server login-link` mints a
// link that works once, then shows an HTML page; JSON logs of a run that
// registers a webhook with a secret URL and mints login links hold no
// secret and one module key a line.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import https from 'node:https';
import path from 'node:path';
import { start, waitFor } from './lib/app.mjs';
import { startFake } from './lib/fake.mjs';

const bin = process.env.WASYNC_SERVER_BIN;
let fake;
before(async () => { fake = await startFake(); });
after(async () => { await fake?.stop(); });

function cli(args, env) {
  return new Promise((resolve) => {
    const p = spawn(bin, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    p.on('exit', (code) => resolve({ code, out, err }));
  });
}

/** get fetches url over HTTPS trusting only ca. */
function get(url, ca, headers = {}) {
  return new Promise((resolve, reject) => {
    https.get(url, { ca, headers }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    }).on('error', reject);
  });
}

test('HTTPS with --tls-cert/--tls-key, and a warning for a bind beyond loopback', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wasync-tls-'));
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  const gen = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { encoding: 'utf8' });
  assert.equal(gen.status, 0, gen.stderr);
  const app = await start({ bin, fake, args: ['--headless', '--api-addr', '0.0.0.0:0', '--tls-cert', cert, '--tls-key', key] });
  try {
    assert.match(app.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const warning = app.stderr();
    assert.match(warning, /beyond this machine/);
    assert.match(warning, /web UI, the HTTP API and, with the API key or a login link, the whole message history/);
    assert.match(warning, /encrypted with TLS/);
    const ca = readFileSync(cert);
    const health = await get(app.url + '/health', ca);
    assert.equal(health.status, 200);
    const link = await get(app.loginLink, ca);
    assert.equal(link.status, 303);
    assert.match(link.headers['set-cookie'].join(';'), /Secure/);
    // The subcommand reaches a TLS instance too.
    const minted = await cli(['login-link', '--data-dir', app.dataDir], { WASYNC_API_KEY: app.key });
    assert.equal(minted.code, 0, minted.err);
    assert.match(minted.out, /^https:\/\/127\.0\.0\.1:\d+\/auth\/link\?token=/);
  } finally {
    assert.equal(await app.stop(), 0, app.logs());
  }
});

test('a plain bind beyond loopback says traffic is clear text; loopback says nothing', async () => {
  const open = await start({ bin, fake, args: ['--headless', '--api-addr', '0.0.0.0:0'] });
  assert.match(open.stderr(), /CLEAR TEXT/);
  assert.equal(await open.stop(), 0);
  const local = await start({ bin, fake, args: ['--headless'] });
  assert.doesNotMatch(local.stderr(), /beyond this machine/);
  assert.equal(await local.stop(), 0);
});

test('login links: minted by the CLI, single-use, then a page that leads to the login form; none printed once a browser is in', async () => {
  const app = await start({ bin, fake, args: ['--headless'] });
  let dataDir;
  try {
    dataDir = app.dataDir;
    const first = await fetch(app.loginLink, { redirect: 'manual' });
    assert.equal(first.status, 303);
    const again = await fetch(app.loginLink, { redirect: 'manual' });
    assert.equal(again.status, 410);
    assert.match(again.headers.get('content-type'), /^text\/html/);
    const page = await again.text();
    assert.match(page, /href="\/ui\/"/);
    assert.match(page, /wasync-server login-link/);
    const minted = await cli(['login-link', '--data-dir', app.dataDir], { WASYNC_API_KEY: app.key });
    assert.equal(minted.code, 0, minted.err);
    const url = minted.out.split('\n')[0];
    assert.equal((await fetch(url, { redirect: 'manual' })).status, 303);
    assert.equal((await fetch(url, { redirect: 'manual' })).status, 410);
  } finally {
    assert.equal(await app.stop(), 0, app.logs());
  }
  // A browser session exists now: the next start prints no link.
  const again = await start({ bin, fake, args: ['--headless'], dataDir });
  assert.equal(again.loginLink, undefined);
  assert.match(again.stdout(), /no login link is printed; `wasync-server login-link` makes one/);
  assert.equal(await again.stop(), 0);
});

test('JSON logs hold no secrets and one module key a line', async () => {
  const app = await start({ bin, fake, args: ['--headless', '--log-format', 'json', '--log-level', 'debug'] });
  const secretPath = 'hook-path-s3cr3t';
  const secretQuery = 'tok3n-in-query';
  let minted;
  try {
    const res = await app.api('/webhooks', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: `http://127.0.0.1:9/${secretPath}?token=${secretQuery}`, secret: 'whsec-very-secret-0123456789' }) });
    assert.equal(res.status, 200, await res.text());
    minted = await cli(['login-link', '--data-dir', app.dataDir], { WASYNC_API_KEY: app.key });
    assert.equal(minted.code, 0);
    await fetch(minted.out.split('\n')[0], { redirect: 'manual' });
    await waitFor(() => app.stderr().includes('webhook created'), 'the webhook log line');
  } finally {
    assert.equal(await app.stop(), 0, app.logs());
  }
  const logs = app.stderr();
  const token = new URL(minted.out.split('\n')[0]).searchParams.get('token');
  const startToken = new URL(app.loginLink).searchParams.get('token');
  for (const secret of [app.key, secretPath, secretQuery, 'whsec-very-secret', token, startToken]) {
    assert.ok(!logs.includes(secret), `the log holds a secret: ${secret}`);
  }
  assert.match(logs, /"url":"http:\/\/127\.0\.0\.1:9"/);
  for (const line of logs.trim().split('\n')) {
    const rec = JSON.parse(line);
    assert.ok(rec.level && rec.msg, line);
    assert.ok((line.match(/"module":/g) ?? []).length <= 1, `more than one module key: ${line}`);
  }
});
