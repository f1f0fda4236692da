// Starts a built wasync binary on a free loopback port with its own data
// folder and tells the test where it listens. Used by every e2e test.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
export const outDir = path.join(repoRoot, 'test-output');
mkdirSync(outDir, { recursive: true });

/**
 * start runs bin and resolves once it printed its API address. Pass the
 * fake WhatsApp's env (startFake().env) so the app never dials WhatsApp.
 * @param {{bin: string, fake: {env: Record<string,string>}, args?: string[], env?: Record<string,string>, dataDir?: string, stdin?: boolean}} o
 */
export async function start(o) {
  if (!o.fake?.env?.WASYNC_WA_DIAL) throw new Error('start needs a fake WhatsApp (startFake())');
  const dataDir = o.dataDir ?? path.join(mkdtempSync(path.join(tmpdir(), 'wasync-e2e-')), 'data');
  const key = o.env?.WASYNC_API_KEY ?? 'e2e-test-key-0123456789abcdef';
  const proc = spawn(o.bin, ['--data-dir', dataDir, '--api-addr', '127.0.0.1:0', ...(o.args ?? [])], {
    // The background backfill would fetch more than a test's generated
    // history holds right after linking: tests that want it turn it on.
    env: { ...process.env, WASYNC_API_KEY: key, WASYNC_HISTORY_BACKFILL: 'false', ...o.fake.env, ...o.env },
    stdio: [o.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stderr.on('data', (d) => { err += d; });
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`wasync did not start in 30 s:\n${out}\n${err}`)), 30_000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/API on (https?:\/\/[\d.:]+)/);
      const link = out.match(/(https?:\/\/\S+\/auth\/link\?token=\S+)/);
      const noLink = out.includes('no login link is printed');
      if (m && (link || noLink || !o.args?.includes('--headless') || out.includes('(desktop)'))) {
        clearTimeout(timer);
        resolve({ url: m[1], loginLink: link?.[1] });
      }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`wasync exited ${code}:\n${out}\n${err}`)); });
  });
  const { url, loginLink } = await ready;
  return {
    url, key, loginLink, dataDir, proc,
    logs: () => out + err,
    stdout: () => out,
    stderr: () => err,
    api: (p, init = {}) => fetch(url + p, { ...init, headers: { Authorization: key, ...(init.headers ?? {}) } }),
    async stop() {
      if (proc.exitCode !== null) return proc.exitCode;
      const exited = new Promise((r) => proc.once('exit', (code, sig) => r(code ?? sig)));
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(t);
      return code;
    },
  };
}

/** waitFor polls fn until it returns a truthy value or the timeout passes. */
export async function waitFor(fn, what, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}
