// Runs the fake WhatsApp server (backend/wa/fakewa/cmd/fakewa) as a separate
// process. Every wasync the e2e tests start points at one, so no test ever
// reaches for the real WhatsApp.
import { spawn } from 'node:child_process';

export async function startFake(bin = process.env.WASYNC_FAKEWA_BIN) {
  if (!bin) throw new Error('WASYNC_FAKEWA_BIN must name the fakewa binary');
  const proc = spawn(bin, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  const hello = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('fakewa did not start')), 15_000);
    proc.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n')[0];
      if (out.includes('\n')) { clearTimeout(timer); resolve(JSON.parse(line)); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`fakewa exited ${code}`)); });
  });
  const post = async (path, body) => {
    const res = await fetch(hello.control + path, { method: 'POST', body: body ? JSON.stringify(body) : undefined });
    if (!res.ok) throw new Error(`fakewa ${path}: ${res.status} ${await res.text()}`);
  };
  return {
    env: hello.env,
    control: hello.control,
    phone: hello.phone,
    scan: (code) => post('/scan', { code }),
    enterPairCode: (code) => post('/pair-code', { code }),
    removeCompanion: () => post('/remove'),
    drop: () => post('/drop'),
    unhandled: async () => (await fetch(hello.control + '/unhandled')).json(),
    async stop() {
      proc.stdin.end();
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.once('exit', r)));
    },
  };
}
