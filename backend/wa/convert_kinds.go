package wa

import (
	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/wasync/wasync/backend/domain"
)

// part is what the content field of a message becomes: the row's type,
// its searchable text, its media placeholder and its typed content.
type part struct {
	typ     string
	text    string
	media   *domain.Media
	content domain.MessageContent
	// ctx is the content field's context info (quote, mentions, forward).
	ctx *waE2E.ContextInfo
}

// kindFunc turns a message carrying one content field into a part.
type kindFunc func(m *waE2E.Message) part

// kindFor is the function that converts messages whose content is the
// field named name, or nil when no family converts it.
func kindFor(name protoreflect.Name) kindFunc {
	for _, family := range [...]func(protoreflect.Name) kindFunc{
		textKind, mediaKind, pollKind, eventKind, contactKind, locationKind,
		businessKind, callKind, inviteKind, paymentKind, statusKind, noticeKind, futureProofKind,
	} {
		if f := family(name); f != nil {
			return f
		}
	}
	return nil
}

// describe converts m's content field: the first field a family converts.
// A message with content no family knows (a field whatsmeow's proto does
// not have yet, kept as unknown bytes) becomes an unsupported part naming
// the field; a message of protocol fields only gives an empty type.
func describe(m *waE2E.Message) part {
	var p part
	found := false
	if m == nil {
		return p
	}
	m.ProtoReflect().Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		f := kindFor(fd.Name())
		if f == nil {
			return true
		}
		p, found = f(m), true
		if p.content.Kind == "" {
			p.content.Kind = string(fd.Name())
		}
		if p.ctx == nil && fd.Message() != nil {
			p.ctx = contextInfoOf(v.Message())
		}
		return false
	})
	if !found {
		if kind := unknownKind(m); kind != "" {
			return unsupported(kind)
		}
	}
	return p
}

// contextInfoOf returns the contextInfo field of a content message, if it
// has one.
func contextInfoOf(msg protoreflect.Message) *waE2E.ContextInfo {
	fd := msg.Descriptor().Fields().ByName("contextInfo")
	if fd == nil || !msg.Has(fd) {
		return nil
	}
	ci, _ := msg.Get(fd).Message().Interface().(*waE2E.ContextInfo)
	return ci
}

// futureProofKind converts the FutureProofMessage wrappers whatsmeow does
// not unwrap itself: the wrapped message is converted, and the wrapper's
// name is kept as the kind.
func futureProofKind(name protoreflect.Name) kindFunc {
	switch name {
	case "groupMentionedMessage", "statusMentionMessage", "groupStatusMentionMessage", "pollCreationMessageV4",
		"pollCreationOptionImageMessage", "associatedChildMessage", "statusAddYours", "groupStatusMessage",
		"groupStatusMessageV2", "limitSharingMessage", "botTaskMessage", "questionMessage", "botForwardedMessage",
		"questionReplyMessage", "newsletterAdminProfileMessage", "eventCoverImage":
	default:
		return nil
	}
	return func(m *waE2E.Message) part {
		fd := m.ProtoReflect().Descriptor().Fields().ByName(name)
		fp, _ := m.ProtoReflect().Get(fd).Message().Interface().(*waE2E.FutureProofMessage)
		p := describe(fp.GetMessage())
		if p.typ == "" {
			p = unsupported(string(name))
		}
		p.content.Kind = string(name)
		switch name {
		case "statusMentionMessage", "groupStatusMentionMessage":
			p.typ, p.text = "status_mention", joinText("Mentioned you in a status", p.text)
		}
		return p
	}
}
