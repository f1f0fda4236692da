package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/wasync/wasync/backend/domain"
)

func TestRawIsCompressedAndRoundTrips(t *testing.T) {
	c := newCodec()
	raw := bytes.Repeat([]byte("\x0a\x1a\x0a\x12555@s.whatsapp.net\x1a\x143EB0ABCDEF hello "), 8)
	stored, err := c.compress(raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) >= len(raw)/2 {
		t.Fatalf("compressed %d bytes to %d", len(raw), len(stored))
	}
	for _, in := range [][]byte{raw, []byte("x"), {}} {
		st, err := c.compress(in)
		if err != nil {
			t.Fatal(err)
		}
		out, err := c.expand(st)
		if err != nil || !bytes.Equal(out, in) {
			t.Fatalf("round trip of %q: %q %v", in, out, err)
		}
	}
	if _, err := c.expand([]byte{9, 1}); err == nil {
		t.Fatal("an unknown codec must fail")
	}
}

func TestReconvertDerivesRowsAgainFromRaw(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	c := chunk(chat1, 0, 1200)
	for i := range c.Messages {
		c.Messages[i].Raw = []byte(fmt.Sprintf("raw%d", i))
	}
	apply(t, s, c)
	apply(t, s, changes(edit("ID0001", "edited text", 1_700_000_900)))
	convert := func(raw []byte) (domain.StoredMessage, bool, error) {
		switch string(raw) {
		case "raw2":
			return domain.StoredMessage{}, false, nil
		case "raw3":
			return domain.StoredMessage{}, false, errors.New("cannot")
		}
		return domain.StoredMessage{SenderJID: chat1, Timestamp: 1_700_000_000, Type: "text", Text: "better " + string(raw)}, true, nil
	}
	res, err := s.ReconvertMessages(ctx, domain.ConverterVersion+1, convert)
	if err != nil || res.Converted != 1198 || res.Skipped != 1 || res.Failed != 1 {
		t.Fatalf("pass: %+v %v", res, err)
	}
	if m := message(t, s, "ID0000"); m.Text != "better raw0" || m.ChatJID != chat1 {
		t.Fatalf("row not derived again: %+v", m)
	}
	if m := message(t, s, "ID0001"); m.Text != "edited text" {
		t.Fatalf("an edited row must keep showing its edit: %+v", m)
	}
	if v := versions(t, s, "ID0001"); v[0].Text != "better raw1" {
		t.Fatalf("original version not derived again: %+v", v)
	}
	if m := message(t, s, "ID0002"); !strings.HasPrefix(m.Text, "hello") {
		t.Fatalf("skipped row changed: %+v", m)
	}
	if matches(t, s, "better") != 1197 || matches(t, s, "number0") != 0 {
		t.Fatalf("index not in step: %d", matches(t, s, "better"))
	}
	// Idempotent: only the failed row is visited again.
	if res, err := s.ReconvertMessages(ctx, domain.ConverterVersion+1, convert); err != nil || res.Converted != 0 || res.Failed != 1 {
		t.Fatalf("second pass: %+v %v", res, err)
	}
	if _, err := s.w.Exec(`INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')`); err != nil {
		t.Fatalf("fts integrity: %v", err)
	}
}

func TestReconvertIfOlderRecordsTheVersion(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	calls := 0
	convert := func([]byte) (domain.StoredMessage, bool, error) { calls++; return domain.StoredMessage{}, false, nil }
	if _, err := s.ReconvertIfOlder(ctx, convert); err != nil {
		t.Fatal(err)
	}
	if v, ok, _ := s.Setting(ctx, SettingConverterVersion); !ok || v != fmt.Sprint(domain.ConverterVersion) {
		t.Fatalf("version recorded = %q %v", v, ok)
	}
	c := chunk(chat1, 0, 1)
	c.Messages[0].Raw = []byte("r")
	apply(t, s, c)
	if _, err := s.ReconvertIfOlder(ctx, convert); err != nil || calls != 0 {
		t.Fatalf("rows of the current version converted again: %d %v", calls, err)
	}
}
