package fakewa

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"google.golang.org/protobuf/proto"

	"go.mau.fi/whatsmeow/proto/waCommon"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/proto/waHistorySync"
	"go.mau.fi/whatsmeow/proto/waWeb"
	"go.mau.fi/whatsmeow/types"
)

// message builds message i of chat ci as a history sync entry.
func (g *HistoryGenerator) message(ci, i int) *waHistorySync.HistorySyncMsg {
	p := g.plan(ci, i)
	info := &waWeb.WebMessageInfo{
		Key:              g.key(ci, i, p),
		Message:          g.content(ci, i, p),
		MessageTimestamp: proto.Uint64(uint64(g.timestamp(ci, i))),
	}
	if p.fromMe {
		info.Status = waWeb.WebMessageInfo_READ.Enum()
	} else {
		info.PushName = proto.String(g.people[p.sender].name)
		if g.chats[ci].group {
			info.Participant = proto.String(g.people[p.sender].jid.String())
		}
	}
	return &waHistorySync.HistorySyncMsg{Message: info, MsgOrderID: proto.Uint64(uint64(i) + 1)}
}

// key is the MessageKey of message i of chat ci with plan p.
func (g *HistoryGenerator) key(ci, i int, p msgPlan) *waCommon.MessageKey {
	k := &waCommon.MessageKey{
		RemoteJID: proto.String(g.convJID(ci, i).String()),
		FromMe:    proto.Bool(p.fromMe),
		ID:        proto.String(g.messageID(ci, i)),
	}
	if g.chats[ci].group && !p.fromMe {
		k.Participant = proto.String(g.people[p.sender].jid.String())
	}
	return k
}

// author is the user JID that wrote a message with plan p.
func (g *HistoryGenerator) author(p msgPlan) types.JID {
	if p.fromMe {
		return g.opts.Owner
	}
	return g.people[p.sender].jid
}

// content builds the waE2E.Message of message i of chat ci.
func (g *HistoryGenerator) content(ci, i int, p msgPlan) *waE2E.Message {
	r := g.rng(ci, i, 2)
	ms := uint64(g.timestamp(ci, i)) * 1000
	var target *waCommon.MessageKey
	if p.target >= 0 {
		target = g.key(ci, p.target, g.basePlan(ci, p.target))
	}
	switch p.kind {
	case kindExtended:
		ext := &waE2E.ExtendedTextMessage{Text: proto.String(sentence(r))}
		if r.IntN(4) == 0 {
			ext.Text = proto.String(ext.GetText() + " https://example.com/" + words[r.IntN(len(words))])
		}
		if target != nil {
			tp := g.basePlan(ci, p.target)
			quoted := g.content(ci, p.target, msgPlan{kind: tp.kind, fromMe: tp.fromMe, sender: tp.sender, target: -1, extra: tp.extra})
			if quoted.ExtendedTextMessage != nil {
				quoted = &waE2E.Message{Conversation: quoted.ExtendedTextMessage.Text}
			}
			ext.ContextInfo = &waE2E.ContextInfo{
				StanzaID:      target.ID,
				Participant:   proto.String(g.author(tp).String()),
				QuotedMessage: quoted,
			}
		}
		return &waE2E.Message{ExtendedTextMessage: ext}
	case kindImage:
		w, h := 320+r.Uint32N(3700), 320+r.Uint32N(3700)
		return &waE2E.Message{ImageMessage: &waE2E.ImageMessage{
			Caption: optionalCaption(r, 60), Mimetype: proto.String("image/jpeg"),
			FileLength: proto.Uint64(20_000 + r.Uint64N(4_000_000)), Width: &w, Height: &h,
			MediaKey: randBytes(r, 32), FileSHA256: randBytes(r, 32), FileEncSHA256: randBytes(r, 32),
			DirectPath: proto.String(fakeDirectPath(r)),
		}}
	case kindVideo:
		return &waE2E.Message{VideoMessage: &waE2E.VideoMessage{
			Caption: optionalCaption(r, 50), Mimetype: proto.String("video/mp4"),
			Seconds: proto.Uint32(1 + r.Uint32N(300)), FileLength: proto.Uint64(200_000 + r.Uint64N(60_000_000)),
			MediaKey: randBytes(r, 32), FileSHA256: randBytes(r, 32), FileEncSHA256: randBytes(r, 32),
			DirectPath: proto.String(fakeDirectPath(r)),
		}}
	case kindAudio:
		return &waE2E.Message{AudioMessage: &waE2E.AudioMessage{
			Mimetype: proto.String("audio/ogg; codecs=opus"), Seconds: proto.Uint32(1 + r.Uint32N(180)),
			PTT: proto.Bool(r.IntN(10) < 7), FileLength: proto.Uint64(3_000 + r.Uint64N(2_000_000)),
			MediaKey: randBytes(r, 32), FileSHA256: randBytes(r, 32), FileEncSHA256: randBytes(r, 32),
			DirectPath: proto.String(fakeDirectPath(r)),
		}}
	case kindDocument:
		doc := documents[r.IntN(len(documents))]
		name := fmt.Sprintf("%s %d.%s", doc.title, 1+r.IntN(40), doc.ext)
		return &waE2E.Message{DocumentMessage: &waE2E.DocumentMessage{
			FileName: proto.String(name), Title: proto.String(name), Mimetype: proto.String(doc.mime),
			Caption: optionalCaption(r, 30), FileLength: proto.Uint64(1_000 + r.Uint64N(20_000_000)),
			PageCount: proto.Uint32(doc.pages * (1 + r.Uint32N(30))),
			MediaKey:  randBytes(r, 32), FileSHA256: randBytes(r, 32), FileEncSHA256: randBytes(r, 32),
			DirectPath: proto.String(fakeDirectPath(r)),
		}}
	case kindReaction:
		return &waE2E.Message{ReactionMessage: &waE2E.ReactionMessage{
			Key: target, Text: proto.String(reactions[r.IntN(len(reactions))]), SenderTimestampMS: proto.Int64(int64(ms)),
		}}
	case kindEdit:
		return &waE2E.Message{EditedMessage: &waE2E.FutureProofMessage{Message: &waE2E.Message{
			ProtocolMessage: &waE2E.ProtocolMessage{
				Key: target, Type: waE2E.ProtocolMessage_MESSAGE_EDIT.Enum(), TimestampMS: proto.Int64(int64(ms)),
				EditedMessage: &waE2E.Message{Conversation: proto.String("(edited) " + sentence(r))},
			},
		}}}
	case kindRevoke:
		return &waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{Key: target, Type: waE2E.ProtocolMessage_REVOKE.Enum()}}
	}
	if p.extra >= 0 {
		return &waE2E.Message{Conversation: proto.String(g.opts.ExtraTexts[p.extra])}
	}
	return &waE2E.Message{Conversation: proto.String(sentence(r))}
}

var (
	words = strings.Fields(`hello there see you tomorrow at the station did you get my message about dinner
		the meeting moved to friday please bring the charger lol that was amazing can we call later
		running late sorry traffic is terrible happy birthday photos from the weekend where are you now
		thanks so much no worries sounds good let me check the tickets are booked which train
		coffee first bring an umbrella it will rain the kids loved it`)
	reactions = []string{"👍", "❤️", "😂", "😮", "😢", "🙏"}
	documents = []struct {
		title, ext, mime string
		pages            uint32
	}{
		{"Invoice", "pdf", "application/pdf", 1}, {"Tickets", "pdf", "application/pdf", 1},
		{"Budget", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 0},
		{"Notes", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", 1},
		{"Photos", "zip", "application/zip", 0},
	}
)

// sentence is 2 to 14 words, capitalised.
func sentence(r *rand.Rand) string {
	n := 2 + r.IntN(13)
	parts := make([]string, n)
	for i := range parts {
		parts[i] = words[r.IntN(len(words))]
	}
	s := strings.Join(parts, " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// optionalCaption is a sentence with probability pct percent, else nil.
func optionalCaption(r *rand.Rand, pct int) *string {
	if r.IntN(100) >= pct {
		return nil
	}
	return proto.String(sentence(r))
}

func randBytes(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// fakeDirectPath is a media path that the media host does not serve: the
// generated media has metadata but no bytes.
func fakeDirectPath(r *rand.Rand) string {
	return fmt.Sprintf("/v/t62.7118-24/fakewa-%016x.enc?ccb=11-4", r.Uint64())
}
