-- When each chat state field's value was true (Unix seconds; 0 unknown):
-- a history sync processed after a change made on the phone must not put
-- the older state back.
ALTER TABLE chats ADD COLUMN archived_ts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE chats ADD COLUMN pinned_ts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE chats ADD COLUMN muted_ts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE chats ADD COLUMN unread_ts INTEGER NOT NULL DEFAULT 0;
