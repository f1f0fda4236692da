package api

import (
	"context"
	"encoding/json"
	"net/url"
	"testing"

	"github.com/wasync/wasync/backend/domain"
)

// archiveChat stores a message edited once and one deleted for everyone.
func archiveChat(t *testing.T, h *harness, chat string) {
	t.Helper()
	seedChat(t, h, chat, "first words")
	_, err := h.st.ApplyHistory(context.Background(), 0, domain.HistoryChunk{
		Messages: []domain.StoredMessage{{ChatJID: chat, ID: "M2", Timestamp: 1_700_000_010, Type: "text", Text: "regret this"}},
		Changes: []domain.MessageChange{
			{Kind: domain.ChangeEdit, ChatJID: chat, TargetID: "M1", Text: "better words", Timestamp: 1_700_000_100},
			{Kind: domain.ChangeRevoke, ChatJID: chat, TargetID: "M2", Timestamp: 1_700_000_200},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestMessageVersionsRoute(t *testing.T) {
	h := newHarness(t)
	const chat = "555@s.whatsapp.net"
	archiveChat(t, h, chat)
	path := "/chats/" + url.PathEscape(chat) + "/messages/M1/versions"
	if r := h.do(t, "GET", path, "", nil); r.code != 401 {
		t.Fatalf("without a key = %d", r.code)
	}
	r := h.do(t, "GET", path, "", withKey)
	var v domain.MessageVersionList
	if r.code != 200 || json.Unmarshal(r.env.Data, &v) != nil || len(v.Versions) != 2 ||
		v.Versions[0].Text != "first words" || !v.Versions[1].Current {
		t.Fatalf("versions = %d %s", r.code, r.raw)
	}
	if r := h.do(t, "GET", "/chats/"+url.PathEscape(chat)+"/messages/NOPE/versions", "", withKey); r.code != 404 {
		t.Fatalf("unknown message = %d", r.code)
	}
}

func TestHideDeletedContentSetting(t *testing.T) {
	h := newHarness(t)
	const chat = "555@s.whatsapp.net"
	archiveChat(t, h, chat)
	deleted := func() domain.Message {
		t.Helper()
		r := h.do(t, "GET", "/chats/"+url.PathEscape(chat)+"/messages", "", withKey)
		var page domain.MessagePage
		if err := json.Unmarshal(r.env.Data, &page); err != nil {
			t.Fatal(err)
		}
		for _, m := range page.Messages {
			if m.ID == "M2" {
				return m
			}
		}
		t.Fatalf("no deleted message in %s", r.raw)
		return domain.Message{}
	}
	if m := deleted(); !m.Deleted || m.Text != "regret this" {
		t.Fatalf("deleted content not kept: %+v", m)
	}
	if r := h.do(t, "PATCH", "/settings", `{"hide_deleted_content":true}`, nil); r.code != 401 {
		t.Fatalf("PATCH without a key = %d", r.code)
	}
	r := h.do(t, "PATCH", "/settings", `{"hide_deleted_content":true}`, withKey)
	var st domain.Settings
	if r.code != 200 || json.Unmarshal(r.env.Data, &st) != nil || !st.HideDeletedContent {
		t.Fatalf("PATCH = %d %s", r.code, r.raw)
	}
	if m := deleted(); !m.Deleted || m.Text != "" {
		t.Fatalf("content shown while hidden: %+v", m)
	}
	if r := h.do(t, "GET", "/settings", "", withKey); json.Unmarshal(r.env.Data, &st) != nil || !st.HideDeletedContent {
		t.Fatalf("GET /settings = %s", r.raw)
	}
	if r := h.do(t, "PATCH", "/settings", `{"nope":1}`, withKey); r.code != 400 {
		t.Fatalf("unknown field = %d", r.code)
	}
	h.do(t, "PATCH", "/settings", `{"hide_deleted_content":false}`, withKey)
	if m := deleted(); m.Text != "regret this" {
		t.Fatalf("content not back: %+v", m)
	}
}
