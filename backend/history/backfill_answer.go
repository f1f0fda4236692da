package history

import (
	"context"
	"encoding/json"

	"github.com/wasync/wasync/backend/domain"
)

// OnChunk matches a stored ON_DEMAND chunk to the backfill page it answers
// (after its messages are committed) and moves that chat on: the next page,
// or no_more_history when the phone says there is no more. Every stored
// chunk wakes the loop: the initial sync's progress is what starts it.
func (b *Backfill) OnChunk(ctx context.Context, chunk domain.HistoryChunk, res domain.IngestResult) {
	defer b.poke()
	if chunk.SyncType != domain.SyncOnDemand {
		return
	}
	c, ok, err := b.st.BackfillChatBySession(ctx, chunk.SessionID)
	if err != nil || !ok {
		return
	}
	got, more := pageAnswer(chunk, c.ChatJID)
	c.Received += got
	c.Pages++
	c.Attempts = 0
	c.SessionID = ""
	c.Status = domain.BackfillQueued
	if !more {
		c.Status = domain.BackfillNoMore
	}
	if oldest := res.OldestPerChat[c.ChatJID]; oldest > 0 {
		c.OldestTS = oldest
	}
	st := &stager{pub: b.pub}
	evs, err := st.stage(domain.EventBackfillProgress, map[string]any{
		"jid": b.account(), "chat_jid": c.ChatJID, "status": c.Status, "received": got,
		"chat_received": c.Received, "pages": c.Pages,
	})
	if err != nil {
		b.log.Error("stage backfill progress", "err", err)
		evs = nil
	}
	if err := b.st.SaveBackfillChat(ctx, c, evs); err != nil {
		b.log.Error("save backfill chat", "chat", c.ChatJID, "err", err)
		return
	}
	st.announce()
}

func marshalState(s backfillState) (string, error) {
	v, err := json.Marshal(s)
	return string(v), err
}
