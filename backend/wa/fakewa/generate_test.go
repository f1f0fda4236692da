package fakewa_test

import (
	"maps"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/proto/waHistorySync"
	"google.golang.org/protobuf/proto"

	"github.com/wasync/wasync/backend/wa/fakewa"
)

// storable reports whether a history message is a row of its own (see
// fakewa.Expected): anything but reactions, edits and revokes.
func storable(m *waE2E.Message) bool {
	return m.GetReactionMessage() == nil && m.GetEditedMessage() == nil && m.GetProtocolMessage() == nil
}

// countStorable counts the storable messages per conversation in chunks.
func countStorable(chunks []*waHistorySync.HistorySync) (map[string]int, int) {
	counts, total := map[string]int{}, 0
	for _, hs := range chunks {
		for _, conv := range hs.GetConversations() {
			counts[conv.GetID()] += 0
			for _, m := range conv.GetMessages() {
				if storable(m.GetMessage().GetMessage()) {
					counts[conv.GetID()]++
					total++
				}
			}
		}
	}
	return counts, total
}

func TestGenerateHistoryShape(t *testing.T) {
	t.Parallel()
	opts := fakewa.GenOpts{
		Seed: 7, Chats: 4, Groups: 2, MessagesPerChat: 60, ChunkMessages: 100,
		ExtraTexts: []string{"<img src=x onerror=alert(1)>", "zanzibarquux"},
	}
	h := fakewa.GenerateHistory(opts)
	if again := fakewa.GenerateHistory(opts); len(again.Chunks) != len(h.Chunks) || !proto.Equal(again.Chunks[2], h.Chunks[2]) {
		t.Fatal("generation is not deterministic")
	}
	if n := len(h.Chunks); n != 4 { // 360 messages / 100
		t.Fatalf("%d chunks, want 4", n)
	}
	wantTypes := []waHistorySync.HistorySync_HistorySyncType{
		waHistorySync.HistorySync_INITIAL_BOOTSTRAP, waHistorySync.HistorySync_RECENT,
		waHistorySync.HistorySync_FULL, waHistorySync.HistorySync_FULL,
	}
	prev := uint32(0)
	for i, hs := range h.Chunks {
		if hs.GetSyncType() != wantTypes[i] || hs.GetChunkOrder() != uint32(i+1) || hs.GetProgress() <= prev {
			t.Errorf("chunk %d: type %v order %d progress %d", i, hs.GetSyncType(), hs.GetChunkOrder(), hs.GetProgress())
		}
		prev = hs.GetProgress()
	}
	if prev != 100 {
		t.Errorf("last progress %d", prev)
	}
	counts, total := countStorable(h.Chunks)
	if !maps.Equal(counts, h.Counts) || total != h.Total {
		t.Errorf("chunks hold %v (%d), Expected says %v (%d)", counts, total, h.Counts, h.Total)
	}
	if len(h.Counts) != 7 || len(h.Aliases) != 1 || len(h.MergedCounts()) != 6 {
		t.Errorf("counts %v aliases %v", h.Counts, h.Aliases)
	}
	for _, kind := range []string{"text", "extended_text", "quote", "image", "video", "audio", "document", "reaction", "edit", "revoke"} {
		if h.Kinds[kind] == 0 {
			t.Errorf("no %s generated: %v", kind, h.Kinds)
		}
	}
	if got := h.Kinds["reaction"] + h.Kinds["edit"] + h.Kinds["revoke"]; got+h.Total != 360 {
		t.Errorf("%d modifiers + %d storable != 360", got, h.Total)
	}
	// Each extra text appears exactly once, where Extra says.
	for text, ref := range h.Extra {
		found := 0
		for _, hs := range h.Chunks {
			for _, conv := range hs.GetConversations() {
				for _, m := range conv.GetMessages() {
					if m.GetMessage().GetMessage().GetConversation() == text {
						found++
						if conv.GetID() != ref.Chat || m.GetMessage().GetKey().GetID() != ref.ID {
							t.Errorf("%q found in %s/%s, Extra says %+v", text, conv.GetID(), m.GetMessage().GetKey().GetID(), ref)
						}
					}
				}
			}
		}
		if found != 1 {
			t.Errorf("%q found %d times", text, found)
		}
	}
	if len(h.Extra) != 2 {
		t.Errorf("extra %v", h.Extra)
	}
	first := h.Chunks[0]
	if m := first.GetPhoneNumberToLidMappings(); len(m) != 1 || h.Aliases[m[0].GetLidJID()] != m[0].GetPnJID() {
		t.Errorf("mappings %v, aliases %v", m, h.Aliases)
	}
	if h.PushNames.GetSyncType() != waHistorySync.HistorySync_PUSH_NAME || len(h.PushNames.GetPushnames()) == 0 {
		t.Errorf("push names %v", h.PushNames)
	}
}

func TestGenerateLargeHistoryIsFast(t *testing.T) {
	t.Parallel()
	start := time.Now()
	g := fakewa.NewHistoryGenerator(fakewa.GenOpts{Seed: 1, Chats: 80, Groups: 20, MessagesPerChat: 1000, ChunkMessages: 5000})
	want := g.Expected()
	n, total := 0, 0
	for hs := range g.Chunks() {
		n++
		c, tot := countStorable([]*waHistorySync.HistorySync{hs})
		_ = c
		total += tot
	}
	if n != g.NumChunks() || n != 20 || total != want.Total {
		t.Errorf("%d chunks (NumChunks %d), %d storable, want %d", n, g.NumChunks(), total, want.Total)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("100,000 messages took %v", d)
	}
	t.Logf("100,000 messages in %d chunks: %v", n, time.Since(start))
}
