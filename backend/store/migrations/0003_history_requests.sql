-- On-demand history requests: what each chat was anchored on, how many
-- pages went out, and what came back.
ALTER TABLE history_request_chats ADD COLUMN anchor_from_me INTEGER NOT NULL DEFAULT 0;
ALTER TABLE history_request_chats ADD COLUMN pages INTEGER NOT NULL DEFAULT 0;
ALTER TABLE history_request_chats ADD COLUMN page_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE history_request_chats ADD COLUMN oldest_ts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE history_request_chats ADD COLUMN more_on_phone INTEGER NOT NULL DEFAULT 1;
ALTER TABLE history_request_chats ADD COLUMN sent_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX history_requests_pending ON history_requests (status, deadline_at);
