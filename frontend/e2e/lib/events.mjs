// Reads GET /events (Server-Sent Events) into an array tests can wait on.
export function listen(app) {
  const seen = [];
  const ctrl = new AbortController();
  const ready = (async () => {
    const res = await fetch(app.url + '/events', { headers: { Authorization: app.key }, signal: ctrl.signal });
    if (res.status !== 200) throw new Error(`GET /events: ${res.status}`);
    return res;
  })();
  const pump = ready.then(async (res) => {
    const dec = new TextDecoder();
    let buf = '';
    try {
      for await (const chunk of res.body) {
        buf += dec.decode(chunk, { stream: true });
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (data) seen.push(JSON.parse(data.slice(6)));
        }
      }
    } catch (e) {
      if (e.name !== 'AbortError') throw e;
    }
  });
  return {
    seen,
    ready,
    close() { ctrl.abort(); return pump.catch(() => {}); },
    async waitFor(pred, what, timeoutMs = 30_000) {
      const end = Date.now() + timeoutMs;
      while (Date.now() < end) {
        const hit = seen.find(pred);
        if (hit) return hit;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no event: ${what}; saw ${seen.map((e) => e.event_type).join(', ')}`);
    },
  };
}
