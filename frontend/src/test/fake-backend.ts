import { vi } from 'vitest';
import { ApiError } from '../lib/api-error';
import type { Backend } from '../lib/backend';
import type { AppEvent, Settings } from '../lib/types';

export const SETTINGS: Settings = {
  api_addr: '127.0.0.1:7001',
  api_key: 'k_secret_1234567890abcd',
  api_key_from_env: false,
  data_dir: '/home/u/.local/share/wasync',
  version: '0.1.0-test',
  mode: 'headless',
  test_endpoint: false,
};

const notYet = () => Promise.reject(new ApiError(501, 'not implemented yet'));

/** A Backend whose every method is a vi.fn; unimplemented ones reject like a backend that lacks them. */
export function fakeBackend(over: Partial<Backend> = {}) {
  const listeners = new Set<(ev: AppEvent) => void>();
  const unauthorized = new Set<() => void>();
  const b = {
    transport: 'http',
    needsLogin: true,
    settings: vi.fn(() => Promise.resolve(SETTINGS)),
    rotateApiKey: vi.fn(notYet),
    updateSettings: vi.fn(notYet),
    frontendReady: vi.fn(() => Promise.resolve()),
    session: vi.fn(notYet),
    pairPhone: vi.fn(notYet),
    logout: vi.fn(notYet),
    refreshQR: vi.fn(notYet),
    listChats: vi.fn(() => Promise.resolve({ chats: [], next_cursor: '' })),
    getChat: vi.fn(() => Promise.reject(new ApiError(404, 'chat not found'))),
    exportChat: vi.fn(() => Promise.resolve('')),
    createBackup: vi.fn(() => Promise.resolve('')),
    listMessages: vi.fn(() => Promise.resolve({ messages: [], next_cursor: '' })),
    messageVersions: vi.fn(notYet),
    search: vi.fn(() => Promise.resolve({ results: [] })),
    listHistoryRequests: vi.fn(notYet),
    requestHistorySync: vi.fn(notYet),
    listHistoryNotifications: vi.fn(() => Promise.resolve({ notifications: [], next_cursor: '' })),
    retryHistoryNotification: vi.fn(notYet),
    retryFailedHistoryNotifications: vi.fn(notYet),
    listWebhooks: vi.fn(notYet),
    createWebhook: vi.fn(notYet),
    getWebhook: vi.fn(notYet),
    updateWebhook: vi.fn(notYet),
    deleteWebhook: vi.fn(notYet),
    testWebhook: vi.fn(notYet),
    rotateWebhookSecret: vi.fn(notYet),
    listDeliveries: vi.fn(() => Promise.resolve({ deliveries: [], next_cursor: '' })),
    redeliver: vi.fn(notYet),
    redeliverFailed: vi.fn(notYet),
    onEvent: vi.fn((cb: (ev: AppEvent) => void) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    }),
    login: vi.fn(() => Promise.resolve()),
    authLogout: vi.fn(() => Promise.resolve()),
    onUnauthorized: vi.fn((cb: () => void) => {
      unauthorized.add(cb);
      return () => unauthorized.delete(cb);
    }),
    ...over,
  } as Backend & Record<string, unknown>;
  return {
    backend: b as Backend,
    emit: (ev: AppEvent) => listeners.forEach((l) => l(ev)),
    fireUnauthorized: () => unauthorized.forEach((l) => l()),
  };
}
