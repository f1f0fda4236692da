package history

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

// GroupStore is what GroupNames needs from the store.
type GroupStore interface {
	GroupsWithoutInfo(ctx context.Context, limit int) ([]string, error)
	MarkGroupAsked(ctx context.Context, jid string) error
}

// GroupAsker asks WhatsApp about one group (wa.Client.GroupInfo).
type GroupAsker interface {
	GroupInfo(ctx context.Context, jid string) (domain.GroupInfo, error)
}

// GroupNamesOptions classify the asker's errors and set the pace.
type GroupNamesOptions struct {
	// IsNotReady: not connected; the group is asked about again later.
	IsNotReady func(error) bool
	// IsNotInGroup: WhatsApp gives nothing; the group is not asked again.
	IsNotInGroup func(error) bool
	// Spacing is the pause between two queries (default 500 ms); RetryEvery
	// how long to wait after a failure while nothing wakes the loop
	// (default 1 min).
	Spacing, RetryEvery time.Duration
	After               func(time.Duration) <-chan time.Time
}

// GroupNames asks WhatsApp once about each group the archive has no
// subject and participants for: groups first seen in a history sync or a
// live message, and at start those never asked about. Later changes come
// as group notifications, which the wa client stores itself.
type GroupNames struct {
	st   GroupStore
	ask  GroupAsker
	save func(ctx context.Context, chunk domain.HistoryChunk) error
	log  *slog.Logger
	opts GroupNamesOptions
	wake chan struct{}
}

// NewGroupNames builds the loop; save stores a chunk carrying group info
// (Processor.LiveMessage).
func NewGroupNames(st GroupStore, ask GroupAsker, save func(context.Context, domain.HistoryChunk) error,
	log *slog.Logger, opts GroupNamesOptions) *GroupNames {
	if opts.Spacing == 0 {
		opts.Spacing = 500 * time.Millisecond
	}
	if opts.RetryEvery == 0 {
		opts.RetryEvery = time.Minute
	}
	if opts.After == nil {
		opts.After = time.After
	}
	if opts.IsNotReady == nil {
		opts.IsNotReady = func(error) bool { return false }
	}
	if opts.IsNotInGroup == nil {
		opts.IsNotInGroup = func(error) bool { return false }
	}
	return &GroupNames{st: st, ask: ask, save: save, log: log.With("module", "group-names"), opts: opts,
		wake: make(chan struct{}, 1)}
}

// Wake makes the loop look for groups not yet asked about.
func (g *GroupNames) Wake() {
	select {
	case g.wake <- struct{}{}:
	default:
	}
}

// OnChunk wakes the loop when a stored chunk named a group.
func (g *GroupNames) OnChunk(_ context.Context, c domain.HistoryChunk, _ domain.IngestResult) {
	for _, ch := range c.Chats {
		if ch.IsGroup {
			g.Wake()
			return
		}
	}
	for _, m := range c.Messages {
		if strings.HasSuffix(m.ChatJID, "@g.us") {
			g.Wake()
			return
		}
	}
}

// Run asks about groups until ctx ends, sleeping while there is nothing
// to ask.
func (g *GroupNames) Run(ctx context.Context) {
	for {
		var retry <-chan time.Time
		if !g.pass(ctx) {
			retry = g.opts.After(g.opts.RetryEvery)
		}
		select {
		case <-ctx.Done():
			return
		case <-g.wake:
		case <-retry:
		}
	}
}

// pass asks about every group not yet asked about; false means one could
// not be asked now and the pass should be tried again later.
func (g *GroupNames) pass(ctx context.Context) bool {
	for {
		jids, err := g.st.GroupsWithoutInfo(ctx, 20)
		if err != nil {
			g.log.Warn("list groups", "err", err)
			return false
		}
		if len(jids) == 0 {
			return true
		}
		for _, jid := range jids {
			if !g.one(ctx, jid) {
				return false
			}
			select {
			case <-ctx.Done():
				return true
			case <-g.opts.After(g.opts.Spacing):
			}
		}
	}
}

func (g *GroupNames) one(ctx context.Context, jid string) bool {
	info, err := g.ask.GroupInfo(ctx, jid)
	switch {
	case err == nil:
		if err := g.save(ctx, domain.HistoryChunk{SyncType: domain.SyncAppState, Groups: []domain.GroupInfo{info}}); err != nil {
			g.log.Warn("store group info", "group", jid, "err", err)
			return false
		}
		return true
	case g.opts.IsNotInGroup(err):
		if err := g.st.MarkGroupAsked(ctx, jid); err != nil {
			g.log.Warn("mark group asked", "group", jid, "err", err)
			return false
		}
		return true
	case g.opts.IsNotReady(err):
		return false
	default:
		g.log.Warn("group info", "group", jid, "err", err)
		return false
	}
}
