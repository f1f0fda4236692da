package api

import (
	"encoding/json"
	"net/url"
	"testing"
)

// TestChatJIDsTakeBarePhoneNumbers names one chat every way a script might.
func TestChatJIDsTakeBarePhoneNumbers(t *testing.T) {
	h := newHarness(t)
	seedChat(t, h, "15550100@s.whatsapp.net", "hello from the phone number")
	for _, name := range []string{"15550100", "+1 555 0100", "1-555-0100", "15550100@s.whatsapp.net"} {
		p := url.PathEscape(name)
		if r := h.do(t, "GET", "/chats/"+p, "", withKey); r.code != 200 {
			t.Fatalf("GET /chats/%s = %d %s", p, r.code, r.raw)
		}
		r := h.do(t, "GET", "/chats/"+p+"/messages", "", withKey)
		var page struct {
			Messages []struct {
				ChatJID string `json:"chat_jid"`
			} `json:"messages"`
		}
		if r.code != 200 || json.Unmarshal(r.env.Data, &page) != nil || len(page.Messages) != 1 || page.Messages[0].ChatJID != "15550100@s.whatsapp.net" {
			t.Fatalf("messages of %q = %d %s", name, r.code, r.raw)
		}
		if r := h.do(t, "GET", "/chats/"+p+"/export", "", withKey); r.code != 200 {
			t.Fatalf("export of %q = %d", name, r.code)
		}
		r = h.do(t, "GET", "/search?q=hello&chat_jid="+url.QueryEscape(name), "", withKey)
		var res struct {
			Results []any `json:"results"`
		}
		if r.code != 200 || json.Unmarshal(r.env.Data, &res) != nil || len(res.Results) != 1 {
			t.Fatalf("search in %q = %d %s", name, r.code, r.raw)
		}
	}
	if r := h.do(t, "GET", "/chats/15550199", "", withKey); r.code != 404 {
		t.Fatalf("unknown number = %d", r.code)
	}
}
