package history

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/events"
)

// RequestStore is what on-demand request tracking needs from the database.
type RequestStore interface {
	Chat(ctx context.Context, jid string) (domain.Chat, error)
	OldestMessage(ctx context.Context, chat string) (domain.Anchor, bool, error)
	RequestTargets(ctx context.Context, limit int) ([]domain.RequestChat, domain.Admission, error)
	PreviewHistoryAdmission(ctx context.Context, chats []domain.RequestChat, pagesPerChat int, created int64, b domain.PeerBudget, skipBusy bool) (domain.Admission, error)
	AdmitHistoryRequest(ctx context.Context, id string, chats []domain.RequestChat, pagesPerChat int, created, deadline int64, b domain.PeerBudget, skipBusy bool) (domain.Admission, error)
	BookPeerPage(ctx context.Context, c domain.RequestChat, b domain.PeerBudget) (bool, int64, error)
	UnbookPeerPage(ctx context.Context, c domain.RequestChat, sentAt int64) error
	PhoneJID(ctx context.Context, chatJID string) (string, error)
	PendingRequestChats(ctx context.Context) ([]domain.RequestChat, error)
	RequestChats(ctx context.Context, id string) ([]domain.RequestChat, error)
	RequestChatForAnswer(ctx context.Context, sessionID, chat string) (domain.RequestChat, bool, error)
	UpdateRequestChat(ctx context.Context, c domain.RequestChat) error
	PendingRequestDeadlines(ctx context.Context) (map[string]int64, error)
	FinishHistoryRequest(ctx context.Context, id, status, chatStatus string, at int64, announce domain.Announce[domain.HistoryRequest]) (bool, error)
	PeerRequestsSince(ctx context.Context, since int64) ([]int64, error)
}

// Sender sends one on-demand request to the phone (wa.Client).
type Sender interface {
	NewRequestID() string
	RequestHistory(ctx context.Context, id, chat string, anchor domain.Anchor, count int) error
}

// Limits protect the account: see domain.HistoryLimits.
type Limits = domain.HistoryLimits

// DefaultLimits are the documented defaults.
var DefaultLimits = domain.DefaultHistoryLimits

// Requester turns POST /history/sync into peer requests, pages counts above
// 50, matches ON_DEMAND answers to their requests, and announces each
// request's completion exactly once. All state lives in the store, so a
// restart neither loses a request nor completes it twice.
type Requester struct {
	st      RequestStore
	send    Sender
	pub     Publisher
	log     *slog.Logger
	limits  Limits
	now     func() time.Time
	after   func(time.Duration) <-chan time.Time
	account func() string

	wake chan struct{}
	// mu guards the send slot every page to the phone goes through (see
	// claimSlot): the backfill's and POST /history/sync's alike.
	mu      sync.Mutex
	last    time.Time // when the last page's send returned (spacing; the cap lives in the store)
	loaded  bool      // last includes the last page logged before a restart
	sending bool      // a page is being booked and sent: the slot is taken
}

// NewRequester builds a requester. Zero limits take DefaultLimits' values.
func NewRequester(st RequestStore, send Sender, pub Publisher, log *slog.Logger, limits Limits, opts Options) *Requester {
	d := DefaultLimits
	if limits.MaxChats == 0 {
		limits.MaxChats = d.MaxChats
	}
	if limits.MinSpacing == 0 {
		limits.MinSpacing = d.MinSpacing
	}
	if limits.HourlyCap == 0 {
		limits.HourlyCap = d.HourlyCap
	}
	if limits.Timeout == 0 {
		limits.Timeout = d.Timeout
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.After == nil {
		opts.After = time.After
	}
	if opts.Account == nil {
		opts.Account = func() string { return "" }
	}
	return &Requester{st: st, send: send, pub: pub, log: log.With("module", "history-requests"), limits: limits,
		now: opts.Now, after: opts.After, account: opts.Account, wake: make(chan struct{}, 1)}
}

func (r *Requester) poke() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Request validates and records a request and queues its pages.
func (r *Requester) Request(ctx context.Context, in domain.HistorySyncInput) (domain.HistorySyncAccepted, error) {
	count, err := in.CountOrDefault()
	if err != nil {
		return domain.HistorySyncAccepted{}, err
	}
	chats, adm, err := r.targets(ctx, in.ChatJID)
	if err != nil {
		return domain.HistorySyncAccepted{}, err
	}
	now := r.now()
	perChat := (count + domain.MaxPageCount - 1) / domain.MaxPageCount
	pages := len(chats) * perChat
	for i := range chats {
		chats[i].Requested = count
	}
	id := events.NewID("hreq_")
	// The timeout covers the queue too: pages go out MinSpacing apart. The
	// store keeps seconds: round up, never time out early.
	deadline := now.Add(r.limits.Timeout + time.Duration(pages)*r.limits.MinSpacing)
	// One request per chat and the hourly cap are checked and booked in the
	// transaction that records the request: concurrent callers cannot both
	// pass the check. A refusal seen on a read snapshot (the targets' own,
	// or a preview's) is already final (a hammering script meets it), so it
	// is answered without the writer. A request naming no chat skips the
	// chats still busy with an earlier request rather than failing on them.
	skipBusy := in.ChatJID == ""
	skipped := adm.Skipped
	budget := r.budget(now)
	if adm.BusyChat == "" {
		adm, err = r.st.PreviewHistoryAdmission(ctx, chats, perChat, now.Unix(), budget, skipBusy)
	}
	if err == nil && adm.Accepted {
		adm, err = r.st.AdmitHistoryRequest(ctx, id, chats, perChat, now.Unix(), (deadline.UnixMilli()+999)/1000, budget, skipBusy)
	}
	adm.Skipped = append(skipped, adm.Skipped...)
	switch {
	case err != nil:
		return domain.HistorySyncAccepted{}, err
	case adm.BusyChat != "" && skipBusy:
		return domain.HistorySyncAccepted{}, r.limited(time.Unix(adm.BusyUntil, 0).Sub(now),
			"every chat with more on the phone (%d) has a history request still waiting for the phone; one request per chat at a time", len(adm.Skipped))
	case adm.BusyChat != "":
		return domain.HistorySyncAccepted{}, r.limited(time.Unix(adm.BusyUntil, 0).Sub(now),
			"a history request for %s is still waiting for the phone; one request per chat at a time", adm.BusyChat)
	case !adm.Accepted:
		return domain.HistorySyncAccepted{}, r.limited(time.Unix(adm.RetryAt, 0).Sub(now),
			"at most %d history requests to the phone per hour protect the account", r.limits.HourlyCap)
	}
	r.poke()
	out := domain.HistorySyncAccepted{Requested: true, Count: count, RequestID: id,
		Note: "History will be delivered via history.sync_complete webhook event", Skipped: adm.Skipped}
	for _, c := range adm.Chats {
		out.Chats = append(out.Chats, c.ChatJID)
	}
	return out, nil
}

func (r *Requester) limited(wait time.Duration, format string, args ...any) error {
	secs := max(1, int((wait+time.Second-1)/time.Second))
	e := domain.Errorf(domain.CodeRateLimited, format+"; try again in %d s", append(args, secs)...)
	e.RetryAfterSeconds = secs
	return e
}

// targets picks the chats a request asks about, each with its anchor, and
// when it already knows, the refusal for a chat that has a pending request.
func (r *Requester) targets(ctx context.Context, chatJID string) ([]domain.RequestChat, domain.Admission, error) {
	if chatJID != "" {
		chat, err := r.st.Chat(ctx, chatJID)
		if err != nil {
			return nil, domain.Admission{}, err
		}
		a, ok, err := r.st.OldestMessage(ctx, chat.JID)
		if err != nil {
			return nil, domain.Admission{}, err
		}
		if !ok {
			return nil, domain.Admission{}, domain.Errorf(domain.CodeConflict, "chat %s has no stored message to continue from; wait for the initial sync", chat.JID)
		}
		return []domain.RequestChat{{ChatJID: chat.JID, Anchor: a}}, domain.Admission{}, nil
	}
	out, busy, err := r.st.RequestTargets(ctx, r.limits.MaxChats)
	if err != nil || len(out) == 0 && busy.BusyChat != "" {
		return out, busy, err
	}
	if len(out) == 0 {
		return nil, busy, domain.Errorf(domain.CodeConflict, "no chat is known to have more history on the phone; name one with chat_jid")
	}
	return out, busy, nil
}

// budget is the hourly cap as of now.
func (r *Requester) budget(now time.Time) domain.PeerBudget {
	return domain.PeerBudget{Since: now.Add(-time.Hour).Unix(), Cap: r.limits.HourlyCap}
}
