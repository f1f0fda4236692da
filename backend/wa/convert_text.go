package wa

import (
	"strings"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/wasync/wasync/backend/domain"
)

// textKind converts plain and extended texts, channel comments and Meta AI
// (bot) rich responses.
func textKind(name protoreflect.Name) kindFunc {
	switch name {
	case "conversation":
		return func(m *waE2E.Message) part { return part{typ: "text", text: m.GetConversation()} }
	case "extendedTextMessage":
		return extendedText
	case "commentMessage":
		return func(m *waE2E.Message) part {
			p := describe(m.GetCommentMessage().GetMessage())
			if p.typ == "" {
				p.typ = "text"
			}
			return p
		}
	case "richResponseMessage":
		return aiResponse
	}
	return nil
}

// extendedText is a text with a link preview, a quote or mentions.
func extendedText(m *waE2E.Message) part {
	e := m.GetExtendedTextMessage()
	p := part{typ: "text", text: e.GetText()}
	if e.GetMatchedText() != "" || e.GetTitle() != "" {
		p.content.LinkPreview = &domain.LinkPreview{URL: e.GetMatchedText(), Title: e.GetTitle(), Description: e.GetDescription()}
	}
	return p
}

// aiResponse is a Meta AI answer: its text is the concatenated text of its
// sub-messages (code and tables as they read).
func aiResponse(m *waE2E.Message) part {
	r := m.GetRichResponseMessage()
	var b strings.Builder
	for _, sub := range r.GetSubmessages() {
		t := sub.GetMessageText()
		if t == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString(t)
	}
	return part{typ: "ai", text: b.String()}
}
