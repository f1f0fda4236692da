-- wasync schema version 1. Append-only: never edit a released migration.
-- Timestamps are Unix seconds (WhatsApp's own resolution) unless named *_ms.

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

-- Browser sessions: only a SHA-256 of the cookie token is kept.
CREATE TABLE ui_sessions (
    token_hash BLOB PRIMARY KEY,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;

CREATE TABLE chats (
    jid               TEXT PRIMARY KEY,
    alt_jid           TEXT,
    name              TEXT NOT NULL DEFAULT '',
    is_group          INTEGER NOT NULL DEFAULT 0,
    archived          INTEGER NOT NULL DEFAULT 0,
    pinned            INTEGER NOT NULL DEFAULT 0,
    muted_until       INTEGER NOT NULL DEFAULT 0,
    unread            INTEGER NOT NULL DEFAULT 0,
    end_of_history    INTEGER NOT NULL DEFAULT 0,
    more_on_phone     INTEGER NOT NULL DEFAULT 0,
    last_message_ts   INTEGER NOT NULL DEFAULT 0,
    last_message_id   TEXT NOT NULL DEFAULT '',
    last_message_text TEXT NOT NULL DEFAULT '',
    updated_at        INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX chats_by_last_message ON chats (last_message_ts DESC, jid DESC);
CREATE UNIQUE INDEX chats_by_alt_jid ON chats (alt_jid) WHERE alt_jid IS NOT NULL;

-- Names learnt from push names, contacts and group participant lists.
CREATE TABLE contacts (
    jid        TEXT PRIMARY KEY,
    push_name  TEXT NOT NULL DEFAULT '',
    full_name  TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE messages (
    rowid          INTEGER PRIMARY KEY,
    chat_jid       TEXT NOT NULL REFERENCES chats (jid) ON DELETE CASCADE,
    id             TEXT NOT NULL,
    sender_jid     TEXT NOT NULL DEFAULT '',
    sender_name    TEXT NOT NULL DEFAULT '',
    from_me        INTEGER NOT NULL DEFAULT 0,
    ts             INTEGER NOT NULL,
    type           TEXT NOT NULL DEFAULT 'text',
    text           TEXT NOT NULL DEFAULT '',
    media_kind     TEXT NOT NULL DEFAULT '',
    media_name     TEXT NOT NULL DEFAULT '',
    media_size     INTEGER NOT NULL DEFAULT 0,
    media_duration INTEGER NOT NULL DEFAULT 0,
    quoted_id      TEXT NOT NULL DEFAULT '',
    edited_at      INTEGER NOT NULL DEFAULT 0,
    deleted        INTEGER NOT NULL DEFAULT 0,
    UNIQUE (chat_jid, id)
) STRICT;
CREATE INDEX messages_by_chat_time ON messages (chat_jid, ts DESC, id DESC);

CREATE TABLE reactions (
    chat_jid   TEXT NOT NULL,
    message_id TEXT NOT NULL,
    sender_jid TEXT NOT NULL,
    emoji      TEXT NOT NULL,
    ts         INTEGER NOT NULL,
    PRIMARY KEY (chat_jid, message_id, sender_jid)
) STRICT;

-- The full-text index is an external-content FTS5 table fed once per batch
-- by the store (faster than per-row triggers), keyed by messages.rowid.
CREATE VIRTUAL TABLE messages_fts USING fts5 (
    text,
    content = 'messages',
    content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);

-- History sync notifications are persisted before they are acknowledged and
-- processed afterwards, so a crash in between loses nothing.
CREATE TABLE history_notifications (
    id           INTEGER PRIMARY KEY,
    sync_type    TEXT NOT NULL,
    chunk_order  INTEGER NOT NULL DEFAULT 0,
    progress     INTEGER NOT NULL DEFAULT 0,
    session_id   TEXT NOT NULL DEFAULT '',
    notification BLOB NOT NULL,
    status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
    error        TEXT NOT NULL DEFAULT '',
    received_at  INTEGER NOT NULL,
    done_at      INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX history_notifications_pending ON history_notifications (status, id);

CREATE TABLE history_requests (
    id           TEXT PRIMARY KEY,
    status       TEXT NOT NULL DEFAULT 'pending',
    requested    INTEGER NOT NULL,
    received     INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    deadline_at  INTEGER NOT NULL,
    completed_at INTEGER NOT NULL DEFAULT 0,
    error        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX history_requests_by_time ON history_requests (created_at DESC);

CREATE TABLE history_request_chats (
    request_id TEXT NOT NULL REFERENCES history_requests (id) ON DELETE CASCADE,
    chat_jid   TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'pending',
    requested  INTEGER NOT NULL,
    received   INTEGER NOT NULL DEFAULT 0,
    anchor_id  TEXT NOT NULL DEFAULT '',
    anchor_ts  INTEGER NOT NULL DEFAULT 0,
    session_id TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (request_id, chat_jid)
) STRICT;
CREATE INDEX history_request_chats_by_session ON history_request_chats (session_id);

CREATE TABLE webhooks (
    id                  TEXT PRIMARY KEY,
    url                 TEXT NOT NULL,
    events              TEXT NOT NULL DEFAULT '[]',
    secret              TEXT NOT NULL,
    previous_secret     TEXT NOT NULL DEFAULT '',
    previous_expires_at INTEGER NOT NULL DEFAULT 0,
    enabled             INTEGER NOT NULL DEFAULT 1,
    disabled_reason     TEXT NOT NULL DEFAULT '',
    failing_since       INTEGER NOT NULL DEFAULT 0,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
) STRICT;

-- The outbox: one row per event and matching webhook, written in the same
-- transaction as the fact it reports.
CREATE TABLE webhook_deliveries (
    id               TEXT PRIMARY KEY,
    webhook_id       TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id         TEXT NOT NULL,
    event_type       TEXT NOT NULL,
    payload          BLOB NOT NULL,
    status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms  INTEGER NOT NULL,
    last_status_code INTEGER NOT NULL DEFAULT 0,
    last_response    TEXT NOT NULL DEFAULT '',
    last_error       TEXT NOT NULL DEFAULT '',
    created_at       INTEGER NOT NULL,
    finished_at      INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_ms);
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, created_at DESC);
