package wa_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/types"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/wa/fakewa"
)

// chatListed returns the chat list's entry for jid.
func chatListed(t *testing.T, h *harness, jid string) (domain.Chat, bool) {
	t.Helper()
	page, err := h.st.Chats(context.Background(), domain.ChatQuery{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range page.Chats {
		if c.JID == jid {
			return c, true
		}
	}
	return domain.Chat{}, false
}

// TestNamesAddressBookGroupSubjectAndParticipants: the chat list shows the
// address-book name over the push name, a group's subject from a group
// info query on first sight and again after the phone renames it, and the
// group's participants with their names.
func TestNamesAddressBookGroupSubjectAndParticipants(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	if err := h.phone.ShareAppStateKeys(ctx(t), h.phone.Companions()[0]); err != nil {
		t.Fatal(err)
	}
	group := types.NewJID("120363000000000777", types.GroupServer)
	h.phone.SetGroup(fakewa.Group{JID: group, Subject: "Climbing", Description: "Sundays at the wall",
		Participants: []fakewa.GroupMember{{JID: bob, Admin: true}, {JID: carol}, {JID: h.phone.JID()}}})

	h.send(t, textMsg("hi"), fakewa.MessageOpts{ID: "N1", Chat: bob, PushName: "Bobby", Timestamp: time.Unix(1_750_000_700, 0)})
	eventually(t, "bob's push name", func() (bool, string) {
		c, ok := chatListed(t, h, bob.String())
		return ok && c.Name == "Bobby", fmt.Sprintf("%+v", c)
	})
	if err := h.phone.SaveContact(ctx(t), bob, "Robert Address", "Robert", types.EmptyJID); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the address-book name over the push name", func() (bool, string) {
		c, ok := chatListed(t, h, bob.String())
		return ok && c.Name == "Robert Address", fmt.Sprintf("%+v", c)
	})

	h.send(t, textMsg("see you sunday"), fakewa.MessageOpts{ID: "G1", Chat: group, Sender: carol, PushName: "Caro",
		Timestamp: time.Unix(1_750_000_800, 0)})
	eventually(t, "the group's subject on first sight", func() (bool, string) {
		c, ok := chatListed(t, h, group.String())
		return ok && c.Name == "Climbing", fmt.Sprintf("%+v", c)
	})
	detail, err := h.st.Chat(context.Background(), group.String())
	if err != nil {
		t.Fatal(err)
	}
	if detail.Description != "Sundays at the wall" || len(detail.Participants) != 3 {
		t.Fatalf("group detail %+v", detail)
	}
	names := map[string]domain.GroupParticipant{}
	for _, p := range detail.Participants {
		names[p.JID] = p
	}
	if p := names[bob.String()]; p.Name != "Robert Address" || !p.Admin {
		t.Fatalf("bob as a participant: %+v", p)
	}
	if p := names[carol.String()]; p.Name != "Caro" || p.Admin {
		t.Fatalf("carol as a participant: %+v", p)
	}

	if err := h.phone.RenameGroup(ctx(t), group, "Climbing club"); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the group's new subject", func() (bool, string) {
		c, ok := chatListed(t, h, group.String())
		return ok && c.Name == "Climbing club", fmt.Sprintf("%+v", c)
	})
}
