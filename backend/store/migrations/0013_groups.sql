-- Group subjects, descriptions and participants from group info queries.
-- group_info_at is when the group was last asked about (0: never), so a
-- group is asked about once on first sight and again when it changes.
ALTER TABLE chats ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE chats ADD COLUMN group_info_at INTEGER NOT NULL DEFAULT 0;

CREATE TABLE group_participants (
    group_jid TEXT NOT NULL REFERENCES chats (jid) ON DELETE CASCADE,
    jid       TEXT NOT NULL,
    admin     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (group_jid, jid)
) STRICT;
