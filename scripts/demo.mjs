// Try wasync without a phone: starts the fake WhatsApp (build/bin/fakewa),
// then wasync-server headless in a demo data folder of its own (never your
// real one), links them, and lets the fake phone send a generated history:
// named chats, groups and a few thousand messages.
//
//   make demo                         (or: node scripts/demo.mjs [--api-addr 127.0.0.1:7002])
//
// Ctrl-C stops both and removes the demo data folder. scripts/screenshot.mjs
// imports startDemo to photograph the same thing.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');

/** The generated history: about 4,000 messages in 22 chats, 6 of them groups. */
export const demoHistory = { chats: 16, groups: 6, messages_per_chat: 180, chunk_messages: 1000 };

function waitLine(proc, re, what, ms = 30_000) {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start in ${ms / 1000} s:\n${out}`)), ms);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(re);
      if (m) {
        clearTimeout(timer);
        resolve({ match: m, out });
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited ${code}:\n${out}`));
    });
  });
}

async function poll(fn, what, ms = 60_000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

/**
 * startDemo runs the fake WhatsApp and a demo wasync, linked and holding the
 * generated history. It resolves to { url, loginLink, key, dataDir, stop }.
 */
export async function startDemo({ apiAddr = '127.0.0.1:7002', log = () => {} } = {}) {
  const bin = (name) => path.join(root, 'build', 'bin', name);
  const fake = spawn(bin('fakewa'), [], { stdio: ['pipe', 'pipe', 'ignore'] });
  const hello = JSON.parse((await waitLine(fake, /^(\{.*\})\n/, 'fakewa')).match[1]);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wasync-demo-'));
  const key = randomBytes(16).toString('hex');
  const app = spawn(bin('wasync-server'), ['--headless', '--data-dir', dataDir, '--api-addr', apiAddr], {
    env: { ...process.env, ...hello.env, WASYNC_DEMO: '1', WASYNC_API_KEY: key, WASYNC_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let appErr = '';
  app.stderr.on('data', (d) => (appErr += d));
  const stop = async () => {
    for (const p of [app, fake]) {
      if (p.exitCode === null) {
        const gone = new Promise((r) => p.once('exit', r));
        p.kill('SIGTERM');
        await gone;
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const started = await waitLine(app, /API on (http:\/\/\S+), data[\s\S]*?(http:\/\/\S+\/auth\/link\?token=\S+)/, 'wasync').catch((e) => {
      throw new Error(`${e.message}\n${appErr}`);
    });
    const url = started.match[1];
    const loginLink = started.match[2];
    const api = async (p, method = 'GET') => {
      const res = await fetch(url + p, { method, headers: { Authorization: key } });
      return res.json();
    };
    const control = (p, body) => fetch(hello.control + p, { method: 'POST', body: JSON.stringify(body) });

    log('Linking the fake phone…');
    const qr = await api('/session/qr', 'POST');
    const scanned = await control('/scan', { code: qr.data.qr.code });
    if (!scanned.ok) throw new Error(`fake phone could not scan: ${await scanned.text()}`);
    await poll(async () => (await api('/session')).data.state === 'connected', 'the link');

    log('The fake phone is sending its history…');
    const sent = await control('/history', demoHistory);
    if (!sent.ok) throw new Error(`fake phone could not send history: ${await sent.text()}`);
    const want = (await sent.json()).total;
    await poll(async () => {
      const chats = (await api('/chats?limit=500')).data.chats;
      return chats.length >= demoHistory.chats + demoHistory.groups - 2 && want > 0;
    }, 'the history to be stored');
    return { url, loginLink, key, dataDir, messages: want, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

async function main() {
  const i = process.argv.indexOf('--api-addr');
  const apiAddr = i > 0 ? process.argv[i + 1] : undefined;
  console.log('wasync DEMO: a built-in fake WhatsApp with generated chats. Nothing here is real;');
  console.log('your own data folder is not touched (the demo keeps its data in a temporary folder).');
  const demo = await startDemo({ apiAddr, log: (s) => console.log(s) });
  console.log(`\nDEMO ready: ${demo.messages} generated messages.`);
  console.log(`Open (single-use login link): ${demo.loginLink}`);
  console.log(`API key for scripts: ${demo.key}   API reference: ${demo.url}/docs`);
  console.log('Ctrl-C stops the demo and deletes its data.');
  let stopping = false;
  const quit = async () => {
    if (stopping) return;
    stopping = true;
    await demo.stop();
    process.exit(0);
  };
  process.on('SIGINT', quit);
  process.on('SIGTERM', quit);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(`demo: ${e.message}`);
    process.exit(1);
  });
}
