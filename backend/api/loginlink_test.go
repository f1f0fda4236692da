package api

import (
	"encoding/json"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wasync/wasync/backend/auth"
)

// linkGone checks the page a browser gets for a link that no longer works:
// HTML, not JSON, leading to the login form.
func linkGone(t *testing.T, r reply) {
	t.Helper()
	if r.code != 410 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
		t.Fatalf("dead link = %d %s: %s", r.code, r.header.Get("Content-Type"), r.raw)
	}
	if !strings.Contains(r.raw, `href="/ui/"`) || !strings.Contains(r.raw, "wasync-server login-link") || strings.Contains(r.raw, `"status"`) {
		t.Fatalf("dead link page:\n%s", r.raw)
	}
}

func TestLoginLinkWorksOnceThenShowsThePage(t *testing.T) {
	h := newHarness(t)
	tok, _ := h.svc.NewLoginLink(t.Context())
	r := h.do(t, "GET", "/auth/link?token="+tok, "", nil)
	if r.code != 303 || r.header.Get("Location") != "/ui/" || !strings.Contains(r.header.Get("Set-Cookie"), sessionCookie) {
		t.Fatalf("link = %d %v", r.code, r.header)
	}
	linkGone(t, h.do(t, "GET", "/auth/link?token="+tok, "", nil))
	linkGone(t, h.do(t, "GET", "/auth/link", "", nil))
}

func TestExpiredLoginLinkShowsThePage(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	h := newHarnessAt(t, clock)
	tok, exp := h.svc.NewLoginLink(t.Context())
	if !exp.Equal(now.Add(auth.LinkTTL)) {
		t.Fatalf("expires %s", exp)
	}
	mu.Lock()
	now = now.Add(auth.LinkTTL + time.Second)
	mu.Unlock()
	linkGone(t, h.do(t, "GET", "/auth/link?token="+tok, "", nil))
}

func TestMintLoginLinkNeedsTheKeyAndNamesTheCallersHost(t *testing.T) {
	h := newHarness(t)
	if r := h.do(t, "POST", "/auth/login-link", "", nil); r.code != 401 {
		t.Fatalf("minted without key: %d", r.code)
	}
	r := h.do(t, "POST", "/auth/login-link", "", withKey)
	var out loginLinkURL
	if r.code != 200 || json.Unmarshal(r.env.Data, &out) != nil {
		t.Fatalf("mint = %d %s", r.code, r.raw)
	}
	u, err := url.Parse(out.URL)
	if err != nil || u.Host != h.host || u.Path != "/auth/link" || u.Query().Get("token") == "" || out.ExpiresAt == "" {
		t.Fatalf("link %q (%v), expires %q", out.URL, err, out.ExpiresAt)
	}
	if r := h.do(t, "GET", u.RequestURI(), "", nil); r.code != 303 {
		t.Fatalf("minted link = %d", r.code)
	}
}
