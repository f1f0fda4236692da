// JSON shapes exchanged with the wasync backend (snake_case, exactly as the API sends them).

export type Mode = 'desktop' | 'headless';

export interface Settings {
  api_addr: string;
  api_key: string;
  api_key_from_env: boolean;
  data_dir: string;
  version: string;
  mode: Mode;
  test_endpoint: boolean;
  /** A demo run against the built-in fake WhatsApp (make demo). */
  demo?: boolean;
  /** deleted messages keep their content; when true the backend blanks it */
  hide_deleted_content?: boolean;
}

/** Changes the user settings it carries. */
export interface SettingsPatch {
  hide_deleted_content?: boolean;
}

export type SessionState =
  | 'logged_out'
  | 'waiting_qr'
  | 'pairing'
  | 'connecting'
  | 'connected'
  | 'disconnected';

export interface QrCode {
  code: string;
  /** data: URL of a PNG image */
  png: string;
  /** RFC 3339 */
  expires_at: string;
}

export interface Session {
  state: SessionState;
  jid?: string;
  push_name?: string;
  previous_account?: string;
  qr?: QrCode;
  pair_code?: string;
  reason?: string;
}

export interface Chat {
  jid: string;
  name: string;
  is_group: boolean;
  /** RFC 3339 or "" */
  last_message_at: string;
  last_message_text: string;
  unread: number;
  /** marked unread on the phone */
  marked_unread?: boolean;
  archived: boolean;
  pinned: boolean;
  muted: boolean;
  more_on_phone: boolean;
}

export interface Media {
  kind: string;
  file_name: string;
  size: number;
  duration: number;
}

export interface Reaction {
  emoji?: string;
  text?: string;
  sender?: string;
  sender_name?: string;
}

export interface Message {
  id: string;
  chat_jid: string;
  sender: string;
  sender_name: string;
  from_me: boolean;
  timestamp: string;
  text: string;
  type: string;
  media?: Media | null;
  quoted_id?: string;
  edited: boolean;
  /** how many edits are kept; the text shown is the newest */
  edit_count?: number;
  deleted: boolean;
  /** RFC 3339, when deleted for everyone */
  deleted_at?: string;
  starred?: boolean;
  deleted_for_me?: boolean;
  reactions?: Reaction[] | null;
  /** what the kind carries beyond text and media (absent for plain texts) */
  content?: MessageContent | null;
}

/** A media message's details beyond the media columns. */
export interface MediaInfo {
  mimetype?: string;
  width?: number;
  height?: number;
  pages?: number;
  round_video?: boolean;
  animated?: boolean;
  /** an album's or sticker pack's item count */
  items?: number;
  title?: string;
}

export interface PollOption {
  name: string;
  /** hex SHA-256 of the name */
  hash: string;
  count?: number;
}

export interface PollVote {
  voter: string;
  voter_name?: string;
  /** option names; empty = retracted */
  options: string[] | null;
  timestamp: number;
}

export interface Poll {
  name: string;
  options: PollOption[] | null;
  /** 0 or 1 = single choice */
  selectable?: number;
  votes?: PollVote[] | null;
}

export interface CalendarEvent {
  name: string;
  description?: string;
  /** Unix seconds */
  start?: number;
  end?: number;
  place?: string;
  join_link?: string;
  canceled?: boolean;
  /** "voice" or "video" for a scheduled call */
  call_type?: string;
  /** how many answered going, not going, maybe (latest answer each) */
  going?: number;
  not_going?: number;
  maybe?: number;
  responses?: EventResponse[] | null;
}

/** One person's latest answer to an event. */
export interface EventResponse {
  person: string;
  person_name?: string;
  /** going, not_going or maybe */
  response: string;
  timestamp: number;
}

export interface VCard {
  name: string;
  phones?: string[] | null;
  emails?: string[] | null;
  org?: string;
  wa_id?: string;
}

export interface Location {
  lat: number;
  lng: number;
  name?: string;
  address?: string;
  url: string;
  live?: boolean;
}

export interface Call {
  video?: boolean;
  missed?: boolean;
  outcome?: string;
  /** seconds */
  duration?: number;
  group?: boolean;
}

export interface SystemNotice {
  kind: string;
  actor?: string;
  targets?: string[] | null;
  params?: string[] | null;
  names?: Record<string, string> | null;
}

export interface Invite {
  group: string;
  name: string;
  code?: string;
  channel?: boolean;
  expires?: number;
}

export interface Business {
  title?: string;
  footer?: string;
  buttons?: string[] | null;
  reply?: string;
  price?: string;
}

export interface Payment {
  amount?: string;
  currency?: string;
  status?: string;
  note?: string;
}

export interface QuotedMessage {
  id: string;
  sender?: string;
  text?: string;
  type?: string;
}

export interface LinkPreview {
  url: string;
  title?: string;
  description?: string;
}

/** Typed content per kind (backend domain.MessageContent); every part optional. */
export interface MessageContent {
  /** the waE2E.Message field or stub type it came from */
  kind?: string;
  media?: MediaInfo | null;
  poll?: Poll | null;
  event?: CalendarEvent | null;
  contacts?: VCard[] | null;
  location?: Location | null;
  call?: Call | null;
  system?: SystemNotice | null;
  invite?: Invite | null;
  business?: Business | null;
  payment?: Payment | null;
  quoted?: QuotedMessage | null;
  link_preview?: LinkPreview | null;
  /** JIDs the text mentions */
  mentions?: string[] | null;
  /** shown name of each mentioned JID (address book, push name, or number) */
  mention_names?: Record<string, string> | null;
  forwarded?: boolean;
  forward_score?: number;
  view_once?: boolean;
  /** disappearing timer in seconds */
  ephemeral?: number;
  /** own messages: sent, delivered, read, played */
  status?: string;
}

/** One kept version of a message's text. */
export interface MessageVersion {
  text: string;
  timestamp: string;
  original: boolean;
  /** the version the message shows */
  current: boolean;
}

export interface MessageVersionList {
  chat_jid: string;
  message_id: string;
  deleted: boolean;
  /** the original first, then every edit oldest first */
  versions: MessageVersion[];
}

export interface SearchResult {
  chat_jid: string;
  chat_name: string;
  message_id: string;
  timestamp: string;
  sender_name: string;
  /** match boundaries marked with U+0002 (start) and U+0003 (end) */
  snippet: string;
}

export interface HistoryRequestChat {
  chat_jid: string;
  status: string;
  received: number;
}

export interface HistoryRequest {
  request_id: string;
  status: string;
  requested: number;
  received: number;
  created_at: string;
  completed_at: string;
  chats: HistoryRequestChat[] | null;
}

/** A history sync notification in the queue (GET /history/notifications). */
export interface HistoryNotification {
  id: number;
  sync_type: string;
  chunk_order: number;
  progress: number;
  status: 'pending' | 'done' | 'failed' | string;
  /** Why it failed ('' unless failed). */
  error: string;
  /** Why its last attempt failed. */
  last_error: string;
  attempts: number;
  /** RFC 3339; '' unless it waits out a backoff. */
  next_attempt_at: string;
  received_at: string;
  done_at: string;
  retryable: boolean;
}

export interface NotificationQuery {
  status?: 'pending' | 'done' | 'failed';
  limit?: number;
  cursor?: string;
}

export interface NotificationPage {
  notifications: HistoryNotification[];
  next_cursor: string;
}

export interface HistorySyncResult {
  requested: boolean;
  count: number;
  note?: string;
  request_id?: string;
  chats?: string[];
}

export interface Webhook {
  webhook_id: string;
  url: string;
  events: string[] | null;
  enabled: boolean;
  secret: string;
  created_at: string;
  disabled_reason?: string;
}

/** Events a webhook can subscribe to (an empty list means every event). */
export const WEBHOOK_EVENTS = [
  'history.sync',
  'history.sync_complete',
  'message.received',
  'connection.connected',
  'connection.disconnected',
  'connection.logged_out',
  'connection.qr',
  'connection.pair_success',
  'test.ping',
] as const;

export interface WebhookInput {
  url: string;
  events: string[];
  /** empty: the server makes one */
  secret?: string;
}

/** Only the fields set are changed. */
export interface WebhookPatch {
  url?: string;
  events?: string[];
  enabled?: boolean;
}

/** A rotation answer: the new secret (shown once) and until when the previous one still signs. */
export interface WebhookSecretRotation extends Webhook {
  previous_secret_expires_at: string;
}

export interface WebhookTestResult {
  webhook_id: string;
  delivery_id: string;
  event_id: string;
  delivered: boolean;
  response_status: number;
  response_body: string;
  duration_ms: number;
  error?: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDelivery {
  delivery_id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  status: DeliveryStatus | string;
  attempts: number;
  /** the exact JSON body sent to the receiver */
  payload: unknown;
  response_status: number;
  /** start of the receiver's last answer (truncated) */
  response_body: string;
  error?: string;
  duration_ms: number;
  created_at: string;
  last_attempt_at?: string;
  next_attempt_at?: string;
  finished_at?: string;
}

export interface DeliveryQuery {
  webhook_id: string;
  status?: DeliveryStatus | '';
  limit?: number;
  cursor?: string;
}

export interface DeliveryPage {
  deliveries: WebhookDelivery[];
  next_cursor: string;
}

export interface RedeliverResult {
  webhook_id: string;
  queued: number;
}

export type EventType =
  | 'connection.qr'
  | 'connection.connected'
  | 'connection.disconnected'
  | 'connection.logged_out'
  | 'connection.pair_success'
  | 'connection.state'
  | 'history.sync'
  | 'history.sync_complete'
  | 'message.received'
  | 'test.ping';

export const EVENT_TYPES: readonly EventType[] = [
  'connection.qr',
  'connection.connected',
  'connection.disconnected',
  'connection.logged_out',
  'connection.pair_success',
  'connection.state',
  'history.sync',
  'history.sync_complete',
  'message.received',
  'test.ping',
];

export interface AppEvent<T = unknown> {
  id: string;
  event_type: EventType | string;
  timestamp: string;
  data: T;
}

/** history.sync: one stored chunk, or `error` when a blob could not be read. */
export interface HistorySyncEventData {
  sync_type?: string;
  chunk_order?: number;
  progress?: number | null;
  conversations?: number;
  messages?: number;
  new_messages?: number;
  error?: string;
}

export type SyncStatus = 'complete' | 'no_more_history' | 'timeout' | 'failed';

export interface SyncCompleteChat {
  chat_jid: string;
  received: number;
  oldest_timestamp: string;
  more_on_phone: boolean;
}

/** history.sync_complete: once per sync (request_id is null for the initial sync). */
export interface HistorySyncCompleteData {
  jid?: string;
  sync_type?: string;
  request_id?: string | null;
  status?: SyncStatus | string;
  requested?: number | null;
  received?: number;
  chunks?: number;
  chats?: SyncCompleteChat[] | null;
  started_at?: string;
  completed_at?: string;
}

/** message.received */
export interface MessageReceivedData {
  chat_jid: string;
  message_id: string;
  sender: string;
  sender_name: string;
  from_me: boolean;
  timestamp: string;
  text: string;
  type: string;
}

export type ExportFormat = 'jsonl' | 'html';

export interface ListChatsParams {
  limit?: number;
  cursor?: string;
  q?: string;
}

export interface ListMessagesParams {
  chat_jid: string;
  before?: string;
  limit?: number;
}

export interface SearchParams {
  q: string;
  chat_jid?: string;
  limit?: number;
}

export interface HistorySyncParams {
  count?: number;
  chat_jid?: string;
}
