package wa_test

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/history"
	"github.com/wasync/wasync/backend/wa/fakewa"
)

// splitHistory links, sends the newest 20 messages of every chat, and keeps
// the rest on the phone for on-demand requests.
func splitHistory(t *testing.T, h *harness) *fakewa.HistoryGenerator {
	t.Helper()
	h.linkByQR(t)
	g := fakewa.NewHistoryGenerator(fakewa.GenOpts{Seed: 11, Chats: 4, Groups: 1, MessagesPerChat: 160,
		ChunkMessages: 400, InitialPerChat: 20, Owner: h.phone.JID()})
	if err := h.phone.SendGeneratedHistory(ctx(t), g, fakewa.HistoryOpts{}); err != nil {
		t.Fatal(err)
	}
	h.waitSynced(t, g.NumChunks()+1) // the chunks and the push names
	return g
}

func chatCount(t *testing.T, h *harness, chat string) int {
	t.Helper()
	return storedCounts(t, h)[chat]
}

// completion returns the one history.sync_complete of a request.
func (h *harness) completion(t *testing.T, id string) map[string]any {
	t.Helper()
	deadline := time.After(waitTimeout)
	for {
		h.sink.mu.Lock()
		var found []map[string]any
		changed := h.sink.changed
		for i, e := range h.sink.events {
			if d, ok := h.sink.data[i].(map[string]any); ok && e == domain.EventHistorySyncComplete && d["request_id"] == id {
				found = append(found, d)
			}
		}
		h.sink.mu.Unlock()
		if len(found) > 1 {
			t.Fatalf("%d completions for %s", len(found), id)
		}
		if len(found) == 1 {
			return found[0]
		}
		select {
		case <-changed:
		case <-deadline:
			t.Fatalf("no history.sync_complete for %s", id)
		}
	}
}

func count(n int) *int { return &n }

// TestOnDemandRequestCarriesChatAnchorAndCount asks for one chat's older
// messages and checks what reaches the phone. The request names the chat as
// the phone keys it: a plain DM by its number, the DM the phone moved to a
// LID (its later history came under the LID) by that LID.
func TestOnDemandRequestCarriesChatAnchorAndCount(t *testing.T) {
	for _, aliased := range []bool{false, true} {
		name := "plain chat"
		if aliased {
			name = "chat the phone keys by LID"
		}
		t.Run(name, func(t *testing.T) { onDemandCarriesChatAnchorAndCount(t, aliased) })
	}
}

func onDemandCarriesChatAnchorAndCount(t *testing.T, aliased bool) {
	h := newHarness(t, fakewa.Config{})
	g := splitHistory(t, h)
	exp := g.Expected()
	lidOf := map[string]string{}
	for lid, pn := range exp.Aliases {
		lidOf[pn] = lid
	}
	var chats []string
	for jid := range exp.OnDemandMessages {
		if _, isLID := exp.Aliases[jid]; !isLID && !strings.HasSuffix(jid, "@g.us") {
			chats = append(chats, jid)
		}
	}
	sort.Strings(chats)
	target, wantChat := "", ""
	for _, jid := range chats {
		if lid, ok := lidOf[jid]; ok == aliased {
			target, wantChat = jid, jid
			if aliased {
				wantChat = lid
			}
			break
		}
	}
	if target == "" {
		t.Fatalf("no chat with aliased=%v among %v", aliased, chats)
	}
	before := chatCount(t, h, target)
	anchor, ok, err := h.st.OldestMessage(context.Background(), target)
	if err != nil || !ok {
		t.Fatalf("anchor: %v %v", ok, err)
	}
	started := time.Now()
	acc, err := h.requests.Request(context.Background(), domain.HistorySyncInput{Count: count(30), ChatJID: target})
	if err != nil {
		t.Fatal(err)
	}
	req, _, err := h.phone.WaitOnDemandRequest(ctx(t), 0)
	if err != nil {
		t.Fatal(err)
	}
	if req.Chat.String() != wantChat || req.OldestMsgID != anchor.ID || req.OldestMsgFromMe != anchor.FromMe ||
		req.OldestMsgTimestamp.Unix() != anchor.Timestamp || req.Count != 30 {
		t.Fatalf("phone got %+v, want chat %s anchor %+v count 30", req, wantChat, anchor)
	}
	done := h.completion(t, acc.RequestID)
	t.Logf("request to completion: %v", time.Since(started))
	if done["status"] != domain.RequestComplete || done["received"] != 30 || done["requested"] != 30 {
		t.Fatalf("completion = %v", done)
	}
	if got := chatCount(t, h, target); got <= before {
		t.Fatalf("chat has %d messages, had %d", got, before)
	}
	stored, err := h.st.HistoryRequest(context.Background(), acc.RequestID)
	if err != nil || stored.Status != domain.RequestComplete || stored.Chats[0].Received != 30 {
		t.Fatalf("GET request: %+v %v", stored, err)
	}
}

func TestHundredArrivesAsPagedRequestsTotallingHundred(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	g := splitHistory(t, h)
	exp := g.Expected()
	var target string
	for jid, n := range exp.OnDemandMessages {
		if _, aliased := exp.Aliases[jid]; !aliased && n >= 100 {
			target = jid
			break
		}
	}
	if target == "" {
		t.Fatal("no chat with 100 messages on the phone")
	}
	acc, err := h.requests.Request(context.Background(), domain.HistorySyncInput{Count: count(100), ChatJID: target})
	if err != nil {
		t.Fatal(err)
	}
	done := h.completion(t, acc.RequestID)
	if done["status"] != domain.RequestComplete || done["received"] != 100 {
		t.Fatalf("completion = %v", done)
	}
	total := 0
	reqs := h.phone.OnDemandRequests()
	for _, r := range reqs {
		total += r.Count
	}
	if len(reqs) != 2 || total != 100 || reqs[0].Count != 50 {
		t.Fatalf("phone got %d requests totalling %d: %+v", len(reqs), total, reqs)
	}
	if reqs[1].OldestMsgTimestamp.After(reqs[0].OldestMsgTimestamp) {
		t.Fatal("second page not anchored older than the first")
	}
}

func TestNothingMoreAndSilence(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.limits = history.Limits{MaxChats: 10, MinSpacing: 10 * time.Millisecond, HourlyCap: 1000, Timeout: 700 * time.Millisecond}
	h.close()
	h.open(t)
	g := splitHistory(t, h)
	exp := g.Expected()
	var chats []string
	for jid := range exp.OnDemandMessages {
		if _, aliased := exp.Aliases[jid]; !aliased {
			chats = append(chats, jid)
		}
	}
	h.phone.SetOnDemandMode(fakewa.OnDemandNothingMore)
	acc, err := h.requests.Request(context.Background(), domain.HistorySyncInput{ChatJID: chats[0]})
	if err != nil {
		t.Fatal(err)
	}
	if done := h.completion(t, acc.RequestID); done["status"] != domain.RequestNoMoreHistory || done["received"] != 0 {
		t.Fatalf("nothing more: %v", done)
	}
	if c, _ := h.st.Chat(context.Background(), chats[0]); c.MoreOnPhone {
		t.Error("chat still says more is on the phone")
	}

	h.phone.SetOnDemandMode(fakewa.OnDemandSilent)
	acc, err = h.requests.Request(context.Background(), domain.HistorySyncInput{ChatJID: chats[1]})
	if err != nil {
		t.Fatal(err)
	}
	// A second request for the same chat while one waits is refused.
	_, err = h.requests.Request(context.Background(), domain.HistorySyncInput{ChatJID: chats[1]})
	var de *domain.Error
	if domain.ErrorCode(err) != domain.CodeRateLimited || !errorsAs(err, &de) || de.RetryAfterSeconds < 1 {
		t.Fatalf("second request for a waiting chat: %v", err)
	}
	if done := h.completion(t, acc.RequestID); done["status"] != domain.RequestTimeout {
		t.Fatalf("silence: %v", done)
	}
}

func TestPendingRequestSurvivesRestartAndCompletesOnce(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.limits = history.Limits{MaxChats: 10, MinSpacing: 10 * time.Millisecond, HourlyCap: 1000, Timeout: 1500 * time.Millisecond}
	h.close()
	h.open(t)
	splitHistory(t, h)
	h.phone.SetOnDemandMode(fakewa.OnDemandSilent)
	acc, err := h.requests.Request(context.Background(), domain.HistorySyncInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(acc.Chats) == 0 || len(acc.Chats) > 10 {
		t.Fatalf("chats asked: %v", acc.Chats)
	}
	if _, _, err := h.phone.WaitOnDemandRequest(ctx(t), 0); err != nil {
		t.Fatal(err)
	}
	h.close()
	h.open(t) // restart while pending
	done := h.completion(t, acc.RequestID)
	if done["status"] != domain.RequestTimeout {
		t.Fatalf("after restart: %v", done)
	}
	time.Sleep(200 * time.Millisecond) // a second completion would come from the next loop turn
	h.completion(t, acc.RequestID)     // fails on two
}

func TestHourlyCapAnswers429(t *testing.T) {
	h := newHarness(t, fakewa.Config{})
	h.limits = history.Limits{MaxChats: 10, MinSpacing: 10 * time.Millisecond, HourlyCap: 2, Timeout: 5 * time.Second}
	h.close()
	h.open(t)
	g := splitHistory(t, h)
	var chats []string
	for jid := range g.Expected().OnDemandMessages {
		if _, aliased := g.Expected().Aliases[jid]; !aliased {
			chats = append(chats, jid)
		}
	}
	if _, err := h.requests.Request(context.Background(), domain.HistorySyncInput{Count: count(100), ChatJID: chats[0]}); err != nil {
		t.Fatal(err)
	}
	_, err := h.requests.Request(context.Background(), domain.HistorySyncInput{Count: count(10), ChatJID: chats[1]})
	var de *domain.Error
	if !errorsAs(err, &de) || de.Code != domain.CodeRateLimited || de.RetryAfterSeconds < 3000 {
		t.Fatalf("over the hourly cap: %v", err)
	}
}
