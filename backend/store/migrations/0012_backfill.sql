-- The background backfill: one row per chat that had more on the phone,
-- walked most recently active first until the phone says there is no more.
-- Its pages go to history_peer_requests (request_id 'backfill') like those
-- of POST /history/sync: one budget.
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
CREATE INDEX backfill_chats_by_session ON backfill_chats (session_id);
