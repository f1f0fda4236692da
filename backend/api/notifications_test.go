package api

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/wasync/wasync/backend/domain"
)

func TestHistoryNotificationsListAndRetry(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	var ids []int64
	for i := 1; i <= 3; i++ {
		id, err := h.st.AddHistoryNotification(ctx, domain.HistoryNotification{SyncType: domain.SyncFull, ChunkOrder: i, Raw: []byte{1, 2, 3}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	for _, id := range ids[:2] {
		if err := h.st.FailHistoryNotification(ctx, id, "gone: 404 from the media server"); err != nil {
			t.Fatal(err)
		}
	}

	r := h.do(t, "GET", "/history/notifications?status=failed&limit=1", "", withKey)
	var page domain.NotificationPage
	if r.code != 200 || json.Unmarshal(r.env.Data, &page) != nil {
		t.Fatalf("list = %d %s", r.code, r.raw)
	}
	if len(page.Notifications) != 1 || page.Notifications[0].ID != ids[1] || page.NextCursor == "" {
		t.Fatalf("first page = %+v, want the newest failed one and a cursor", page)
	}
	f := page.Notifications[0]
	if f.Status != "failed" || f.Error != "gone: 404 from the media server" || f.Attempts != 1 || !f.Retryable {
		t.Fatalf("failed notification = %+v", f)
	}
	r = h.do(t, "GET", "/history/notifications?status=failed&limit=1&cursor="+page.NextCursor, "", withKey)
	if json.Unmarshal(r.env.Data, &page) != nil || len(page.Notifications) != 1 || page.Notifications[0].ID != ids[0] || page.NextCursor != "" {
		t.Fatalf("second page = %s", r.raw)
	}
	if r := h.do(t, "GET", "/history/notifications?status=lost", "", withKey); r.code != 400 {
		t.Fatalf("bad status = %d", r.code)
	}

	r = h.do(t, "POST", fmt.Sprintf("/history/notifications/%d/retry", ids[1]), "", withKey)
	var n domain.NotificationInfo
	if r.code != 200 || json.Unmarshal(r.env.Data, &n) != nil || n.Status != "pending" || n.Attempts != 0 || n.Error != "" {
		t.Fatalf("retry = %d %s", r.code, r.raw)
	}
	if r := h.do(t, "POST", "/history/notifications/999/retry", "", withKey); r.code != 404 {
		t.Fatalf("unknown id = %d", r.code)
	}
	if r := h.do(t, "POST", "/history/notifications/x/retry", "", withKey); r.code != 404 {
		t.Fatalf("bad id = %d", r.code)
	}
	if _, err := h.st.ApplyHistory(ctx, ids[2], domain.HistoryChunk{}); err != nil {
		t.Fatal(err)
	}
	if r := h.do(t, "POST", fmt.Sprintf("/history/notifications/%d/retry", ids[2]), "", withKey); r.code != 409 {
		t.Fatalf("retrying a stored one = %d %s", r.code, r.raw)
	}

	r = h.do(t, "POST", "/history/notifications/retry-failed", "", withKey)
	var res domain.RetryResult
	if r.code != 200 || json.Unmarshal(r.env.Data, &res) != nil || res.Retried != 1 {
		t.Fatalf("retry all = %d %s", r.code, r.raw)
	}
	r = h.do(t, "GET", "/history/notifications?status=pending", "", withKey)
	if json.Unmarshal(r.env.Data, &page) != nil || len(page.Notifications) != 2 {
		t.Fatalf("pending after retries = %s", r.raw)
	}
}
