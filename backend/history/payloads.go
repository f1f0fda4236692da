package history

import (
	"time"

	"github.com/wasync/wasync/backend/domain"
)

// receivedPayload is the message.received event of a stored message: the
// row's fields and, per kind, its typed content (poll, event, contacts,
// location, call, system notice, quote, link preview...).
func receivedPayload(m domain.StoredMessage) map[string]any {
	data := map[string]any{
		"chat_jid": m.ChatJID, "message_id": m.ID, "sender": m.SenderJID, "sender_name": m.SenderName,
		"from_me": m.FromMe, "timestamp": stamp(m.Timestamp), "type": m.Type, "text": m.Text,
	}
	if m.MediaKind != "" {
		data["media"] = domain.Media{Kind: m.MediaKind, FileName: m.MediaName, Size: m.MediaSize, Duration: m.MediaDuration}
	}
	if m.QuotedID != "" {
		data["quoted_id"] = m.QuotedID
	}
	if !m.Content.IsZero() {
		data["content"] = m.Content
	}
	return data
}

// changePayload is the event of a change to a message: message.edited,
// message.deleted, message.reaction or poll.vote ("" for changes that are
// not announced, such as stars from app state).
func changePayload(c domain.MessageChange) (string, map[string]any) {
	data := map[string]any{
		"chat_jid": c.ChatJID, "message_id": c.TargetID, "sender": c.SenderJID, "timestamp": stamp(c.Timestamp),
	}
	switch c.Kind {
	case domain.ChangeEdit:
		data["text"] = c.Text
		return domain.EventMessageEdited, data
	case domain.ChangeRevoke:
		return domain.EventMessageDeleted, data
	case domain.ChangeReaction:
		data["emoji"] = c.Emoji
		return domain.EventMessageReaction, data
	case domain.ChangePollVote:
		opts := c.Options
		if opts == nil {
			opts = []string{}
		}
		data["option_hashes"] = opts
		return domain.EventPollVote, data
	}
	return "", nil
}

func stamp(ts int64) string { return time.Unix(ts, 0).UTC().Format(time.RFC3339) }
