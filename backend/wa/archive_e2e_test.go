package wa_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/proto/waCommon"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/proto/waHistorySync"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/wa/fakewa"
)

// These tests run the whole path a message takes in the app: the fake
// WhatsApp, the real whatsmeow client, wa.Client, the history processor and
// the SQLite store, and check what the archive's reads return.

// eventually polls ok until it holds, failing with its last explanation.
func eventually(t *testing.T, what string, ok func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		done, why := ok()
		if done {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %s within %v: %s", what, waitTimeout, why)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// storedMessages lists every message the archive shows in chat.
func storedMessages(t *testing.T, h *harness, chat string) map[string]domain.Message {
	t.Helper()
	out := map[string]domain.Message{}
	before := ""
	for {
		page, err := h.st.Messages(context.Background(), domain.MessageQuery{ChatJID: chat, Before: before, Limit: 500})
		if domain.ErrorCode(err) == domain.CodeNotFound {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range page.Messages {
			out[m.ID] = m
		}
		if page.NextCursor == "" {
			return out
		}
		before = page.NextCursor
	}
}

// send delivers a live message from the phone and fails the test on error.
func (h *harness) send(t *testing.T, m *waE2E.Message, opts fakewa.MessageOpts) {
	t.Helper()
	if _, err := h.phone.SendMessage(ctx(t), h.phone.Companions()[0], m, opts); err != nil {
		t.Fatal(err)
	}
}

// history sends one history chunk from the phone.
func (h *harness) history(t *testing.T, hs *waHistorySync.HistorySync) {
	t.Helper()
	if _, err := h.phone.SendHistorySync(ctx(t), h.phone.Companions()[0], hs, fakewa.HistoryOpts{}); err != nil {
		t.Fatal(err)
	}
}

func conv(jid string, msgs ...*waHistorySync.HistorySyncMsg) *waHistorySync.Conversation {
	return &waHistorySync.Conversation{ID: proto.String(jid), Messages: msgs}
}

func TestArchiveCorruptBlobFailsWithItsReasonAndRetrySucceeds(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	chat := "15557773000@s.whatsapp.net"
	chunk := func(id string, ts uint64) *waHistorySync.HistorySync {
		return oneChat(waHistorySync.HistorySync_RECENT, conv(chat, webMsg(chat, id, ts, textMsg("text of "+id))))
	}
	companion := h.phone.Companions()[0]
	if _, err := h.phone.SendHistorySync(ctx(t), companion, chunk("BAD1", 1_700_000_001), fakewa.HistoryOpts{Fault: fakewa.BlobBadZlib}); err != nil {
		t.Fatal(err)
	}
	// A blob the media host has lost for now (410), then finds again.
	gone, err := h.phone.HistoryNotification(chunk("GONE1", 1_700_000_002), fakewa.HistoryOpts{})
	if err != nil {
		t.Fatal(err)
	}
	h.srv.FailMedia(gone.GetDirectPath(), http.StatusGone, 1)
	if _, err := h.phone.SendHistoryNotification(ctx(t), companion, gone, fakewa.HistoryOpts{}); err != nil {
		t.Fatal(err)
	}
	h.history(t, chunk("GOOD1", 1_700_000_003))
	h.history(t, chunk("GOOD2", 1_700_000_004))

	var failed []domain.NotificationInfo
	eventually(t, "two failed notifications and the good ones stored", func() (bool, string) {
		page, err := h.st.HistoryNotifications(context.Background(), domain.NotificationQuery{Status: "failed", Limit: 10})
		if err != nil {
			return false, err.Error()
		}
		failed = page.Notifications
		got := storedMessages(t, h, chat)
		_, g1 := got["GOOD1"]
		_, g2 := got["GOOD2"]
		return len(failed) == 2 && g1 && g2, fmt.Sprintf("failed %+v, stored %v", failed, got)
	})
	for _, n := range failed {
		if n.Error == "" || n.SyncType != "RECENT" {
			t.Errorf("failed notification without its reason: %+v", n)
		}
	}
	if got := storedMessages(t, h, chat); len(got) != 2 {
		t.Fatalf("stored %v, want only the good ones", got)
	}

	// Retrying both: the one whose blob is back is stored, the corrupt one
	// fails again with its reason.
	if n, err := h.st.RetryFailedHistoryNotifications(context.Background()); err != nil || n != 2 {
		t.Fatalf("retry: %d %v", n, err)
	}
	h.proc.Wake()
	eventually(t, "the retried blob stored", func() (bool, string) {
		got := storedMessages(t, h, chat)
		page, err := h.st.HistoryNotifications(context.Background(), domain.NotificationQuery{Status: "failed", Limit: 10})
		if err != nil {
			return false, err.Error()
		}
		_, ok := got["GONE1"]
		return ok && len(got) == 3 && len(page.Notifications) == 1 && page.Notifications[0].Error != "",
			fmt.Sprintf("stored %v, failed %+v", got, page.Notifications)
	})
}

func TestArchiveLIDAndPhoneNumberAreOneChatInEveryOrder(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	c := context.Background()
	oneChatHolds := func(t *testing.T, pn, lid string, ids ...string) {
		t.Helper()
		eventually(t, "one chat "+pn, func() (bool, string) {
			byLID, err := h.st.Chat(c, lid)
			if err != nil || byLID.JID != pn {
				return false, fmt.Sprintf("chat by LID: %+v %v", byLID, err)
			}
			got := storedMessages(t, h, pn)
			for _, id := range ids {
				if _, ok := got[id]; !ok {
					return false, fmt.Sprintf("%s missing from %v", id, got)
				}
			}
			if lidRows := storedMessages(t, h, lid); len(lidRows) != len(ids) {
				return false, fmt.Sprintf("under the LID: %v", lidRows)
			}
			return len(got) == len(ids), fmt.Sprintf("stored %v", got)
		})
		page, err := h.st.Chats(c, domain.ChatQuery{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		for _, ch := range page.Chats {
			if ch.JID == lid {
				t.Fatalf("a second chat under the LID: %+v", ch)
			}
		}
	}

	t.Run("both in one chunk", func(t *testing.T) {
		lid, pn := "88003001@lid", "15557773001@s.whatsapp.net"
		h.history(t, &waHistorySync.HistorySync{
			SyncType: waHistorySync.HistorySync_INITIAL_BOOTSTRAP.Enum(),
			Conversations: []*waHistorySync.Conversation{
				conv(lid, webMsg(lid, "A1", 1_700_000_001, textMsg("under the LID"))),
				conv(pn, webMsg(pn, "A2", 1_700_000_002, textMsg("under the number"))),
			},
			PhoneNumberToLidMappings: []*waHistorySync.PhoneNumberToLIDMapping{{PnJID: proto.String(pn), LidJID: proto.String(lid)}},
		})
		oneChatHolds(t, pn, lid, "A1", "A2")
	})
	t.Run("history under the LID, then live from the number", func(t *testing.T) {
		lid, pn := "88003002@lid", "15557773002@s.whatsapp.net"
		h.history(t, oneChat(waHistorySync.HistorySync_RECENT, conv(lid, webMsg(lid, "B1", 1_700_000_001, textMsg("old")))))
		eventually(t, "the LID history", func() (bool, string) { return len(storedMessages(t, h, lid)) == 1, "" })
		h.send(t, textMsg("new"), fakewa.MessageOpts{ID: "B2", Chat: mustJID(pn), SenderAlt: mustJID(lid), Timestamp: time.Unix(1_750_000_001, 0)})
		oneChatHolds(t, pn, lid, "B1", "B2")
	})
	t.Run("history under the number, then live from the LID", func(t *testing.T) {
		lid, pn := "88003003@lid", "15557773003@s.whatsapp.net"
		h.history(t, oneChat(waHistorySync.HistorySync_RECENT, conv(pn, webMsg(pn, "C1", 1_700_000_001, textMsg("old")))))
		eventually(t, "the number's history", func() (bool, string) { return len(storedMessages(t, h, pn)) == 1, "" })
		h.send(t, textMsg("new"), fakewa.MessageOpts{ID: "C2", Chat: mustJID(lid), SenderAlt: mustJID(pn), Timestamp: time.Unix(1_750_000_001, 0)})
		oneChatHolds(t, pn, lid, "C1", "C2")
	})
	t.Run("live from the LID, then history under the number", func(t *testing.T) {
		lid, pn := "88003004@lid", "15557773004@s.whatsapp.net"
		h.send(t, textMsg("new"), fakewa.MessageOpts{ID: "D2", Chat: mustJID(lid), SenderAlt: mustJID(pn), Timestamp: time.Unix(1_750_000_001, 0)})
		h.history(t, oneChat(waHistorySync.HistorySync_RECENT, conv(pn, webMsg(pn, "D1", 1_700_000_001, textMsg("old")))))
		oneChatHolds(t, pn, lid, "D1", "D2")
	})
}

func TestArchiveOnDemandAnswerLeavesChatState(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	chat := "15557773100@s.whatsapp.net"
	recent := conv(chat, webMsg(chat, "R1", 1_700_000_100, textMsg("recent")))
	recent.Archived, recent.Pinned, recent.MuteEndTime = proto.Bool(true), proto.Uint32(1_700_000_000), proto.Uint64(1_900_000_000)
	recent.UnreadCount, recent.MarkedAsUnread = proto.Uint32(3), proto.Bool(true)
	h.history(t, oneChat(waHistorySync.HistorySync_RECENT, recent))
	want := func(ch domain.Chat) bool {
		return ch.Archived && ch.Pinned && ch.Muted && ch.Unread == 3 && ch.MarkedUnread
	}
	eventually(t, "the chat's state", func() (bool, string) {
		ch, err := h.st.Chat(context.Background(), chat)
		return err == nil && want(ch), fmt.Sprintf("%+v %v", ch, err)
	})
	older := conv(chat, webMsg(chat, "O1", 1_600_000_000, textMsg("older")))
	older.Archived, older.Pinned, older.MuteEndTime = proto.Bool(false), proto.Uint32(0), proto.Uint64(0)
	older.UnreadCount, older.MarkedAsUnread = proto.Uint32(0), proto.Bool(false)
	h.history(t, oneChat(waHistorySync.HistorySync_ON_DEMAND, older))
	eventually(t, "the older page", func() (bool, string) {
		_, ok := storedMessages(t, h, chat)["O1"]
		return ok, ""
	})
	if ch, err := h.st.Chat(context.Background(), chat); err != nil || !want(ch) {
		t.Fatalf("after the on-demand answer: %+v %v", ch, err)
	}
}

// protocol builds a revoke or an edit of target in chat.
func protocol(chat, target string, edit string) *waE2E.Message {
	pm := &waE2E.ProtocolMessage{
		Key:  &waCommon.MessageKey{RemoteJID: proto.String(chat), FromMe: proto.Bool(false), ID: proto.String(target)},
		Type: waE2E.ProtocolMessage_REVOKE.Enum(),
	}
	if edit != "" {
		pm.Type = waE2E.ProtocolMessage_MESSAGE_EDIT.Enum()
		pm.EditedMessage = textMsg(edit)
		pm.TimestampMS = proto.Int64(1_750_000_500_000)
	}
	return &waE2E.Message{ProtocolMessage: pm}
}

func TestArchiveEditAndRevokeBeforeTheirTarget(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	chat := "15557773200@s.whatsapp.net"
	h.send(t, protocol(chat, "E1", "after the edit"), fakewa.MessageOpts{Chat: mustJID(chat), Timestamp: time.Unix(1_750_000_500, 0)})
	h.send(t, protocol(chat, "V1", ""), fakewa.MessageOpts{Chat: mustJID(chat), Timestamp: time.Unix(1_750_000_501, 0)})
	h.history(t, oneChat(waHistorySync.HistorySync_RECENT, conv(chat,
		webMsg(chat, "E1", 1_700_000_001, textMsg("before the edit")),
		webMsg(chat, "V1", 1_700_000_002, textMsg("said, then deleted")),
	)))
	var got map[string]domain.Message
	eventually(t, "both targets stored", func() (bool, string) {
		got = storedMessages(t, h, chat)
		return len(got) == 2, fmt.Sprintf("%v", got)
	})
	if e := got["E1"]; e.Text != "after the edit" || !e.Edited || e.EditCount != 1 || e.Deleted {
		t.Errorf("edited message %+v", e)
	}
	if v := got["V1"]; !v.Deleted || v.Text != "said, then deleted" {
		t.Errorf("revoked message %+v, want its content kept and flagged deleted", v)
	}
	vs, err := h.st.MessageVersions(context.Background(), chat, "E1")
	if err != nil || len(vs.Versions) != 2 || vs.Versions[0].Text != "before the edit" || !vs.Versions[0].Original ||
		vs.Versions[1].Text != "after the edit" || !vs.Versions[1].Current {
		t.Fatalf("versions %+v %v", vs, err)
	}
}

func TestArchiveUndecryptableThenRetriedIsOneRealRow(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	chat := "15557773300@s.whatsapp.net"
	opts := fakewa.MessageOpts{ID: "U1", Chat: mustJID(chat), Timestamp: time.Unix(1_750_000_600, 0), Garble: true}
	if _, err := h.phone.SendMessage(ctx(t), h.phone.Companions()[0], textMsg("lost?"), opts); !errors.Is(err, fakewa.ErrNotDelivered) {
		t.Fatalf("garbled message: %v", err)
	}
	eventually(t, "the placeholder", func() (bool, string) {
		m, ok := storedMessages(t, h, chat)["U1"]
		return ok && m.Type == domain.TypeWaiting, fmt.Sprintf("%+v", m)
	})
	opts.Garble = false
	h.send(t, textMsg("here it is"), opts)
	eventually(t, "the real message", func() (bool, string) {
		got := storedMessages(t, h, chat)
		m := got["U1"]
		return len(got) == 1 && m.Type == "text" && m.Text == "here it is", fmt.Sprintf("%v", got)
	})
}

func TestArchiveAppStateFromThePhoneLandsInTheRows(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	if err := h.phone.ShareAppStateKeys(ctx(t), h.phone.Companions()[0]); err != nil {
		t.Fatal(err)
	}
	bobJID, carolJID := bob.String(), carol.String()
	h.send(t, textMsg("hi from bob"), fakewa.MessageOpts{ID: "S1", Chat: bob, PushName: "Bobby", Timestamp: time.Unix(1_750_000_700, 0)})
	h.send(t, textMsg("bye from bob"), fakewa.MessageOpts{ID: "S2", Chat: bob, PushName: "Bobby", Timestamp: time.Unix(1_750_000_701, 0)})
	h.send(t, textMsg("hi from carol"), fakewa.MessageOpts{ID: "S3", Chat: carol, PushName: "Caro", Timestamp: time.Unix(1_750_000_702, 0)})
	eventually(t, "the messages", func() (bool, string) {
		return len(storedMessages(t, h, bobJID)) == 2 && len(storedMessages(t, h, carolJID)) == 1, ""
	})
	c := ctx(t)
	p := h.phone
	for _, err := range []error{
		p.ArchiveChat(c, bob, true), p.MarkChatRead(c, bob, false), p.PinChat(c, carol, true),
		p.MuteChat(c, carol, true, time.Time{}), p.StarMessage(c, bob, bob, "S1", false, true),
		p.DeleteMessageForMe(c, bob, bob, "S2", false, time.Unix(1_750_000_701, 0)),
		p.SaveContact(c, bob, "Robert Address", "Robert", types.EmptyJID),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	eventually(t, "the phone's changes in the rows", func() (bool, string) {
		b, err1 := h.st.Chat(context.Background(), bobJID)
		cr, err2 := h.st.Chat(context.Background(), carolJID)
		msgs := storedMessages(t, h, bobJID)
		ok := err1 == nil && err2 == nil && b.Archived && b.MarkedUnread && b.Name == "Robert Address" &&
			cr.Pinned && cr.Muted && cr.Name == "Caro" && msgs["S1"].Starred && msgs["S2"].DeletedForMe
		return ok, fmt.Sprintf("bob %+v, carol %+v, messages %+v", b, cr, msgs)
	})
}

func TestArchiveAppStateChangeSurvivesACrashWhileStoringIt(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	if err := h.phone.ShareAppStateKeys(ctx(t), h.phone.Companions()[0]); err != nil {
		t.Fatal(err)
	}
	h.send(t, textMsg("hi"), fakewa.MessageOpts{ID: "K1", Chat: bob, Timestamp: time.Unix(1_750_000_800, 0)})
	eventually(t, "the message", func() (bool, string) { return len(storedMessages(t, h, bob.String())) == 1, "" })
	h.sink.mu.Lock()
	h.sink.refuseLive = 1
	h.sink.mu.Unlock()
	if err := h.phone.ArchiveChat(ctx(t), bob, true); err != nil {
		t.Fatal(err)
	}
	h.waitLive(t, "the archive", func(c domain.HistoryChunk) bool {
		return len(c.Chats) == 1 && c.Chats[0].Archived != nil
	})
	// The store failed and the app stops before anything retries it (the
	// test clock never lets a backoff elapse).
	h.close()
	h.open(t)
	eventually(t, "the chat archived after the restart", func() (bool, string) {
		ch, err := h.st.Chat(context.Background(), bob.String())
		return err == nil && ch.Archived, fmt.Sprintf("%+v %v", ch, err)
	})
}
