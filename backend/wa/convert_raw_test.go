package wa_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/proto/waHistorySync"
	"google.golang.org/protobuf/proto"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/store"
	"github.com/wasync/wasync/backend/wa/fakewa"
)

func TestStoredRowsAreDerivedAgainFromTheirRawMessages(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.linkByQR(t)
	chat := "15557773400@s.whatsapp.net"
	h.send(t, textMsg("live text"), fakewa.MessageOpts{ID: "L1", Chat: mustJID(chat), PushName: "Pat", Timestamp: time.Unix(1_750_000_900, 0)})
	doc := &waE2E.Message{DocumentMessage: &waE2E.DocumentMessage{FileName: proto.String("report.pdf"), Caption: proto.String("the report"), FileLength: proto.Uint64(2048)}}
	h.history(t, oneChat(waHistorySync.HistorySync_RECENT, conv(chat,
		webMsg(chat, "H1", 1_700_000_001, textMsg("history text")),
		webMsg(chat, "H2", 1_700_000_002, doc),
		webMsg(chat, "H3", 1_700_000_003, textMsg("its raw is lost")),
	)))
	var before map[string]domain.Message
	eventually(t, "the rows", func() (bool, string) {
		before = storedMessages(t, h, chat)
		return len(before) == 4, fmt.Sprintf("%v", before)
	})

	// Rows an older converter derived badly, and one raw message that no
	// longer converts.
	db := h.st.WhatsmeowDB()
	c := context.Background()
	for _, q := range []string{
		`UPDATE messages SET type = 'unsupported', text = 'stale', media_kind = '', media_name = '' WHERE chat_jid = '` + chat + `'`,
		`UPDATE message_raw SET converter = 0`,
		`UPDATE message_raw SET raw = x'0901' WHERE rowid = (SELECT rowid FROM messages WHERE id = 'H3')`,
	} {
		if _, err := db.ExecContext(c, q); err != nil {
			t.Fatal(err)
		}
	}
	if err := h.st.SetSetting(c, store.SettingConverterVersion, "0"); err != nil {
		t.Fatal(err)
	}
	res, err := h.st.ReconvertIfOlder(c, h.cli.ConvertRaw)
	if err != nil || res.Converted != 3 || res.Failed != 1 {
		t.Fatalf("pass: %+v %v", res, err)
	}
	after := storedMessages(t, h, chat)
	for _, id := range []string{"L1", "H1", "H2"} {
		b, a := before[id], after[id]
		if a.Type != b.Type || a.Text != b.Text || a.Sender != b.Sender || a.Timestamp != b.Timestamp || fmt.Sprint(a.Media) != fmt.Sprint(b.Media) {
			t.Errorf("%s derived again as %+v, want %+v", id, a, b)
		}
	}
	if h3 := after["H3"]; h3.Text != "stale" || h3.Type != domain.TypeUnsupported {
		t.Errorf("the row whose raw no longer converts changed: %+v", h3)
	}
	if v, _, _ := h.st.Setting(c, store.SettingConverterVersion); v != "0" {
		t.Errorf("converter version recorded as %q although a row failed", v)
	}
}
