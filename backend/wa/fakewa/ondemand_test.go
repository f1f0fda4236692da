package fakewa_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/proto/waHistorySync"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/wasync/wasync/backend/wa/fakewa"
)

// onDemandSetup is a linked client that got the initial part of a split
// generated history, and the whole history for reference.
type onDemandSetup struct {
	srv   *fakewa.Server
	phone *fakewa.Phone
	c     *client
	jid   types.JID
	g     *fakewa.HistoryGenerator
	exp   fakewa.Expected
	got   map[string][]*waHistorySync.HistorySyncMsg // conversation ID → messages received initially
	full  map[string][]*waHistorySync.HistorySyncMsg // conversation ID → every message, newest first
}

// splitOpts: 200 messages per chat, the newest 20 sent initially.
func splitOpts(phone *fakewa.Phone) fakewa.GenOpts {
	return fakewa.GenOpts{Seed: 11, Chats: 3, Groups: 1, MessagesPerChat: 200, InitialPerChat: 20, ChunkMessages: 50, Owner: phone.JID()}
}

func newOnDemandSetup(t *testing.T) *onDemandSetup {
	t.Helper()
	srv, phone, c, jid := linkedManual(t)
	ctx := testCtx(t)
	opts := splitOpts(phone)
	s := &onDemandSetup{srv: srv, phone: phone, c: c, jid: jid, g: fakewa.NewHistoryGenerator(opts)}
	s.exp = s.g.Expected()
	if err := phone.SendGeneratedHistory(ctx, s.g, fakewa.HistoryOpts{}); err != nil {
		t.Fatal(err)
	}
	var initial []*waHistorySync.HistorySync
	for _, notif := range historyNotifications(c) {
		hs, err := c.DownloadHistorySync(ctx, notif, true)
		if err != nil {
			t.Fatal(err)
		}
		initial = append(initial, hs)
	}
	s.got = messagesByConv(initial)
	opts.InitialPerChat = 0
	s.full = messagesByConv(fakewa.GenerateHistory(opts).Chunks)
	return s
}

// messagesByConv groups the messages of syncs by conversation ID, newest
// first.
func messagesByConv(syncs []*waHistorySync.HistorySync) map[string][]*waHistorySync.HistorySyncMsg {
	out := map[string][]*waHistorySync.HistorySyncMsg{}
	for _, hs := range syncs {
		for _, conv := range hs.GetConversations() {
			out[conv.GetID()] = append(out[conv.GetID()], conv.GetMessages()...)
		}
	}
	for _, msgs := range out {
		slices.SortFunc(msgs, func(a, b *waHistorySync.HistorySyncMsg) int {
			return -cmpMsg(a, b)
		})
	}
	return out
}

// cmpMsg orders messages by timestamp, then id.
func cmpMsg(a, b *waHistorySync.HistorySyncMsg) int {
	at, bt := a.GetMessage().GetMessageTimestamp(), b.GetMessage().GetMessageTimestamp()
	if at != bt {
		return int(int64(at) - int64(bt))
	}
	return strings.Compare(a.GetMessage().GetKey().GetID(), b.GetMessage().GetKey().GetID())
}

// request sends an on-demand request for chat anchored on anchor, as the
// app does, and returns its message id.
func (s *onDemandSetup) request(t *testing.T, chat types.JID, anchor *waHistorySync.HistorySyncMsg, count int) string {
	t.Helper()
	info, err := s.c.ParseWebMessage(chat, anchor.GetMessage())
	if err != nil {
		t.Fatal(err)
	}
	resp, err := s.c.SendMessage(testCtx(t), s.c.Store.ID.ToNonAD(), s.c.BuildHistorySyncRequest(&info.Info, count),
		whatsmeow.SendRequestExtra{Peer: true})
	if err != nil {
		t.Fatalf("send on-demand request: %v", err)
	}
	return resp.ID
}

// waitAnswer waits for the history sync notification answering session,
// downloads it and returns both.
func (s *onDemandSetup) waitAnswer(t *testing.T, session string) (*waE2E.HistorySyncNotification, *waHistorySync.HistorySync) {
	t.Helper()
	for since := 0; ; since++ {
		var msg *events.Message
		msg, since = waitEvent[*events.Message](t, s.c.ev, since)
		notif := msg.Message.GetProtocolMessage().GetHistorySyncNotification()
		if notif.GetPeerDataRequestSessionID() != session {
			continue
		}
		if notif.GetSyncType() != waE2E.HistorySyncType_ON_DEMAND || notif.GetInitialHistBootstrapInlinePayload() != nil ||
			notif.GetDirectPath() == "" || !msg.Info.IsFromMe || msg.Info.Category != "peer" {
			t.Errorf("answer notification %v, info %+v", notif, msg.Info)
		}
		hs, err := s.c.DownloadHistorySync(testCtx(t), notif, true)
		if err != nil {
			t.Fatalf("download on-demand answer: %v", err)
		}
		return notif, hs
	}
}

// checkAnswer checks hs is ON_DEMAND for chat with exactly want, and the
// end-of-history type.
func checkAnswer(t *testing.T, hs *waHistorySync.HistorySync, chat types.JID, want []*waHistorySync.HistorySyncMsg, more bool) {
	t.Helper()
	if hs.GetSyncType() != waHistorySync.HistorySync_ON_DEMAND || len(hs.GetConversations()) != 1 {
		t.Fatalf("answer: sync type %v with %d conversations", hs.GetSyncType(), len(hs.GetConversations()))
	}
	conv := hs.GetConversations()[0]
	wantEnd := waHistorySync.Conversation_COMPLETE_AND_NO_MORE_MESSAGE_REMAIN_ON_PRIMARY
	if more {
		wantEnd = waHistorySync.Conversation_COMPLETE_BUT_MORE_MESSAGES_REMAIN_ON_PRIMARY
	}
	if conv.GetID() != chat.String() || conv.GetEndOfHistoryTransferType() != wantEnd {
		t.Errorf("answer conversation %s with end type %v, want %s with %v", conv.GetID(), conv.GetEndOfHistoryTransferType(), chat, wantEnd)
	}
	got := conv.GetMessages()
	if len(got) != len(want) {
		t.Fatalf("answer has %d messages, want %d", len(got), len(want))
	}
	for i := range got {
		if !proto.Equal(got[i], want[i]) {
			t.Fatalf("answer message %d is %s, want %s", i, got[i].GetMessage().GetKey().GetID(), want[i].GetMessage().GetKey().GetID())
		}
	}
}

func (s *onDemandSetup) finish(t *testing.T) {
	t.Helper()
	assertNoUnhandled(t, s.srv)
	if errs := s.phone.PeerErrors(); len(errs) > 0 {
		t.Errorf("phone could not handle peer messages: %v", errs)
	}
	for _, r := range s.phone.OnDemandReplies() {
		if r.Err != nil {
			t.Errorf("answer to %s: %v", r.RequestID, r.Err)
		}
	}
}

// groupChat is the generated group, whose history is not aliased.
func (s *onDemandSetup) groupChat(t *testing.T) types.JID {
	t.Helper()
	for id := range s.exp.Counts {
		if strings.HasSuffix(id, "@g.us") {
			return mustJID(t, id)
		}
	}
	t.Fatal("no group in the history")
	return types.JID{}
}

func TestOnDemandPagesThroughArchive(t *testing.T) {
	t.Parallel()
	s := newOnDemandSetup(t)
	chat := s.groupChat(t)
	got, full := s.got[chat.String()], s.full[chat.String()]
	if len(got) != 20 || len(full) != 200 || s.exp.OnDemandMessages[chat.String()] != 180 || !s.exp.MoreOnPhone[chat.String()] {
		t.Fatalf("initial %d of %d messages, %d on demand", len(got), len(full), s.exp.OnDemandMessages[chat.String()])
	}
	anchor := got[len(got)-1]
	mark := len(s.srv.Received())
	id := s.request(t, chat, anchor, 30)

	// Recorded before the server's ack, so before SendMessage returned.
	reqs := s.phone.OnDemandRequests()
	if len(reqs) != 1 {
		t.Fatalf("phone recorded %d requests, want 1", len(reqs))
	}
	r := reqs[0]
	key := anchor.GetMessage().GetKey()
	wantTS := time.Unix(int64(anchor.GetMessage().GetMessageTimestamp()), 0)
	if r.RequestID != id || r.Chat != chat || r.OldestMsgID != key.GetID() || r.OldestMsgFromMe != key.GetFromMe() ||
		!r.OldestMsgTimestamp.Equal(wantTS) || r.Count != 30 || r.Companion != s.jid || r.ReceivedAt.IsZero() {
		t.Errorf("request %+v; want id %s chat %s anchor %s/%v/%v", r, id, chat, key.GetID(), key.GetFromMe(), wantTS)
	}
	// whatsmeow encrypts a peer message on its existing session with the
	// phone (as the phone's LID): no usync, no prekey fetch.
	for _, rx := range s.srv.Received()[mark:] {
		if fakewa.IsIQ(rx.Node, "usync", "") || fakewa.IsIQ(rx.Node, "encrypt", "key") {
			t.Errorf("client sent an IQ for the request: %s", rx.Node.XMLString())
		}
		if rx.Node.Tag == "message" {
			if enc, ok := rx.Node.GetOptionalChildByTag("enc"); !ok || enc.Attrs["type"] != "msg" || rx.Node.Attrs["category"] != "peer" {
				t.Errorf("request stanza %s", rx.Node.XMLString())
			}
		}
	}
	media := len(s.srv.MediaRequests())
	_, hs := s.waitAnswer(t, id)
	if len(s.srv.MediaRequests()) != media+1 {
		t.Error("the answer was not downloaded from the media host")
	}
	// full[19] is the anchor: the next-older messages follow it.
	checkAnswer(t, hs, chat, full[20:50], true)

	// 80 is capped at 50; page on until nothing remains.
	next := 50
	for _, more := range []bool{true, true, false} {
		anchor = hs.GetConversations()[0].GetMessages()[len(hs.GetConversations()[0].GetMessages())-1]
		id = s.request(t, chat, anchor, 80)
		_, hs = s.waitAnswer(t, id)
		checkAnswer(t, hs, chat, full[next:next+50], more)
		next += 50
	}
	anchor = full[len(full)-1]
	id = s.request(t, chat, anchor, 80)
	_, hs = s.waitAnswer(t, id)
	checkAnswer(t, hs, chat, nil, false)

	if reqs := s.phone.OnDemandRequests(); len(reqs) != 5 || reqs[1].Count != 80 {
		t.Errorf("phone recorded %+v", reqs)
	}
	s.finish(t)
}

func TestOnDemandAliasedChat(t *testing.T) {
	t.Parallel()
	s := newOnDemandSetup(t)
	var lid, pn string
	for l, p := range s.exp.Aliases {
		lid, pn = l, p
	}
	// The newest 50 of the DM's 200 messages are under its LID; 20 were sent.
	got, fullLID, fullPN := s.got[lid], s.full[lid], s.full[pn]
	if len(got) != 20 || len(fullLID) != 50 || len(fullPN) != 150 || s.exp.Counts[pn] != 0 ||
		s.exp.OnDemandMessages[lid] != 30 || s.exp.OnDemandMessages[pn] != 150 || !s.exp.MoreOnPhone[lid] {
		t.Fatalf("split of the aliased DM: got %d, lid %d, pn %d, expected %+v", len(got), len(fullLID), len(fullPN), s.exp)
	}
	chat := mustJID(t, lid)
	id := s.request(t, chat, got[len(got)-1], 50)
	_, hs := s.waitAnswer(t, id)
	checkAnswer(t, hs, chat, append(slices.Clone(fullLID[20:]), fullPN[:20]...), true)
	s.finish(t)
}

func TestOnDemandNothingMoreAndSilent(t *testing.T) {
	t.Parallel()
	s := newOnDemandSetup(t)
	chat := s.groupChat(t)
	anchor := s.got[chat.String()][19]

	s.phone.SetOnDemandMode(fakewa.OnDemandNothingMore)
	id := s.request(t, chat, anchor, 30)
	_, hs := s.waitAnswer(t, id)
	checkAnswer(t, hs, chat, nil, false)

	s.phone.SetOnDemandMode(fakewa.OnDemandSilent)
	evMark := len(s.c.ev.all())
	silentID := s.request(t, chat, anchor, 30)
	if _, i, err := s.phone.WaitOnDemandRequest(testCtx(t), 1); err != nil || i != 1 {
		t.Fatalf("silent request not recorded: %d, %v", i, err)
	}
	// A per-chat mode overrides the silence; its answer comes after any
	// answer to the silent request would have.
	s.phone.SetChatOnDemandMode(chat, fakewa.OnDemandAnswer)
	id = s.request(t, chat, anchor, 30)
	_, hs = s.waitAnswer(t, id)
	checkAnswer(t, hs, chat, s.full[chat.String()][20:50], true)
	time.Sleep(100 * time.Millisecond)
	for _, evt := range s.c.ev.all()[evMark:] {
		if m, ok := evt.(*events.Message); ok && m.Message.GetProtocolMessage().GetHistorySyncNotification().GetPeerDataRequestSessionID() == silentID {
			t.Error("the silent phone answered")
		}
	}
	replies := s.phone.OnDemandReplies()
	if len(replies) != 2 || replies[0].Mode != fakewa.OnDemandNothingMore || replies[0].Messages != 0 || replies[1].Messages != 30 {
		t.Errorf("replies %+v", replies)
	}
	s.finish(t)
}

// TestOnDemandWithoutSession: whatsmeow never fetches devices or prekeys
// for a peer message; before the phone has written to the companion there
// is no session and SendMessage fails without sending anything.
func TestOnDemandWithoutSession(t *testing.T) {
	t.Parallel()
	srv, phone, c, _ := linkedManual(t)
	mark := len(srv.Received())
	info := &types.MessageInfo{MessageSource: types.MessageSource{Chat: phone.JID()}, ID: "3EB0ANCHOR", Timestamp: time.Now()}
	_, err := c.SendMessage(testCtx(t), c.Store.ID.ToNonAD(), c.BuildHistorySyncRequest(info, 30), whatsmeow.SendRequestExtra{Peer: true})
	if err == nil || !strings.Contains(err.Error(), whatsmeow.ErrNoSession.Error()) {
		t.Errorf("send without a session: %v, want %v", err, whatsmeow.ErrNoSession)
	}
	for _, rx := range srv.Received()[mark:] {
		if rx.Node.Tag == "message" || fakewa.IsIQ(rx.Node, "usync", "") || fakewa.IsIQ(rx.Node, "encrypt", "key") {
			t.Errorf("client sent %s", rx.Node.XMLString())
		}
	}
	if n := len(phone.OnDemandRequests()); n != 0 {
		t.Errorf("phone recorded %d requests", n)
	}
	assertNoUnhandled(t, srv)
}

func TestOnDemandWaitRequest(t *testing.T) {
	t.Parallel()
	srv := fakewa.NewTest(t, fakewa.Config{})
	phone := newPhone(t, srv)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, _, err := phone.WaitOnDemandRequest(ctx, 0); err == nil {
		t.Error("WaitOnDemandRequest returned without a request")
	}
	for _, m := range []fakewa.OnDemandMode{fakewa.OnDemandAnswer, fakewa.OnDemandNothingMore, fakewa.OnDemandSilent} {
		if got, err := fakewa.ParseOnDemandMode(m.String()); err != nil || got != m {
			t.Errorf("ParseOnDemandMode(%q) = %v, %v", m, got, err)
		}
	}
	if _, err := fakewa.ParseOnDemandMode("loud"); err == nil {
		t.Error("ParseOnDemandMode accepted a bad name")
	}
}

func TestSplitExpected(t *testing.T) {
	t.Parallel()
	opts := fakewa.GenOpts{Seed: 12, Chats: 4, Groups: 2, MessagesPerChat: 90, InitialPerChat: 15, ChunkMessages: 40}
	split := fakewa.GenerateHistory(opts)
	opts.InitialPerChat = 0
	whole := fakewa.GenerateHistory(opts)
	sent, total := countStorable(split.Chunks)
	if total != split.Total || total+split.OnDemandTotal != whole.Total {
		t.Errorf("sent %d + on demand %d, whole %d (expected %d)", total, split.OnDemandTotal, whole.Total, split.Total)
	}
	for conv, n := range whole.Counts {
		if sent[conv]+split.OnDemandCounts[conv] != n || split.Counts[conv] != sent[conv] {
			t.Errorf("%s: sent %d + on demand %d != %d", conv, sent[conv], split.OnDemandCounts[conv], n)
		}
		if !split.MoreOnPhone[conv] {
			t.Errorf("%s: no more on phone", conv)
		}
	}
	perChat := map[string]int{}
	for conv, msgs := range messagesByConv(split.Chunks) {
		if pn, ok := split.Aliases[conv]; ok {
			conv = pn
		}
		perChat[conv] += len(msgs)
	}
	for conv, n := range perChat {
		if n != 15 {
			t.Errorf("%s: %d messages sent, want 15", conv, n)
		}
	}
	if want := (6*15 + 39) / 40; len(split.Chunks) != want {
		t.Errorf("%d chunks, want %d", len(split.Chunks), want)
	}
}

func mustJID(t *testing.T, s string) types.JID {
	t.Helper()
	jid, err := types.ParseJID(s)
	if err != nil {
		t.Fatal(err)
	}
	return jid
}
