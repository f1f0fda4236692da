import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-error';

async function caught(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    return e as ApiError;
  }
  throw new Error('expected a rejection');
}
import { apiUrl, chatPath, createHttpBackend, exportUrl, formPostDownload, linkDownload, messagesPath, parseEnvelope } from './backend-http';

const ORIGIN = 'http://127.0.0.1:7001';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

function ok(data: unknown) {
  return json(200, { status: true, code: 200, message: 'ok', data });
}

function setup(respond: (url: string, init: RequestInit) => Response = () => ok({})) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchFn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, init: init ?? {} });
    return respond(url, init ?? {});
  });
  const win = { location: { origin: ORIGIN } } as unknown as Window;
  const backend = createHttpBackend({ win, fetch: fetchFn as unknown as typeof fetch });
  return { backend, calls, fetchFn };
}

describe('URL building', () => {
  it('builds URLs at the origin root, not under /ui/', () => {
    expect(apiUrl('http://localhost:7001', '/settings')).toBe('http://localhost:7001/settings');
    expect(apiUrl('http://localhost:7001', '/chats', { limit: 50, cursor: '', q: undefined })).toBe(
      'http://localhost:7001/chats?limit=50',
    );
  });

  it('encodes jids as one path segment', () => {
    expect(messagesPath('123@s.whatsapp.net')).toBe('/chats/123%40s.whatsapp.net/messages');
    expect(messagesPath('123-456@g.us')).toBe('/chats/123-456%40g.us/messages');
    expect(messagesPath('a/b?c#d@g.us')).toBe('/chats/a%2Fb%3Fc%23d%40g.us/messages');
  });

  it('encodes query values', () => {
    expect(apiUrl(ORIGIN, '/search', { q: 'a&b=c d', chat_jid: '123-456@g.us' })).toBe(
      `${ORIGIN}/search?q=a%26b%3Dc+d&chat_jid=123-456%40g.us`,
    );
  });
});

describe('one chat and its export', () => {
  it('encodes the jid of getChat as one path segment', async () => {
    expect(chatPath('123-456@g.us')).toBe('/chats/123-456%40g.us');
    expect(chatPath('a/b?c#d@g.us')).toBe('/chats/a%2Fb%3Fc%23d%40g.us');
    const { backend, calls } = setup(() => ok({ jid: '123-456@g.us', name: 'Family', is_group: true, more_on_phone: true }));
    const c = await backend.getChat('123-456@g.us');
    expect(calls[0].url).toBe(`${ORIGIN}/chats/123-456%40g.us`);
    expect(calls[0].init.method).toBe('GET');
    expect(c).toMatchObject({ jid: '123-456@g.us', name: 'Family', is_group: true, more_on_phone: true, unread: 0, archived: false });
  });

  it('rejects getChat of an unknown chat with the 404', async () => {
    const { backend } = setup(() => json(404, { status: false, code: 404, message: 'Not found', error: 'chat not found' }));
    const err = await caught(backend.getChat('9@s.whatsapp.net'));
    expect(err.code).toBe(404);
    expect(err.message).toBe('chat not found');
  });

  it('exports by starting a download of /chats/{jid}/export, not by fetching', async () => {
    const download = vi.fn();
    const fetchFn = vi.fn();
    const win = { location: { origin: ORIGIN } } as unknown as Window;
    const backend = createHttpBackend({ win, fetch: fetchFn as unknown as typeof fetch, download });
    await expect(backend.exportChat('123-456@g.us', 'jsonl')).resolves.toBe('');
    await expect(backend.exportChat('1@s.whatsapp.net', 'html')).resolves.toBe('');
    expect(download.mock.calls).toEqual([
      [`${ORIGIN}/chats/123-456%40g.us/export?format=jsonl`],
      [`${ORIGIN}/chats/1%40s.whatsapp.net/export?format=html`],
    ]);
    expect(fetchFn).not.toHaveBeenCalled();
    expect(exportUrl(ORIGIN, 'a/b@g.us', 'html')).toBe(`${ORIGIN}/chats/a%2Fb%40g.us/export?format=html`);
  });

  it('backs up by submitting a POST /backup download, not by fetching it into memory', async () => {
    const postDownload = vi.fn();
    const fetchFn = vi.fn();
    const win = { location: { origin: ORIGIN } } as unknown as Window;
    const backend = createHttpBackend({ win, fetch: fetchFn as unknown as typeof fetch, postDownload });
    await expect(backend.createBackup()).resolves.toBe('');
    expect(postDownload.mock.calls).toEqual([[`${ORIGIN}/backup`]]);
    expect(fetchFn).not.toHaveBeenCalled();
  });

  it('submits a hidden POST form for a backup download by default', () => {
    const form = { method: '', action: '', style: {} as Record<string, string>, submit: vi.fn(), remove: vi.fn() };
    const appendChild = vi.fn();
    const win = { document: { createElement: vi.fn(() => form), body: { appendChild } } } as unknown as Window;
    formPostDownload(win, `${ORIGIN}/backup`);
    expect(form.method).toBe('POST');
    expect(form.action).toBe(`${ORIGIN}/backup`);
    expect(appendChild).toHaveBeenCalledWith(form);
    expect(form.submit).toHaveBeenCalled();
    expect(form.remove).toHaveBeenCalled();
  });

  it('downloads through a temporary <a download> link by default', () => {
    const clicked: { href: string; download: string; inDoc: boolean }[] = [];
    const spy = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.getAttribute('download') ?? 'none', inDoc: document.body.contains(this) });
    });
    linkDownload(window, `${ORIGIN}/chats/1%40s.whatsapp.net/export?format=jsonl`);
    spy.mockRestore();
    expect(clicked).toEqual([{ href: `${ORIGIN}/chats/1%40s.whatsapp.net/export?format=jsonl`, download: '', inDoc: true }]);
    expect(document.querySelector('a[download]')).toBeNull();
  });
});

describe('envelope parsing', () => {
  it('returns data on success', async () => {
    await expect(parseEnvelope(ok({ a: 1 }))).resolves.toEqual({ a: 1 });
  });

  it('throws ApiError with the server error text', async () => {
    const res = json(400, { status: false, code: 400, message: 'Bad request', error: 'count must be between 1 and 100' });
    const err = await caught(parseEnvelope(res));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe(400);
    expect(err.message).toBe('count must be between 1 and 100');
  });

  it('falls back to message when error is missing', async () => {
    const err = await caught(parseEnvelope(json(409, { status: false, code: 409, message: 'not paired' })));
    expect(err.message).toBe('not paired');
    expect(err.code).toBe(409);
  });

  it('handles a non-JSON error body', async () => {
    const err = await caught(parseEnvelope(new Response('gateway down', { status: 502, statusText: 'Bad Gateway' })));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe(502);
    expect(err.message).toBe('gateway down');
  });

  it('treats status:false in a 200 as an error', async () => {
    const err = await caught(parseEnvelope(json(200, { status: false, code: 500, message: 'x', error: 'boom' })));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toBe('boom');
  });
});

describe('HTTP backend', () => {
  it('GETs settings with same-origin credentials', async () => {
    const { backend, calls } = setup(() => ok({ api_addr: '127.0.0.1:7001' }));
    await expect(backend.settings()).resolves.toEqual({ api_addr: '127.0.0.1:7001' });
    expect(calls[0].url).toBe(`${ORIGIN}/settings`);
    expect(calls[0].init.method).toBe('GET');
    expect(calls[0].init.credentials).toBe('same-origin');
  });

  it('sends JSON bodies', async () => {
    const { backend, calls } = setup(() => ok({ pair_code: 'ABCD1234' }));
    await expect(backend.pairPhone('15551234567')).resolves.toEqual({ pair_code: 'ABCD1234' });
    expect(calls[0].url).toBe(`${ORIGIN}/session/pair-code`);
    expect(calls[0].init.method).toBe('POST');
    expect((calls[0].init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ phone: '15551234567' });
  });

  it('lists messages of a group with an encoded jid and cursor', async () => {
    const { backend, calls } = setup(() => ok({ messages: null, next_cursor: 'c2' }));
    const r = await backend.listMessages({ chat_jid: '123-456@g.us', before: 'c1', limit: 50 });
    expect(r).toEqual({ messages: [], next_cursor: 'c2' });
    expect(calls[0].url).toBe(`${ORIGIN}/chats/123-456%40g.us/messages?before=c1&limit=50`);
  });

  it('gets message versions with encoded jid and id, and patches settings', async () => {
    const { backend, calls } = setup((url) =>
      url.includes('/versions') ? ok({ chat_jid: '1@s.whatsapp.net', message_id: 'A/B', versions: null }) : ok({ hide_deleted_content: true }),
    );
    await expect(backend.messageVersions('1@s.whatsapp.net', 'A/B')).resolves.toEqual({
      chat_jid: '1@s.whatsapp.net',
      message_id: 'A/B',
      deleted: false,
      versions: [],
    });
    expect(calls[0].url).toBe(`${ORIGIN}/chats/1%40s.whatsapp.net/messages/A%2FB/versions`);
    expect(calls[0].init.method).toBe('GET');
    await expect(backend.updateSettings({ hide_deleted_content: true })).resolves.toEqual({ hide_deleted_content: true });
    expect(calls[1].url).toBe(`${ORIGIN}/settings`);
    expect(calls[1].init.method).toBe('PATCH');
    expect(JSON.parse(String(calls[1].init.body))).toEqual({ hide_deleted_content: true });
  });

  it('normalises null lists', async () => {
    const { backend } = setup(() => ok({ chats: null }));
    await expect(backend.listChats({})).resolves.toEqual({ chats: [], next_cursor: '' });
  });

  it('maps every endpoint', async () => {
    const { backend, calls } = setup(() => ok({}));
    await backend.rotateApiKey();
    await backend.frontendReady('chats');
    await backend.session();
    await backend.logout();
    await backend.refreshQR();
    await backend.search({ q: 'hi', limit: 10 });
    await backend.listHistoryRequests();
    await backend.requestHistorySync({ count: 50, chat_jid: '1@s.whatsapp.net' });
    await backend.listWebhooks();
    await backend.login('k');
    await backend.authLogout();
    expect(calls.map((c) => `${c.init.method} ${c.url.slice(ORIGIN.length)}`)).toEqual([
      'POST /settings/api-key/rotate',
      'POST /app/ready',
      'GET /session',
      'POST /session/logout',
      'POST /session/qr',
      'GET /search?q=hi&limit=10',
      'GET /history/sync',
      'POST /history/sync',
      'GET /webhooks',
      'POST /auth/login',
      'POST /auth/logout',
    ]);
    expect(JSON.parse(String(calls[1].init.body))).toEqual({ screen: 'chats' });
    expect(JSON.parse(String(calls[7].init.body))).toEqual({ count: 50, chat_jid: '1@s.whatsapp.net' });
    expect(JSON.parse(String(calls[9].init.body))).toEqual({ key: 'k' });
  });

  it('notifies unauthorized listeners on 401 and throws', async () => {
    const { backend } = setup(() => json(401, { status: false, code: 401, message: 'Unauthorized', error: 'missing key' }));
    const onUnauth = vi.fn();
    backend.onUnauthorized(onUnauth);
    const err = await caught(backend.listChats({}));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe(401);
    expect(onUnauth).toHaveBeenCalledTimes(1);
  });

  it('does not treat a wrong login key as a session expiry', async () => {
    const { backend } = setup(() => json(401, { status: false, code: 401, message: 'Unauthorized', error: 'bad key' }));
    const onUnauth = vi.fn();
    backend.onUnauthorized(onUnauth);
    await expect(backend.login('nope')).rejects.toMatchObject({ code: 401 });
    expect(onUnauth).not.toHaveBeenCalled();
  });

  it('turns a network failure into an ApiError', async () => {
    const win = { location: { origin: ORIGIN } } as unknown as Window;
    const backend = createHttpBackend({
      win,
      fetch: (() => Promise.reject(new TypeError('Failed to fetch'))) as unknown as typeof fetch,
    });
    const err = await caught(backend.settings());
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toContain('Failed to fetch');
  });
});

class FakeEventSource {
  static instances: FakeEventSource[] = [];
  listeners = new Map<string, ((e: MessageEvent) => void)[]>();
  closed = false;
  constructor(
    public url: string,
    public init?: EventSourceInit,
  ) {
    FakeEventSource.instances.push(this);
  }
  addEventListener(type: string, fn: (e: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  dispatch(type: string, data?: string) {
    for (const fn of this.listeners.get(type) ?? []) fn({ data } as MessageEvent);
  }
  close() {
    this.closed = true;
  }
}

describe('HTTP events (SSE)', () => {
  it('opens /events with credentials, parses messages, dedupes, reconnects with backoff', () => {
    vi.useFakeTimers();
    FakeEventSource.instances = [];
    const win = { location: { origin: ORIGIN } } as unknown as Window;
    const backoff = vi.fn((n: number) => 100 * (n + 1));
    const backend = createHttpBackend({
      win,
      fetch: vi.fn() as unknown as typeof fetch,
      EventSource: FakeEventSource as unknown as typeof EventSource,
      backoff,
    });
    const got: string[] = [];
    const off = backend.onEvent((ev) => got.push(`${ev.event_type}:${ev.id}`));
    expect(FakeEventSource.instances).toHaveLength(1);
    const es = FakeEventSource.instances[0];
    expect(es.url).toBe(`${ORIGIN}/events`);
    expect(es.init).toEqual({ withCredentials: true });

    es.dispatch('message', JSON.stringify({ id: 'e1', event_type: 'history.sync', timestamp: 't', data: { progress: 5 } }));
    es.dispatch('message', JSON.stringify({ id: 'e1', event_type: 'history.sync', timestamp: 't', data: {} }));
    es.dispatch('message', 'not json');
    es.dispatch('message.received', JSON.stringify({ id: 'e2', event_type: 'message.received', data: {} }));
    expect(got).toEqual(['history.sync:e1', 'message.received:e2']);

    es.dispatch('error');
    expect(es.closed).toBe(true);
    expect(backoff).toHaveBeenCalledWith(0);
    vi.advanceTimersByTime(100);
    expect(FakeEventSource.instances).toHaveLength(2);
    FakeEventSource.instances[1].dispatch('error');
    expect(backoff).toHaveBeenLastCalledWith(1);
    vi.advanceTimersByTime(200);
    expect(FakeEventSource.instances).toHaveLength(3);
    FakeEventSource.instances[2].dispatch('open');
    FakeEventSource.instances[2].dispatch('error');
    expect(backoff).toHaveBeenLastCalledWith(0);

    off();
    vi.advanceTimersByTime(10_000);
    expect(FakeEventSource.instances).toHaveLength(3);
    vi.useRealTimers();
  });
});
