import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../lib/api-error';
import type { Backend } from '../lib/backend';
import { BackendContext } from '../lib/context';
import type { Webhook, WebhookDelivery } from '../lib/types';
import { fakeBackend } from '../test/fake-backend';
import { WebhooksView } from './WebhooksView';

const HOOK: Webhook = {
  webhook_id: 'wh1',
  url: 'https://r.example/hook?a=<b>',
  events: [],
  enabled: true,
  secret: 'whsec_••••••••wxyz',
  created_at: '2026-01-02T03:04:05Z',
};

const DELIVERY: WebhookDelivery = {
  delivery_id: 'd1',
  webhook_id: 'wh1',
  event_id: 'e1',
  event_type: 'test.ping',
  status: 'failed',
  attempts: 3,
  payload: { id: 'e1', event_type: 'test.ping', data: { text: '<img src=x onerror=alert(1)>' } },
  response_status: 500,
  response_body: '<h1>boom</h1>',
  duration_ms: 42,
  created_at: '2026-01-02T03:04:05Z',
  last_attempt_at: '2026-01-02T03:05:05Z',
};

function setup(over: Partial<Backend> = {}) {
  const { backend } = fakeBackend({
    listWebhooks: vi.fn(() => Promise.resolve({ webhooks: [HOOK] })),
    getWebhook: vi.fn(() => Promise.resolve(HOOK)),
    ...over,
  });
  render(
    <BackendContext.Provider value={backend}>
      <WebhooksView />
    </BackendContext.Provider>,
  );
  return backend;
}

const row = () => screen.findByTestId('webhook-row');

afterEach(() => vi.useRealTimers());

describe('webhooks screen', () => {
  it('adds a webhook and shows its secret once', async () => {
    const created = { ...HOOK, webhook_id: 'wh2', url: 'https://new.example/h', events: ['test.ping'], secret: 'whsec_FULLSECRET123456' };
    const b = setup({
      listWebhooks: vi.fn(() => Promise.resolve({ webhooks: [] })),
      createWebhook: vi.fn(() => Promise.resolve(created)),
      getWebhook: vi.fn(() => Promise.resolve({ ...created, secret: 'whsec_••••••••3456' })),
    });
    fireEvent.click(await screen.findByTestId('webhook-add'));
    fireEvent.change(screen.getByTestId('webhook-url'), { target: { value: ' https://new.example/h ' } });
    expect((screen.getByTestId('webhook-event-all') as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByTestId('webhook-event-test.ping'));
    expect((screen.getByTestId('webhook-event-all') as HTMLInputElement).checked).toBe(false);
    fireEvent.click(screen.getByTestId('webhook-submit'));
    expect((await screen.findByTestId('webhook-created-secret')).textContent).toBe('whsec_FULLSECRET123456');
    expect(screen.getByText(/you will not see it again/)).toBeTruthy();
    expect(b.createWebhook).toHaveBeenCalledWith({ url: 'https://new.example/h', events: ['test.ping'], secret: undefined });
    const r = await row();
    expect(r.getAttribute('data-webhook-id')).toBe('wh2');
    expect(within(r).getByTestId('webhook-secret').textContent).toBe('whsec_••••••••3456');
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.queryByTestId('webhook-created-secret')).toBeNull();
  });

  it('shows the server validation error inline and keeps the form', async () => {
    const msg = 'unknown event "foo": valid events are history.sync, test.ping';
    const b = setup({ createWebhook: vi.fn(() => Promise.reject(new ApiError(400, msg))) });
    fireEvent.click(await screen.findByTestId('webhook-add'));
    fireEvent.change(screen.getByTestId('webhook-url'), { target: { value: 'http://x' } });
    fireEvent.change(screen.getByTestId('webhook-secret-input'), { target: { value: 'mysecret-mysecret' } });
    fireEvent.click(screen.getByTestId('webhook-submit'));
    expect((await screen.findByTestId('webhook-error')).textContent).toBe(msg);
    expect(b.createWebhook).toHaveBeenCalledWith({ url: 'http://x', events: [], secret: 'mysecret-mysecret' });
    expect(screen.getByTestId('webhook-url')).toBeTruthy();
  });

  it('lists a webhook as text, with the server disable reason, and toggles it', async () => {
    const off = { ...HOOK, enabled: false, disabled_reason: 'receiver answered 410 Gone' };
    const b = setup({
      listWebhooks: vi.fn(() => Promise.resolve({ webhooks: [off] })),
      getWebhook: vi.fn(() => Promise.resolve(off)),
      updateWebhook: vi.fn(() => Promise.resolve({ ...HOOK, enabled: true })),
    });
    const r = await row();
    expect(within(r).getByText('https://r.example/hook?a=<b>')).toBeTruthy();
    expect(within(r).getByText('all events')).toBeTruthy();
    expect(within(r).getByTestId('webhook-disabled-reason').textContent).toBe('disabled: receiver answered 410 Gone');
    fireEvent.click(within(r).getByTestId('webhook-enabled'));
    await waitFor(() => expect((within(r).getByTestId('webhook-enabled') as HTMLInputElement).checked).toBe(true));
    expect(b.updateWebhook).toHaveBeenCalledWith('wh1', { enabled: true });
    expect(within(r).queryByTestId('webhook-disabled-reason')).toBeNull();
  });

  it('edits url and events', async () => {
    const b = setup({ updateWebhook: vi.fn(() => Promise.resolve({ ...HOOK, url: 'https://b.example/', events: ['message.received'] })) });
    const r = await row();
    fireEvent.click(within(r).getByTestId('webhook-edit'));
    fireEvent.change(within(r).getByTestId('webhook-edit-url'), { target: { value: 'https://b.example/' } });
    fireEvent.click(within(r).getByTestId('webhook-edit-event-message.received'));
    fireEvent.click(within(r).getByTestId('webhook-edit-save'));
    await within(r).findByText('message.received', { selector: 'dd' });
    expect(b.updateWebhook).toHaveBeenCalledWith('wh1', { url: 'https://b.example/', events: ['message.received'] });
    expect(within(r).queryByTestId('webhook-edit-url')).toBeNull();
  });

  it('sends a test and shows the receiver answer as text, or the error', async () => {
    const test = vi
      .fn()
      .mockResolvedValueOnce({ webhook_id: 'wh1', delivered: true, response_status: 200, response_body: '<b>ok</b>', duration_ms: 12 })
      .mockResolvedValueOnce({ webhook_id: 'wh1', delivered: false, response_status: 0, response_body: '', duration_ms: 3000, error: 'connection refused' });
    setup({ testWebhook: test });
    const r = await row();
    fireEvent.click(within(r).getByTestId('webhook-test'));
    const res = await within(r).findByTestId('webhook-test-result');
    await within(res).findByText('<b>ok</b>');
    expect(res.textContent).toContain('Delivered — HTTP 200 in 12 ms');
    expect(res.querySelector('b')).toBeNull();
    fireEvent.click(within(r).getByTestId('webhook-test'));
    await within(r).findByText('connection refused');
    expect(within(r).getByTestId('webhook-test-result').textContent).toContain('Not delivered in 3.00 s');
  });

  it('rotates the secret after confirming and says until when the old one signs', async () => {
    const b = setup({
      rotateWebhookSecret: vi.fn(() => Promise.resolve({ ...HOOK, secret: 'whsec_NEWNEWNEW', previous_secret_expires_at: '2026-01-03T03:04:05Z' })),
    });
    const r = await row();
    fireEvent.click(within(r).getByTestId('webhook-rotate'));
    expect(b.rotateWebhookSecret).not.toHaveBeenCalled();
    fireEvent.click(within(r).getByTestId('webhook-rotate-confirm'));
    expect((await within(r).findByTestId('webhook-created-secret')).textContent).toBe('whsec_NEWNEWNEW');
    expect(within(r).getByTestId('webhook-previous-until').textContent).toMatch(/old secret keeps signing deliveries until/);
    expect(within(r).getByTestId('webhook-secret').textContent).toBe(HOOK.secret);
  });

  it('deletes after an inline confirm', async () => {
    const b = setup({ deleteWebhook: vi.fn(() => Promise.resolve()) });
    const r = await row();
    fireEvent.click(within(r).getByTestId('webhook-delete'));
    expect(b.deleteWebhook).not.toHaveBeenCalled();
    fireEvent.click(within(r).getByTestId('webhook-delete-confirm'));
    await waitFor(() => expect(screen.queryByTestId('webhook-row')).toBeNull());
    expect(b.deleteWebhook).toHaveBeenCalledWith('wh1');
  });
});

describe('delivery log', () => {
  it('lists deliveries, expands payload and response as text, filters and redelivers', async () => {
    const pending = { ...DELIVERY, delivery_id: 'd2', status: 'pending', attempts: 1, response_status: 0 };
    const b = setup({
      listDeliveries: vi.fn(() => Promise.resolve({ deliveries: [pending, DELIVERY], next_cursor: '' })),
      redeliver: vi.fn(() => Promise.resolve({ ...DELIVERY, status: 'pending' })),
      redeliverFailed: vi.fn(() => Promise.resolve({ webhook_id: 'wh1', queued: 2 })),
    });
    const log = await screen.findByTestId('webhook-deliveries');
    const rows = await within(log).findAllByTestId('delivery-row');
    expect(rows.map((r) => [r.getAttribute('data-delivery-id'), r.getAttribute('data-status')])).toEqual([
      ['d2', 'pending'],
      ['d1', 'failed'],
    ]);
    expect(within(rows[0]).queryByTestId('delivery-redeliver')).toBeNull();
    expect(rows[1].textContent).toContain('500');
    expect(rows[1].textContent).toContain('42 ms');

    fireEvent.click(rows[1]);
    const payload = await within(log).findByTestId('delivery-payload');
    expect(payload.textContent).toBe(JSON.stringify(DELIVERY.payload, null, 2));
    expect(within(log).getByTestId('delivery-response').textContent).toBe('<h1>boom</h1>');
    expect(log.querySelector('img, h1')).toBeNull();

    fireEvent.click(within(rows[1]).getByTestId('delivery-redeliver'));
    await waitFor(() => expect(b.redeliver).toHaveBeenCalledWith('wh1', 'd1'));
    fireEvent.click(within(log).getByTestId('deliveries-redeliver-failed'));
    expect((await within(log).findByTestId('deliveries-notice')).textContent).toBe('2 failed deliveries queued again');

    fireEvent.click(within(log).getByTestId('deliveries-filter-failed'));
    await waitFor(() =>
      expect(b.listDeliveries).toHaveBeenLastCalledWith({ webhook_id: 'wh1', status: 'failed', limit: 50 }),
    );
  });

  it('refreshes every few seconds while open and stops when hidden', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const b = setup();
    const r = await row();
    await waitFor(() => expect(b.listDeliveries).toHaveBeenCalledTimes(1));
    await act(async () => {
      vi.advanceTimersByTime(3100);
    });
    expect(b.listDeliveries).toHaveBeenCalledTimes(2);
    fireEvent.click(within(r).getByTestId('webhook-deliveries-toggle'));
    expect(screen.queryByTestId('webhook-deliveries')).toBeNull();
    await act(async () => {
      vi.advanceTimersByTime(10_000);
    });
    expect(b.listDeliveries).toHaveBeenCalledTimes(2);
  });

  it('shows a failing delivery log call inline', async () => {
    setup({ listDeliveries: vi.fn(() => Promise.reject(new ApiError(404, 'webhook not found'))) });
    expect((await screen.findByTestId('webhook-error')).textContent).toBe('Could not load deliveries: webhook not found');
  });
});
