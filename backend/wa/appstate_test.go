package wa_test

import (
	"reflect"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/wa/fakewa"
)

var (
	bob   = types.NewJID("15550002222", types.DefaultUserServer)
	carol = types.NewJID("15550003333", types.DefaultUserServer)
	group = types.NewJID("120363000000000001", types.GroupServer)
)

func isSet[T comparable](p *T, want T) bool { return p != nil && *p == want }

func TestAppStateChatChangesFromThePhone(t *testing.T) {
	e := newAppStateEnv(t, nil)
	p := e.phone
	if err := p.ArchiveChat(ctx(t), bob, true); err != nil {
		t.Fatal(err)
	}
	up := e.chat(t, "archived", bob.String(), func(u domain.ChatUpsert) bool { return isSet(u.Archived, true) })
	if up.Pinned != nil || up.MutedUntil != nil || up.Unread != nil || up.MarkedUnread != nil {
		t.Errorf("archiving also set other fields: %+v", up)
	}
	e.chat(t, "unpinned with the archive", bob.String(), func(u domain.ChatUpsert) bool { return isSet(u.Pinned, false) })

	if err := p.PinChat(ctx(t), carol, true); err != nil {
		t.Fatal(err)
	}
	up = e.chat(t, "pinned", carol.String(), func(u domain.ChatUpsert) bool { return isSet(u.Pinned, true) })
	if up.Archived != nil {
		t.Errorf("pinning also set archived: %+v", up)
	}

	until := time.Unix(1_900_000_000, 0)
	if err := p.MuteChat(ctx(t), carol, true, until); err != nil {
		t.Fatal(err)
	}
	e.chat(t, "muted until T", carol.String(), func(u domain.ChatUpsert) bool { return isSet(u.MutedUntil, until.Unix()) })
	if err := p.MuteChat(ctx(t), group, true, time.Time{}); err != nil {
		t.Fatal(err)
	}
	e.chat(t, "muted for ever", group.String(), func(u domain.ChatUpsert) bool { return isSet(u.MutedUntil, -1) })
	if err := p.MuteChat(ctx(t), carol, false, time.Time{}); err != nil {
		t.Fatal(err)
	}
	e.chat(t, "unmuted", carol.String(), func(u domain.ChatUpsert) bool { return isSet(u.MutedUntil, 0) })

	if err := p.MarkChatRead(ctx(t), bob, false); err != nil {
		t.Fatal(err)
	}
	up = e.chat(t, "marked unread", bob.String(), func(u domain.ChatUpsert) bool { return isSet(u.MarkedUnread, true) })
	if up.Unread != nil {
		t.Errorf("marking unread set a count: %+v", up)
	}
	if err := p.MarkChatRead(ctx(t), bob, true); err != nil {
		t.Fatal(err)
	}
	e.chat(t, "marked read", bob.String(), func(u domain.ChatUpsert) bool {
		return isSet(u.Unread, 0) && isSet(u.MarkedUnread, false)
	})

	// Deleting a chat on the phone leaves the archive alone: no chunk.
	if err := p.DeleteChat(ctx(t), carol); err != nil {
		t.Fatal(err)
	}
	if err := p.PinChat(ctx(t), bob, true); err != nil {
		t.Fatal(err)
	}
	e.chat(t, "pinned after the delete", bob.String(), func(u domain.ChatUpsert) bool { return isSet(u.Pinned, true) })
	e.sink.mu.Lock()
	defer e.sink.mu.Unlock()
	last := e.sink.chunks[len(e.sink.chunks)-1]
	if len(last.Chats) != 1 || last.Chats[0].JID != bob.String() {
		t.Errorf("deleting a chat on the phone produced %+v", e.sink.chunks[len(e.sink.chunks)-2:])
	}
}

func TestAppStateStarAndDeleteForMe(t *testing.T) {
	e := newAppStateEnv(t, nil)
	if err := e.phone.StarMessage(ctx(t), bob, bob, "3AMSG1", false, true); err != nil {
		t.Fatal(err)
	}
	got := e.change(t, domain.ChangeStar, "3AMSG1")
	want := domain.MessageChange{Kind: domain.ChangeStar, ChatJID: bob.String(), TargetID: "3AMSG1", Starred: true, Timestamp: got.Timestamp}
	if !reflect.DeepEqual(got, want) || got.Timestamp == 0 {
		t.Errorf("star: got %+v, want %+v", got, want)
	}
	if err := e.phone.StarMessage(ctx(t), group, carol, "3AMSG2", false, true); err != nil {
		t.Fatal(err)
	}
	if got := e.change(t, domain.ChangeStar, "3AMSG2"); got.SenderJID != carol.String() || got.ChatJID != group.String() || !got.Starred {
		t.Errorf("group star: %+v", got)
	}
	if err := e.phone.StarMessage(ctx(t), bob, bob, "3AMSG1", false, false); err != nil {
		t.Fatal(err)
	}
	e.waitFor(t, "unstar", func(_ domain.Session, chunks []domain.HistoryChunk) bool {
		n := 0
		for _, c := range chunks {
			for _, ch := range c.Changes {
				if ch.TargetID == "3AMSG1" && ch.Kind == domain.ChangeStar && !ch.Starred {
					n++
				}
			}
		}
		return n == 1
	})

	if err := e.phone.DeleteMessageForMe(ctx(t), bob, types.EmptyJID, "3AMINE", true, time.Unix(1_700_000_000, 0)); err != nil {
		t.Fatal(err)
	}
	got = e.change(t, domain.ChangeDeleteForMe, "3AMINE")
	if got.ChatJID != bob.String() || !got.FromMe || got.SenderJID != "" {
		t.Errorf("delete for me: %+v", got)
	}
}

func TestAppStateContactNames(t *testing.T) {
	dave := types.NewJID("15550004444", types.DefaultUserServer)
	daveLID := types.NewJID("88000444", types.HiddenUserServer)
	// Saved before linking: it comes in the first (full) sync, which
	// whatsmeow keeps in Store.Contacts without events.
	e := newAppStateEnv(t, func(p *fakewa.Phone) {
		if err := p.SaveContact(ctx(t), bob, "Bob Builder", "Bob", types.EmptyJID); err != nil {
			t.Fatal(err)
		}
	})
	e.contact(t, "address-book name from the snapshot", bob.String(), func(c domain.Contact) bool {
		return c.FullName == "Bob Builder" && c.FirstName == "Bob"
	})

	if err := e.phone.SaveContact(ctx(t), dave, "Dave Grohl", "Dave", daveLID); err != nil {
		t.Fatal(err)
	}
	got := e.contact(t, "saved contact", dave.String(), func(c domain.Contact) bool { return c.FullName != "" })
	if want := (domain.Contact{JID: dave.String(), AltJID: daveLID.String(), FullName: "Dave Grohl", FirstName: "Dave"}); got != want {
		t.Errorf("contact: got %+v, want %+v", got, want)
	}

	sent := time.Unix(1_800_000_100, 0)
	if _, err := e.phone.SendMessage(ctx(t), e.companion, &waE2E.Message{Conversation: proto.String("hi")},
		fakewa.MessageOpts{Chat: carol, PushName: "Caro", Timestamp: sent}); err != nil {
		t.Fatal(err)
	}
	got = e.contact(t, "push name", carol.String(), func(c domain.Contact) bool { return c.PushName != "" })
	if got.PushName != "Caro" || got.PushNameTS != sent.Unix() || got.FullName != "" {
		t.Errorf("push name: %+v", got)
	}
}

func TestAppStateFailedStoreIsFetchedAgain(t *testing.T) {
	e := newAppStateEnv(t, nil)
	e.sink.mu.Lock()
	e.sink.fail = 2
	e.sink.mu.Unlock()
	if err := e.phone.PinChat(ctx(t), bob, true); err != nil {
		t.Fatal(err)
	}
	if err := e.phone.PinChat(ctx(t), bob, false); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	defer close(stop)
	go func() { // let the re-fetch backoff elapse
		for {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
				e.clock.Advance(time.Minute)
			}
		}
	}()
	// Both changes failed; the full re-fetch hands over the current state.
	e.waitFor(t, "the current pin stored", func(_ domain.Session, chunks []domain.HistoryChunk) bool {
		for _, c := range chunks {
			for _, up := range c.Chats {
				if up.JID == bob.String() && isSet(up.Pinned, false) {
					return true
				}
			}
		}
		return false
	})
	e.sink.mu.Lock()
	defer e.sink.mu.Unlock()
	if e.sink.failed != 2 {
		t.Errorf("%d stores failed, want 2", e.sink.failed)
	}
	for _, c := range e.sink.chunks {
		for _, up := range c.Chats {
			if up.JID == bob.String() && isSet(up.Pinned, true) {
				t.Errorf("a pin the phone had already undone was stored: %+v", up)
			}
		}
	}
}
