-- index backfill_chats_by_session
CREATE INDEX backfill_chats_by_session ON backfill_chats (session_id);

-- index chats_by_alt_jid
CREATE UNIQUE INDEX chats_by_alt_jid ON chats (alt_jid) WHERE alt_jid IS NOT NULL;

-- index chats_by_last_message
CREATE INDEX chats_by_last_message ON chats (last_message_ts DESC, jid DESC);

-- index history_notifications_pending
CREATE INDEX history_notifications_pending ON history_notifications (status, id);

-- index history_peer_requests_by_time
CREATE INDEX history_peer_requests_by_time ON history_peer_requests (sent_at);

-- index history_request_chats_by_session
CREATE INDEX history_request_chats_by_session ON history_request_chats (session_id);

-- index history_requests_by_time
CREATE INDEX history_requests_by_time ON history_requests (created_at DESC);

-- index history_requests_pending
CREATE INDEX history_requests_pending ON history_requests (status, deadline_at);

-- index lid_map_by_pn
CREATE INDEX lid_map_by_pn ON lid_map (pn);

-- index messages_by_chat_time
CREATE INDEX messages_by_chat_time ON messages (chat_jid, ts DESC, id DESC);

-- index messages_waiting
CREATE INDEX messages_waiting ON messages (chat_jid, id) WHERE type = 'waiting';

-- index webhook_deliveries_by_webhook
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, created_at DESC);

-- index webhook_deliveries_due
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_ms);

-- index webhook_deliveries_pending
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (webhook_id, next_attempt_ms)
    WHERE status = 'pending';

-- table backfill_chats
CREATE TABLE backfill_chats (
    chat_jid   TEXT PRIMARY KEY,
    status     TEXT NOT NULL DEFAULT 'queued',
    received   INTEGER NOT NULL DEFAULT 0,
    pages      INTEGER NOT NULL DEFAULT 0,
    attempts   INTEGER NOT NULL DEFAULT 0,
    session_id TEXT NOT NULL DEFAULT '',
    sent_at_ms INTEGER NOT NULL DEFAULT 0,
    last_ts    INTEGER NOT NULL DEFAULT 0,
    oldest_ts  INTEGER NOT NULL DEFAULT 0
) STRICT;

-- table chats
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
, phone_jid TEXT NOT NULL DEFAULT '', marked_unread INTEGER NOT NULL DEFAULT 0, archived_ts INTEGER NOT NULL DEFAULT 0, pinned_ts INTEGER NOT NULL DEFAULT 0, muted_ts INTEGER NOT NULL DEFAULT 0, unread_ts INTEGER NOT NULL DEFAULT 0, description TEXT NOT NULL DEFAULT '', group_info_at INTEGER NOT NULL DEFAULT 0, picture_id TEXT NOT NULL DEFAULT '', picture_sha TEXT NOT NULL DEFAULT '', picture_at INTEGER NOT NULL DEFAULT 0) STRICT;

-- table contacts
CREATE TABLE contacts (
    jid        TEXT PRIMARY KEY,
    push_name  TEXT NOT NULL DEFAULT '',
    full_name  TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL DEFAULT 0
, first_name TEXT NOT NULL DEFAULT '', business_name TEXT NOT NULL DEFAULT '', push_name_ts INTEGER NOT NULL DEFAULT 0) STRICT;

-- table group_participants
CREATE TABLE group_participants (
    group_jid TEXT NOT NULL REFERENCES chats (jid) ON DELETE CASCADE,
    jid       TEXT NOT NULL,
    admin     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (group_jid, jid)
) STRICT;

-- table history_notifications
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
, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '') STRICT;

-- table history_peer_requests
CREATE TABLE history_peer_requests (
    id         INTEGER PRIMARY KEY,
    request_id TEXT NOT NULL,
    chat_jid   TEXT NOT NULL,
    sent_at    INTEGER NOT NULL
) STRICT;

-- table history_request_chats
CREATE TABLE history_request_chats (
    request_id TEXT NOT NULL REFERENCES history_requests (id) ON DELETE CASCADE,
    chat_jid   TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'pending',
    requested  INTEGER NOT NULL,
    received   INTEGER NOT NULL DEFAULT 0,
    anchor_id  TEXT NOT NULL DEFAULT '',
    anchor_ts  INTEGER NOT NULL DEFAULT 0,
    session_id TEXT NOT NULL DEFAULT '', anchor_from_me INTEGER NOT NULL DEFAULT 0, pages INTEGER NOT NULL DEFAULT 0, page_count INTEGER NOT NULL DEFAULT 0, oldest_ts INTEGER NOT NULL DEFAULT 0, more_on_phone INTEGER NOT NULL DEFAULT 1, sent_at INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (request_id, chat_jid)
) STRICT;

-- table history_requests
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

-- table lid_map
CREATE TABLE lid_map (
    lid TEXT PRIMARY KEY,
    pn  TEXT NOT NULL
) STRICT;

-- table message_raw
CREATE TABLE message_raw (
    rowid     INTEGER PRIMARY KEY REFERENCES messages (rowid) ON DELETE CASCADE,
    converter INTEGER NOT NULL,
    raw       BLOB NOT NULL
) STRICT;

-- table message_versions
CREATE TABLE message_versions (
    message_rowid INTEGER NOT NULL REFERENCES messages (rowid) ON DELETE CASCADE,
    ts            INTEGER NOT NULL,
    text          TEXT NOT NULL,
    original      INTEGER NOT NULL DEFAULT 0,
    raw           BLOB,
    UNIQUE (message_rowid, ts, text)
) STRICT;

-- table messages
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
    deleted        INTEGER NOT NULL DEFAULT 0, sender_alt_jid TEXT NOT NULL DEFAULT '', deleted_at INTEGER NOT NULL DEFAULT 0, deleted_by TEXT NOT NULL DEFAULT '', edit_count INTEGER NOT NULL DEFAULT 0, starred INTEGER NOT NULL DEFAULT 0, starred_at INTEGER NOT NULL DEFAULT 0, deleted_for_me INTEGER NOT NULL DEFAULT 0, content TEXT,
    UNIQUE (chat_jid, id)
) STRICT;

-- table messages_fts
CREATE VIRTUAL TABLE messages_fts USING fts5 (
    text,
    content = 'messages',
    content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);

-- table messages_fts_config
CREATE TABLE 'messages_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;

-- table messages_fts_data
CREATE TABLE 'messages_fts_data'(id INTEGER PRIMARY KEY, block BLOB);

-- table messages_fts_docsize
CREATE TABLE 'messages_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);

-- table messages_fts_idx
CREATE TABLE 'messages_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;

-- table pending_changes
CREATE TABLE pending_changes (
    id         INTEGER PRIMARY KEY,
    chat_jid   TEXT NOT NULL,
    target_id  TEXT NOT NULL,
    kind       TEXT NOT NULL,
    sender_jid TEXT NOT NULL DEFAULT '',
    from_me    INTEGER NOT NULL DEFAULT 0,
    text       TEXT NOT NULL DEFAULT '',
    starred    INTEGER NOT NULL DEFAULT 0,
    ts         INTEGER NOT NULL DEFAULT 0,
    raw        BLOB,
    UNIQUE (chat_jid, target_id, kind, sender_jid, ts, text, starred)
) STRICT;

-- table poll_votes
CREATE TABLE poll_votes (
    chat_jid  TEXT NOT NULL,
    poll_id   TEXT NOT NULL,
    voter_jid TEXT NOT NULL,
    options   TEXT NOT NULL DEFAULT '[]',
    ts        INTEGER NOT NULL,
    PRIMARY KEY (chat_jid, poll_id, voter_jid)
) STRICT;

-- table reactions
CREATE TABLE reactions (
    chat_jid   TEXT NOT NULL,
    message_id TEXT NOT NULL,
    sender_jid TEXT NOT NULL,
    emoji      TEXT NOT NULL,
    ts         INTEGER NOT NULL,
    PRIMARY KEY (chat_jid, message_id, sender_jid)
) STRICT;

-- table settings
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

-- table ui_sessions
CREATE TABLE ui_sessions (
    token_hash BLOB PRIMARY KEY,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;

-- table webhook_deliveries
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
, retry_index INTEGER NOT NULL DEFAULT 0, last_attempt_ms INTEGER NOT NULL DEFAULT 0, last_duration_ms INTEGER NOT NULL DEFAULT 0) STRICT;

-- table webhooks
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

