package wa_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/wa/fakewa"
)

// storedCounts reads back every chat's message count through the store's
// own paging, as the UI would.
func storedCounts(t *testing.T, h *harness) map[string]int {
	t.Helper()
	ctx := context.Background()
	out := map[string]int{}
	cursor := ""
	for {
		page, err := h.st.Chats(ctx, domain.ChatQuery{Limit: 500, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range page.Chats {
			before := ""
			for {
				mp, err := h.st.Messages(ctx, domain.MessageQuery{ChatJID: c.JID, Before: before, Limit: 500})
				if err != nil {
					t.Fatal(err)
				}
				out[c.JID] += len(mp.Messages)
				if mp.NextCursor == "" {
					break
				}
				before = mp.NextCursor
			}
		}
		if page.NextCursor == "" {
			return out
		}
		cursor = page.NextCursor
	}
}

// waitSynced waits until the history processor reported n stored chunks.
func (h *harness) waitSynced(t *testing.T, n int) {
	t.Helper()
	h.waitEvents(t, domain.EventHistorySync, n)
}

func (h *harness) waitEvents(t *testing.T, typ string, n int) {
	t.Helper()
	deadline := time.After(waitTimeout)
	for {
		h.sink.mu.Lock()
		got, changed := 0, h.sink.changed
		for _, e := range h.sink.events {
			if e == typ {
				got++
			}
		}
		h.sink.mu.Unlock()
		if got >= n {
			return
		}
		select {
		case <-changed:
		case <-deadline:
			t.Fatalf("%d %s events within %v, want %d", got, typ, waitTimeout, n)
		}
	}
}

func (h *harness) lastEvent(typ string) any {
	h.sink.mu.Lock()
	defer h.sink.mu.Unlock()
	for i := len(h.sink.events) - 1; i >= 0; i-- {
		if h.sink.events[i] == typ {
			return h.sink.data[i]
		}
	}
	return nil
}

func sendAll(t *testing.T, h *harness, hist *fakewa.History, opts fakewa.HistoryOpts) {
	t.Helper()
	companion := h.phone.Companions()[0]
	for _, hs := range hist.Chunks {
		if _, err := h.phone.SendHistorySync(ctx(t), companion, hs, opts); err != nil {
			t.Fatal(err)
		}
	}
}

func diffCounts(t *testing.T, got, want map[string]int) {
	t.Helper()
	for chat, n := range want {
		if got[chat] != n {
			t.Errorf("chat %s: stored %d messages, phone sent %d", chat, got[chat], n)
		}
	}
	for chat, n := range got {
		if _, ok := want[chat]; !ok {
			t.Errorf("chat %s stored (%d messages) but never sent", chat, n)
		}
	}
}

const needle = "zanzibarquokka"

func generated(t *testing.T, h *harness, perChat, chunk int) *fakewa.History {
	return fakewa.GenerateHistory(fakewa.GenOpts{
		Seed: 7, Chats: 12, Groups: 4, MessagesPerChat: perChat, ChunkMessages: chunk, Owner: h.phone.JID(),
		ExtraTexts: []string{`<img src=x onerror=alert(1)>`, "meet at the " + needle + " tomorrow"},
	})
}

func TestMultiChunkSyncLandsExactly(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	hist := generated(t, h, 300, 1000)
	if len(hist.Chunks) < 3 {
		t.Fatalf("only %d chunks", len(hist.Chunks))
	}
	// Some chunks inline, the rest through the media download.
	companion := h.phone.Companions()[0]
	for i, hs := range hist.Chunks {
		if _, err := h.phone.SendHistorySync(ctx(t), companion, hs, fakewa.HistoryOpts{Inline: i == 0}); err != nil {
			t.Fatal(err)
		}
	}
	h.waitSynced(t, len(hist.Chunks))
	diffCounts(t, storedCounts(t, h), hist.MergedCounts())
	if len(h.srv.MediaRequests()) == 0 {
		t.Fatal("no chunk came through the media download")
	}

	// The initial sync completes once, with the totals.
	h.waitEvents(t, domain.EventHistorySyncComplete, 1)
	done := h.lastEvent(domain.EventHistorySyncComplete).(map[string]any)
	if done["received"] != hist.Total || done["status"] != "complete" {
		t.Fatalf("sync_complete = %v, want received %d", done, hist.Total)
	}

	// Chat metadata, names, the LID merge and "more on the phone".
	c := context.Background()
	for lid, pn := range hist.Aliases {
		chat, err := h.st.Chat(c, lid)
		if err != nil || chat.JID != pn {
			t.Errorf("LID %s: %+v %v (want merged into %s)", lid, chat, err, pn)
		}
	}
	for jid, more := range hist.MoreOnPhone {
		chat, err := h.st.Chat(c, jid)
		if err != nil || chat.MoreOnPhone != more {
			t.Errorf("chat %s more_on_phone = %v, want %v (%v)", jid, chat.MoreOnPhone, more, err)
		}
		if name := hist.Names[jid]; name != "" && chat.Name != name {
			t.Errorf("chat %s name %q, want %q", jid, chat.Name, name)
		}
	}

	// Search finds a word from a message in the middle of the history, and
	// message text from strangers is stored exactly as sent.
	res, err := h.st.Search(c, domain.SearchQuery{Q: needle})
	if err != nil || len(res.Results) != 1 || res.Results[0].MessageID != hist.Extra["meet at the "+needle+" tomorrow"].ID {
		t.Fatalf("search %q: %+v %v", needle, res, err)
	}
	ref := hist.Extra[`<img src=x onerror=alert(1)>`]
	found := false
	page, _ := h.st.Messages(c, domain.MessageQuery{ChatJID: canonical(hist, ref.Chat), Limit: 500})
	for _, m := range page.Messages {
		if m.ID == ref.ID {
			found = m.Text == `<img src=x onerror=alert(1)>`
		}
	}
	if !found {
		t.Error("HTML-looking text not stored verbatim")
	}
}

func canonical(hist *fakewa.History, chat string) string {
	if pn, ok := hist.Aliases[chat]; ok {
		return pn
	}
	return chat
}

func TestSameChunkTwiceStoresNothingTwice(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	hist := generated(t, h, 60, 500)
	sendAll(t, h, hist, fakewa.HistoryOpts{})
	if _, err := h.phone.SendHistorySync(ctx(t), h.phone.Companions()[0], hist.Chunks[0], fakewa.HistoryOpts{}); err != nil {
		t.Fatal(err)
	}
	h.waitSynced(t, len(hist.Chunks)+1)
	diffCounts(t, storedCounts(t, h), hist.MergedCounts())
	if last := h.lastEvent(domain.EventHistorySync).(map[string]any); last["new_messages"] != 0 {
		t.Fatalf("the repeated chunk added %v messages", last["new_messages"])
	}
}

func TestCrashBetweenPersistingAndProcessingRecovers(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.paused = true
	h.close()
	h.open(t) // a client whose history processor never runs: the crash
	h.linkByQR(t)
	hist := generated(t, h, 80, 400)
	sendAll(t, h, hist, fakewa.HistoryOpts{}) // each returns once acked, i.e. persisted
	pending, err := h.st.PendingHistoryNotifications(context.Background(), 100)
	if err != nil || len(pending) != len(hist.Chunks) {
		t.Fatalf("persisted %d notifications (%v), want %d", len(pending), err, len(hist.Chunks))
	}
	if n := storedCounts(t, h); len(n) != 0 {
		t.Fatalf("stored before processing: %v", n)
	}
	h.close()

	h.paused = false
	h.open(t) // restart: reconnects, then downloads what was left
	h.waitSynced(t, len(hist.Chunks))
	diffCounts(t, storedCounts(t, h), hist.MergedCounts())
}

func TestLiveMessagesAreStored(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	chat := "15557770000@s.whatsapp.net"
	for i := 0; i < 3; i++ {
		text := fmt.Sprintf("live %d <b>bold?</b>", i)
		_, err := h.phone.SendMessage(ctx(t), h.phone.Companions()[0], waText{text}.msg(), fakewa.MessageOpts{
			Chat: mustJID(chat), Sender: mustJID(chat), PushName: "Live Person", Timestamp: time.Unix(1_750_000_000+int64(i), 0),
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	h.waitEvents(t, domain.EventMessageReceived, 3)
	got := storedCounts(t, h)
	if got[chat] != 3 {
		t.Fatalf("stored %v", got)
	}
	ev := h.lastEvent(domain.EventMessageReceived).(map[string]any)
	if ev["text"] != "live 2 <b>bold?</b>" || ev["sender_name"] != "Live Person" || ev["chat_jid"] != chat {
		t.Fatalf("message.received = %v", ev)
	}
}
