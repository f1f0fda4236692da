package history

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

// settingBackfill keeps the backfill's switch and milestones across
// restarts; the chats' progress lives in backfill_chats.
const settingBackfill = "history_backfill"

// backfillState is the backfill's own state. Paused is false by default:
// the backfill is on unless switched off.
type backfillState struct {
	Paused      bool      `json:"paused"`
	StartedAt   time.Time `json:"started_at"`
	CompletedAt time.Time `json:"completed_at"`
	// Announced says history.backfill_complete went out (it goes out once).
	Announced bool `json:"announced"`
}

// BackfillStore is what the backfill needs from the database.
type BackfillStore interface {
	Setting(ctx context.Context, key string) (string, bool, error)
	SetSetting(ctx context.Context, key, value string) error
	SetSettingAnnounced(ctx context.Context, key, value string, evs []domain.OutboxEvent) error
	EnrollBackfillChats(ctx context.Context) error
	BackfillChats(ctx context.Context) ([]domain.BackfillChat, error)
	BackfillChatBySession(ctx context.Context, session string) (domain.BackfillChat, bool, error)
	SaveBackfillChat(ctx context.Context, c domain.BackfillChat, evs []domain.OutboxEvent) error
	BookBackfillPage(ctx context.Context, c domain.BackfillChat, sentAt int64, b domain.PeerBudget) (bool, int64, error)
	UnbookBackfillPage(ctx context.Context, c domain.BackfillChat, sentAt int64) error
	OldestMessage(ctx context.Context, chat string) (domain.Anchor, bool, error)
	PhoneJID(ctx context.Context, chatJID string) (string, error)
}

func (b *Backfill) load(ctx context.Context) (backfillState, error) {
	var s backfillState
	v, ok, err := b.st.Setting(ctx, settingBackfill)
	if err != nil || !ok {
		return s, err
	}
	if err := json.Unmarshal([]byte(v), &s); err != nil {
		return s, fmt.Errorf("backfill state: %w", err)
	}
	return s, nil
}

func (b *Backfill) save(ctx context.Context, s backfillState) error {
	v, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("backfill state: %w", err)
	}
	return b.st.SetSetting(ctx, settingBackfill, string(v))
}

// initialDone reports whether the initial sync that follows linking has
// completed (its one history.sync_complete fired).
func (b *Backfill) initialDone(ctx context.Context) (bool, error) {
	v, ok, err := b.st.Setting(ctx, settingInitial)
	if err != nil || !ok {
		return false, err
	}
	var s initialSync
	if err := json.Unmarshal([]byte(v), &s); err != nil {
		return false, fmt.Errorf("initial sync state: %w", err)
	}
	return s.Done, nil
}

// SetPaused switches the backfill off (true) or on again (false).
func (b *Backfill) SetPaused(ctx context.Context, paused bool) (domain.BackfillStatus, error) {
	b.mu.Lock()
	s, err := b.load(ctx)
	if err == nil {
		s.Paused = paused
		err = b.save(ctx, s)
	}
	b.mu.Unlock()
	if err != nil {
		return domain.BackfillStatus{}, err
	}
	b.poke()
	return b.Status(ctx)
}

// Status reports the backfill's progress: chats done, messages fetched and
// the time left at the current pace.
func (b *Backfill) Status(ctx context.Context) (domain.BackfillStatus, error) {
	s, err := b.load(ctx)
	if err != nil {
		return domain.BackfillStatus{}, err
	}
	chats, err := b.st.BackfillChats(ctx)
	if err != nil {
		return domain.BackfillStatus{}, err
	}
	out := domain.BackfillStatus{Enabled: !s.Paused, PerChat: []domain.BackfillChat{}}
	donePages := 0
	for _, c := range chats {
		out.Chats++
		out.Messages += c.Received
		out.Requests += c.Pages
		switch c.Status {
		case domain.BackfillNoMore, domain.BackfillFailed:
			out.Done++
			donePages += c.Pages
		case domain.BackfillSent:
			out.Current = c.ChatJID
		}
		if c.OldestTS > 0 {
			c.Oldest = time.Unix(c.OldestTS, 0).UTC().Format(time.RFC3339)
		}
		out.PerChat = append(out.PerChat, c)
	}
	if !s.StartedAt.IsZero() {
		out.StartedAt = s.StartedAt.UTC().Format(time.RFC3339)
	}
	if !s.CompletedAt.IsZero() {
		out.CompletedAt = s.CompletedAt.UTC().Format(time.RFC3339)
	}
	initial, err := b.initialDone(ctx)
	if err != nil {
		return domain.BackfillStatus{}, err
	}
	switch {
	case s.Paused:
		out.State = domain.BackfillStatePaused
	case !initial:
		out.State = domain.BackfillStateWaitingInitial
	case out.Done == out.Chats && !s.CompletedAt.IsZero():
		out.State = domain.BackfillStateComplete
	default:
		out.State = domain.BackfillStateRunning
	}
	// The phone never says how much it holds: the chats finished so far
	// say how many pages a chat takes, the pages sent so far how long a
	// page takes.
	if out.Done > 0 && out.Done < out.Chats && out.Requests > 0 && !s.StartedAt.IsZero() {
		perPage := b.now().Sub(s.StartedAt) / time.Duration(out.Requests)
		pagesLeft := (donePages*(out.Chats-out.Done) + out.Done - 1) / out.Done
		eta := int((perPage * time.Duration(pagesLeft)).Seconds())
		out.ETASeconds = &eta
	} else if out.Done == out.Chats && out.Chats > 0 {
		zero := 0
		out.ETASeconds = &zero
	}
	return out, nil
}
