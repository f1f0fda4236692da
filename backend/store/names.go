package store

// Names that only get better. A chat or a sender is shown by, in order:
// the address-book name (contacts.full_name, from app state), the group
// subject or conversation name (chats.name), the verified business name,
// the newest push name, and last the formatted number (the UI formats a
// JID when the name is empty; a LID sender with a known phone number gets
// that number here). A person's contact row may sit under the phone-number
// JID or, when it was learnt before the mapping, under the LID: both are
// read, the phone-number one first.

// chatNameFrom joins a chat's contact rows: ct under the chat's JID, cl
// under its alt (LID) JID.
const chatNameFrom = ` FROM chats c LEFT JOIN contacts ct ON ct.jid = c.jid LEFT JOIN contacts cl ON cl.jid = c.alt_jid`

// chatName is a chat's shown name (with chatNameFrom).
const chatName = `COALESCE(NULLIF(ct.full_name, ''), NULLIF(cl.full_name, ''), NULLIF(c.name, ''),
	NULLIF(ct.business_name, ''), NULLIF(cl.business_name, ''), NULLIF(ct.push_name, ''), NULLIF(cl.push_name, ''), '')`

// senderJoins joins a message m's sender's contact rows: sl maps a LID
// sender to its phone number, sp is the contact under that number (or the
// sender's own JID), sc the one under the sender's JID when it differs.
const senderJoins = ` LEFT JOIN lid_map sl ON sl.lid = m.sender_jid
	LEFT JOIN contacts sp ON sp.jid = COALESCE(sl.pn, m.sender_jid)
	LEFT JOIN contacts sc ON sc.jid = m.sender_jid AND sl.pn IS NOT NULL`

// senderName is a message's sender's shown name (with senderJoins). The
// push name the message carried comes after the contact's newest one.
const senderName = `COALESCE(NULLIF(sp.full_name, ''), NULLIF(sc.full_name, ''), NULLIF(sp.business_name, ''),
	NULLIF(sc.business_name, ''), NULLIF(sp.push_name, ''), NULLIF(sc.push_name, ''), NULLIF(m.sender_name, ''),
	'+' || substr(sl.pn, 1, instr(sl.pn, '@') - 1), '')`
