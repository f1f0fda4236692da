package wa_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/wa/fakewa"
)

// waitLive waits until the sink was handed a live chunk ok accepts and
// returns it.
func (h *harness) waitLive(t *testing.T, what string, ok func(domain.HistoryChunk) bool) domain.HistoryChunk {
	t.Helper()
	deadline := time.After(waitTimeout)
	for {
		h.sink.mu.Lock()
		changed := h.sink.changed
		for _, c := range h.sink.live {
			if ok(c) {
				h.sink.mu.Unlock()
				return c
			}
		}
		h.sink.mu.Unlock()
		select {
		case <-changed:
		case <-deadline:
			t.Fatalf("no live chunk with %s within %v", what, waitTimeout)
		}
	}
}

// liveMessage matches a chunk holding message id of type typ.
func liveMessage(id, typ string) func(domain.HistoryChunk) bool {
	return func(c domain.HistoryChunk) bool {
		for _, m := range c.Messages {
			if m.ID == id && m.Type == typ {
				return true
			}
		}
		return false
	}
}

func TestRefusedMessageIsRedeliveredAndStoredOnce(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	h.sink.mu.Lock()
	h.sink.refuseLive = 1
	h.sink.mu.Unlock()
	chat := "15557770001@s.whatsapp.net"
	id := fakewa.NewMessageID()
	companion := h.phone.Companions()[0]
	sent := make(chan error, 1)
	go func() {
		_, err := h.phone.SendMessage(ctx(t), companion, waText{"keep me"}.msg(), fakewa.MessageOpts{
			ID: id, Chat: mustJID(chat), PushName: "Refused", Timestamp: time.Unix(1_750_000_100, 0),
		})
		sent <- err
	}()
	h.waitLive(t, "the refused message", liveMessage(id, "text"))
	if u := h.srv.Unanswered(companion); len(u) != 1 || u[0] != id {
		t.Fatalf("unanswered stanzas after the refusal: %v, want [%s]", u, id)
	}
	// The connection drops before the ack: WhatsApp delivers the stanza
	// again on the next connection, and it must still become a message.
	h.srv.DropConnections()
	<-sent
	h.waitEvents(t, domain.EventMessageReceived, 1)
	if got := storedCounts(t, h); got[chat] != 1 {
		t.Fatalf("stored %v, want one message in %s", got, chat)
	}
	deadline := time.Now().Add(waitTimeout)
	for len(h.srv.Unanswered(companion)) > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if u := h.srv.Unanswered(companion); len(u) != 0 {
		t.Fatalf("still unanswered after redelivery: %v", u)
	}
}

func TestUndecryptableMessageLeavesPlaceholderUntilRetried(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	chat := "15557770002@s.whatsapp.net"
	id := fakewa.NewMessageID()
	companion := h.phone.Companions()[0]
	opts := fakewa.MessageOpts{ID: id, Chat: mustJID(chat), Timestamp: time.Unix(1_750_000_200, 0), Garble: true}
	if _, err := h.phone.SendMessage(ctx(t), companion, waText{"lost?"}.msg(), opts); !errors.Is(err, fakewa.ErrNotDelivered) {
		t.Fatalf("garbled message: %v, want a retry receipt", err)
	}
	waiting := h.waitLive(t, "a placeholder", liveMessage(id, domain.TypeWaiting))
	if m := waiting.Messages[0]; m.ChatJID != chat || m.SenderJID != chat || m.Timestamp != 1_750_000_200 {
		t.Fatalf("placeholder %+v", m)
	}
	// The sender answers the retry receipt with the message, same id.
	opts.Garble = false
	if _, err := h.phone.SendMessage(ctx(t), companion, waText{"here it is"}.msg(), opts); err != nil {
		t.Fatal(err)
	}
	real := h.waitLive(t, "the retried message", liveMessage(id, "text"))
	if real.Messages[0].Text != "here it is" || real.Messages[0].ChatJID != chat {
		t.Fatalf("retried message %+v", real.Messages[0])
	}
}

func TestLiveMessageFromLIDSenderLandsInPhoneChat(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	companion := h.phone.Companions()[0]
	lid, pn := "77001122@lid", "15557770003@s.whatsapp.net"
	id := fakewa.NewMessageID()
	_, err := h.phone.SendMessage(ctx(t), companion, waText{"from a LID"}.msg(), fakewa.MessageOpts{
		ID: id, Chat: mustJID(lid), SenderAlt: mustJID(pn), PushName: "Lid Person", Timestamp: time.Unix(1_750_000_300, 0),
	})
	if err != nil {
		t.Fatal(err)
	}
	c := h.waitLive(t, "the LID message", liveMessage(id, "text"))
	m := c.Messages[0]
	if m.ChatJID != pn || m.SenderJID != pn || m.SenderAltJID != lid {
		t.Fatalf("message %+v, want chat and sender %s (alt %s)", m, pn, lid)
	}
	if len(c.Chats) != 1 || c.Chats[0].JID != pn || c.Chats[0].AltJID != lid {
		t.Fatalf("chats %+v", c.Chats)
	}
	if !hasMapping(c.LIDMappings, lid, pn) {
		t.Fatalf("mappings %+v, want %s=%s", c.LIDMappings, lid, pn)
	}
	if len(c.Contacts) != 1 || c.Contacts[0].JID != pn || c.Contacts[0].PushNameTS != 1_750_000_300 {
		t.Fatalf("contacts %+v", c.Contacts)
	}

	// In a group, a participant addressed by LID is named by its number.
	group, glid, gpn := "120363000000000001@g.us", "77003344@lid", "15557770004@s.whatsapp.net"
	gid := fakewa.NewMessageID()
	_, err = h.phone.SendMessage(ctx(t), companion, waText{"group hello"}.msg(), fakewa.MessageOpts{
		ID: gid, Chat: mustJID(group), Sender: mustJID(glid), SenderAlt: mustJID(gpn), Timestamp: time.Unix(1_750_000_301, 0),
	})
	if err != nil {
		t.Fatal(err)
	}
	gm := h.waitLive(t, "the group message", liveMessage(gid, "text")).Messages[0]
	if gm.ChatJID != group || gm.SenderJID != gpn || gm.SenderAltJID != glid {
		t.Fatalf("group message %+v, want sender %s (alt %s)", gm, gpn, glid)
	}
}

func hasMapping(ms []domain.LIDMapping, lid, pn string) bool {
	for _, m := range ms {
		if m.LID == lid && m.PN == pn {
			return true
		}
	}
	return false
}

func TestCloseWaitsForTheStoreWriteOfADecryptedMessage(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	entered, release := make(chan struct{}), make(chan struct{})
	var writeErr error
	h.sink.mu.Lock()
	h.sink.liveHook = func(c context.Context) {
		close(entered)
		<-release
		writeErr = c.Err()
	}
	h.sink.mu.Unlock()
	chat := "15557770005@s.whatsapp.net"
	go func() {
		_, _ = h.phone.SendMessage(context.Background(), h.phone.Companions()[0], waText{"at shutdown"}.msg(),
			fakewa.MessageOpts{Chat: mustJID(chat), Timestamp: time.Unix(1_750_000_400, 0)})
	}()
	<-entered
	closed := make(chan struct{})
	cli := h.cli
	go func() { cli.Close(); close(closed) }()
	select {
	case <-closed:
		t.Fatal("Close returned while a handler was still storing a message")
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	<-closed
	if writeErr != nil {
		t.Fatalf("the handler's store context ended with the client: %v", writeErr)
	}
	if got := storedCounts(t, h); got[chat] != 1 {
		t.Fatalf("stored %v after Close, want the message", got)
	}
}
