package api

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/webhook"
)

// withWorker installs a delivery worker the test drives with Flush.
func withWorker(t *testing.T, h *harness) *webhook.Worker {
	t.Helper()
	w := webhook.New(h.st, webhook.Options{APIAddr: h.host})
	h.svc.SetWebhookSender(w)
	return w
}

// sink is a loopback receiver that keeps every body.
type sink struct {
	srv    *httptest.Server
	mu     sync.Mutex
	bodies []string
	ids    []string
}

func newSink(t *testing.T) *sink {
	s := &sink{}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.bodies = append(s.bodies, string(b))
		s.ids = append(s.ids, r.Header.Get("webhook-id"))
		s.mu.Unlock()
		io.WriteString(w, `{"received":true}`)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func decodeData[T any](t *testing.T, r reply) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(r.env.Data, &v); err != nil {
		t.Fatalf("data %s: %v", r.env.Data, err)
	}
	return v
}

func TestWebhookValidation(t *testing.T) {
	h := newHarness(t)
	h.svc.SetAPIAddr(h.host)
	cases := []struct {
		name, method, path, body string
		code                     int
		want                     string
	}{
		{"empty body", "POST", "/webhooks", ``, 400, "body is empty"},
		{"missing url", "POST", "/webhooks", `{"events":[]}`, 400, "url is required"},
		{"ftp", "POST", "/webhooks", `{"url":"ftp://example.com/x"}`, 400, "http:// or https://"},
		{"no host", "POST", "/webhooks", `{"url":"http:///x"}`, 400, "needs a host"},
		{"metadata", "POST", "/webhooks", `{"url":"http://169.254.169.254/"}`, 400, "link-local"},
		{"own api", "POST", "/webhooks", `{"url":"http://` + h.host + `/webhooks"}`, 400, "own API"},
		{"unknown event", "POST", "/webhooks", `{"url":"http://localhost:9/x","events":["message.sent"]}`, 400,
			`unknown event "message.sent": valid events are history.sync, history.sync_complete, history.backfill_progress, history.backfill_complete, message.received, message.edited, message.deleted, message.reaction, poll.vote, connection.connected, connection.disconnected, connection.logged_out, connection.qr, connection.pair_success, test.ping`},
		{"ui-only event", "POST", "/webhooks", `{"url":"http://localhost:9/x","events":["connection.state"]}`, 400, "unknown event"},
		{"url wrong type", "POST", "/webhooks", `{"url":5}`, 400, `"url" must be a string`},
		{"events wrong type", "POST", "/webhooks", `{"url":"http://localhost:9/x","events":"test.ping"}`, 400, `"events" must be an array`},
		{"unknown field", "POST", "/webhooks", `{"url":"http://localhost:9/x","evil":1}`, 400, `unknown field "evil"`},
		{"short secret", "POST", "/webhooks", `{"url":"http://localhost:9/x","secret":"abc"}`, 400, "secret must be"},
		{"bad whsec", "POST", "/webhooks", `{"url":"http://localhost:9/x","secret":"whsec_***not-base64***"}`, 400, "base64"},
		{"huge", "POST", "/webhooks", `{"url":"http://localhost:9/` + strings.Repeat("x", 5000) + `"}`, 413, "larger than"},
		{"patch unknown id", "PATCH", "/webhooks/wh_nope", `{"enabled":true}`, 404, "no webhook wh_nope"},
		{"patch nothing", "PATCH", "/webhooks/wh_nope", `{}`, 400, "nothing to change"},
		{"patch wrong type", "PATCH", "/webhooks/wh_nope", `{"enabled":"yes"}`, 400, `"enabled" must be true or false`},
		{"patch unknown field", "PATCH", "/webhooks/wh_nope", `{"secret":"x"}`, 400, `unknown field "secret"`},
		{"get unknown", "GET", "/webhooks/wh_nope", ``, 404, "no webhook"},
		{"delete unknown", "DELETE", "/webhooks/wh_nope", ``, 404, "no webhook"},
		{"deliveries unknown", "GET", "/webhooks/wh_nope/deliveries", ``, 404, "no webhook"},
		{"redeliver unknown", "POST", "/webhooks/wh_nope/deliveries/dlv_x/redeliver", ``, 404, "no delivery"},
		{"redeliver-failed unknown", "POST", "/webhooks/wh_nope/redeliver-failed", ``, 404, "no webhook"},
		{"rotate unknown", "POST", "/webhooks/wh_nope/rotate-secret", ``, 404, "no webhook"},
		{"test without worker", "POST", "/webhooks/wh_nope/test", ``, 503, "still starting"},
		{"wrong method", "PUT", "/webhooks/wh_nope", `{}`, 405, "not allowed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := h.do(t, c.method, c.path, c.body, withKey)
			if r.code != c.code || r.env.Status || !strings.Contains(r.env.Error, c.want) {
				t.Fatalf("= %d %q", r.code, r.env.Error)
			}
		})
	}
	if r := h.do(t, "GET", "/webhooks", "", withKey); !strings.Contains(string(r.env.Data), `"webhooks":[]`) {
		t.Fatalf("a refused webhook was stored: %s", r.env.Data)
	}
}

func TestWebhookLifecycle(t *testing.T) {
	h := newHarness(t)
	r := h.do(t, "POST", "/webhooks", `{"url":"http://localhost:9/hook","events":["message.received","message.received","connection.qr"]}`, withKey)
	if r.code != 200 {
		t.Fatalf("create = %d %s", r.code, r.raw)
	}
	created := decodeData[domain.Webhook](t, r)
	if !strings.HasPrefix(created.Secret, "whsec_") || len(created.Secret) < 40 || created.WebhookID == "" ||
		!created.Enabled || strings.Join(created.Events, ",") != "message.received,connection.qr" {
		t.Fatalf("created %+v", created)
	}
	id := created.WebhookID
	list := decodeData[domain.WebhookList](t, h.do(t, "GET", "/webhooks", "", withKey))
	if len(list.Webhooks) != 1 || list.Webhooks[0].Secret == created.Secret || strings.Contains(list.Webhooks[0].Secret, created.Secret[6:20]) {
		t.Fatalf("list leaks the secret: %+v", list)
	}
	got := decodeData[domain.Webhook](t, h.do(t, "GET", "/webhooks/"+id, "", withKey))
	if got.Secret != list.Webhooks[0].Secret || got.URL != "http://localhost:9/hook" {
		t.Fatalf("get %+v", got)
	}

	patched := decodeData[domain.Webhook](t, h.do(t, "PATCH", "/webhooks/"+id, `{"enabled":false}`, withKey))
	if patched.Enabled || patched.DisabledReason == "" || patched.URL != got.URL || len(patched.Events) != 2 {
		t.Fatalf("disable changed more than enabled: %+v", patched)
	}
	patched = decodeData[domain.Webhook](t, h.do(t, "PATCH", "/webhooks/"+id, `{"enabled":true,"events":[],"url":"http://192.168.1.5:5678/x"}`, withKey))
	if !patched.Enabled || patched.DisabledReason != "" || len(patched.Events) != 0 || patched.URL != "http://192.168.1.5:5678/x" {
		t.Fatalf("re-enable %+v", patched)
	}

	rot := decodeData[domain.WebhookSecretRotation](t, h.do(t, "POST", "/webhooks/"+id+"/rotate-secret", "", withKey))
	if rot.Secret == created.Secret || !strings.HasPrefix(rot.Secret, "whsec_") || rot.PreviousSecretExpiresAt == "" {
		t.Fatalf("rotate %+v", rot)
	}
	if r := h.do(t, "POST", "/webhooks/"+id+"/rotate-secret", `{"secret":"my-own-secret-123456"}`, withKey); r.code != 200 ||
		decodeData[domain.WebhookSecretRotation](t, r).Secret != "my-own-secret-123456" {
		t.Fatalf("rotate to a chosen secret = %d %s", r.code, r.raw)
	}
	if r := h.do(t, "GET", "/webhooks/"+id+"/deliveries?status=lost", "", withKey); r.code != 400 {
		t.Fatalf("bad status filter = %d", r.code)
	}
	if r := h.do(t, "DELETE", "/webhooks/"+id, "", withKey); r.code != 200 {
		t.Fatalf("delete = %d", r.code)
	}
	if r := h.do(t, "GET", "/webhooks/"+id, "", withKey); r.code != 404 {
		t.Fatalf("get deleted = %d", r.code)
	}
}

func TestWebhookTestPublishAndRedeliver(t *testing.T) {
	h := newHarness(t)
	w := withWorker(t, h)
	rc := newSink(t)
	created := decodeData[domain.Webhook](t, h.do(t, "POST", "/webhooks", `{"url":"`+rc.srv.URL+`/in","secret":"my-own-secret-123456"}`, withKey))
	id := created.WebhookID
	if created.Secret != "my-own-secret-123456" {
		t.Fatalf("given secret not kept: %+v", created)
	}

	res := decodeData[domain.WebhookTestResult](t, h.do(t, "POST", "/webhooks/"+id+"/test", "", withKey))
	if !res.Delivered || res.ResponseStatus != 200 || res.ResponseBody != `{"received":true}` || res.DeliveryID == "" {
		t.Fatalf("test %+v", res)
	}
	if !strings.Contains(rc.bodies[0], `"event_type":"test.ping"`) {
		t.Fatalf("test body %s", rc.bodies[0])
	}

	ctx := context.Background()
	sub, cancel := h.svc.Events(4)
	defer cancel()
	ev, err := h.svc.Publish(ctx, domain.EventMessageReceived, map[string]string{"text": "hello", "sender": "x@s.whatsapp.net"})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-sub:
		if got.ID != ev.ID {
			t.Fatalf("bus got %+v", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Publish did not reach the bus")
	}
	if _, err := h.svc.Publish(ctx, domain.EventConnectionState, map[string]string{"state": "connected"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if len(rc.ids) != 2 || rc.ids[1] != ev.ID {
		t.Fatalf("receiver got ids %v (the UI-only event must not be sent)", rc.ids)
	}

	page := decodeData[domain.DeliveryPage](t, h.do(t, "GET", "/webhooks/"+id+"/deliveries?limit=1", "", withKey))
	if len(page.Deliveries) != 1 || page.NextCursor == "" {
		t.Fatalf("page %+v", page)
	}
	d := page.Deliveries[0]
	if d.EventID != ev.ID || d.Status != "delivered" || d.Attempts != 1 || d.ResponseStatus != 200 ||
		!strings.Contains(string(d.Payload), `"text":"hello"`) || d.LastAttemptAt == "" {
		t.Fatalf("delivery %+v", d)
	}
	if r := h.do(t, "POST", "/webhooks/"+id+"/deliveries/"+d.DeliveryID+"/redeliver", "", withKey); r.code != 200 {
		t.Fatalf("redeliver = %d %s", r.code, r.raw)
	}
	if r := h.do(t, "POST", "/webhooks/"+id+"/deliveries/"+d.DeliveryID+"/redeliver", "", withKey); r.code != 409 {
		t.Fatalf("redeliver while pending = %d", r.code)
	}
	if err := w.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if len(rc.ids) != 3 || rc.ids[2] != ev.ID || rc.bodies[2] != rc.bodies[1] {
		t.Fatalf("redelivery changed the id or payload: %v", rc.ids)
	}
	again := decodeData[domain.RedeliverResult](t, h.do(t, "POST", "/webhooks/"+id+"/redeliver-failed", "", withKey))
	if again.Queued != 0 {
		t.Fatalf("redeliver-failed %+v", again)
	}
}
