package fakewa

import (
	"sort"
	"time"

	"go.mau.fi/whatsmeow/proto/waHistorySync"
	"go.mau.fi/whatsmeow/types"
)

// firstSent is the index of every chat's oldest message that Chunks
// carries: MessagesPerChat - InitialPerChat with a split, else 0.
func (g *HistoryGenerator) firstSent() int {
	if n := g.opts.InitialPerChat; n > 0 && n < g.opts.MessagesPerChat {
		return g.opts.MessagesPerChat - n
	}
	return 0
}

// sentPerChat is how many messages of every chat Chunks carries.
func (g *HistoryGenerator) sentPerChat() int { return g.opts.MessagesPerChat - g.firstSent() }

// split reports whether InitialPerChat is set (then MoreOnPhone says whether
// a chat has messages Chunks did not carry, instead of alternating).
func (g *HistoryGenerator) split() bool { return g.opts.InitialPerChat > 0 }

// chatIndex finds the chat whose phone-number or LID JID is jid.
func (g *HistoryGenerator) chatIndex(jid types.JID) (int, bool) {
	jid = jid.ToNonAD()
	for ci := range g.chats {
		if g.chats[ci].jid == jid || (!g.chats[ci].lid.IsEmpty() && g.chats[ci].lid == jid) {
			return ci, true
		}
	}
	return 0, false
}

// OlderMessages is what the phone holding this history answers an
// on-demand request with: up to n messages of chat strictly older than the
// anchor (message timestamp before, or equal with a smaller id), newest
// first, and how many older ones remain after them. It searches the whole
// history, whether Chunks carries a message or not. A chat is found by its
// phone-number or its LID JID alike; the messages of the DM known under both
// (see Expected.Aliases) keep the conversation ID they have in Chunks in
// their keys. An unknown chat or n <= 0 gives no messages (remaining counts
// the older ones all the same).
func (g *HistoryGenerator) OlderMessages(chat types.JID, anchor time.Time, anchorID string, n int) (msgs []*waHistorySync.HistorySyncMsg, remaining int) {
	ci, ok := g.chatIndex(chat)
	if !ok {
		return nil, 0
	}
	anchorMS := anchor.UnixMilli()
	// Timestamps rise with the index, and so do ids within a chat.
	hi := sort.Search(g.opts.MessagesPerChat, func(i int) bool {
		ms := g.timestamp(ci, i) * 1000
		return ms > anchorMS || (ms == anchorMS && g.messageID(ci, i) >= anchorID)
	})
	n = min(max(n, 0), hi)
	for i := hi - 1; i >= hi-n; i-- {
		msgs = append(msgs, g.message(ci, i))
	}
	return msgs, hi - n
}

// addOnDemand counts message i of chat ci, with plan p, as held by the
// phone but not carried by Chunks.
func (g *HistoryGenerator) addOnDemand(e *Expected, ci, i int, p msgPlan) {
	conv := g.convJID(ci, i).String()
	e.OnDemandMessages[conv]++
	if p.kind.storable() {
		e.OnDemandCounts[conv]++
		e.OnDemandTotal++
	}
}
