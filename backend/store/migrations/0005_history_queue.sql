-- The history queue heals: each notification counts its failed attempts,
-- waits until next_attempt_at before the next one (those behind it go
-- ahead meanwhile), and keeps the last attempt's error.
ALTER TABLE history_notifications ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE history_notifications ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE history_notifications ADD COLUMN last_error TEXT NOT NULL DEFAULT '';

-- Every page sent to the phone, for the hourly cap: checked and written in
-- the transaction that marks the page sent, and kept across restarts.
CREATE TABLE history_peer_requests (
    id         INTEGER PRIMARY KEY,
    request_id TEXT NOT NULL,
    chat_jid   TEXT NOT NULL,
    sent_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX history_peer_requests_by_time ON history_peer_requests (sent_at);
INSERT INTO history_peer_requests (request_id, chat_jid, sent_at)
    SELECT request_id, chat_jid, sent_at FROM history_request_chats WHERE sent_at > 0;
