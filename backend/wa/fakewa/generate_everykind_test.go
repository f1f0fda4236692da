package fakewa

import (
	"testing"

	"google.golang.org/protobuf/reflect/protoreflect"
)

func TestEveryKindHistory(t *testing.T) {
	h := GenerateHistory(GenOpts{Seed: 3, Chats: 2, MessagesPerChat: 10, EveryKind: true})
	conv := h.Chunks[0].GetConversations()[0]
	if conv.GetID() != EveryKindChat {
		t.Fatalf("first conversation %q, want the every-kind group", conv.GetID())
	}
	kinds := EveryKind()
	got := map[string]bool{}
	stubs := 0
	for _, m := range conv.GetMessages() {
		info := m.GetMessage()
		if info.GetMessageStubType() != 0 {
			stubs++
			continue
		}
		for name := range kinds {
			if info.GetMessage().ProtoReflect().Has(info.GetMessage().ProtoReflect().Descriptor().Fields().ByName(protoName(name))) {
				got[name] = true
			}
		}
	}
	for name := range kinds {
		if !got[name] {
			t.Errorf("kind %s missing", name)
		}
	}
	if stubs < 5 {
		t.Errorf("%d stubs, want at least 5", stubs)
	}
	if h.Counts[EveryKindChat] != len(conv.GetMessages()) || h.Names[EveryKindChat] != "Every kind" {
		t.Errorf("expected %d messages named %q, got %d %q", len(conv.GetMessages()), "Every kind", h.Counts[EveryKindChat], h.Names[EveryKindChat])
	}
	without := GenerateHistory(GenOpts{Seed: 3, Chats: 2, MessagesPerChat: 10})
	if without.Total+len(conv.GetMessages()) != h.Total {
		t.Errorf("total %d, want %d", h.Total, without.Total+len(conv.GetMessages()))
	}
}

// protoName is a field name as protoreflect names it.
func protoName(s string) protoreflect.Name { return protoreflect.Name(s) }
