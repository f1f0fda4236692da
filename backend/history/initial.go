package history

import (
	"context"
	"encoding/json"
	"sort"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

// settingInitial keeps the running initial sync's totals across restarts,
// so its one history.sync_complete still fires, once, after a crash.
const settingInitial = "initial_history_sync"

// initialSync accumulates the unrequested sync that follows linking.
type initialSync struct {
	StartedAt time.Time            `json:"started_at"`
	LastChunk time.Time            `json:"last_chunk"`
	Received  int                  `json:"received"`
	Chunks    int                  `json:"chunks"`
	Chats     map[string]chatTotal `json:"chats"`
	Done      bool                 `json:"done"`
}

type chatTotal struct {
	Received    int   `json:"received"`
	Oldest      int64 `json:"oldest"`
	MoreOnPhone bool  `json:"more_on_phone"`
}

// isInitial tells which sync types make up the initial sync.
func isInitial(syncType string) bool {
	switch syncType {
	case domain.SyncInitialBootstrap, domain.SyncRecent, domain.SyncFull, domain.SyncPushName,
		domain.SyncNonBlockingData, domain.SyncInitialStatusV3:
		return true
	}
	return false
}

func (p *Processor) loadInitial(ctx context.Context) error {
	v, ok, err := p.store.Setting(ctx, settingInitial)
	if err != nil || !ok {
		return err
	}
	var s initialSync
	if err := json.Unmarshal([]byte(v), &s); err != nil {
		return err
	}
	if !s.Done {
		p.mu.Lock()
		p.initial = &s
		p.mu.Unlock()
	}
	return nil
}

func (p *Processor) saveInitial(ctx context.Context, s *initialSync) {
	b, _ := json.Marshal(s)
	if err := p.store.SetSetting(ctx, settingInitial, string(b)); err != nil {
		p.log.Error("save initial sync state", "err", err)
	}
}

// trackInitial adds a stored chunk to the running initial sync and reports
// whether that sync is now complete (progress 100).
func (p *Processor) trackInitial(ctx context.Context, c domain.HistoryChunk, res domain.IngestResult) bool {
	if !isInitial(c.SyncType) {
		return false
	}
	p.mu.Lock()
	s := p.initial
	if s == nil {
		if v, ok, _ := p.store.Setting(ctx, settingInitial); ok && c.SyncType != domain.SyncInitialBootstrap {
			var prev initialSync
			if json.Unmarshal([]byte(v), &prev) == nil && prev.Done {
				// Late chunks after completion belong to no initial sync.
				p.mu.Unlock()
				return false
			}
		}
		s = &initialSync{StartedAt: p.opts.Now().UTC(), Chats: map[string]chatTotal{}}
		p.initial = s
	}
	s.LastChunk = p.opts.Now().UTC()
	s.Chunks++
	s.Received += res.NewMessages
	counts := map[string]int{}
	for _, m := range c.Messages {
		counts[m.ChatJID]++
	}
	more := map[string]bool{}
	for _, ch := range c.Chats {
		if ch.EndOfHistory != 0 {
			more[ch.JID] = ch.MoreOnPhone
		}
	}
	for jid, oldest := range res.OldestPerChat {
		t := s.Chats[jid]
		t.Received += counts[jid]
		t.Oldest = oldest
		if m, ok := more[jid]; ok {
			t.MoreOnPhone = m
		}
		s.Chats[jid] = t
	}
	done := c.Progress >= 100
	p.mu.Unlock()
	p.saveInitial(ctx, s)
	return done
}

// idleLeft says how long until a running initial sync counts as idle.
func (p *Processor) idleLeft() (time.Duration, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.initial == nil {
		return 0, false
	}
	return max(0, p.initial.LastChunk.Add(p.opts.IdleComplete).Sub(p.opts.Now())), true
}

func (p *Processor) completeInitialIfIdle(ctx context.Context) {
	if d, ok := p.idleLeft(); ok && d == 0 {
		p.completeInitial(ctx, "complete")
	}
}

// completeInitial fires the one history.sync_complete of the initial sync.
func (p *Processor) completeInitial(ctx context.Context, status string) {
	p.mu.Lock()
	s := p.initial
	p.initial = nil
	p.mu.Unlock()
	if s == nil {
		return
	}
	s.Done = true
	chats := make([]map[string]any, 0, len(s.Chats))
	jids := make([]string, 0, len(s.Chats))
	for jid := range s.Chats {
		jids = append(jids, jid)
	}
	sort.Strings(jids)
	for _, jid := range jids {
		t := s.Chats[jid]
		oldest := ""
		if t.Oldest > 0 {
			oldest = time.Unix(t.Oldest, 0).UTC().Format(time.RFC3339)
		}
		chats = append(chats, map[string]any{"chat_jid": jid, "received": t.Received, "oldest_timestamp": oldest, "more_on_phone": t.MoreOnPhone})
	}
	st := &stager{pub: p.pub}
	oe, err := st.stage(domain.EventHistorySyncComplete, map[string]any{
		"jid": p.opts.Account(), "sync_type": "INITIAL", "request_id": nil, "status": status, "requested": nil, "received": s.Received,
		"chunks": s.Chunks, "chats": chats, "started_at": s.StartedAt.Format(time.RFC3339),
		"completed_at": p.opts.Now().UTC().Format(time.RFC3339),
	})
	if err != nil {
		p.log.Error("stage initial sync completion", "err", err)
		return
	}
	// Done and the completion's outbox rows commit together: it fires once.
	b, _ := json.Marshal(s)
	if err := p.store.SetSettingAnnounced(ctx, settingInitial, string(b), oe); err != nil {
		p.log.Error("save initial sync completion", "err", err)
		return
	}
	st.announce()
	p.mu.Lock()
	hook := p.onInitial
	p.mu.Unlock()
	if hook != nil {
		hook()
	}
}
