// HTTP transport: fetch against the API at the origin root (the UI itself lives under /ui/),
// Server-Sent Events for live events, cookie auth for the browser.
import { ApiError } from './api-error';
import type { Backend } from './backend';
import { EventHub, parseEvent } from './event-hub';
import * as norm from './normalize';
import { EVENT_TYPES } from './types';
import type { AppEvent, ExportFormat, Settings, WebhookInput, WebhookSecretRotation } from './types';

type Query = Record<string, string | number | undefined | null>;

export interface HttpOptions {
  win?: Window;
  fetch?: typeof fetch;
  EventSource?: typeof EventSource;
  /** Backoff for SSE reconnects, in ms (attempt starts at 0). */
  backoff?: (attempt: number) => number;
  /** Starts a download of url (default: follow an <a download> link). */
  download?: (url: string) => void;
  /** Starts a download answered to a POST of url (default: submit a hidden form). */
  postDownload?: (url: string) => void;
}

/** Builds an absolute URL at the page origin's root: apiUrl('/chats', {q}) → https://host/chats?q=… */
export function apiUrl(origin: string, path: string, query?: Query): string {
  const u = new URL(path, origin);
  if (query) {
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue;
      u.searchParams.set(k, String(v));
    }
  }
  return u.toString();
}

/** Path of one chat; the jid is one encoded path segment. */
export function chatPath(jid: string): string {
  return `/chats/${encodeURIComponent(jid)}`;
}

/** Path of one webhook; the id is one encoded path segment. */
export function webhookPath(id: string): string {
  return `/webhooks/${encodeURIComponent(id)}`;
}

/** Path of one chat's messages. */
export function messagesPath(jid: string): string {
  return `${chatPath(jid)}/messages`;
}

/** Absolute URL of a chat export (a streamed download; the auth cookie goes along). */
export function exportUrl(origin: string, jid: string, format: ExportFormat): string {
  return apiUrl(origin, `${chatPath(jid)}/export`, { format });
}

/**
 * Starts a browser download of what a POST to url answers (a backup), by
 * submitting a hidden same-origin form: the file streams to disk instead of
 * into memory, and the session cookie goes along.
 */
export function formPostDownload(win: Window, url: string): void {
  const doc = win.document;
  const form = doc.createElement('form');
  form.method = 'POST';
  form.action = url;
  form.style.display = 'none';
  doc.body.appendChild(form);
  form.submit();
  form.remove();
}

/** Starts a browser download by following a link, so the file streams to disk. */
export function linkDownload(win: Window, url: string): void {
  const doc = win.document;
  if (!doc?.createElement) {
    win.location.assign(url);
    return;
  }
  const a = doc.createElement('a');
  a.href = url;
  a.download = '';
  a.rel = 'noopener';
  a.style.display = 'none';
  doc.body.appendChild(a);
  a.click();
  a.remove();
}

/** The create body: only the fields the server knows, the secret left out when empty. */
export function webhookInput(input: WebhookInput): WebhookInput {
  const body: WebhookInput = { url: input.url, events: input.events ?? [] };
  if (input.secret) body.secret = input.secret;
  return body;
}

export function defaultBackoff(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
}

/** Parses the API envelope; throws ApiError with the server's words on failure. */
export async function parseEnvelope<T>(res: Response): Promise<T> {
  const text = await res.text();
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  const env = body && typeof body === 'object' ? (body as Record<string, unknown>) : null;
  if (!res.ok || !env || env.status !== true) {
    const code = env && typeof env.code === 'number' && env.code >= 400 ? env.code : res.ok ? 500 : res.status;
    const msg =
      (env && typeof env.error === 'string' && env.error) ||
      (env && typeof env.message === 'string' && env.message) ||
      (!env && text && text.length < 300 ? text.trim() : '') ||
      res.statusText ||
      `Request failed (${res.status})`;
    throw new ApiError(code, msg);
  }
  return (env.data ?? null) as T;
}

export function createHttpBackend(opts: HttpOptions = {}): Backend {
  const win = opts.win ?? window;
  const doFetch = opts.fetch ?? ((...a: Parameters<typeof fetch>) => win.fetch(...a));
  const ES = opts.EventSource ?? (win as Window & { EventSource: typeof EventSource }).EventSource;
  const backoff = opts.backoff ?? defaultBackoff;
  const download = opts.download ?? ((url: string) => linkDownload(win, url));
  const postDownload = opts.postDownload ?? ((url: string) => formPostDownload(win, url));
  const origin = () => win.location.origin;
  const unauthorized = new Set<() => void>();

  function notifyUnauthorized() {
    for (const cb of [...unauthorized]) cb();
  }

  async function call<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, opt: { query?: Query; body?: unknown } = {}): Promise<T> {
    const init: RequestInit = {
      method,
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    };
    if (opt.body !== undefined) {
      init.headers = { ...init.headers, 'Content-Type': 'application/json' };
      init.body = JSON.stringify(opt.body);
    }
    let res: Response;
    try {
      res = await doFetch(apiUrl(origin(), path, opt.query), init);
    } catch (err) {
      throw new ApiError(0, `Cannot reach wasync: ${err instanceof Error ? err.message : String(err)}`);
    }
    try {
      return await parseEnvelope<T>(res);
    } catch (err) {
      if (err instanceof ApiError && err.code === 401 && !path.startsWith('/auth/')) notifyUnauthorized();
      throw err;
    }
  }

  const hub = new EventHub((emit) => {
    let es: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let attempt = 0;
    let closed = false;
    const handler = (e: MessageEvent) => {
      const ev = parseEvent(e.data);
      if (ev) emit(ev);
    };
    const connect = () => {
      if (closed || !ES) return;
      es = new ES(apiUrl(origin(), '/events'), { withCredentials: true });
      es.addEventListener('open', () => {
        attempt = 0;
      });
      es.addEventListener('message', handler as EventListener);
      // A server that names its events (`event: history.sync`) is handled too.
      for (const t of EVENT_TYPES) es.addEventListener(t, handler as EventListener);
      es.addEventListener('error', () => {
        es?.close();
        es = null;
        if (closed) return;
        timer = setTimeout(connect, backoff(attempt++));
      });
    };
    connect();
    return () => {
      closed = true;
      if (timer) clearTimeout(timer);
      es?.close();
      es = null;
    };
  });

  return {
    transport: 'http',
    needsLogin: true,
    settings: () => call<Settings>('GET', '/settings'),
    rotateApiKey: () => call<Settings>('POST', '/settings/api-key/rotate'),
    updateSettings: (patch) => call<Settings>('PATCH', '/settings', { body: patch }),
    frontendReady: async (screen) => {
      await call('POST', '/app/ready', { body: { screen } });
    },
    session: () => call('GET', '/session'),
    pairPhone: async (phone) => norm.pairCode(await call('POST', '/session/pair-code', { body: { phone } })),
    logout: async () => {
      await call('POST', '/session/logout');
    },
    refreshQR: async () => {
      await call('POST', '/session/qr');
    },
    listChats: async (p) =>
      norm.chatsPage(await call('GET', '/chats', { query: { limit: p.limit, cursor: p.cursor, q: p.q } })),
    getChat: async (jid) => norm.chat(await call('GET', chatPath(jid))),
    exportChat: async (jid, format) => {
      download(exportUrl(origin(), jid, format));
      return '';
    },
    createBackup: async () => {
      postDownload(apiUrl(origin(), '/backup'));
      return '';
    },
    listMessages: async (p) =>
      norm.messagesPage(await call('GET', messagesPath(p.chat_jid), { query: { before: p.before, limit: p.limit } })),
    messageVersions: async (jid, id) =>
      norm.messageVersions(await call('GET', `${messagesPath(jid)}/${encodeURIComponent(id)}/versions`)),
    search: async (p) =>
      norm.searchResults(await call('GET', '/search', { query: { q: p.q, chat_jid: p.chat_jid, limit: p.limit } })),
    listHistoryRequests: async () => norm.historyRequests(await call('GET', '/history/sync')),
    requestHistorySync: (p) => call('POST', '/history/sync', { body: p }),
    listHistoryNotifications: async (q) =>
      norm.notificationsPage(
        await call('GET', '/history/notifications', { query: { status: q.status, limit: q.limit, cursor: q.cursor } }),
      ),
    retryHistoryNotification: (id) => call('POST', `/history/notifications/${encodeURIComponent(String(id))}/retry`),
    retryFailedHistoryNotifications: () => call('POST', '/history/notifications/retry-failed'),
    listWebhooks: async () => norm.webhooks(await call('GET', '/webhooks')),
    createWebhook: async (input) => norm.webhook(await call('POST', '/webhooks', { body: webhookInput(input) })),
    getWebhook: async (id) => norm.webhook(await call('GET', webhookPath(id))),
    updateWebhook: async (id, patch) => norm.webhook(await call('PATCH', webhookPath(id), { body: patch })),
    deleteWebhook: async (id) => {
      await call('DELETE', webhookPath(id));
    },
    testWebhook: (id) => call('POST', `${webhookPath(id)}/test`),
    rotateWebhookSecret: async (id) => norm.webhook<WebhookSecretRotation>(await call('POST', `${webhookPath(id)}/rotate-secret`)),
    listDeliveries: async (q) =>
      norm.deliveriesPage(
        await call('GET', `${webhookPath(q.webhook_id)}/deliveries`, {
          query: { status: q.status, limit: q.limit, cursor: q.cursor },
        }),
      ),
    redeliver: (id, deliveryId) =>
      call('POST', `${webhookPath(id)}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`),
    redeliverFailed: (id) => call('POST', `${webhookPath(id)}/redeliver-failed`),
    onEvent: (cb: (ev: AppEvent) => void) => hub.subscribe(cb),
    login: async (key) => {
      await call('POST', '/auth/login', { body: { key } });
    },
    authLogout: async () => {
      await call('POST', '/auth/logout');
    },
    onUnauthorized: (cb) => {
      unauthorized.add(cb);
      return () => unauthorized.delete(cb);
    },
  };
}
