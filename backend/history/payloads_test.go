package history

import (
	"testing"

	"github.com/wasync/wasync/backend/domain"
)

func TestEveryAnnouncedChangeIsAWebhookEvent(t *testing.T) {
	for _, kind := range []string{domain.ChangeEdit, domain.ChangeRevoke, domain.ChangeReaction, domain.ChangePollVote} {
		typ, data := changePayload(domain.MessageChange{Kind: kind, ChatJID: "c", TargetID: "t"})
		if typ == "" || !domain.IsWebhookEvent(typ) || data["message_id"] != "t" {
			t.Errorf("%s: event %q (%v) is not one webhooks can subscribe to", kind, typ, data)
		}
	}
	p := receivedPayload(domain.StoredMessage{Type: "poll", Content: &domain.MessageContent{Poll: &domain.Poll{Name: "Lunch?"}}})
	if c, ok := p["content"].(*domain.MessageContent); !ok || c.Poll.Name != "Lunch?" {
		t.Errorf("message.received carries no typed content: %v", p)
	}
}
