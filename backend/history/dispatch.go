package history

import (
	"context"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

// Run sends queued pages (spaced by MinSpacing), times requests out, and
// resumes whatever a previous run left pending.
func (r *Requester) Run(ctx context.Context) {
	for {
		next := r.step(ctx)
		select {
		case <-ctx.Done():
			return
		case <-r.wake:
		case <-r.after(next):
		}
	}
}

// step does what is due now and says how long until something may be due.
func (r *Requester) step(ctx context.Context) time.Duration {
	next := time.Minute
	deadlines, err := r.st.PendingRequestDeadlines(ctx)
	if err != nil {
		r.log.Error("pending requests", "err", err)
		return 5 * time.Second
	}
	now := r.now()
	for id, d := range deadlines {
		if left := time.Unix(d, 0).Sub(now); left <= 0 {
			r.finish(ctx, id, domain.RequestTimeout, domain.RequestTimeout)
			delete(deadlines, id)
		} else {
			next = min(next, left)
		}
	}
	chats, err := r.st.PendingRequestChats(ctx)
	if err != nil {
		r.log.Error("pending request chats", "err", err)
		return 5 * time.Second
	}
	for _, c := range chats {
		if c.Status != domain.ChatQueued {
			continue
		}
		release, wait := r.claimSlot(ctx)
		if wait > 0 {
			return min(next, wait)
		}
		if wait := r.sendPage(ctx, c, release); wait > 0 {
			return min(next, wait)
		}
	}
	return next
}

// claimSlot takes the one send slot if the spacing allows a page now,
// else says how long until it does. The check and the take are one step
// under r.mu, and the slot stays taken until release: a page is booked and
// sent while holding it, and release(true) stamps the spacing from when the
// send returned. So neither the time a page spends being booked and sent,
// nor a second sender (the backfill, POST /history/sync) claiming meanwhile,
// can bring two pages closer than MinSpacing. release(false) says nothing
// went out; release is safe to call more than once (the first call counts).
func (r *Requester) claimSlot(ctx context.Context) (release func(sent bool), wait time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.loaded {
		// Spacing holds across a restart too: the last page sent is
		// logged, to the second; it went out before the end of that second.
		ts, err := r.st.PeerRequestsSince(ctx, r.now().Add(-time.Hour).Unix())
		if err != nil {
			r.log.Error("last history page sent", "err", err)
			return nil, 5 * time.Second
		}
		if len(ts) > 0 {
			r.last = later(r.last, time.Unix(ts[len(ts)-1]+1, 0))
		}
		r.loaded = true
	}
	if r.sending {
		return nil, r.limits.MinSpacing
	}
	if wait := r.last.Add(r.limits.MinSpacing).Sub(r.now()); wait > 0 {
		return nil, wait
	}
	r.sending = true
	done := false
	return func(sent bool) {
		r.mu.Lock()
		defer r.mu.Unlock()
		if done {
			return
		}
		done, r.sending = true, false
		if sent {
			r.last = later(r.last, r.now())
		}
	}, 0
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// sendPage asks the phone for the next page of one chat, if the hourly
// cap has room; else it returns how long until it has. The page is booked
// against the cap and recorded as sent, with its id, in one transaction
// before it goes out: a quick phone can answer before SendMessage returns.
//
// It holds the send slot claimed by claimSlot and releases it.
func (r *Requester) sendPage(ctx context.Context, c domain.RequestChat, release func(sent bool)) time.Duration {
	defer release(false)
	n := min(domain.MaxPageCount, c.Requested-c.Received)
	queued := c
	now := r.now()
	c.Status, c.SessionID, c.Pages, c.PageCount, c.SentAt = domain.ChatSent, r.send.NewRequestID(), c.Pages+1, n, now.Unix()
	ok, retryAt, err := r.st.BookPeerPage(ctx, c, r.budget(now))
	if err != nil {
		r.log.Error("book history page", "err", err)
		return 5 * time.Second
	}
	if !ok {
		wait := max(time.Second, time.Unix(retryAt, 0).Sub(now))
		r.log.Info("hourly cap reached; the next history page waits", "chat", c.ChatJID, "wait", wait)
		return wait
	}
	err = r.send.RequestHistory(ctx, c.SessionID, r.phoneJID(ctx, c.ChatJID), c.Anchor, n)
	// Whatever the outcome, the page may have gone out: space from now.
	release(true)
	if err == nil {
		r.log.Info("asked the phone for history", "request", c.RequestID, "chat", c.ChatJID, "count", n, "page", c.Pages)
		return 0
	}
	if domain.ErrorCode(err) == domain.CodeUnavailable {
		// Not connected: nothing went out; it stays queued until the
		// deadline and the page does not count against the cap.
		if err := r.st.UnbookPeerPage(ctx, queued, c.SentAt); err != nil {
			r.log.Error("save request chat", "err", err)
		}
		return 0
	}
	r.log.Warn("history request failed", "chat", c.ChatJID, "err", err)
	c.Status = domain.RequestFailed
	if err := r.st.UpdateRequestChat(ctx, c); err != nil {
		r.log.Error("save request chat", "err", err)
	}
	r.maybeFinish(ctx, c.RequestID)
	return 0
}

// phoneJID is the JID the phone keys a chat by; requests are anchored on
// it. If it cannot be read, the stored chat's JID is the best guess.
func (r *Requester) phoneJID(ctx context.Context, chat string) string {
	jid, err := r.st.PhoneJID(ctx, chat)
	if err != nil || jid == "" {
		if err != nil {
			r.log.Warn("phone JID of chat", "chat", chat, "err", err)
		}
		return chat
	}
	return jid
}

// OnChunk matches a stored ON_DEMAND chunk to its request (after its
// messages are committed) and moves the chat on: next page, or done.
func (r *Requester) OnChunk(ctx context.Context, chunk domain.HistoryChunk, res domain.IngestResult) {
	if chunk.SyncType != domain.SyncOnDemand {
		return
	}
	chatJID := ""
	for _, ch := range chunk.Chats {
		chatJID = ch.JID
	}
	c, ok, err := r.st.RequestChatForAnswer(ctx, chunk.SessionID, chatJID)
	if err != nil || !ok {
		r.log.Info("ON_DEMAND history matched no pending request", "session", chunk.SessionID, "chat", chatJID, "err", err)
		return
	}
	got, more := pageAnswer(chunk, c.ChatJID)
	c.Received += got
	c.MoreOnPhone = more
	if oldest := res.OldestPerChat[c.ChatJID]; oldest > 0 {
		c.OldestTS = oldest
	}
	switch {
	case !more:
		c.Status = domain.RequestNoMoreHistory
	case c.Received >= c.Requested:
		c.Status = domain.RequestComplete
	default: // the next page continues from the oldest message now stored
		a, ok, err := r.st.OldestMessage(ctx, c.ChatJID)
		if err != nil || !ok {
			c.Status = domain.RequestFailed
			break
		}
		c.Anchor, c.Status = a, domain.ChatQueued
	}
	if err := r.st.UpdateRequestChat(ctx, c); err != nil {
		r.log.Error("save request chat", "err", err)
		return
	}
	r.maybeFinish(ctx, c.RequestID)
	r.poke()
}

// maybeFinish completes a request once every chat has an outcome.
func (r *Requester) maybeFinish(ctx context.Context, id string) {
	chats, err := r.st.RequestChats(ctx, id)
	if err != nil {
		r.log.Error("request chats", "err", err)
		return
	}
	status, allNoMore, anyOK := domain.RequestComplete, true, false
	for _, c := range chats {
		switch c.Status {
		case domain.ChatQueued, domain.ChatSent:
			return
		case domain.RequestComplete:
			allNoMore, anyOK = false, true
		case domain.RequestNoMoreHistory:
			anyOK = true
		default:
			allNoMore = false
		}
	}
	switch {
	case allNoMore:
		status = domain.RequestNoMoreHistory
	case !anyOK:
		status = domain.RequestFailed
	}
	r.finish(ctx, id, status, status)
}

// finish closes a request and announces it. The store flips the status
// once, and the completion's outbox rows commit in that same transaction:
// exactly one history.sync_complete per request, even across a crash.
func (r *Requester) finish(ctx context.Context, id, status, chatStatus string) {
	st := &stager{pub: r.pub}
	done, err := r.st.FinishHistoryRequest(ctx, id, status, chatStatus, r.now().Unix(), func(req domain.HistoryRequest) ([]domain.OutboxEvent, error) {
		st.events = nil
		return st.stage(domain.EventHistorySyncComplete, map[string]any{
			"jid": r.account(), "sync_type": domain.SyncOnDemand, "request_id": req.RequestID, "status": req.Status,
			"requested": req.Requested, "received": req.Received, "chats": req.Chats,
			"started_at": req.CreatedAt, "completed_at": req.CompletedAt,
		})
	})
	if err != nil {
		r.log.Error("finish history request", "err", err)
		return
	}
	if done {
		r.log.Info("history request finished", "request", id, "status", status)
		st.announce()
	}
}

// answered counts what the phone sent for a chat in an ON_DEMAND answer.
// The phone counts every message it sends, kept or not: the chats' Sent
// says so. Without it, the kept messages and changes are the count: a page
// of kinds not kept would otherwise look like the end of history.
func answered(chunk domain.HistoryChunk, chat string) int {
	sent, kept := 0, 0
	for _, ch := range chunk.Chats {
		sent += ch.Sent // one conversation per answer, keyed as the phone keys it
	}
	for _, m := range chunk.Messages {
		if m.ChatJID == chat {
			kept++
		}
	}
	for _, ch := range chunk.Changes {
		if ch.ChatJID == chat {
			kept++
		}
	}
	return max(sent, kept)
}

// pageAnswer says how many messages an ON_DEMAND chunk answered for chat
// (whatever the converter kept) and whether the phone has more after them:
// an empty page means no more, whatever the end-of-history flag says.
func pageAnswer(chunk domain.HistoryChunk, chat string) (got int, more bool) {
	got = answered(chunk, chat)
	more = got > 0
	for _, ch := range chunk.Chats {
		if ch.EndOfHistory != 0 && (ch.JID == chat || ch.AltJID == chat || len(chunk.Chats) == 1) {
			more = ch.MoreOnPhone && got > 0
		}
	}
	return got, more
}
