// Wails window transport: Go methods bound on window.go.main.App (each returns a Promise that
// rejects with a string), live events from window.runtime.EventsOn("wasync:event", cb).
import { toApiError } from './api-error';
import type { Backend } from './backend';
import { EventHub, parseEvent } from './event-hub';
import * as norm from './normalize';
import type { Session, Settings, WebhookSecretRotation } from './types';

export const WAILS_EVENT = 'wasync:event';

type Bound = (...args: unknown[]) => Promise<unknown>;

export interface WailsWindow {
  go?: { main?: { App?: Record<string, Bound | undefined> } };
  runtime?: {
    EventsOn?: (name: string, cb: (...data: unknown[]) => void) => (() => void) | void;
    EventsOff?: (name: string, ...more: string[]) => void;
  };
}

export function hasWailsBindings(win: Window | WailsWindow): boolean {
  return !!(win as WailsWindow).go?.main?.App;
}

export function createWailsBackend(win: Window | WailsWindow): Backend {
  const w = win as WailsWindow;

  async function call<T>(method: string, ...args: unknown[]): Promise<T> {
    const fn = w.go?.main?.App?.[method];
    if (typeof fn !== 'function') {
      throw toApiError(`This version of wasync has no ${method} yet`, 501);
    }
    try {
      return (await fn(...args)) as T;
    } catch (err) {
      throw toApiError(err, 500);
    }
  }

  const hub = new EventHub((emit) => {
    const rt = w.runtime;
    if (!rt?.EventsOn) return () => {};
    const off = rt.EventsOn(WAILS_EVENT, (data: unknown) => {
      const ev = parseEvent(data);
      if (ev) emit(ev);
    });
    return () => {
      if (typeof off === 'function') off();
      else rt.EventsOff?.(WAILS_EVENT);
    };
  });

  return {
    transport: 'wails',
    needsLogin: false,
    settings: () => call<Settings>('Settings'),
    rotateApiKey: () => call<Settings>('RotateAPIKey'),
    updateSettings: (patch) => call<Settings>('UpdateSettings', patch),
    frontendReady: async (screen) => {
      await call('FrontendReady', screen);
    },
    session: () => call<Session>('Session'),
    pairPhone: async (phone) => norm.pairCode(await call('PairPhone', phone)),
    logout: async () => {
      await call('Logout');
    },
    refreshQR: async () => {
      await call('RefreshQR');
    },
    listChats: async (p) => norm.chatsPage(await call('ListChats', p)),
    getChat: async (jid) => norm.chat(await call('GetChat', jid)),
    exportChat: async (jid, format) => {
      const path = await call<unknown>('ExportChat', jid, format);
      return typeof path === 'string' ? path : '';
    },
    createBackup: async () => {
      const path = await call<unknown>('CreateBackup');
      return typeof path === 'string' ? path : '';
    },
    listMessages: async (p) => norm.messagesPage(await call('ListMessages', p)),
    messageVersions: async (jid, id) => norm.messageVersions(await call('MessageVersions', jid, id)),
    search: async (p) => norm.searchResults(await call('Search', p)),
    listHistoryRequests: async () => norm.historyRequests(await call('ListHistoryRequests')),
    requestHistorySync: (p) => call('RequestHistorySync', p),
    listHistoryNotifications: async (q) =>
      norm.notificationsPage(
        await call('ListHistoryNotifications', { status: q.status ?? '', limit: q.limit ?? 0, cursor: q.cursor ?? '' }),
      ),
    retryHistoryNotification: (id) => call('RetryHistoryNotification', String(id)),
    retryFailedHistoryNotifications: () => call('RetryFailedHistoryNotifications'),
    listWebhooks: async () => norm.webhooks(await call('ListWebhooks')),
    createWebhook: async (input) =>
      norm.webhook(await call('CreateWebhook', { url: input.url, events: input.events ?? [], secret: input.secret ?? '' })),
    getWebhook: async (id) => norm.webhook(await call('GetWebhook', id)),
    updateWebhook: async (id, patch) => norm.webhook(await call('UpdateWebhook', id, patch)),
    deleteWebhook: async (id) => {
      await call('DeleteWebhook', id);
    },
    testWebhook: (id) => call('TestWebhook', id),
    rotateWebhookSecret: async (id) => norm.webhook<WebhookSecretRotation>(await call('RotateWebhookSecret', id)),
    listDeliveries: async (q) =>
      norm.deliveriesPage(
        await call('WebhookDeliveries', { webhook_id: q.webhook_id, status: q.status ?? '', limit: q.limit ?? 0, cursor: q.cursor ?? '' }),
      ),
    redeliver: (id, deliveryId) => call('RedeliverWebhookDelivery', id, deliveryId),
    redeliverFailed: (id) => call('RedeliverFailedWebhookDeliveries', id),
    onEvent: (cb) => hub.subscribe(cb),
    login: async () => {},
    authLogout: async () => {},
    onUnauthorized: () => () => {},
  };
}
