// The only module views use to talk to wasync. It picks the transport:
// the Wails window (Go bindings + runtime events) or HTTP (fetch + Server-Sent Events).
import type {
  AppEvent,
  Chat,
  ExportFormat,
  HistoryNotification,
  HistoryRequest,
  HistorySyncParams,
  HistorySyncResult,
  ListChatsParams,
  ListMessagesParams,
  Message,
  NotificationPage,
  NotificationQuery,
  SearchParams,
  SearchResult,
  Session,
  MessageVersionList,
  Settings,
  SettingsPatch,
  Webhook,
  DeliveryPage,
  DeliveryQuery,
  RedeliverResult,
  WebhookDelivery,
  WebhookInput,
  WebhookPatch,
  WebhookSecretRotation,
  WebhookTestResult,
} from './types';
import { createHttpBackend } from './backend-http';
import { createWailsBackend, hasWailsBindings } from './backend-wails';

export { ApiError, toApiError, errorText } from './api-error';
export type * from './types';

export type Transport = 'wails' | 'http';

export interface Backend {
  readonly transport: Transport;

  settings(): Promise<Settings>;
  rotateApiKey(): Promise<Settings>;
  updateSettings(patch: SettingsPatch): Promise<Settings>;
  /** Tells the backend the UI really rendered (used by the desktop test). */
  frontendReady(screen: string): Promise<void>;

  session(): Promise<Session>;
  pairPhone(phone: string): Promise<{ pair_code: string }>;
  /** Unlinks the WhatsApp companion device. */
  logout(): Promise<void>;
  refreshQR(): Promise<void>;

  listChats(p: ListChatsParams): Promise<{ chats: Chat[]; next_cursor: string }>;
  /** One chat (same shape as a list row); rejects with 404 for an unknown jid. */
  getChat(jid: string): Promise<Chat>;
  /**
   * Exports a chat. Window: a native save dialog, resolves to the saved path ("" if cancelled).
   * Browser: starts a streamed download and resolves to "".
   */
  exportChat(jid: string, format: ExportFormat): Promise<string>;
  /**
   * Backs the whole database up while wasync keeps running. Window: a native save dialog,
   * resolves to the saved path ("" if cancelled). Browser: starts a streamed download of
   * POST /backup and resolves to "".
   */
  createBackup(): Promise<string>;
  listMessages(p: ListMessagesParams): Promise<{ messages: Message[]; next_cursor: string }>;
  /** Every kept version of a message's text: the original, then each edit. */
  messageVersions(chatJid: string, messageId: string): Promise<MessageVersionList>;
  search(p: SearchParams): Promise<{ results: SearchResult[] }>;

  listHistoryRequests(): Promise<{ requests: HistoryRequest[] }>;
  requestHistorySync(p: HistorySyncParams): Promise<HistorySyncResult>;
  /** The history queue, newest first: pending (with attempts), done or failed notifications. */
  listHistoryNotifications(q: NotificationQuery): Promise<NotificationPage>;
  /** Puts a failed notification back in the queue with its attempts reset. */
  retryHistoryNotification(id: number): Promise<HistoryNotification>;
  retryFailedHistoryNotifications(): Promise<{ retried: number }>;

  listWebhooks(): Promise<{ webhooks: Webhook[] }>;
  /** Registers a receiver; the answer carries its secret in full, the only time it is shown. */
  createWebhook(input: WebhookInput): Promise<Webhook>;
  getWebhook(id: string): Promise<Webhook>;
  updateWebhook(id: string, patch: WebhookPatch): Promise<Webhook>;
  deleteWebhook(id: string): Promise<void>;
  /** Sends a test.ping now and reports what the receiver answered. */
  testWebhook(id: string): Promise<WebhookTestResult>;
  /** New server-made secret, shown once; the old one signs until previous_secret_expires_at. */
  rotateWebhookSecret(id: string): Promise<WebhookSecretRotation>;
  /** A page of one webhook's delivery log, newest first. */
  listDeliveries(q: DeliveryQuery): Promise<DeliveryPage>;
  redeliver(webhookId: string, deliveryId: string): Promise<WebhookDelivery>;
  redeliverFailed(webhookId: string): Promise<RedeliverResult>;

  /** Subscribes to live events; returns an unsubscribe function. */
  onEvent(cb: (ev: AppEvent) => void): () => void;

  // Browser auth (HTTP transport only; the window has no login).
  readonly needsLogin: boolean;
  login(key: string): Promise<void>;
  authLogout(): Promise<void>;
  /** Called whenever a call answers 401; returns an unsubscribe function. */
  onUnauthorized(cb: () => void): () => void;
}

export function createBackend(win: Window = window): Backend {
  return hasWailsBindings(win) ? createWailsBackend(win) : createHttpBackend({ win });
}
