package fakewa

import (
	"iter"

	"google.golang.org/protobuf/proto"

	"go.mau.fi/whatsmeow/proto/waHistorySync"
	"go.mau.fi/whatsmeow/types"
)

// Chunks yields the history's HistorySync chunks in sending order, building
// each only when asked for. The layout follows WhatsApp: rounds go back in
// time, each round giving every chat its next-older window of messages
// (window = ChunkMessages / number of chats), newest first within a
// conversation; rounds are cut into chunks of at most ChunkMessages
// messages. Chunk 1 is INITIAL_BOOTSTRAP and carries the
// phoneNumberToLidMappings; chunk k > 1 is RECENT while 2(k-1) < n, FULL
// after. chunkOrder is 1..n and progress k*100/n. Every conversation entry
// carries the chat's metadata (name, unreadCount, archived, pinned,
// muteEndTime, participants); the entry holding a conversation's oldest
// message also carries endOfHistoryTransfer and its type. A history without
// messages is one INITIAL_BOOTSTRAP chunk of empty conversations. With
// GenOpts.InitialPerChat only each chat's newest InitialPerChat messages are
// carried; the rest are left on the phone (OlderMessages).
func (g *HistoryGenerator) Chunks() iter.Seq[*waHistorySync.HistorySync] {
	return func(yield func(*waHistorySync.HistorySync) bool) {
		b := chunkBuilder{g: g, n: g.NumChunks()}
		b.reset()
		if g.opts.EveryKind {
			b.hs.Conversations = append(b.hs.Conversations, g.everyKindConversation())
		}
		m := g.opts.MessagesPerChat
		if m == 0 || len(g.chats) == 0 {
			for ci := range g.chats {
				b.entry(ci, g.chats[ci].jid)
			}
			yield(b.finish())
			return
		}
		first := g.firstSent()
		for hi := m; hi > first; hi -= g.window {
			lo := max(first, hi-g.window)
			for ci := range g.chats {
				for i := hi - 1; i >= lo; i-- {
					b.add(ci, i)
					if b.count == g.opts.ChunkMessages {
						if !yield(b.finish()) {
							return
						}
						b.reset()
					}
				}
			}
		}
		if b.count > 0 {
			yield(b.finish())
		}
	}
}

// chunkBuilder collects one chunk.
type chunkBuilder struct {
	g     *HistoryGenerator
	n     int // chunks in all
	k     int // index of the chunk being built
	count int // messages in it
	hs    *waHistorySync.HistorySync
	convs map[types.JID]*waHistorySync.Conversation
}

func (b *chunkBuilder) reset() {
	b.hs, b.count, b.convs = &waHistorySync.HistorySync{}, 0, map[types.JID]*waHistorySync.Conversation{}
}

// add appends message i of chat ci to its conversation entry.
func (b *chunkBuilder) add(ci, i int) {
	jid := b.g.convJID(ci, i)
	conv := b.entry(ci, jid)
	conv.Messages = append(conv.Messages, b.g.message(ci, i))
	c := &b.g.chats[ci]
	if i == b.g.firstSent() || (jid == c.lid && i == c.lidFrom) {
		conv.EndOfHistoryTransfer = proto.Bool(true)
		conv.EndOfHistoryTransferType = b.g.endOfHistory(ci).Enum()
	}
	b.count++
}

// entry returns the chunk's conversation entry for jid, adding it with the
// chat's metadata if new.
func (b *chunkBuilder) entry(ci int, jid types.JID) *waHistorySync.Conversation {
	if conv := b.convs[jid]; conv != nil {
		return conv
	}
	conv := b.g.conversation(ci, jid)
	b.convs[jid] = conv
	b.hs.Conversations = append(b.hs.Conversations, conv)
	return conv
}

func (b *chunkBuilder) finish() *waHistorySync.HistorySync {
	typ := waHistorySync.HistorySync_FULL
	switch {
	case b.k == 0:
		typ = waHistorySync.HistorySync_INITIAL_BOOTSTRAP
		for _, c := range b.g.chats {
			if !c.lid.IsEmpty() {
				b.hs.PhoneNumberToLidMappings = append(b.hs.PhoneNumberToLidMappings, &waHistorySync.PhoneNumberToLIDMapping{
					PnJID: proto.String(c.jid.String()), LidJID: proto.String(c.lid.String()),
				})
			}
		}
	case 2*b.k < b.n:
		typ = waHistorySync.HistorySync_RECENT
	}
	b.hs.SyncType = typ.Enum()
	b.hs.ChunkOrder = proto.Uint32(uint32(b.k + 1))
	b.hs.Progress = proto.Uint32(uint32((b.k + 1) * 100 / b.n))
	b.k++
	return b.hs
}

// endOfHistory is chat ci's end-of-history type: even chats have more
// messages left on the phone, odd ones were sent completely; with
// InitialPerChat, the chats whose older messages were not sent have more.
func (g *HistoryGenerator) endOfHistory(ci int) waHistorySync.Conversation_EndOfHistoryTransferType {
	if g.split() && g.firstSent() == 0 {
		return waHistorySync.Conversation_COMPLETE_AND_NO_MORE_MESSAGE_REMAIN_ON_PRIMARY
	}
	if g.split() || ci%2 == 0 {
		return waHistorySync.Conversation_COMPLETE_BUT_MORE_MESSAGES_REMAIN_ON_PRIMARY
	}
	return waHistorySync.Conversation_COMPLETE_AND_NO_MORE_MESSAGE_REMAIN_ON_PRIMARY
}

// conversation is the metadata of chat ci's conversation jid (its
// phone-number or LID form), without messages.
func (g *HistoryGenerator) conversation(ci int, jid types.JID) *waHistorySync.Conversation {
	c := &g.chats[ci]
	last := g.timestamp(ci, max(0, g.opts.MessagesPerChat-1))
	if jid == c.jid && !c.lid.IsEmpty() && c.lidFrom > 0 {
		last = g.timestamp(ci, c.lidFrom-1)
	}
	conv := &waHistorySync.Conversation{
		ID:                    proto.String(jid.String()),
		Name:                  proto.String(c.name),
		UnreadCount:           proto.Uint32(uint32(c.meta % 4)),
		Archived:              proto.Bool(c.meta>>8%5 == 0),
		ConversationTimestamp: proto.Uint64(uint64(last)),
		LastMsgTimestamp:      proto.Uint64(uint64(last)),
	}
	if c.meta>>16%6 == 0 {
		conv.Pinned = proto.Uint32(uint32(last))
	}
	if c.meta>>24%5 == 0 {
		conv.MuteEndTime = proto.Uint64(uint64(last + 365*86400))
	}
	if !c.lid.IsEmpty() {
		if jid == c.lid {
			conv.PnJID = proto.String(c.jid.String())
		} else {
			conv.LidJID = proto.String(c.lid.String())
		}
	}
	if c.group {
		conv.Participant = append(conv.Participant, &waHistorySync.GroupParticipant{
			UserJID: proto.String(g.opts.Owner.String()), Rank: waHistorySync.GroupParticipant_SUPERADMIN.Enum(),
		})
		for j, m := range c.members {
			rank := waHistorySync.GroupParticipant_REGULAR
			if j == 0 {
				rank = waHistorySync.GroupParticipant_ADMIN
			}
			conv.Participant = append(conv.Participant, &waHistorySync.GroupParticipant{
				UserJID: proto.String(g.people[m].jid.String()), Rank: rank.Enum(),
			})
		}
	}
	return conv
}

// PushNameChunk is a PUSH_NAME sync with the push name of every contact.
func (g *HistoryGenerator) PushNameChunk() *waHistorySync.HistorySync {
	hs := &waHistorySync.HistorySync{SyncType: waHistorySync.HistorySync_PUSH_NAME.Enum()}
	for _, p := range g.people {
		hs.Pushnames = append(hs.Pushnames, &waHistorySync.Pushname{ID: proto.String(p.jid.String()), Pushname: proto.String(p.name)})
	}
	return hs
}
