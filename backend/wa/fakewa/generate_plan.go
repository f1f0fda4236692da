package fakewa

import (
	"fmt"
	"math/rand/v2"

	"go.mau.fi/whatsmeow/proto/waHistorySync"
	"go.mau.fi/whatsmeow/types"
)

// msgKind is what a generated message is.
type msgKind uint8

const (
	kindText msgKind = iota
	kindExtended
	kindImage
	kindVideo
	kindAudio
	kindDocument
	kindReaction // modifiers from here on: not rows of their own
	kindEdit
	kindRevoke
)

var kindNames = [...]string{"text", "extended_text", "image", "video", "audio", "document", "reaction", "edit", "revoke"}

func (k msgKind) storable() bool { return k < kindReaction }

// fixedOpening is the number of leading messages of a chat with more
// messages than that whose kinds are fixed, so every such chat has at least
// one edit, revoke, reaction, quote and image: 0 text from the other side,
// 1 text from me, 2 edit of 1, 3 image from me, 4 revoke of 3, 5 reaction
// to 1, 6 extended text from me quoting 0.
const fixedOpening = 7

// msgPlan is one message's shape, derived from (seed, chat, index) alone so
// any message can be built without the others.
type msgPlan struct {
	kind   msgKind
	fromMe bool
	sender int // people index of the author when !fromMe
	target int // message a reaction, edit, revoke or quote refers to, or -1
	extra  int // ExtraTexts index, or -1
}

// rng is the random stream of message i of chat ci; stream separates the
// plan's draws from the content's.
func (g *HistoryGenerator) rng(ci, i int, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(g.mix^splitmix(uint64(ci)+1), uint64(i)<<4|stream))
}

// basePlan is message i's plan before its reference is checked.
func (g *HistoryGenerator) basePlan(ci, i int) msgPlan {
	c := &g.chats[ci]
	r := g.rng(ci, i, 1)
	p := msgPlan{target: -1, extra: -1, sender: c.members[r.IntN(len(c.members))]}
	if k, ok := c.extra[i]; ok {
		p.extra = k
		return p
	}
	if g.opts.MessagesPerChat > fixedOpening && i < fixedOpening {
		opening := [fixedOpening]msgPlan{
			{kind: kindText}, {kind: kindText, fromMe: true}, {kind: kindEdit, fromMe: true, target: 1},
			{kind: kindImage, fromMe: true}, {kind: kindRevoke, fromMe: true, target: 3},
			{kind: kindReaction, target: 1}, {kind: kindExtended, fromMe: true, target: 0},
		}
		p.kind, p.fromMe, p.target = opening[i].kind, opening[i].fromMe, opening[i].target
		return p
	}
	if i == 0 {
		p.fromMe = r.IntN(2) == 0
		return p
	}
	p.fromMe = r.IntN(100) < 40
	switch x := r.IntN(100); {
	case x < 38:
		p.kind = kindText
	case x < 52:
		p.kind = kindExtended
		if r.IntN(2) == 0 {
			p.target = i - 1 - r.IntN(min(i, 8))
		}
	case x < 60:
		p.kind = kindImage
	case x < 65:
		p.kind = kindVideo
	case x < 71:
		p.kind = kindAudio
	case x < 77:
		p.kind = kindDocument
	case x < 84:
		p.kind, p.target = kindReaction, i-1-r.IntN(min(i, 5))
	case x < 89:
		p.kind, p.fromMe, p.target = kindEdit, true, i-1
	case x < 93:
		p.kind, p.fromMe, p.target = kindRevoke, true, i-1
	default:
		p.kind = kindText
	}
	return p
}

// plan is message i's final plan: a reaction or quote refers to the nearest
// storable message at or before its drawn target (a quote of an ExtraTexts
// carrier is dropped, so each entry appears once); an edit needs the
// previous message to be my own text, a revoke my own storable message
// (neither an ExtraTexts carrier), else the message is a plain text. So
// each edited or revoked message has exactly one modifier.
func (g *HistoryGenerator) plan(ci, i int) msgPlan {
	p := g.basePlan(ci, i)
	if p.target < 0 {
		return p
	}
	switch p.kind {
	case kindReaction, kindExtended:
		for p.target > 0 && !g.basePlan(ci, p.target).kind.storable() {
			p.target--
		}
		if p.kind == kindExtended && g.basePlan(ci, p.target).extra >= 0 {
			p.target = -1 // quoting would copy an ExtraTexts entry
		}
	case kindEdit, kindRevoke:
		t := g.basePlan(ci, p.target)
		ok := t.fromMe && t.extra < 0 && t.kind.storable()
		if p.kind == kindEdit {
			ok = ok && (t.kind == kindText || t.kind == kindExtended)
		}
		if !ok {
			p.kind, p.target = kindText, -1
		}
	}
	return p
}

// convJID is the conversation message i of chat ci belongs to.
func (g *HistoryGenerator) convJID(ci, i int) types.JID {
	c := &g.chats[ci]
	if !c.lid.IsEmpty() && i >= c.lidFrom {
		return c.lid
	}
	return c.jid
}

// messageID is message i of chat ci's id, unique within a history.
func (g *HistoryGenerator) messageID(ci, i int) string {
	return fmt.Sprintf("3EB0%08X%04X%06X", uint32(g.mix), ci, i)
}

// timestamp is message i of chat ci's time, Unix seconds.
func (g *HistoryGenerator) timestamp(ci, i int) int64 {
	c := &g.chats[ci]
	return g.opts.Start.Unix() + c.offset + int64(i)*c.gap
}

// Expected computes what a companion should store, without building any
// message.
func (g *HistoryGenerator) Expected() Expected {
	e := Expected{
		Counts: map[string]int{}, Kinds: map[string]int{}, Names: map[string]string{},
		Aliases: map[string]string{}, PushNames: map[string]string{}, Extra: map[string]MessageRef{},
		MoreOnPhone: map[string]bool{}, OnDemandCounts: map[string]int{}, OnDemandMessages: map[string]int{},
	}
	first := g.firstSent()
	for _, p := range g.people {
		e.PushNames[p.jid.String()] = p.name
	}
	for ci := range g.chats {
		c := &g.chats[ci]
		e.Names[c.jid.String()] = c.name
		e.Counts[c.jid.String()] += 0
		more := g.endOfHistory(ci) == waHistorySync.Conversation_COMPLETE_BUT_MORE_MESSAGES_REMAIN_ON_PRIMARY
		e.MoreOnPhone[c.jid.String()] = more
		if !c.lid.IsEmpty() {
			e.Names[c.lid.String()] = c.name
			e.Aliases[c.lid.String()] = c.jid.String()
			e.MoreOnPhone[c.lid.String()] = more
		}
		for i := range g.opts.MessagesPerChat {
			p := g.plan(ci, i)
			if i < first {
				g.addOnDemand(&e, ci, i, p)
				continue
			}
			e.Kinds[kindNames[p.kind]]++
			if p.kind == kindExtended && p.target >= 0 {
				e.Kinds["quote"]++
			}
			if !p.kind.storable() {
				continue
			}
			conv := g.convJID(ci, i).String()
			e.Counts[conv]++
			e.Total++
			if p.extra >= 0 {
				e.Extra[g.opts.ExtraTexts[p.extra]] = MessageRef{
					Chat: conv, ID: g.messageID(ci, i), Sender: g.people[p.sender].jid.String(),
				}
			}
		}
	}
	if g.opts.EveryKind {
		g.everyKindExpected(&e)
	}
	return e
}

var (
	firstNames = []string{"Ana", "Ben", "Chloé", "Dev", "Elif", "Farid", "Grace", "Hiro", "Ines", "Jonas",
		"Kemi", "Luca", "Maya", "Noor", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Vera",
		"Wei", "Ximena", "Yusuf", "Zoë"}
	lastNames = []string{"Almeida", "Brandt", "Costa", "Dubois", "Eriksen", "Fischer", "García", "Haddad",
		"Ivanova", "Jensen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Rossi",
		"Schmidt", "Tanaka", "Wójcik"}
	groupNames = []string{"Family", "Climbing crew", "Book club", "Flatmates", "Project Atlas", "Football",
		"Wedding planning", "Neighbours", "Uni friends", "Choir", "Road trip", "Board games"}
)

func personName(r *rand.Rand) string {
	return firstNames[r.IntN(len(firstNames))] + " " + lastNames[r.IntN(len(lastNames))]
}
