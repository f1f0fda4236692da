-- wasync schema version 4: an archive that keeps what it had.

-- One person, one chat: the phone-number JID keys the chat, alt_jid holds
-- its LID. phone_jid is the JID the phone keys the chat by (history's
-- conversation id), which on-demand requests are anchored on.
ALTER TABLE chats ADD COLUMN phone_jid TEXT NOT NULL DEFAULT '';
ALTER TABLE chats ADD COLUMN marked_unread INTEGER NOT NULL DEFAULT 0;

-- Which LID is which phone number, as WhatsApp told us.
CREATE TABLE lid_map (
    lid TEXT PRIMARY KEY,
    pn  TEXT NOT NULL
) STRICT;
CREATE INDEX lid_map_by_pn ON lid_map (pn);

-- Names that only get better: see names.go for the precedence.
ALTER TABLE contacts ADD COLUMN first_name TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN business_name TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN push_name_ts INTEGER NOT NULL DEFAULT 0;

-- A revoke keeps the content: deleted (existing) flags it, these say when
-- and by whom. edited_at (existing) is the timestamp of the edit shown.
ALTER TABLE messages ADD COLUMN sender_alt_jid TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN deleted_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN deleted_by TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN edit_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN starred INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN starred_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN deleted_for_me INTEGER NOT NULL DEFAULT 0;

-- The raw message (compressed, see raw.go) beside its row, keyed by the
-- row's rowid so the hot messages table stays narrow. converter is the
-- version of the conversion that derived the row from it.
CREATE TABLE message_raw (
    rowid     INTEGER PRIMARY KEY REFERENCES messages (rowid) ON DELETE CASCADE,
    converter INTEGER NOT NULL,
    raw       BLOB NOT NULL
) STRICT;

-- Every version of an edited message: the original (original = 1, its raw
-- is in message_raw) and each edit with its own raw.
CREATE TABLE message_versions (
    message_rowid INTEGER NOT NULL REFERENCES messages (rowid) ON DELETE CASCADE,
    ts            INTEGER NOT NULL,
    text          TEXT NOT NULL,
    original      INTEGER NOT NULL DEFAULT 0,
    raw           BLOB,
    UNIQUE (message_rowid, ts, text)
) STRICT;

-- Changes whose target is not stored yet, applied in the transaction that
-- stores the target. The unique key makes replays no-ops.
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

-- Placeholders for messages not decrypted yet: few, and found fast.
CREATE INDEX messages_waiting ON messages (chat_jid, id) WHERE type = 'waiting';
