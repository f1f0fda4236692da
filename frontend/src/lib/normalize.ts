// Both transports pass results through these so views can rely on arrays and strings
// (a Go nil slice arrives as null).
import type {
  Chat,
  DeliveryPage,
  HistoryNotification,
  HistoryRequest,
  Message,
  NotificationPage,
  MessageVersion,
  MessageVersionList,
  SearchResult,
  Webhook,
  WebhookDelivery,
} from './types';

type Obj = Record<string, unknown> | null | undefined;

const arr = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export const chatsPage = (d: unknown) => ({
  chats: arr<Chat>((d as Obj)?.chats),
  next_cursor: str((d as Obj)?.next_cursor),
});

export const messagesPage = (d: unknown) => ({
  messages: arr<Message>((d as Obj)?.messages),
  next_cursor: str((d as Obj)?.next_cursor),
});

export const messageVersions = (d: unknown): MessageVersionList => ({
  chat_jid: str((d as Obj)?.chat_jid),
  message_id: str((d as Obj)?.message_id),
  deleted: (d as Obj)?.deleted === true,
  versions: arr<MessageVersion>((d as Obj)?.versions),
});

export const searchResults = (d: unknown) => ({ results: arr<SearchResult>((d as Obj)?.results) });

export const historyRequests = (d: unknown) => ({ requests: arr<HistoryRequest>((d as Obj)?.requests) });

export const notificationsPage = (d: unknown): NotificationPage => ({
  notifications: arr<HistoryNotification>((d as Obj)?.notifications),
  next_cursor: str((d as Obj)?.next_cursor),
});

export const webhooks = (d: unknown) => ({ webhooks: arr<Webhook>((d as Obj)?.webhooks).map(webhook) });

/** One webhook (or a rotation answer): events always an array ([] = every event). */
export const webhook = <T extends Webhook>(d: unknown): T => {
  const o = (d && typeof d === 'object' ? d : {}) as T;
  return { ...o, events: arr<string>(o.events) };
};

export const deliveriesPage = (d: unknown): DeliveryPage => ({
  deliveries: arr<WebhookDelivery>((d as Obj)?.deliveries),
  next_cursor: str((d as Obj)?.next_cursor),
});

export const pairCode = (d: unknown) => ({ pair_code: str((d as Obj)?.pair_code) });

const bool = (v: unknown): boolean => v === true;
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** One chat with every field present (the row and header rely on them). */
export const chat = (d: unknown): Chat => {
  const o = (d && typeof d === 'object' ? d : {}) as Record<string, unknown>;
  return {
    jid: str(o.jid),
    name: str(o.name),
    is_group: bool(o.is_group),
    last_message_at: str(o.last_message_at),
    last_message_text: str(o.last_message_text),
    unread: num(o.unread),
    archived: bool(o.archived),
    pinned: bool(o.pinned),
    muted: bool(o.muted),
    more_on_phone: bool(o.more_on_phone),
  };
};
