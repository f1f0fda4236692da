import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-error';
import { createHttpBackend, webhookPath } from './backend-http';
import { createWailsBackend, type WailsWindow } from './backend-wails';

const ORIGIN = 'http://127.0.0.1:7001';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}
const ok = (data: unknown) => json(200, { status: true, code: 200, message: 'ok', data });

function http(respond: (url: string, init: RequestInit) => Response = () => ok({})) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchFn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {} });
    return respond(String(input), init ?? {});
  });
  const win = { location: { origin: ORIGIN } } as unknown as Window;
  return { backend: createHttpBackend({ win, fetch: fetchFn as unknown as typeof fetch }), calls };
}

const line = (c: { url: string; init: RequestInit }) => `${c.init.method} ${c.url.slice(ORIGIN.length)}`;
const body = (c: { init: RequestInit }) => (c.init.body === undefined ? undefined : JSON.parse(String(c.init.body)));

describe('webhooks over HTTP', () => {
  it('maps every webhook call to its route and body', async () => {
    const { backend, calls } = http(() => ok({}));
    await backend.createWebhook({ url: 'https://r.example/h', events: ['test.ping'], secret: 's3cret-s3cret' });
    await backend.createWebhook({ url: 'https://r.example/h', events: [], secret: '' });
    await backend.getWebhook('wh 1');
    await backend.updateWebhook('wh1', { enabled: false });
    await backend.deleteWebhook('wh1');
    await backend.testWebhook('wh1');
    await backend.rotateWebhookSecret('wh1');
    await backend.listDeliveries({ webhook_id: 'wh1', status: 'failed', limit: 50, cursor: 'c1' });
    await backend.listDeliveries({ webhook_id: 'wh1', status: '' });
    await backend.redeliver('wh1', 'd/1');
    await backend.redeliverFailed('wh1');
    expect(calls.map(line)).toEqual([
      'POST /webhooks',
      'POST /webhooks',
      'GET /webhooks/wh%201',
      'PATCH /webhooks/wh1',
      'DELETE /webhooks/wh1',
      'POST /webhooks/wh1/test',
      'POST /webhooks/wh1/rotate-secret',
      'GET /webhooks/wh1/deliveries?status=failed&limit=50&cursor=c1',
      'GET /webhooks/wh1/deliveries',
      'POST /webhooks/wh1/deliveries/d%2F1/redeliver',
      'POST /webhooks/wh1/redeliver-failed',
    ]);
    expect(body(calls[0])).toEqual({ url: 'https://r.example/h', events: ['test.ping'], secret: 's3cret-s3cret' });
    expect(body(calls[1])).toEqual({ url: 'https://r.example/h', events: [] });
    expect(body(calls[3])).toEqual({ enabled: false });
    expect(calls[6].init.body).toBeUndefined();
    expect(webhookPath('a/b')).toBe('/webhooks/a%2Fb');
  });

  it('normalises null events and null delivery lists', async () => {
    const { backend } = http((url) =>
      url.includes('/deliveries')
        ? ok({ deliveries: null, next_cursor: '' })
        : ok({ webhook_id: 'wh1', url: 'u', events: null, enabled: true, secret: 'whsec_abc', previous_secret_expires_at: 'T' }),
    );
    await expect(backend.getWebhook('wh1')).resolves.toMatchObject({ events: [] });
    await expect(backend.rotateWebhookSecret('wh1')).resolves.toMatchObject({ secret: 'whsec_abc', previous_secret_expires_at: 'T', events: [] });
    await expect(backend.listDeliveries({ webhook_id: 'wh1' })).resolves.toEqual({ deliveries: [], next_cursor: '' });
  });

  it('rejects with the server words for a validation error', async () => {
    const msg = 'unknown event "foo": valid events are history.sync, test.ping';
    const { backend } = http(() => json(400, { status: false, code: 400, message: 'Bad request', error: msg }));
    const err = await backend.createWebhook({ url: 'http://x', events: ['foo'] }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe(400);
    expect(err.message).toBe(msg);
  });
});

describe('webhooks in the window', () => {
  function wails(app: Record<string, (...a: unknown[]) => Promise<unknown>>) {
    const win: WailsWindow = { go: { main: { App: app } }, runtime: {} };
    return createWailsBackend(win);
  }

  it('calls the bound methods with the same arguments', async () => {
    const hook = { webhook_id: 'wh1', url: 'u', events: null, enabled: true, secret: 's' };
    const app = {
      CreateWebhook: vi.fn(async () => hook),
      GetWebhook: vi.fn(async () => hook),
      UpdateWebhook: vi.fn(async () => hook),
      DeleteWebhook: vi.fn(async () => undefined),
      TestWebhook: vi.fn(async () => ({ delivered: true, response_status: 200 })),
      RotateWebhookSecret: vi.fn(async () => ({ ...hook, previous_secret_expires_at: 'T' })),
      WebhookDeliveries: vi.fn(async () => ({ deliveries: null, next_cursor: 'n' })),
      RedeliverWebhookDelivery: vi.fn(async () => ({ delivery_id: 'd1', status: 'pending' })),
      RedeliverFailedWebhookDeliveries: vi.fn(async () => ({ webhook_id: 'wh1', queued: 3 })),
    };
    const b = wails(app);
    await expect(b.createWebhook({ url: 'u', events: ['test.ping'] })).resolves.toMatchObject({ events: [] });
    expect(app.CreateWebhook).toHaveBeenCalledWith({ url: 'u', events: ['test.ping'], secret: '' });
    await b.getWebhook('wh1');
    expect(app.GetWebhook).toHaveBeenCalledWith('wh1');
    await b.updateWebhook('wh1', { url: 'v', events: [] });
    expect(app.UpdateWebhook).toHaveBeenCalledWith('wh1', { url: 'v', events: [] });
    await expect(b.deleteWebhook('wh1')).resolves.toBeUndefined();
    expect(app.DeleteWebhook).toHaveBeenCalledWith('wh1');
    await expect(b.testWebhook('wh1')).resolves.toEqual({ delivered: true, response_status: 200 });
    await expect(b.rotateWebhookSecret('wh1')).resolves.toMatchObject({ previous_secret_expires_at: 'T' });
    await expect(b.listDeliveries({ webhook_id: 'wh1', status: 'failed' })).resolves.toEqual({ deliveries: [], next_cursor: 'n' });
    expect(app.WebhookDeliveries).toHaveBeenCalledWith({ webhook_id: 'wh1', status: 'failed', limit: 0, cursor: '' });
    await b.redeliver('wh1', 'd1');
    expect(app.RedeliverWebhookDelivery).toHaveBeenCalledWith('wh1', 'd1');
    await expect(b.redeliverFailed('wh1')).resolves.toEqual({ webhook_id: 'wh1', queued: 3 });
    expect(app.RedeliverFailedWebhookDeliveries).toHaveBeenCalledWith('wh1');
  });

  it('turns a Go error string into an ApiError', async () => {
    const b = wails({ UpdateWebhook: () => Promise.reject('url must start with http:// or https://') });
    const err = await b.updateWebhook('wh1', { url: 'ftp://x' }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toBe('url must start with http:// or https://');
  });
});
