package history

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

// backfillAttempts is how many unanswered pages a chat gets before the
// backfill gives it up as failed and moves on.
const backfillAttempts = 3

// offlineRetry is how long the backfill waits to try again after the link
// was down (a connection also wakes it: see Wake).
const offlineRetry = 30 * time.Second

// Backfill completes the archive by itself once the initial sync is done:
// it walks every chat that has more on the phone, most recently active
// first, asking one 50-message page at a time anchored on the chat's oldest
// stored message, until the phone says there is no more. Its pages share
// POST /history/sync's limits: the Requester's spacing, and the hourly cap
// logged in the store (a user's admitted request goes first). State lives
// in the store, so a restart continues where it was. The loop sleeps until
// the next page may go or something wakes it; it never polls.
type Backfill struct {
	st      BackfillStore
	send    Sender
	req     *Requester
	pub     Publisher
	log     *slog.Logger
	now     func() time.Time
	after   func(time.Duration) <-chan time.Time
	account func() string

	wake chan struct{}
	mu   sync.Mutex // serialises state changes (pause, completion)
}

// NewBackfill builds the backfill on the Requester whose limits it shares.
func NewBackfill(st BackfillStore, send Sender, req *Requester, pub Publisher, log *slog.Logger) *Backfill {
	return &Backfill{st: st, send: send, req: req, pub: pub, log: log.With("module", "history-backfill"),
		now: req.now, after: req.after, account: req.account, wake: make(chan struct{}, 1)}
}

func (b *Backfill) poke() {
	select {
	case b.wake <- struct{}{}:
	default:
	}
}

// Wake makes the loop look again (a connection, a stored chunk).
func (b *Backfill) Wake() { b.poke() }

// forever is step's answer when only a wake-up can make work due.
const forever = time.Duration(-1)

// Run walks the chats until ctx ends.
func (b *Backfill) Run(ctx context.Context) {
	for {
		next := b.step(ctx)
		var timer <-chan time.Time
		if next >= 0 {
			timer = b.after(next)
		}
		select {
		case <-ctx.Done():
			return
		case <-b.wake:
		case <-timer:
		}
	}
}

// step sends the next page if one is due and says how long until the next
// one may be (forever: until woken).
func (b *Backfill) step(ctx context.Context) time.Duration {
	s, err := b.load(ctx)
	if err != nil {
		b.log.Error("backfill state", "err", err)
		return offlineRetry
	}
	if s.Paused {
		return forever
	}
	if ok, err := b.initialDone(ctx); err != nil || !ok {
		return forever // a stored chunk or the initial completion wakes it
	}
	if err := b.st.EnrollBackfillChats(ctx); err != nil {
		b.log.Error("enroll backfill chats", "err", err)
		return offlineRetry
	}
	chats, err := b.st.BackfillChats(ctx)
	if err != nil {
		b.log.Error("backfill chats", "err", err)
		return offlineRetry
	}
	if s.StartedAt.IsZero() && len(chats) > 0 {
		s.StartedAt = b.now().UTC()
		if err := b.save(ctx, s); err != nil {
			b.log.Error("save backfill state", "err", err)
		}
	}
	var next *domain.BackfillChat
	for i, c := range chats {
		switch c.Status {
		case domain.BackfillSent:
			// One page in flight at a time: wait for its answer (which
			// wakes the loop) or its timeout.
			left := time.UnixMilli(c.SentAtMS).Add(b.req.limits.Timeout).Sub(b.now())
			if left > 0 {
				return left
			}
			b.timedOut(ctx, c)
			return 0
		case domain.BackfillQueued:
			if next == nil {
				next = &chats[i]
			}
		}
	}
	if next == nil {
		b.complete(ctx, chats)
		return forever
	}
	release, wait := b.req.claimSlot(ctx)
	if wait > 0 {
		return wait
	}
	return b.sendPage(ctx, *next, release)
}

// sendPage asks the phone for a chat's next page, booked against the
// shared hourly cap first; it returns when to look again. It holds the
// Requester's send slot, claimed by claimSlot, and releases it.
func (b *Backfill) sendPage(ctx context.Context, c domain.BackfillChat, release func(sent bool)) time.Duration {
	defer release(false)
	anchor, ok, err := b.st.OldestMessage(ctx, c.ChatJID)
	if err != nil {
		b.log.Error("oldest message", "chat", c.ChatJID, "err", err)
		return offlineRetry
	}
	if !ok { // nothing to continue from: nothing this job can ask
		c.Status = domain.BackfillFailed
		b.saveChat(ctx, c, nil)
		return 0
	}
	queued := c
	now := b.now()
	c.Status, c.SessionID, c.SentAtMS = domain.BackfillSent, b.send.NewRequestID(), now.UnixMilli()
	booked, retryAt, err := b.st.BookBackfillPage(ctx, c, now.Unix(), b.req.budget(now))
	if err != nil {
		b.log.Error("book backfill page", "err", err)
		return offlineRetry
	}
	if !booked {
		wait := max(time.Second, time.Unix(retryAt, 0).Sub(now))
		b.log.Info("hourly cap reached; the backfill waits", "wait", wait)
		return wait
	}
	err = b.send.RequestHistory(ctx, c.SessionID, b.req.phoneJID(ctx, c.ChatJID), anchor, domain.MaxPageCount)
	// Whatever the outcome, the page may have gone out: space from now.
	release(true)
	if err == nil {
		b.log.Debug("asked the phone for older history", "chat", c.ChatJID, "page", c.Pages+1)
		return b.req.limits.Timeout
	}
	// Nothing went out: the page does not count against the cap.
	if uerr := b.st.UnbookBackfillPage(ctx, queued, now.Unix()); uerr != nil {
		b.log.Error("unbook backfill page", "err", uerr)
	}
	if domain.ErrorCode(err) == domain.CodeUnavailable || domain.ErrorCode(err) == domain.CodeConflict {
		return offlineRetry
	}
	b.log.Warn("backfill request failed", "chat", c.ChatJID, "err", err)
	queued.Attempts++
	if queued.Attempts >= backfillAttempts {
		queued.Status = domain.BackfillFailed
	}
	b.saveChat(ctx, queued, nil)
	return 0
}

// timedOut gives a page the phone did not answer another try, or gives up
// the chat after backfillAttempts.
func (b *Backfill) timedOut(ctx context.Context, c domain.BackfillChat) {
	c.Attempts++
	c.Status = domain.BackfillQueued
	if c.Attempts >= backfillAttempts {
		c.Status = domain.BackfillFailed
	}
	b.log.Info("the phone did not answer a backfill page", "chat", c.ChatJID, "attempt", c.Attempts)
	b.saveChat(ctx, c, nil)
}

func (b *Backfill) saveChat(ctx context.Context, c domain.BackfillChat, evs []domain.OutboxEvent) {
	if err := b.st.SaveBackfillChat(ctx, c, evs); err != nil {
		b.log.Error("save backfill chat", "chat", c.ChatJID, "err", err)
	}
}

// complete fires the one history.backfill_complete, when every chat has
// its outcome. Its outbox rows commit with the flag that says it went out.
func (b *Backfill) complete(ctx context.Context, chats []domain.BackfillChat) {
	b.mu.Lock()
	defer b.mu.Unlock()
	s, err := b.load(ctx)
	if err != nil || s.Announced {
		return
	}
	s.Announced, s.CompletedAt = true, b.now().UTC()
	fetched, failed := 0, 0
	for _, c := range chats {
		fetched += c.Received
		if c.Status == domain.BackfillFailed {
			failed++
		}
	}
	started := ""
	if !s.StartedAt.IsZero() {
		started = s.StartedAt.Format(time.RFC3339)
	}
	st := &stager{pub: b.pub}
	evs, err := st.stage(domain.EventBackfillComplete, map[string]any{
		"jid": b.account(), "chats": len(chats), "chats_failed": failed, "messages_fetched": fetched,
		"started_at": started, "completed_at": s.CompletedAt.Format(time.RFC3339),
	})
	if err != nil {
		b.log.Error("stage backfill completion", "err", err)
		return
	}
	v, _ := marshalState(s)
	if err := b.st.SetSettingAnnounced(ctx, settingBackfill, v, evs); err != nil {
		b.log.Error("save backfill completion", "err", err)
		return
	}
	b.log.Info("backfill complete", "chats", len(chats), "messages", fetched)
	st.announce()
}
