-- Profile pictures: WhatsApp's id of the chat's current picture and the
-- SHA-256 (hex) of the bytes kept in the data folder's pictures/ folder
-- ('' none). picture_at is when the picture was last asked about (0 never).
ALTER TABLE chats ADD COLUMN picture_id TEXT NOT NULL DEFAULT '';
ALTER TABLE chats ADD COLUMN picture_sha TEXT NOT NULL DEFAULT '';
ALTER TABLE chats ADD COLUMN picture_at INTEGER NOT NULL DEFAULT 0;
