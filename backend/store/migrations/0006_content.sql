-- wasync schema version 6: every kind of message, kept.

-- What a kind carries beyond text and media (poll, contacts, location,
-- system notice, quote, link preview...), as JSON (domain.MessageContent):
-- one column keeps the row narrow, and a new field needs no migration.
-- NULL when the message carries nothing more.
ALTER TABLE messages ADD COLUMN content TEXT;

-- Poll votes: one row per poll and voter, the latest vote wins. options
-- is a JSON array of the chosen options' hex SHA-256 hashes, matched to
-- the poll's options at read time (the poll may arrive after its votes).
CREATE TABLE poll_votes (
    chat_jid  TEXT NOT NULL,
    poll_id   TEXT NOT NULL,
    voter_jid TEXT NOT NULL,
    options   TEXT NOT NULL DEFAULT '[]',
    ts        INTEGER NOT NULL,
    PRIMARY KEY (chat_jid, poll_id, voter_jid)
) STRICT;
