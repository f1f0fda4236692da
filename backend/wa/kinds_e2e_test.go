package wa_test

import (
	"context"
	"sort"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/proto/waHistorySync"
	"go.mau.fi/whatsmeow/proto/waWeb"
	"google.golang.org/protobuf/proto"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/wa/fakewa"
)

// listed returns the messages of chat as the API lists them, by id.
func listed(t *testing.T, h *harness, chat string) map[string]domain.Message {
	t.Helper()
	page, err := h.st.Messages(context.Background(), domain.MessageQuery{ChatJID: chat, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]domain.Message{}
	for _, m := range page.Messages {
		out[m.ID] = m
	}
	return out
}

// searched reports whether a search for q finds message id.
func searched(t *testing.T, h *harness, q, id string) bool {
	t.Helper()
	res, err := h.st.Search(context.Background(), domain.SearchQuery{Q: q, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Results {
		if r.MessageID == id {
			return true
		}
	}
	return false
}

func TestEveryKindSentLiveIsStoredListedAndSearchable(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	companion := h.phone.Companions()[0]
	chat := "15557779000@s.whatsapp.net"
	kinds := fakewa.EveryKind()
	names := make([]string, 0, len(kinds))
	for n := range kinds {
		names = append(names, n)
	}
	sort.Strings(names)
	ids := map[string]string{}
	for i, n := range names {
		id, err := h.phone.SendMessage(ctx(t), companion, kinds[n].Message, fakewa.MessageOpts{
			Chat: mustJID(chat), PushName: "Kim", Timestamp: time.Unix(1_750_001_000+int64(i), 0),
		})
		if err != nil {
			t.Fatalf("send %s: %v", n, err)
		}
		ids[n] = id
	}
	h.waitEvents(t, domain.EventMessageReceived, len(names))
	got := listed(t, h, chat)
	for _, n := range names {
		k, m := kinds[n], got[ids[n]]
		if m.ID == "" {
			t.Errorf("%s: not stored", n)
			continue
		}
		if m.Type != k.Type {
			t.Errorf("%s: type %q, want %q", n, m.Type, k.Type)
		}
		if k.Text != "" && k.Type != "system" && k.Type != "placeholder" && !searched(t, h, k.Text, ids[n]) {
			t.Errorf("%s: search for %q does not find it (text %q)", n, k.Text, m.Text)
		}
	}
	// The four examples, each checked for what it keeps.
	if v := got[ids["ptvMessage"]]; v.Media == nil || v.Media.Duration != 12 || !v.Content.Media.RoundVideo {
		t.Errorf("round video note of 12 s: %+v", v)
	}
	if c := got[ids["contactsArrayMessage"]].Content; c == nil || len(c.Contacts) != 2 || c.Contacts[1].WaID != "15550113" {
		t.Errorf("two contact cards: %+v", c)
	}
	if e := got[ids["eventMessage"]].Content; e == nil || e.CalendarEvent == nil || e.CalendarEvent.Name != "Team dinner" {
		t.Errorf("event Team dinner: %+v", e)
	}
}

func TestHistoryStubsBecomeSystemRows(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	group := "120363000000000077@g.us"
	added := "15557779101@s.whatsapp.net"
	msg := func(id string, ts uint64, m *waE2E.Message) *waHistorySync.HistorySyncMsg {
		hm := webMsg(group, id, ts, m)
		hm.Message.Key.Participant = proto.String("15557779100@s.whatsapp.net")
		return hm
	}
	add := msg("ADD1", 1_700_000_100, nil)
	add.Message.MessageStubType = waWeb.WebMessageInfo_GROUP_PARTICIPANT_ADD.Enum()
	add.Message.MessageStubParameters = []string{added}
	revoked := msg("DEL1", 1_700_000_300, nil)
	revoked.Message.MessageStubType = waWeb.WebMessageInfo_REVOKE.Enum()
	hs := oneChat(waHistorySync.HistorySync_FULL, &waHistorySync.Conversation{ID: proto.String(group), Name: proto.String("Kin"),
		Messages: []*waHistorySync.HistorySyncMsg{
			add, msg("T1", 1_700_000_200, textMsg("before")), revoked, msg("T2", 1_700_000_400, textMsg("after")),
		}})
	if _, err := h.phone.SendHistorySync(ctx(t), h.phone.Companions()[0], hs, fakewa.HistoryOpts{}); err != nil {
		t.Fatal(err)
	}
	h.waitSynced(t, 1)
	got := listed(t, h, group)
	if a := got["ADD1"]; a.Type != "system" || a.Text != "Pat added +15557779101" || a.Timestamp != "2023-11-14T22:15:00Z" {
		t.Errorf("participant add: %+v", a)
	}
	d := got["DEL1"]
	if d.Type != domain.TypeDeleted || !d.Deleted {
		t.Errorf("revoke stub: %+v", d)
	}
	if got["T1"].Timestamp >= d.Timestamp || d.Timestamp >= got["T2"].Timestamp {
		t.Errorf("the deleted row is not between the two texts: %s %s %s", got["T1"].Timestamp, d.Timestamp, got["T2"].Timestamp)
	}
}
