package api

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/wasync/wasync/backend/auth"
	"github.com/wasync/wasync/backend/core"
	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/events"
	"github.com/wasync/wasync/backend/store"
)

const testKey = "test-key-0123456789abcdef"

type harness struct {
	srv  *httptest.Server
	host string
	svc  *core.Service
	bus  *events.Bus
	st   *store.Store
}

// seedChat stores one chat with one message, as a history sync would.
func seedChat(t *testing.T, h *harness, chat, text string) {
	t.Helper()
	_, err := h.st.ApplyHistory(context.Background(), 0, domain.HistoryChunk{
		Chats:    []domain.ChatUpsert{{JID: chat, Name: "Alice"}},
		Messages: []domain.StoredMessage{{ChatJID: chat, ID: "M1", Timestamp: 1_700_000_000, Type: "text", Text: text}},
	})
	if err != nil {
		t.Fatal(err)
	}
}

// newHarness runs the real server over the real core and a real SQLite
// store in a temp folder.
func newHarness(t *testing.T) *harness {
	t.Helper()
	return newHarnessAt(t, nil)
}

// newHarnessAt is newHarness with core on the clock now (nil: wall clock).
func newHarnessAt(t *testing.T, now func() time.Time) *harness {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(context.Background(), dir, store.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	keys, err := auth.LoadKeys(dir, testKey)
	if err != nil {
		t.Fatal(err)
	}
	bus := events.New(nil)
	log := slog.New(slog.DiscardHandler)
	svc := core.New(st, bus, keys, core.Info{DataDir: dir, Mode: "headless"}, log, now)
	ui := fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>wasync</title>")}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := New(Config{Addr: ln.Addr().String(), UI: ui, MaxBody: 4096, Log: log}, svc)
	hs := httptest.NewUnstartedServer(s.Handler())
	hs.Listener.Close()
	hs.Listener = ln
	hs.Start()
	t.Cleanup(hs.Close)
	return &harness{srv: hs, host: ln.Addr().String(), svc: svc, bus: bus, st: st}
}

type reply struct {
	code   int
	header http.Header
	env    struct {
		Status  bool            `json:"status"`
		Code    int             `json:"code"`
		Message string          `json:"message"`
		Error   string          `json:"error"`
		Data    json.RawMessage `json:"data"`
	}
	raw string
}

func (h *harness) do(t *testing.T, method, path, body string, hdr map[string]string) reply {
	t.Helper()
	req, err := http.NewRequest(method, h.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	r := reply{code: resp.StatusCode, header: resp.Header, raw: string(b)}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(b, &r.env); err != nil {
			t.Fatalf("%s %s: bad JSON %q", method, path, b)
		}
		if r.env.Code != resp.StatusCode {
			t.Fatalf("%s %s: envelope code %d != HTTP %d", method, path, r.env.Code, resp.StatusCode)
		}
	}
	return r
}

var withKey = map[string]string{"Authorization": testKey}

func TestHealthNeedsNoKey(t *testing.T) {
	h := newHarness(t)
	r := h.do(t, "GET", "/health", "", nil)
	if r.code != 200 || !r.env.Status || r.header.Get("X-Request-ID") == "" {
		t.Fatalf("health = %d %+v", r.code, r.env)
	}
}

func TestAuthComesBeforeRouting(t *testing.T) {
	h := newHarness(t)
	for _, p := range []string{"/settings", "/chats", "/no/such/route", "/events", "/webhooks"} {
		r := h.do(t, "GET", p, "", nil)
		if r.code != 401 || r.env.Status || r.env.Error == "" {
			t.Errorf("GET %s without key = %d %+v", p, r.code, r.env)
		}
		r = h.do(t, "GET", p, "", map[string]string{"Authorization": "wrong-key-xxxxxxxxxxxx"})
		if r.code != 401 {
			t.Errorf("GET %s with a wrong key = %d", p, r.code)
		}
	}
	for _, hdr := range []string{testKey, "Bearer " + testKey, "bearer  " + testKey} {
		if r := h.do(t, "GET", "/settings", "", map[string]string{"Authorization": hdr}); r.code != 200 {
			t.Errorf("Authorization %q = %d", hdr, r.code)
		}
	}
	if r := h.do(t, "GET", "/settings?key="+testKey, "", nil); r.code != 401 {
		t.Errorf("key in query string accepted: %d", r.code)
	}
}

func TestEnvelopeFor404And405(t *testing.T) {
	h := newHarness(t)
	r := h.do(t, "GET", "/nope", "", withKey)
	if r.code != 404 || r.env.Status || !strings.Contains(r.env.Error, "/nope") {
		t.Fatalf("404 = %d %+v", r.code, r.env)
	}
	r = h.do(t, "DELETE", "/settings", "", withKey)
	if r.code != 405 || !strings.Contains(r.header.Get("Allow"), "GET") || !strings.Contains(r.env.Error, "DELETE") {
		t.Fatalf("405 = %d %v %+v", r.code, r.header, r.env)
	}
}

func TestHostCheck(t *testing.T) {
	h := newHarness(t)
	_, port, _ := net.SplitHostPort(h.host)
	for host, want := range map[string]int{
		"localhost:" + port:       200,
		"127.0.0.1:" + port:       200,
		"evil.example:" + port:    421,
		"localhost:1":             421,
		"rebind.attacker.example": 421,
	} {
		r := h.do(t, "GET", "/health", "", map[string]string{"Host": host})
		if r.code != want {
			t.Errorf("Host %s = %d, want %d", host, r.code, want)
		}
	}
}

func TestRequestIDEchoed(t *testing.T) {
	h := newHarness(t)
	r := h.do(t, "GET", "/health", "", map[string]string{"X-Request-ID": "abc-123"})
	if r.header.Get("X-Request-ID") != "abc-123" {
		t.Fatalf("id = %q", r.header.Get("X-Request-ID"))
	}
	r = h.do(t, "GET", "/health", "", map[string]string{"X-Request-ID": "bad id with spaces"})
	if got := r.header.Get("X-Request-ID"); got == "" || strings.Contains(got, " ") {
		t.Fatalf("unsafe id echoed: %q", got)
	}
}

func TestBodyLimitAndStrictJSON(t *testing.T) {
	h := newHarness(t)
	cases := []struct {
		name, body string
		code       int
		want       string
	}{
		{"huge", `{"screen":"` + strings.Repeat("x", 5000) + `"}`, 413, "larger than"},
		{"malformed", `{"screen":`, 400, "malformed JSON"},
		{"wrong type", `{"screen": 5}`, 400, `"screen" must be a string`},
		{"unknown field", `{"screen":"x","evil":1}`, 400, `unknown field "evil"`},
		{"trailing", `{"screen":"x"} {}`, 400, "after the JSON"},
		{"array", `[]`, 400, "JSON object"},
		{"empty is fine", ``, 200, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := h.do(t, "POST", "/app/ready", c.body, withKey)
			if r.code != c.code || !strings.Contains(r.env.Error, c.want) {
				t.Fatalf("= %d %q", r.code, r.env.Error)
			}
		})
	}
}

func TestBrowserLoginSessionAndCSRF(t *testing.T) {
	h := newHarness(t)
	r := h.do(t, "POST", "/auth/login", `{"key":"nope-nope-nope-nope"}`, nil)
	if r.code != 401 {
		t.Fatalf("bad key login = %d", r.code)
	}
	r = h.do(t, "POST", "/auth/login", `{"key":"`+testKey+`"}`, nil)
	if r.code != 200 {
		t.Fatalf("login = %d %+v", r.code, r.env)
	}
	cookie := r.header.Get("Set-Cookie")
	if !strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Strict") {
		t.Fatalf("cookie flags: %s", cookie)
	}
	session := strings.SplitN(cookie, ";", 2)[0]
	if r := h.do(t, "GET", "/settings", "", map[string]string{"Cookie": session}); r.code != 200 {
		t.Fatalf("cookie not accepted: %d", r.code)
	}
	cross := map[string]string{"Cookie": session, "Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}
	if r := h.do(t, "POST", "/settings/api-key/rotate", "", cross); r.code != 403 {
		t.Fatalf("cross-site POST = %d", r.code)
	}
	if r := h.do(t, "POST", "/auth/logout", "", map[string]string{"Cookie": session}); r.code != 200 {
		t.Fatalf("logout = %d", r.code)
	}
	if r := h.do(t, "GET", "/settings", "", map[string]string{"Cookie": session}); r.code != 401 {
		t.Fatalf("cookie still valid after logout: %d", r.code)
	}
}

func TestStaticUIIsPublicButDataIsNot(t *testing.T) {
	h := newHarness(t)
	r := h.do(t, "GET", "/", "", nil)
	if r.code != 302 || r.header.Get("Location") != "/ui/" {
		t.Fatalf("/ = %d %v", r.code, r.header.Get("Location"))
	}
	r = h.do(t, "GET", "/ui/", "", nil)
	if r.code != 200 || !strings.Contains(r.raw, "<title>wasync") || !strings.Contains(r.header.Get("Content-Security-Policy"), "script-src 'self'") {
		t.Fatalf("/ui/ = %d %q", r.code, r.raw)
	}
	if r := h.do(t, "GET", "/chats", "", nil); r.code != 401 {
		t.Fatalf("data without auth = %d", r.code)
	}
	if r.header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatal("CORS header set")
	}
}

func TestListsAnswerEmpty(t *testing.T) {
	h := newHarness(t)
	for path, field := range map[string]string{
		"/chats":                               "chats",
		"/history/sync":                        "requests",
		"/webhooks":                            "webhooks",
		"/search?q=hello":                      "results",
		"/chats?limit=5&q=ab":                  "chats",
		"/chats/123%40s.whatsapp.net/messages": "",
	} {
		r := h.do(t, "GET", path, "", withKey)
		if field == "" {
			if r.code != 404 || !strings.Contains(r.env.Error, "123@s.whatsapp.net") {
				t.Errorf("%s = %d %+v", path, r.code, r.env)
			}
			continue
		}
		var data map[string]json.RawMessage
		if err := json.Unmarshal(r.env.Data, &data); err != nil || r.code != 200 || string(data[field]) != "[]" {
			t.Errorf("%s = %d %s", path, r.code, r.env.Data)
		}
	}
	if r := h.do(t, "GET", "/chats?limit=-3", "", withKey); r.code != 400 {
		t.Errorf("negative limit = %d", r.code)
	}
	if r := h.do(t, "GET", "/search?q=", "", withKey); r.code != 400 {
		t.Errorf("empty search = %d", r.code)
	}
}

func TestSettingsRotateAndShow(t *testing.T) {
	h := newHarness(t)
	r := h.do(t, "GET", "/settings", "", withKey)
	var st struct {
		APIKey  string `json:"api_key"`
		FromEnv bool   `json:"api_key_from_env"`
		Mode    string `json:"mode"`
	}
	_ = json.Unmarshal(r.env.Data, &st)
	if st.APIKey != testKey || !st.FromEnv || st.Mode != "headless" {
		t.Fatalf("settings = %s", r.env.Data)
	}
	if r := h.do(t, "POST", "/settings/api-key/rotate", "", withKey); r.code != 409 || !strings.Contains(r.env.Error, "WASYNC_API_KEY") {
		t.Fatalf("rotating an env key = %d %q", r.code, r.env.Error)
	}
	if r := h.do(t, "POST", "/app/show", "", withKey); r.code != 409 {
		t.Fatalf("show window headless = %d", r.code)
	}
	shown := false
	h.svc.SetShowWindow(func() { shown = true })
	if r := h.do(t, "POST", "/app/show", "", withKey); r.code != 200 || !shown {
		t.Fatalf("show window = %d %v", r.code, shown)
	}
}

func TestEventStream(t *testing.T) {
	h := newHarness(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", h.srv.URL+"/events", nil)
	req.Header.Set("Authorization", testKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("content type %q", resp.Header.Get("Content-Type"))
	}
	rd := bufio.NewReader(resp.Body)
	if line, _ := rd.ReadString('\n'); !strings.HasPrefix(line, "retry:") {
		t.Fatalf("first line %q", line)
	}
	if r := h.do(t, "POST", "/app/ready", `{"screen":"chats"}`, withKey); r.code != 200 {
		t.Fatal(r.code)
	}
	for {
		line, err := rd.ReadString('\n')
		if err != nil {
			t.Fatalf("stream ended: %v", err)
		}
		if strings.HasPrefix(line, "data: ") {
			var ev struct {
				EventType string            `json:"event_type"`
				Data      map[string]string `json:"data"`
			}
			if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &ev); err != nil {
				t.Fatal(err)
			}
			if ev.EventType != "app.ui_ready" || ev.Data["screen"] != "chats" {
				t.Fatalf("event = %+v", ev)
			}
			return
		}
	}
}

func TestChatExport(t *testing.T) {
	h := newHarness(t)
	const chat = "555@s.whatsapp.net"
	seedChat(t, h, chat, `<img src=x onerror=alert(1)>`)
	r := h.do(t, "GET", "/chats/"+chat+"/export?format=jsonl", "", withKey)
	if r.code != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "application/x-ndjson") ||
		!strings.Contains(r.header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("jsonl export = %d %v", r.code, r.header)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(strings.SplitN(r.raw, "\n", 2)[0]), &m); err != nil || m["text"] != `<img src=x onerror=alert(1)>` {
		t.Fatalf("jsonl line: %v %v", m, err)
	}
	r = h.do(t, "GET", "/chats/"+chat+"/export?format=html", "", withKey)
	if r.code != 200 || strings.Contains(r.raw, "<img src=x") || !strings.Contains(r.raw, "&lt;img src=x") {
		t.Fatalf("html export = %d\n%s", r.code, r.raw)
	}
	if r := h.do(t, "GET", "/chats/"+chat+"/export?format=pdf", "", withKey); r.code != 400 {
		t.Fatalf("pdf = %d", r.code)
	}
	if r := h.do(t, "GET", "/chats/nobody@s.whatsapp.net/export", "", withKey); r.code != 404 {
		t.Fatalf("unknown chat = %d", r.code)
	}
	if r := h.do(t, "GET", "/chats/"+chat, "", withKey); r.code != 200 || !strings.Contains(string(r.env.Data), `"name":"Alice"`) {
		t.Fatalf("get chat = %d %s", r.code, r.env.Data)
	}
}

func TestHistorySyncBadInput(t *testing.T) {
	h := newHarness(t)
	cases := []struct {
		name, method, body string
		hdr                map[string]string
		code               int
		want               string
	}{
		{"malformed JSON", "POST", `{"count":`, withKey, 400, "malformed JSON"},
		{"count as a string", "POST", `{"count":"25"}`, withKey, 400, `"count" must be a whole number`},
		{"zero", "POST", `{"count":0}`, withKey, 400, "between 1 and 100"},
		{"over 100", "POST", `{"count":101}`, withKey, 400, "between 1 and 100"},
		{"negative", "POST", `{"count":-1}`, withKey, 400, "between 1 and 100"},
		{"float", "POST", `{"count":2.5}`, withKey, 400, `"count" must be a whole number`},
		{"unknown field", "POST", `{"count":5,"days":3}`, withKey, 400, `unknown field "days"`},
		{"array", "POST", `[25]`, withKey, 400, "JSON object"},
		{"huge body", "POST", `{"chat_jid":"` + strings.Repeat("1", 5000) + `"}`, withKey, 413, "larger than"},
		{"wrong key", "POST", `{}`, map[string]string{"Authorization": "nope-nope-nope-nope"}, 401, "Invalid or missing"},
		{"wrong method", "PUT", `{}`, withKey, 405, "not allowed"},
		{"unknown request", "GET", "", withKey, 404, "no history request"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := "/history/sync"
			if c.name == "unknown request" {
				path += "/hreq_nope"
			}
			r := h.do(t, c.method, path, c.body, c.hdr)
			if r.code != c.code || r.env.Status || !strings.Contains(r.env.Error, c.want) {
				t.Fatalf("= %d %q, want %d containing %q", r.code, r.env.Error, c.code, c.want)
			}
		})
	}
}

func TestAllowedHostsWithAndWithoutPort(t *testing.T) {
	s := &Server{cfg: Config{AllowedHosts: []string{"wasync.lan", "nas.lan:8443", "[fd00::1]", " "}}}
	s.setAllowedHosts("127.0.0.1:7001")
	for host, want := range map[string]bool{
		"127.0.0.1:7001":      true,
		"localhost:7001":      true,
		"localhost":           false,
		"localhost:1":         false,
		"wasync.lan":          true, // a proxy on 443 passes no port
		"WASYNC.lan:7001":     true,
		"wasync.lan:8443":     true,
		"nas.lan:8443":        true,
		"nas.lan":             false,
		"nas.lan:7001":        false,
		"[fd00::1]:7001":      true,
		"[fd00::1]":           true,
		"evil.example":        false,
		"evil.example:7001":   false,
		"wasync.lan.evil.com": false,
		"":                    false,
	} {
		if got := s.hostAllowed(host); got != want {
			t.Errorf("hostAllowed(%q) = %v, want %v", host, got, want)
		}
	}
}
