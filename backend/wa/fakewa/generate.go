package fakewa

import (
	"fmt"
	"math/rand/v2"
	"time"

	"go.mau.fi/whatsmeow/proto/waHistorySync"
	"go.mau.fi/whatsmeow/types"
)

// GenOpts describes a generated message history. Equal options give an
// identical history (ids, texts, timestamps, chunking).
type GenOpts struct {
	// Seed varies every generated value.
	Seed int64
	// Chats is the number of DM chats (<number>@s.whatsapp.net). The first
	// one is also known under a LID (see Expected.Aliases).
	Chats int
	// Groups is the number of group chats (<id>@g.us).
	Groups int
	// MessagesPerChat is how many messages every chat gets (storable ones
	// plus reactions, edits and revokes; see Expected).
	MessagesPerChat int
	// ChunkMessages caps the messages per HistorySync chunk (default 1000).
	ChunkMessages int
	// Start is the time of the oldest messages (default 2024-01-01 UTC).
	Start time.Time
	// Owner is the account's JID; its messages are fromMe (default a fixed
	// number). Pass Phone.JID() when the history goes to that phone's
	// companions.
	Owner types.JID
	// ExtraTexts are placed verbatim, each exactly once, as the text of a
	// plain storable message from another person (never edited or revoked;
	// see Expected.Extra). Needs MessagesPerChat >= 1.
	ExtraTexts []string
	// InitialPerChat, if positive, splits every chat's history: Chunks
	// carries only the newest InitialPerChat messages of each chat (of
	// every kind, storable or not), while the phone that sent the history
	// (SendGeneratedHistory, or Phone.SetArchive) holds all of them and
	// answers on-demand requests from the older ones (see OlderMessages).
	// Expected then describes the split: Counts what Chunks carries,
	// OnDemandCounts the rest, and MoreOnPhone whether a chat has any rest.
	// Zero, or at least MessagesPerChat, sends everything.
	InitialPerChat int
	// EveryKind adds the group EveryKindChat to the first chunk: one
	// message of every kind EveryKind returns, system notices (history
	// stubs) and formatted, quoting, forwarded and markup texts (the
	// EveryKind* constants). Expected counts its messages.
	EveryKind bool
}

// Expected is what a companion that stores the history correctly ends up
// with.
//
// Storable messages are the rows an archive keeps: plain texts
// (conversation), extended texts (some quoting an earlier message), images,
// videos, audios and documents. Reactions (reactionMessage), edits
// (editedMessage wrapping protocolMessage MESSAGE_EDIT) and revokes
// (protocolMessage REVOKE) modify an earlier message of the same chat and
// are not rows of their own; an edited or revoked message still counts once.
type Expected struct {
	// Counts maps each conversation ID as it appears in the sync (a DM's
	// phone-number JID, its LID JID for the aliased DM, or a group JID) to
	// its number of storable messages carried by Chunks.
	Counts map[string]int
	// Total is the sum of Counts.
	Total int
	// OnDemandCounts maps each conversation ID to its number of storable
	// messages that Chunks does not carry (GenOpts.InitialPerChat) and the
	// phone hands out on demand; only conversations with at least one such
	// message (of any kind) are listed. Counts plus OnDemandCounts is the
	// whole history.
	OnDemandCounts map[string]int
	// OnDemandTotal is the sum of OnDemandCounts.
	OnDemandTotal int
	// OnDemandMessages is OnDemandCounts counting messages of every kind
	// (reactions, edits and revokes too): the unit of an on-demand request's
	// count and of the 50-message cap. A request for a chat pages through
	// all of its older messages, under whichever conversation ID of the
	// chat (phone-number or LID) they were generated.
	OnDemandMessages map[string]int
	// Kinds counts every message Chunks carries by kind: text, extended_text,
	// quote (extended texts quoting a message; also counted in
	// extended_text), image, video, audio, document, reaction, edit, revoke.
	Kinds map[string]int
	// Names maps each chat JID (phone-number and LID form alike) to its
	// name: the contact's name for a DM, the subject for a group.
	Names map[string]string
	// Aliases maps a LID chat JID to the phone-number chat JID it is the
	// same contact as (announced by phoneNumberToLidMappings in the first
	// chunk and by the conversations' lidJID/pnJID). An app that merges
	// them holds Counts[lid]+Counts[pn] messages under one chat; see
	// MergedCounts.
	Aliases map[string]string
	// PushNames maps every contact's user JID to its push name.
	PushNames map[string]string
	// Extra maps each ExtraTexts entry to the message that carries it
	// (entries beyond the number of message slots are dropped, and so are
	// entries in messages Chunks does not carry).
	Extra map[string]MessageRef
	// MoreOnPhone maps every conversation ID to whether its
	// endOfHistoryTransferType says more messages remain on the phone
	// (COMPLETE_BUT_MORE_MESSAGES_REMAIN_ON_PRIMARY) or not
	// (COMPLETE_AND_NO_MORE_MESSAGE_REMAIN_ON_PRIMARY): even chats have more
	// and odd ones not, or, with InitialPerChat, the chats whose older
	// messages Chunks does not carry have more (both conversation IDs of the
	// aliased DM alike).
	MoreOnPhone map[string]bool
}

// MessageRef locates one generated message.
type MessageRef struct {
	Chat   string // conversation ID as sent
	ID     string
	Sender string // user JID of the author
	FromMe bool
}

// MergedCounts is Counts with every LID conversation folded into the
// phone-number chat it aliases.
func (e *Expected) MergedCounts() map[string]int {
	out := make(map[string]int, len(e.Counts))
	for chat, n := range e.Counts {
		if pn, ok := e.Aliases[chat]; ok {
			chat = pn
		}
		out[chat] += n
	}
	return out
}

// History is a generated history: the chunks to send, in order, and what
// the companion should end up with.
type History struct {
	// Chunks are the HistorySync payloads: INITIAL_BOOTSTRAP first, then
	// RECENT, then FULL; chunkOrder 1..n; progress rising to 100.
	Chunks []*waHistorySync.HistorySync
	// PushNames is a PUSH_NAME sync with every contact's push name.
	PushNames *waHistorySync.HistorySync
	Expected
}

// GenerateHistory generates the whole history in memory. For very large
// histories use NewHistoryGenerator and build one chunk at a time.
func GenerateHistory(opts GenOpts) *History {
	g := NewHistoryGenerator(opts)
	h := &History{Chunks: make([]*waHistorySync.HistorySync, 0, g.NumChunks()), PushNames: g.PushNameChunk(), Expected: g.Expected()}
	for chunk := range g.Chunks() {
		h.Chunks = append(h.Chunks, chunk)
	}
	return h
}

// HistoryGenerator produces a generated history chunk by chunk, so memory
// stays bounded by one chunk whatever the size. It is immutable and safe
// for concurrent use.
type HistoryGenerator struct {
	opts   GenOpts
	mix    uint64
	chats  []genChat
	people []genPerson
	window int // messages per chat per round of chunks
}

// genPerson is a contact.
type genPerson struct {
	jid  types.JID
	name string
}

// genChat is one chat of the plan.
type genChat struct {
	jid     types.JID
	lid     types.JID // the aliased DM's LID chat, else empty
	lidFrom int       // messages from this index on are in the LID chat
	name    string
	group   bool
	members []int       // people indexes: the contact of a DM, a group's members
	offset  int64       // seconds from Start to the first message
	gap     int64       // seconds between messages
	extra   map[int]int // message index → ExtraTexts index
	meta    uint64      // varies the conversation metadata
}

// extraGroupPeople is how many contacts exist only as group members.
const extraGroupPeople = 12

// NewHistoryGenerator plans the history opts describes.
func NewHistoryGenerator(opts GenOpts) *HistoryGenerator {
	opts.Chats, opts.Groups, opts.MessagesPerChat = max(opts.Chats, 0), max(opts.Groups, 0), max(opts.MessagesPerChat, 0)
	if opts.ChunkMessages <= 0 {
		opts.ChunkMessages = 1000
	}
	if opts.Start.IsZero() {
		opts.Start = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if opts.Owner.IsEmpty() {
		opts.Owner = types.NewJID("15550000000", types.DefaultUserServer)
	}
	opts.Owner = opts.Owner.ToNonAD()
	g := &HistoryGenerator{opts: opts, mix: splitmix(uint64(opts.Seed) ^ 0x5eed)}
	r := rand.New(rand.NewPCG(g.mix, 1))
	numBase := r.IntN(1_000_000)
	for i := 0; len(g.people) < opts.Chats+extraGroupPeople; i++ {
		jid := types.NewJID(fmt.Sprintf("1555%07d", (numBase+i*7919)%10_000_000), types.DefaultUserServer)
		if jid.User != opts.Owner.User { // 7919 is prime: no other repeats below 10^7 people
			g.people = append(g.people, genPerson{jid: jid, name: personName(r)})
		}
	}
	for i := range opts.Chats {
		c := genChat{jid: g.people[i].jid, name: g.people[i].name, members: []int{i}, lidFrom: opts.MessagesPerChat}
		if i == 0 {
			c.lid = types.NewJID(fmt.Sprintf("2%014d", r.Int64N(1e14)), types.HiddenUserServer)
			c.lidFrom = opts.MessagesPerChat - opts.MessagesPerChat/4
		}
		g.chats = append(g.chats, c)
	}
	groupBase := r.Int64N(1e11)
	for i := range opts.Groups {
		c := genChat{
			jid:   types.NewJID(fmt.Sprintf("120363%012d", groupBase+int64(i)*104729), types.GroupServer),
			name:  groupNames[r.IntN(len(groupNames))] + fmt.Sprintf(" %d", i+1),
			group: true, lidFrom: opts.MessagesPerChat,
		}
		perm := r.Perm(len(g.people))
		c.members = perm[:min(len(perm), 2+r.IntN(5))]
		g.chats = append(g.chats, c)
	}
	for i := range g.chats {
		g.chats[i].offset = r.Int64N(86400)
		g.chats[i].gap = 30 + r.Int64N(900)
		g.chats[i].meta = r.Uint64()
	}
	g.placeExtras()
	if n := len(g.chats); n > 0 {
		g.window = min(max(1, opts.ChunkMessages/n), max(1, g.sentPerChat()))
	}
	return g
}

// placeExtras assigns every ExtraTexts entry a message slot past the fixed
// opening of its chat (see plan), at most one entry per slot.
func (g *HistoryGenerator) placeExtras() {
	m, n := g.opts.MessagesPerChat, len(g.chats)
	if m == 0 || n == 0 {
		return
	}
	first := 0
	if m > fixedOpening {
		first = fixedOpening
	}
	for k := range g.opts.ExtraTexts {
		c := &g.chats[k%n]
		if c.extra == nil {
			c.extra = map[int]int{}
		}
		slot := m - 1 - (k/n)%(m-first)
		if _, taken := c.extra[slot]; !taken { // else more extras than messages: dropped
			c.extra[slot] = k
		}
	}
}

// NumChunks is the number of chunks Chunks yields.
func (g *HistoryGenerator) NumChunks() int {
	total := len(g.chats) * g.sentPerChat()
	return max(1, (total+g.opts.ChunkMessages-1)/g.opts.ChunkMessages)
}

// Owner is the account JID whose messages are fromMe.
func (g *HistoryGenerator) Owner() types.JID { return g.opts.Owner }

// splitmix is a 64-bit mixing function (SplitMix64's finalizer).
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
