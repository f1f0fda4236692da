package wa

import (
	"fmt"

	"google.golang.org/protobuf/encoding/protowire"

	"go.mau.fi/whatsmeow/proto/waE2E"

	"github.com/wasync/wasync/backend/domain"
)

// unsupported is the part of a kind the converter does not know: a row of
// type unsupported naming the kind, kept with its raw protobuf so a later
// converter can derive it again.
func unsupported(kind string) part {
	return part{
		typ:     domain.TypeUnsupported,
		content: domain.MessageContent{Kind: kind},
	}
}

// unknownKind names the first content field of m that whatsmeow's proto
// does not know ("field 123"), or "" when there is none: WhatsApp adds
// kinds before whatsmeow does, and they must not vanish.
func unknownKind(m *waE2E.Message) string {
	b := m.ProtoReflect().GetUnknown()
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return ""
		}
		if typ == protowire.BytesType {
			return fmt.Sprintf("field %d", num)
		}
		m := protowire.ConsumeFieldValue(num, typ, b[n:])
		if m < 0 {
			return ""
		}
		b = b[n+m:]
	}
	return ""
}

// joinText joins the non-empty parts of a searchable text with newlines.
func joinText(parts ...string) string {
	out := ""
	for _, s := range parts {
		if s == "" {
			continue
		}
		if out != "" {
			out += "\n"
		}
		out += s
	}
	return out
}
